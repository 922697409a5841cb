// TIMESTAMP(p) with 7-9 fraction digits kept exactly (DuckDB TIMESTAMP_NS storage) and values cut
// to the column's precision on write, over real sockets: wire clients on v5 and v3, and the SDK on v5.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { connect } from '../src/node';
import { toRows, WireClient } from './support/wire-client';

let emu: RunningEmulator;
before(async () => {
  emu = await startEmulator({ maxProtocolVersion: 5 });
});
after(async () => {
  await emu.close();
});

async function rows(c: WireClient, sql: string): Promise<{ types: unknown[]; rows: unknown[][] }> {
  const rs = (await c.ok({ command: 'execute', sqlText: sql })).responseData.results[0].resultSet;
  return { types: rs.columns.map((x: { dataType: unknown }) => x.dataType), rows: toRows(rs.data) };
}

async function prepareInsert(c: WireClient, sql: string, columns: unknown[][]): Promise<void> {
  const prep = (await c.ok({ command: 'createPreparedStatement', sqlText: sql })).responseData;
  await c.ok({
    command: 'executePreparedStatement',
    statementHandle: prep.statementHandle,
    numColumns: columns.length,
    numRows: columns[0]!.length,
    columns: prep.parameterData.columns,
    data: columns,
  });
  await c.ok({ command: 'closePreparedStatement', statementHandle: prep.statementHandle });
}

const TS9 = { type: 'TIMESTAMP', precision: 9, withLocalTimeZone: false };

test('TIMESTAMP(9) keeps 9 digits: literal, string and v5 prepared inserts, CAST, comparisons, ORDER BY, ADD_DAYS', async () => {
  const c = await WireClient.connect(emu.url, { protocolVersion: 5 });
  await c.ok({ command: 'execute', sqlText: 'CREATE SCHEMA NS1' });
  await c.ok({ command: 'execute', sqlText: 'CREATE TABLE NS1.T (ID INT, A TIMESTAMP(9))' });
  await c.ok({ command: 'execute', sqlText: "INSERT INTO NS1.T VALUES (1, TIMESTAMP '2024-01-01 12:34:56.123456789')" });
  await c.ok({ command: 'execute', sqlText: "INSERT INTO NS1.T VALUES (2, '2024-01-01 12:34:56.123456788')" });
  await prepareInsert(c, 'INSERT INTO NS1.T VALUES (?, ?)', [[3, 4], ['2024-01-01 12:34:56.123456787', '1999-12-31 23:59:59.000000001']]);
  const all = await rows(c, 'SELECT ID, A FROM NS1.T ORDER BY A DESC');
  assert.deepEqual(all.types[1], TS9);
  assert.deepEqual(all.rows, [
    [1, '2024-01-01 12:34:56.123456789'],
    [2, '2024-01-01 12:34:56.123456788'],
    [3, '2024-01-01 12:34:56.123456787'],
    [4, '1999-12-31 23:59:59.000000001'],
  ]);
  // digits 7-9 decide comparisons
  assert.deepEqual((await rows(c, "SELECT ID FROM NS1.T WHERE A = TIMESTAMP '2024-01-01 12:34:56.123456788'")).rows, [[2]]);
  assert.deepEqual((await rows(c, "SELECT ID FROM NS1.T WHERE A > '2024-01-01 12:34:56.123456788' ORDER BY ID")).rows, [[1]]);
  // outside TIMESTAMP_NS's range (the emulator's limit for TIMESTAMP(7..9)): a typed cast error naming the range
  const far = await c.request({ command: 'execute', sqlText: "INSERT INTO NS1.T VALUES (5, '9999-12-31 23:59:59.999999999')" });
  assert.equal(far.status, 'error');
  assert.equal(far.exception.sqlCode, '22018');
  assert.match(far.exception.text, /1677-09-22 and 2262-04-11/);
  // CAST and a bare literal
  const cast = await rows(c, "SELECT CAST('2024-06-18 17:22:13.987654321' AS TIMESTAMP(9)) X, TIMESTAMP '2024-06-18 17:22:13.000000009' Y");
  assert.deepEqual(cast.types, [TS9, TS9]);
  assert.deepEqual(cast.rows, [['2024-06-18 17:22:13.987654321', '2024-06-18 17:22:13.000000009']]);
  // date arithmetic keeps the nanoseconds, also before 1970
  assert.deepEqual((await rows(c, 'SELECT ADD_DAYS(A, 1), ADD_MONTHS(A, -1) FROM NS1.T WHERE ID = 4')).rows, [['2000-01-01 23:59:59.000000001', '1999-11-30 23:59:59.000000001']]);
  // truncation drops them (no nanoseconds added back after TRUNC)
  assert.deepEqual((await rows(c, "SELECT TRUNC(A, 'MI'), DATE_TRUNC('second', A) FROM NS1.T WHERE ID = 1")).rows, [['2024-01-01 12:34:00.000', '2024-01-01 12:34:56.000']]);
  assert.deepEqual(
    (await rows(c, "SELECT ADD_YEARS(CAST('1969-12-31 23:59:59.999999999' AS TIMESTAMP(9)), 1)")).rows,
    [['1970-12-31 23:59:59.999999999']],
  );
  await c.close();
});

