// exasol-ws/bulk against a database that lies, stalls, floods and breaks the framing: a hostile tunnel
// endpoint (test/support/hostile-tunnel.ts, reached through the `hosts` option) plays the database's
// side of every tunnel, the hostile WebSocket server the SQL side (test/support/hostile-bulk-sql.ts).
// For every case in test/support/hostile-bulk-cases.ts: the outcome (rows and bytes exactly as sent,
// or one BulkError with the expected causes, each reported once), a time bound from `timeout`, no
// unhandled rejection, and the tunnel closed by the SDK with nothing left open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Session } from '../src/node';
import { BulkError, bulkExport, bulkImport, exportRows } from '../src/bulk/index';
import { assertNoLeakedSockets, sink, tcpSockets } from './support/bulk-helpers';
import { bulkCases, type BulkCase } from './support/hostile-bulk-cases';
import { armSqlSide } from './support/hostile-bulk-sql';
import { settleWithin, watchUnhandled } from './support/hostile-harness';
import { startHostileServer } from './support/hostile-server';
import { startHostileTunnel } from './support/hostile-tunnel';

async function* endlessRows() {
  for (let i = 0; ; i++) {
    if (i % 2000 === 0) await new Promise((r) => setImmediate(r));
    yield [i, 'v'.repeat(40)];
  }
}

async function run(c: BulkCase, s: Session, hosts: string[], out: ReturnType<typeof sink>): Promise<unknown> {
  const o = { hosts: Array<string>(c.streams ?? 1).fill(hosts[0]!), timeout: c.timeout ?? 400, gzip: c.gzip ?? false, tls: c.tls ?? false };
  if (c.op === 'import') return bulkImport(s, 'S.T', c.endless ? endlessRows() : [[1, 'a'], [2, 'b']], o);
  if (c.op === 'export') return bulkExport(s, 'S.T', out.w, o);
  const rows: unknown[] = [];
  for await (const r of exportRows(s, 'S.T', o)) rows.push(r);
  return rows;
}

for (const c of bulkCases) {
  test(`hostile bulk: ${c.name}`, async () => {
    const base = tcpSockets();
    const unhandled = watchUnhandled();
    const server = await startHostileServer();
    const sql = armSqlSide(server);
    const tunnel = await startHostileTunnel((p) => c.tunnel(p, sql));
    const s = await connect({ url: server.url, user: 'sys', password: 'exasol', rowMode: 'array' });
    const out = sink();
    try {
      const timeout = c.timeout ?? 400;
      const started = Date.now();
      const rss0 = process.memoryUsage().rss;
      let peak = rss0;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
      const r = await settleWithin(run(c, s, tunnel.hosts, out), 2 * timeout + 4000).finally(() => clearInterval(sampler));
      assert.ok(!('hang' in r), `the call settled within ${2 * timeout + 4000} ms`);
      const peer = tunnel.peers[0];
      for (const p of tunnel.peers) assert.ok(await p.closedWithin(1500), `the SDK closed tunnel ${p.index}`);
      const x = c.expect;
      if (x.ok === true) {
        assert.ok(r.ok, `resolved (${r.ok ? '' : String((r as { error: unknown }).error)})`);
        if (x.rows !== undefined) assert.deepEqual(r.value, x.rows);
        if (x.bytes !== undefined) assert.equal(out.text(), x.bytes);
        if (x.sent !== undefined) assert.equal(peer!.received().toString('latin1'), x.sent);
      } else {
        assert.ok(!r.ok, 'rejected');
        const e = r.error;
        assert.ok(e instanceof BulkError, `a BulkError: ${String(e)}`);
        assert.equal(e.side, x.side, e.message);
        assert.equal(e.transferError?.constructor.name, x.transfer, `transferError: ${e.transferError?.constructor.name} ${e.transferError?.message}`);
        if (x.message !== undefined) assert.match(e.transferError!.message, x.message);
        if (x.sql !== undefined) assert.equal(e.sqlError?.constructor.name, x.sql, String(e.sqlError));
        assert.equal(e.cause, x.side === 'sql' ? e.sqlError : e.transferError);
        // each cause is in the message once
        for (const m of [e.sqlError?.message, e.transferError?.message]) if (m !== undefined) assert.equal(e.message.split(m).length - 1, 1, `once in: ${e.message}`);
        if (x.maxBytes !== undefined) assert.ok(e.bytes < x.maxBytes, `bytes ${e.bytes} < ${x.maxBytes}`);
        // a flood of up to 200 MiB: the process grew by far less (sampled every 5 ms)
        if (x.maxBytes !== undefined) assert.ok(peak - rss0 < 150 << 20, `RSS grew by ${((peak - rss0) / 1048576).toFixed(0)} MiB`);
        if (x.transfer === 'TimeoutError') assert.ok(Date.now() - started >= timeout - 50, 'not before the timeout');
      }
      await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(unhandled.list.map(String), [], 'no unhandled rejection');
    } finally {
      unhandled.stop();
      await s.close().catch(() => undefined);
      await tunnel.close();
      await server.close();
    }
    await assertNoLeakedSockets(base);
  });
}
