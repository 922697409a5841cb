// exasol-ws/bulk against a database that lies, stalls, floods and breaks the framing: a hostile tunnel
// endpoint (test/support/hostile-tunnel.ts, reached through the `hosts` option) plays the database's
// side of every tunnel, the hostile WebSocket server the SQL side (test/support/hostile-bulk-sql.ts).
// For every case in test/support/hostile-bulk-cases.ts: the outcome (rows and bytes exactly as sent,
// or one BulkError with the expected causes, each reported once), a time bound from `timeout`, no
// unhandled rejection, and the tunnel closed by the SDK with nothing left open.
import { test } from 'node:test';
import { X509Certificate } from 'node:crypto';
import assert from 'node:assert/strict';
import { BulkError } from '../src/bulk/index';
import { adHocCredentials } from '../src/bulk/certificate';
import { bulkCases } from './support/hostile-bulk-cases';
import { runHostileBulk } from './support/hostile-bulk-run';

for (const c of bulkCases) {
  test(`hostile bulk: ${c.name}`, async () => {
    const { r, written, peers, elapsed, rssGrowth } = await runHostileBulk(c);
    const timeout = c.timeout ?? 400;
    const x = c.expect;
    if (x.ok === true) {
      assert.ok(r.ok, `resolved (${r.ok ? '' : String(r.error)})`);
      if (x.rows !== undefined) assert.deepEqual(r.value, x.rows);
      if (x.bytes !== undefined) assert.equal(written, x.bytes);
      if (x.sent !== undefined) assert.equal(peers[0]!.received().toString('latin1'), x.sent);
      return;
    }
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
    if (x.maxBytes !== undefined) {
      assert.ok(e.bytes < x.maxBytes, `bytes ${e.bytes} < ${x.maxBytes}`);
      // a flood of up to 200 MiB: the process grew by far less
      assert.ok(rssGrowth < 150 << 20, `RSS grew by ${(rssGrowth / 1048576).toFixed(0)} MiB`);
    }
    if (x.transfer === 'TimeoutError') assert.ok(elapsed >= timeout - 50, 'not before the timeout');
  });
}

test('the ad-hoc tunnel certificate: its serial is a minimal positive DER INTEGER, so OpenSSL always takes it', async () => {
  for (let i = 0; i < 8; i++) {
    const { cert } = await adHocCredentials();
    const serial = new X509Certificate(cert).serialNumber;
    assert.equal(serial.length, 32, serial);
    assert.ok(/^(0[1-9A-F]|[1-7][0-9A-F])/i.test(serial), serial);
  }
});
