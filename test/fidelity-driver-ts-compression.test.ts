// Fidelity: the official @exasol/exasol-driver-ts 0.8.0 with compression on, over wss with a pinned
// certificate (the set-up of a real Exasol 8): after the login every frame both ways is zlib, so error
// replies, abortQuery (sent without awaiting a reply), fetch paging, prepared statements and the file
// tunnel all run through the compressed framing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { driverTs, LONG_QUERY, pinnedFactory, rejection, sleep } from './support/driver-ts';
import type { ExasolDriver } from '@exasol/exasol-driver-ts';

let emu: RunningEmulator;
let d: ExasolDriver;
const sockets: WebSocket[] = [];
const frames: Array<{ binary: boolean }> = [];
let dir: string;
before(async () => {
  emu = await startEmulator({ tls: true, seed: 'demo' });
  dir = mkdtempSync(join(tmpdir(), 'drvts-z-'));
  d = new driverTs.ExasolDriver(pinnedFactory(emu.fingerprint!, sockets), {
    host: '127.0.0.1',
    port: emu.port,
    user: 'sys',
    password: 'exasol',
    compression: true,
    fetchSize: 8192,
  });
  await d.connect();
  sockets[0]!.on('message', (_data, isBinary) => frames.push({ binary: isBinary }));
});
after(async () => {
  await d.close();
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

test('driver-ts compressed: replies after the login are binary zlib frames; queries page by fetch', async () => {
  const r = await d.query('SELECT CUSTOMER_ID, NAME FROM RETAIL.CUSTOMERS ORDER BY CUSTOMER_ID');
  assert.equal(r.getRows().length, 10_000);
  assert.equal(r.getRows()[4321]!.NAME, 'Customer 4322');
  assert.ok(frames.length > 5);
  assert.ok(frames.every((f) => f.binary));
  const attrs = (await d.sendCommand<unknown>({ command: 'getAttributes' })) as unknown as { attributes: { compressionEnabled: boolean } };
  assert.equal(attrs.attributes.compressionEnabled, true);
});

test('driver-ts compressed: SQL errors, cancel and queryTimeout', async () => {
  await assert.rejects(d.query('SELECT * FROM RETAIL.NOPE'), /E-EDJS-25: SQL error: code: '42000', message: 'object RETAIL\.NOPE not found \[line 1, column 15\] \(Session: \d+\)'/);
  const pending = rejection(d.query(LONG_QUERY));
  await sleep(400);
  await d.cancel();
  assert.match(String(await pending), /code: 'R0003', message: 'Client requested execution abort\./);
  assert.match(String(await rejection(d.query(LONG_QUERY, { queryTimeout: 1 }))), /code: 'R0001'/);
  assert.deepEqual((await d.query('SELECT 5 AS X', { queryTimeout: 0 })).getRows(), [{ X: 5 }]);
});

test('driver-ts compressed: prepared insert and executeBatch', async () => {
  await d.execute('CREATE SCHEMA DRV_Z');
  await d.execute('CREATE TABLE DRV_Z.T (ID DECIMAL(9,0), S VARCHAR(20))');
  const ins = await d.prepare('INSERT INTO DRV_Z.T VALUES (?, ?)');
  const args: unknown[] = [];
  for (let i = 0; i < 3000; i++) args.push(i, `s${i}`);
  const r = await ins.execute(...args);
  assert.deepEqual(r.responseData.results[0], { resultType: 'rowCount', rowCount: 3000 });
  await ins.close();
  const b = await d.executeBatch(['UPDATE DRV_Z.T SET S = NULL WHERE ID < 10', 'SELECT COUNT(S) AS N FROM DRV_Z.T']);
  assert.equal(b.responseData.results[0]!.rowCount, 10);
  assert.equal(b.responseData.results[1]!.resultSet!.data![0]![0], 2990);
});

test('driver-ts compressed: CSV import and export through the tunnel', async () => {
  await d.execute('CREATE TABLE DRV_Z.F (ID DECIMAL(9,0), S VARCHAR(20))');
  const file = join(dir, 'in.csv');
  writeFileSync(file, Array.from({ length: 2000 }, (_, i) => `${i},v${i}`).join('\n') + '\n');
  assert.equal(await d.importFromCsvFile('DRV_Z.F', file), 2000);
  const out = join(dir, 'out.csv');
  assert.equal(await d.exportToCsvFile('(SELECT ID, S FROM DRV_Z.F WHERE ID < 3 ORDER BY ID)', out), 3);
  assert.equal(readFileSync(out, 'utf8'), '0,v0\n1,v1\n2,v2\n');
});
