// Runs one hostile bulk case: a hostile WebSocket server for the SQL side, a hostile tunnel endpoint for
// the tunnels, a session, the call (bulkImport, bulkExport into a sink, or exportRows), bounded; then
// checks that every tunnel was closed by the SDK and no rejection went unhandled, closes everything and
// checks that no socket is left open. The caller checks the outcome.
import assert from 'node:assert/strict';
import { connect, type Session } from '../../src/node';
import { bulkExport, bulkImport, exportRows, type CsvFormat } from '../../src/bulk/index';
import { assertNoLeakedSockets, sink, tcpSockets } from './bulk-helpers';
import type { Op } from './hostile-bulk-cases';
import { armSqlSide, type SqlSide } from './hostile-bulk-sql';
import { settleWithin, watchUnhandled } from './hostile-harness';
import { startHostileServer } from './hostile-server';
import { startHostileTunnel, type TunnelPeer } from './hostile-tunnel';

/** What a run needs. */
export interface RunSpec {
  op: Op;
  gzip?: boolean;
  tls?: boolean;
  streams?: number;
  /** The bulk `timeout`, ms (default 400). */
  timeout?: number;
  /** The CSV dialect. */
  format?: CsvFormat;
  /** IMPORT source: endless rows (default: two rows). */
  endless?: boolean;
  tunnel(peer: TunnelPeer, sql: SqlSide): Promise<void>;
}

/** What a run saw. */
export interface RunResult {
  /** The call's outcome (its value: rows for `rows`, the result otherwise). */
  r: { ok: true; value: unknown } | { ok: false; error: unknown };
  /** What a bulkExport wrote into its Writable. */
  written: string;
  peers: TunnelPeer[];
  /** Milliseconds until the call settled. */
  elapsed: number;
  /** Peak RSS growth during the call, bytes (sampled every 5 ms). */
  rssGrowth: number;
}

async function* endlessRows() {
  for (let i = 0; ; i++) {
    if (i % 2000 === 0) await new Promise((r) => setImmediate(r));
    yield [i, 'v'.repeat(40)];
  }
}

async function call(c: RunSpec, s: Session<'array'>, hosts: string[], out: ReturnType<typeof sink>): Promise<unknown> {
  const o = { hosts: Array<string>(c.streams ?? 1).fill(hosts[0]!), timeout: c.timeout ?? 400, gzip: c.gzip ?? false, tls: c.tls ?? false, ...(c.format === undefined ? {} : { format: c.format }) };
  if (c.op === 'import') return bulkImport(s, 'S.T', c.endless ? endlessRows() : [[1, 'a'], [2, 'b']], o);
  if (c.op === 'export') return bulkExport(s, 'S.T', out.w, o);
  const rows: unknown[] = [];
  for await (const r of exportRows(s, 'S.T', o)) rows.push(r);
  return rows;
}

/** Runs `c` with its checks of hangs, open tunnels, unhandled rejections and leaked sockets. */
export async function runHostileBulk(c: RunSpec): Promise<RunResult> {
  const base = tcpSockets();
  const unhandled = watchUnhandled();
  const server = await startHostileServer();
  const sql = armSqlSide(server);
  const tunnel = await startHostileTunnel((p) => c.tunnel(p, sql));
  const s = await connect({ url: server.url, user: 'sys', password: 'exasol', rowMode: 'array' });
  const out = sink();
  let result: RunResult;
  try {
    const bound = 2 * (c.timeout ?? 400) + 4000;
    const started = Date.now();
    const rss0 = process.memoryUsage().rss;
    let peak = rss0;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const r = await settleWithin(call(c, s, tunnel.hosts, out), bound).finally(() => clearInterval(sampler));
    assert.ok(!('hang' in r), `the call settled within ${bound} ms`);
    const elapsed = Date.now() - started;
    for (const p of tunnel.peers) assert.ok(await p.closedWithin(1500), `the SDK closed tunnel ${p.index}`);
    await new Promise((res) => setTimeout(res, 20));
    assert.deepEqual(unhandled.list.map(String), [], 'no unhandled rejection');
    result = { r, written: out.text(), peers: tunnel.peers, elapsed, rssGrowth: peak - rss0 };
  } finally {
    unhandled.stop();
    await s.close().catch(() => undefined);
    await tunnel.close();
    await server.close();
  }
  await assertNoLeakedSockets(base);
  return result;
}
