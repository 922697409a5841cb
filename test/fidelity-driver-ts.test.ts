// Fidelity: the official client @exasol/exasol-driver-ts 0.8.0 (its CJS entry; the ESM entry's password
// login fails inside the driver, see fidelity-driver-ts-session.test.ts) talks to the emulator over a real `ws` socket:
// password login, with and without compression, a small query, a prepared bulk insert, a query of
// >= 100k rows (fetch paging through result set handles), execute and executeBatch.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import WebSocket from 'ws';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';

const require = createRequire(import.meta.url);
const driverTs = require('@exasol/exasol-driver-ts') as typeof import('@exasol/exasol-driver-ts');

let emu: RunningEmulator;
before(async () => {
  emu = await startEmulator();
});
after(async () => {
  await emu.close();
});

const factory = (url: string) => new WebSocket(url) as unknown as import('@exasol/exasol-driver-ts').ExaWebsocket;

for (const compression of [false, true]) {
  test(`exasol-driver-ts (${compression ? 'compressed' : 'plain'}): login, query, prepared insert, 100k-row query, execute, executeBatch`, async () => {
    const driver = new driverTs.ExasolDriver(factory, { url: emu.url, user: 'sys', password: 'exasol', compression, fetchSize: 256 * 1024 });
    await driver.connect();
    try {
      const schema = compression ? 'FID_Z' : 'FID_P';
      const small = await driver.query("SELECT 1 AS A, 'x' AS B, CAST(2.50 AS DECIMAL(5,2)) AS C");
      assert.deepEqual(small.getRows(), [{ A: 1, B: 'x', C: '2.5' }]);
      assert.deepEqual(small.getColumns().map((c) => c.name), ['A', 'B', 'C']);

      assert.equal(await driver.execute(`CREATE SCHEMA ${schema}`), 0);
      assert.equal(await driver.execute(`CREATE TABLE ${schema}.T (ID DECIMAL(18,0), NAME VARCHAR(20))`), 0);

      const n = 100_000;
      const stmt = await driver.prepare(`INSERT INTO ${schema}.T VALUES (?, ?)`);
      const perCall = 10_000; // the driver takes row-major varargs: keep each call's spread small
      for (let from = 0; from < n; from += perCall) {
        const args: unknown[] = [];
        for (let i = from; i < from + perCall; i++) args.push(i, `n${i % 97}`);
        const ins = await stmt.execute(...args);
        assert.equal(ins.status, 'ok');
        assert.deepEqual(ins.responseData.results[0], { resultType: 'rowCount', rowCount: perCall });
      }
      await stmt.close();

      const batch = await driver.executeBatch([
        `INSERT INTO ${schema}.T VALUES (${n}, 'batch')`,
        `UPDATE ${schema}.T SET NAME = 'first' WHERE ID = 0`,
      ]);
      assert.equal(batch.status, 'ok');
      assert.equal(batch.responseData.numResults, 2);
      assert.deepEqual(batch.responseData.results.map((r) => (r as { rowCount?: number }).rowCount), [1, 1]);

      const big = await driver.query(`SELECT ID, NAME FROM ${schema}.T ORDER BY ID`);
      const rows = big.getRows();
      assert.equal(rows.length, n + 1);
      rows.forEach((r, i) => assert.equal(r.ID, i));
      assert.equal(rows[0].NAME, 'first');
      assert.equal(rows[5].NAME, 'n5');
      assert.equal(rows[n].NAME, 'batch');

      assert.equal(await driver.execute(`DELETE FROM ${schema}.T WHERE ID >= 10`), n + 1 - 10);
      await assert.rejects(driver.query('SELECT * FROM NO_SUCH_TABLE'), /not found/);
    } finally {
      await driver.close();
    }
  });
}

test('exasol-driver-ts: wrong password is rejected', async () => {
  const driver = new driverTs.ExasolDriver(factory, { url: emu.url, user: 'sys', password: 'nope' });
  await assert.rejects(driver.connect());
  await driver.close().catch(() => undefined);
});