test('values are cut (not rounded) to the column precision on write: literal, string, prepared, UPDATE, CAST', async () => {
  const c = await WireClient.connect(emu.url, { protocolVersion: 5 });
  await c.ok({ command: 'execute', sqlText: 'CREATE SCHEMA NS2' });
  await c.ok({ command: 'execute', sqlText: 'CREATE TABLE NS2.T (ID INT, A TIMESTAMP(3), B TIMESTAMP(0), C TIMESTAMP(7), D TIMESTAMP)' });
  await c.ok({
    command: 'execute',
    sqlText: "INSERT INTO NS2.T VALUES (1, TIMESTAMP '2024-01-01 12:34:56.123999', '2024-01-01 12:34:56.999999', '2024-01-01 12:34:56.123456789', '1969-12-31 23:59:59.999999')",
  });
  await prepareInsert(c, 'INSERT INTO NS2.T VALUES (?, ?, ?, ?, ?)', [[2], ['2024-01-01 12:34:56.987654321'], ['2024-01-01 12:34:56.5'], ['2024-01-01 12:34:56.99999999'], ['2024-01-01 00:00:00.0009']]);
  const got = await rows(c, 'SELECT ID, A, B, C, D FROM NS2.T ORDER BY ID');
  assert.deepEqual(got.types.slice(1), [3, 0, 7, 3].map((precision) => ({ type: 'TIMESTAMP', precision, withLocalTimeZone: false })));
  assert.deepEqual(got.rows, [
    [1, '2024-01-01 12:34:56.123', '2024-01-01 12:34:56', '2024-01-01 12:34:56.1234567', '1969-12-31 23:59:59.999'],
    [2, '2024-01-01 12:34:56.987', '2024-01-01 12:34:56', '2024-01-01 12:34:56.9999999', '2024-01-01 00:00:00.000'],
  ]);
  // the stored value is the cut one: equality with the cut literal holds
  assert.deepEqual((await rows(c, "SELECT ID FROM NS2.T WHERE A = TIMESTAMP '2024-01-01 12:34:56.123'")).rows, [[1]]);
  await c.ok({ command: 'execute', sqlText: "UPDATE NS2.T SET A = '2030-05-05 05:05:05.555555' WHERE ID = 2" });
  // a v3 session sees 6 digits of the cut value
  const v3 = await WireClient.connect(emu.url, { protocolVersion: 3 });
  assert.deepEqual((await rows(v3, 'SELECT A FROM NS2.T WHERE ID = 2')).rows, [['2030-05-05 05:05:05.555000']]);
  assert.deepEqual((await rows(v3, "SELECT CAST('2024-01-01 12:34:56.123999' AS TIMESTAMP(3)) X, CAST('2024-01-01 12:34:56.9' AS TIMESTAMP(0)) Y")).rows, [
    ['2024-01-01 12:34:56.123000', '2024-01-01 12:34:56.000000'],
  ]);
  await v3.close();
  await c.close();
});

