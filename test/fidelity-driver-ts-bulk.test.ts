// Fidelity: the official @exasol/exasol-driver-ts 0.8.0's local file import and export
// (importFromCsvFile, exportToCsvFile) against the emulator: the driver opens a tunnel on the database
// port (host/port of its config), serves or receives the file over TLS inside it, and runs
// IMPORT ... FROM CSV AT 'https://<internal address>' PUBLIC KEY 'sha256//...' (or EXPORT ... INTO CSV).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { createServer, type AddressInfo } from 'node:net';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { connected, driverTs, rejection } from './support/driver-ts';
import type { ExasolDriver } from '@exasol/exasol-driver-ts';

let emu: RunningEmulator;
let d: ExasolDriver;
let dir: string;
before(async () => {
  emu = await startEmulator();
  dir = mkdtempSync(join(tmpdir(), 'drvts-bulk-'));
  d = await connected(emu.url, { host: '127.0.0.1', port: emu.port });
  await d.execute('CREATE SCHEMA DRV_BULK');
  await d.execute('CREATE TABLE DRV_BULK.T (ID DECIMAL(9,0), NAME VARCHAR(40), PRICE DECIMAL(10,2), D DATE)');
});
after(async () => {
  await d.close();
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

test('driver-ts: importFromCsvFile loads a local CSV through the tunnel and returns the row count', async () => {
  const file = join(dir, 'in.csv');
  const lines = Array.from({ length: 5000 }, (_, i) => `${i},"name, ${i}",${(i / 4).toFixed(2)},2024-01-${String((i % 28) + 1).padStart(2, '0')}`);
  writeFileSync(file, lines.join('\n') + '\n');
  assert.equal(await d.importFromCsvFile('DRV_BULK.T', file), 5000);
  const rows = (await d.query('SELECT ID, NAME, PRICE, D FROM DRV_BULK.T WHERE ID IN (0, 4999) ORDER BY ID')).getRows();
  assert.deepEqual(rows, [
    { ID: 0, NAME: 'name, 0', PRICE: '0', D: '2024-01-01' },
    { ID: 4999, NAME: 'name, 4999', PRICE: '1249.75', D: '2024-01-16' },
  ]);
  await d.execute('TRUNCATE TABLE DRV_BULK.T');
});

test('driver-ts: importFromCsvFile format options (separator, delimiter, CRLF, skip, trim, null text, encoding)', async () => {
  const file = join(dir, 'opts.csv');
  writeFileSync(file, Buffer.from("id;name;price;d\r\n1;'a;b';1.5;2020-02-02\r\n2;-;2;\r\n3;  Gr\u00fc\u00dfe ;;2021-03-04\r\n", 'latin1'));
  const n = await d.importFromCsvFile('DRV_BULK.T', file, {
    columnSeparator: ';',
    columnDelimiter: "'",
    rowSeparator: driverTs.RowSeparator.CRLF,
    skip: 1,
    trim: driverTs.TrimMode.BOTH,
    null: '-',
    encoding: 'ISO-8859-1',
  });
  assert.equal(n, 3);
  assert.deepEqual((await d.query('SELECT ID, NAME, PRICE, D FROM DRV_BULK.T ORDER BY ID')).getRows(), [
    { ID: 1, NAME: 'a;b', PRICE: '1.5', D: '2020-02-02' },
    { ID: 2, NAME: null, PRICE: '2', D: null },
    { ID: 3, NAME: 'Grüße', PRICE: null, D: '2021-03-04' },
  ]);
  await d.execute('TRUNCATE TABLE DRV_BULK.T');
});

test('driver-ts: a bad row fails the import with the server ETL error, nothing loaded; a missing table is 42000; a missing file fails in the driver', async () => {
  const file = join(dir, 'bad.csv');
  writeFileSync(file, '1,ok,1,2020-01-01\n2,bad,notanumber,2020-01-01\n');
  const err = await rejection(d.importFromCsvFile('DRV_BULK.T', file));
  assert.ok(err instanceof Error);
  assert.match(err.message, /^E-EDJS-25: SQL error: code: '42636', message: 'ETL-3050: .*\(Session: \d+\)'$/s);
  assert.deepEqual((await d.query('SELECT COUNT(*) AS N FROM DRV_BULK.T')).getRows(), [{ N: 0 }]);
  const missing = await rejection(d.importFromCsvFile('DRV_BULK.NOPE', file));
  assert.ok(missing instanceof Error);
  assert.match(missing.message, /^E-EDJS-25: SQL error: code: '42000', message: 'object DRV_BULK\.NOPE not found/);
  await assert.rejects(d.importFromCsvFile('DRV_BULK.T', join(dir, 'nope.csv')), /E-EDJS-14: Import file not found/);
  // the driver still works after each failure
  assert.deepEqual((await d.query('SELECT 1 AS X')).getRows(), [{ X: 1 }]);
});

test('driver-ts: exportToCsvFile writes a table or a query to a new local file; .gz is compressed; an existing file is refused', async () => {
  await d.execute("INSERT INTO DRV_BULK.T VALUES (1, 'one', 1.25, DATE '2024-05-06'), (2, 'two, quoted', NULL, NULL)");
  const plain = join(dir, 'out.csv');
  assert.equal(await d.exportToCsvFile('DRV_BULK.T', plain), 2);
  const lines = readFileSync(plain, 'utf8').trimEnd().split('\n').sort();
  assert.deepEqual(lines, ['1,one,1.25,2024-05-06', '2,"two, quoted",,']);
  const q = join(dir, 'q.csv');
  assert.equal(await d.exportToCsvFile('(SELECT ID, NAME FROM DRV_BULK.T WHERE ID = 1)', q, { withColumnNames: true, columnSeparator: ';' }), 1);
  assert.equal(readFileSync(q, 'utf8'), 'ID;NAME\n1;one\n');
  const gz = join(dir, 'out.csv.gz');
  assert.equal(await d.exportToCsvFile('DRV_BULK.T', gz), 2);
  assert.deepEqual(gunzipSync(readFileSync(gz)).toString('utf8').trimEnd().split('\n').sort(), lines);
  await assert.rejects(d.exportToCsvFile('DRV_BULK.T', plain), /E-EDJS-30: CSV export destination already exists/);
  // a failed export removes its partial file
  const failed = join(dir, 'failed.csv');
  await assert.rejects(d.exportToCsvFile('DRV_BULK.NOPE', failed), /code: '42000'/);
  assert.equal(existsSync(failed), false);
  await d.execute('TRUNCATE TABLE DRV_BULK.T');
});

test('driver-ts: a local .gz file is not imported: the driver names it 001.csv, so the server reads gzip bytes as CSV text and fails', async () => {
  const file = join(dir, 'in.csv.gz');
  writeFileSync(file, gzipSync('7,seven,7.7,2027-07-07\n'));
  // the server decides compression by the FILE name's extension; the driver's import SQL always says 001.csv
  const err = await rejection(d.importFromCsvFile('DRV_BULK.T', file));
  assert.ok(err instanceof Error);
  assert.match(err.message, /code: '42636'/);
  assert.deepEqual((await d.query('SELECT COUNT(*) AS N FROM DRV_BULK.T')).getRows(), [{ N: 0 }]);
});

test('driver-ts: aborting an import through its AbortSignal rejects with AbortError and leaves no rows', async () => {
  const file = join(dir, 'big.csv');
  const chunk = Array.from({ length: 20000 }, (_, i) => `${i},row ${i},1.00,2020-01-01`).join('\n') + '\n';
  writeFileSync(file, chunk.repeat(10));
  const ac = new AbortController();
  const pending = rejection(d.importFromCsvFile('DRV_BULK.T', file, undefined, { signal: ac.signal }));
  setTimeout(() => ac.abort(), 30);
  const err = await pending;
  assert.equal((err as Error).name, 'AbortError');
  // E-EDJS-21 when the abort comes while the tunnel is still being opened
  assert.match((err as Error).message, /E-EDJS-20: The CSV import was aborted\.|E-EDJS-21: The local file import was aborted\./);
  // the driver is usable again once the aborted statement answered
  let rows: Array<Record<string, unknown>> = [];
  for (let i = 0; i < 50; i++) {
    try {
      rows = (await d.query('SELECT COUNT(*) AS N FROM DRV_BULK.T')).getRows();
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  assert.deepEqual(rows, [{ N: 0 }]);
});

test('driver-ts: aborting an export through its AbortSignal rejects with AbortError and removes the partial file', async () => {
  await d.execute('CREATE TABLE DRV_BULK.BIG AS SELECT CAST(range AS DECIMAL(9,0)) AS I, CAST(\'row \' || range AS VARCHAR(40)) AS S FROM range(300000)');
  const file = join(dir, 'aborted.csv');
  const ac = new AbortController();
  const pending = rejection(d.exportToCsvFile('(SELECT A.I, B.S FROM DRV_BULK.BIG A, DRV_BULK.BIG B)', file, undefined, { signal: ac.signal }));
  setTimeout(() => ac.abort(), 300);
  const err = await pending;
  assert.equal((err as Error).name, 'AbortError');
  assert.match((err as Error).message, /E-EDJS-31: The CSV export was aborted\.|E-EDJS-21: The local file import was aborted\./);
  assert.equal(existsSync(file), false);
  let rows: Array<Record<string, unknown>> = [];
  for (let i = 0; i < 50 && rows.length === 0; i++) {
    try {
      rows = (await d.query('SELECT 1 AS X')).getRows();
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  assert.deepEqual(rows, [{ X: 1 }]);
});

test('driver-ts: importFromParquetFile (a feature of Exasol 2025.1.9 and later) is refused with 42000 by the emulator, which reports 8.29.11; the driver stays usable', async () => {
  // The driver attaches its handler to the IMPORT's promise only after stat()ing the file: an error reply
  // that comes sooner is an unhandled rejection for a moment (a driver defect, whatever the server).
  // Replies held back 200 ms (latencyMs) keep this test off that race.
  const slow = await startEmulator({ latencyMs: 200 });
  const own = await connected(slow.url, { host: '127.0.0.1', port: slow.port });
  try {
    await own.execute('CREATE SCHEMA DRV_PQ');
    await own.execute('CREATE TABLE DRV_PQ.T (X DECIMAL(9,0))');
    const file = join(dir, 'x.parquet');
    writeFileSync(file, 'PAR1');
    const err = await rejection(own.importFromParquetFile('DRV_PQ.T', file));
    assert.ok(err instanceof Error);
    assert.match(err.message, /^E-EDJS-25: SQL error: code: '42000', message: '.*PARQUET/);
    assert.deepEqual((await own.query('SELECT 1 AS X')).getRows(), [{ X: 1 }]);
  } finally {
    await own.close();
    await slow.close();
  }
});

test('driver-ts: file import/export open their tunnel to config host/port, not to the url (a url-only config tunnels to localhost:8563)', async () => {
  // a port nothing listens on
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const closedPort = (server.address() as AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  const own = await connected(emu.url, { host: '127.0.0.1', port: closedPort });
  try {
    assert.deepEqual((await own.query('SELECT 1 AS X')).getRows(), [{ X: 1 }]);
    const file = join(dir, 'tunnel.csv');
    writeFileSync(file, '1,a,1,2020-01-01\n');
    const err = await rejection(own.importFromCsvFile('DRV_BULK.T', file));
    assert.ok(err instanceof Error);
    assert.match(err.message, new RegExp(`^E-EDJS-12: Failed to establish tunnel connection to Exasol at '127\\.0\\.0\\.1':'${closedPort}'`));
    assert.deepEqual((await own.query('SELECT 2 AS X')).getRows(), [{ X: 2 }]);
  } finally {
    await own.close();
  }
});