test('a v3 session reads a TIMESTAMP(9) column with size metadata and 6 digits (truncated)', async () => {
  const v5 = await WireClient.connect(emu.url, { protocolVersion: 5 });
  await v5.ok({ command: 'execute', sqlText: 'CREATE SCHEMA NS3' });
  await v5.ok({ command: 'execute', sqlText: 'CREATE TABLE NS3.T (A TIMESTAMP(9), L TIMESTAMP(9) WITH LOCAL TIME ZONE)' });
  await v5.ok({ command: 'execute', sqlText: "INSERT INTO NS3.T VALUES ('2024-01-01 12:34:56.123456999', '2024-01-01 23:59:59.999999999')" });
  const v3 = await WireClient.connect(emu.url, { protocolVersion: 3 });
  const old = await rows(v3, 'SELECT A, L FROM NS3.T');
  assert.deepEqual(old.types[0], { type: 'TIMESTAMP', withLocalTimeZone: false, size: 16 }); // release 8.x: size 16
  assert.deepEqual(old.rows, [['2024-01-01 12:34:56.123456', '2024-01-01 23:59:59.999999']]);
  // getColumns: NUM_PREC holds the fraction digits of TIMESTAMP columns (changelog 13409)
  const meta = (await v3.ok({ command: 'getColumns', schema: 'NS3', table: 'T' })).responseData.results[0].resultSet;
  const at = (name: string): number => meta.columns.findIndex((x: { name: string }) => x.name === name);
  assert.deepEqual(
    toRows(meta.data).map((r) => [r[at('NAME')], r[at('TYPE')], r[at('NUM_PREC')]]),
    [['A', 'TIMESTAMP(9)', 9], ['L', 'TIMESTAMP(9) WITH LOCAL TIME ZONE', 9]],
  );
    // the session time zone shifts the local-time-zone column; the nanoseconds stay
  await v5.ok({ command: 'execute', sqlText: "ALTER SESSION SET TIME_ZONE = 'EUROPE/BERLIN'" });
  assert.deepEqual((await rows(v5, 'SELECT A, L FROM NS3.T')).rows, [['2024-01-01 12:34:56.123456999', '2024-01-02 00:59:59.999999999']]);
  await v3.close();
  await v5.close();
});

test('SDK on protocol v5 reads and writes 9 fraction digits exactly (strings)', async () => {
  const s = await connect({ url: emu.url, user: 'sys', password: 'exasol', protocolVersion: 5, rowMode: 'array' });
  try {
    assert.equal(s.info.protocolVersion, 5);
    await s.execute('CREATE SCHEMA NS4');
    await s.execute('CREATE TABLE NS4.T (ID INT, A TIMESTAMP(9))');
    const stmt = await s.prepare('INSERT INTO NS4.T VALUES (?, ?)');
    await stmt.execute([
      [1, '2262-04-10 23:59:59.999999999'],
      [2, '1677-09-22 00:00:00.000000001'],
    ]);
    await stmt.close();
    const r = await s.query('SELECT ID, A FROM NS4.T ORDER BY ID');
    assert.deepEqual(r.rows, [
      [1, '2262-04-10 23:59:59.999999999'],
      [2, '1677-09-22 00:00:00.000000001'],
    ]);
    assert.deepEqual((await s.query("SELECT CAST('2024-01-01 00:00:00.000000001' AS TIMESTAMP(9)) X")).rows, [['2024-01-01 00:00:00.000000001']]);
  } finally {
    await s.close();
  }
});
