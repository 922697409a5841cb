// Commands of a logged-in session over real sockets against the DuckDB engine: execute, the
// 1000-row handle threshold, fetch paging, closeResultSet, executeBatch, prepared statements,
// attributes echo, metadata commands, and all of it with zlib compression too.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { toRows, WireClient } from './support/wire-client';

let emu: RunningEmulator;
const DEC = { type: 'DECIMAL', precision: 18, scale: 0 };

before(async () => {
  emu = await startEmulator();
  const c = await WireClient.connect(emu.url);
  await c.ok({ command: 'execute', sqlText: 'CREATE SCHEMA EMU_CMD' });
  await c.ok({ command: 'execute', sqlText: 'CREATE TABLE EMU_CMD.NUMS (ID DECIMAL(18,0), LABEL VARCHAR(40))' });
  const prep = await c.ok({ command: 'createPreparedStatement', sqlText: 'INSERT INTO EMU_CMD.NUMS VALUES (?, ?)' });
  const n = 2500;
  const ids = Array.from({ length: n }, (_, i) => i);
  const labels = ids.map((i) => `row-${i}`);
  const ins = await c.ok({
    command: 'executePreparedStatement',
    statementHandle: prep.responseData.statementHandle,
    numColumns: 2,
    numRows: n,
    columns: prep.responseData.parameterData.columns,
    data: [ids, labels],
  });
  assert.deepEqual(ins.responseData, { numResults: 1, results: [{ resultType: 'rowCount', rowCount: n }] });
  await c.ok({ command: 'closePreparedStatement', statementHandle: prep.responseData.statementHandle });
  await c.close();
});
after(async () => {
  await emu.close();
});

async function readAll(c: WireClient, sql: string, numBytes: number): Promise<{ rows: unknown[][]; fetches: number; handle?: number }> {
  const r = await c.ok({ command: 'execute', sqlText: sql });
  const rs = r.responseData.results[0].resultSet;
  const rows = toRows(rs.data);
  let fetches = 0;
  while (rows.length < rs.numRows) {
    const f = await c.ok({ command: 'fetch', resultSetHandle: rs.resultSetHandle, startPosition: rows.length, numBytes });
    assert.ok(f.responseData.numRows >= 1, 'a fetch returns at least one row');
    rows.push(...toRows(f.responseData.data));
    fetches++;
  }
  return { rows, fetches, handle: rs.resultSetHandle };
}

for (const compression of [false, true]) {
  const tag = compression ? 'compressed' : 'plain';

  test(`${tag}: small result is inline without a handle, column-major`, async () => {
    const c = await WireClient.connect(emu.url, { useCompression: compression });
    const r = await c.ok({ command: 'execute', sqlText: 'SELECT ID, LABEL FROM EMU_CMD.NUMS WHERE ID < 3 ORDER BY ID' });
    assert.equal(r.responseData.numResults, 1);
    const res = r.responseData.results[0];
    assert.equal(res.resultType, 'resultSet');
    const rs = res.resultSet;
    assert.equal('resultSetHandle' in rs, false);
    assert.equal(rs.numColumns, 2);
    assert.equal(rs.numRows, 3);
    assert.equal(rs.numRowsInMessage, 3);
    assert.deepEqual(rs.columns[0], { name: 'ID', dataType: DEC });
    assert.equal(rs.columns[1].name, 'LABEL');
    assert.equal(rs.columns[1].dataType.type, 'VARCHAR');
    assert.deepEqual(rs.data, [[0, 1, 2], ['row-0', 'row-1', 'row-2']]);
    await c.close();
  });

  test(`${tag}: 999 rows inline, 1000 rows get a handle with numRowsInMessage 0 and no data`, async () => {
    const c = await WireClient.connect(emu.url, { useCompression: compression });
    const small = (await c.ok({ command: 'execute', sqlText: 'SELECT ID FROM EMU_CMD.NUMS WHERE ID < 999' })).responseData.results[0].resultSet;
    assert.equal(small.numRows, 999);
    assert.equal(small.numRowsInMessage, 999);
    assert.equal(small.resultSetHandle, undefined);
    const big = (await c.ok({ command: 'execute', sqlText: 'SELECT ID FROM EMU_CMD.NUMS WHERE ID < 1000' })).responseData.results[0].resultSet;
    assert.equal(big.numRows, 1000);
    assert.equal(big.numRowsInMessage, 0);
    assert.equal(big.data, undefined);
    assert.equal(big.resultSetHandle, 1);
    const second = (await c.ok({ command: 'execute', sqlText: 'SELECT ID FROM EMU_CMD.NUMS' })).responseData.results[0].resultSet;
    assert.equal(second.resultSetHandle, 2);
    assert.deepEqual(await c.ok({ command: 'closeResultSet', resultSetHandles: [1, 2] }), { status: 'ok' });
    const gone = await c.request({ command: 'fetch', resultSetHandle: 1, startPosition: 0, numBytes: 1000 });
    assert.equal(gone.status, 'error');
    await c.close();
  });

  test(`${tag}: fetch pages by row offset within numBytes and returns every row once, in order`, async () => {
    const c = await WireClient.connect(emu.url, { useCompression: compression });
    const { rows, fetches, handle } = await readAll(c, 'SELECT ID, LABEL FROM EMU_CMD.NUMS ORDER BY ID', 4096);
    assert.equal(rows.length, 2500);
    assert.ok(fetches > 5, `small numBytes means many fetches (${fetches})`);
    rows.forEach((r, i) => assert.deepEqual(r, [i, `row-${i}`]));
    const tiny = await c.ok({ command: 'fetch', resultSetHandle: handle, startPosition: 10, numBytes: 1 });
    assert.equal(tiny.responseData.numRows, 1, 'at least one row even when it does not fit');
    assert.deepEqual(tiny.responseData.data, [[10], ['row-10']]);
    const past = await c.ok({ command: 'fetch', resultSetHandle: handle, startPosition: 2500, numBytes: 1000 });
    assert.equal(past.responseData.numRows, 0);
    await c.ok({ command: 'closeResultSet', resultSetHandles: [handle] });
    await c.close();
  });
}

test('rowCount results, OPEN SCHEMA echoes currentSchema, attributes on a request apply before it', async () => {
  const c = await WireClient.connect(emu.url);
  const open = await c.ok({ command: 'execute', sqlText: 'OPEN SCHEMA EMU_CMD' });
  assert.deepEqual(open.responseData.results[0], { resultType: 'rowCount', rowCount: 0 });
  assert.equal(open.attributes.currentSchema, 'EMU_CMD');
  const cnt = await c.ok({ command: 'execute', sqlText: 'SELECT COUNT(*) FROM NUMS' });
  assert.equal(cnt.responseData.results[0].resultSet.columns[0].name, 'COUNT(*)');
  const upd = await c.ok({ command: 'execute', sqlText: "UPDATE NUMS SET LABEL = 'x' WHERE ID >= 100000", attributes: { autocommit: false } });
  assert.deepEqual(upd.responseData.results[0], { resultType: 'rowCount', rowCount: 0 });
  assert.equal(upd.attributes.autocommit, false);
  await c.ok({ command: 'execute', sqlText: 'ROLLBACK' });
  const missing = await c.request({ command: 'execute', sqlText: 'SELECT * FROM NO_SUCH_TABLE' });
  assert.equal(missing.status, 'error');
  assert.equal(missing.exception.sqlCode, '42000');
  assert.match(missing.exception.text, / \(Session: \d{19}\)$/);
  await c.close();
});

test('executeBatch returns one result per text; an error fails the whole request', async () => {
  const c = await WireClient.connect(emu.url);
  const r = await c.ok({
    command: 'executeBatch',
    sqlTexts: ['CREATE TABLE EMU_CMD.B (X DECIMAL(9,0))', 'INSERT INTO EMU_CMD.B VALUES (1), (2)', 'SELECT X FROM EMU_CMD.B ORDER BY X'],
  });
  assert.equal(r.responseData.numResults, 3);
  assert.deepEqual(r.responseData.results[0], { resultType: 'rowCount', rowCount: 0 });
  assert.deepEqual(r.responseData.results[1], { resultType: 'rowCount', rowCount: 2 });
  assert.deepEqual(r.responseData.results[2].resultSet.data, [[1, 2]]);
  const bad = await c.request({ command: 'executeBatch', sqlTexts: ['SELECT 1', 'SELEKT 2'] });
  assert.equal(bad.status, 'error');
  assert.equal(bad.exception.sqlCode, '42000');
  await c.close();
});

test('prepared statements: parameterData beside results, SELECT header, no parameterData without ?, strict DOUBLE', async () => {
  const c = await WireClient.connect(emu.url);
  const sel = await c.ok({ command: 'createPreparedStatement', sqlText: 'SELECT ID, LABEL FROM EMU_CMD.NUMS WHERE ID = ?' });
  const d = sel.responseData;
  assert.deepEqual(Object.keys(d), ['statementHandle', 'parameterData', 'numResults', 'results']);
  assert.equal(d.parameterData.numColumns, 1);
  assert.equal(d.parameterData.columns[0].name, '');
  const header = d.results[0].resultSet;
  assert.equal(header.numColumns, 2);
  assert.equal(header.numRows, 0);
  assert.equal(header.data, undefined);
  const run = await c.ok({ command: 'executePreparedStatement', statementHandle: d.statementHandle, numColumns: 1, numRows: 1, columns: d.parameterData.columns, data: [[42]] });
  assert.deepEqual(run.responseData.results[0].resultSet.data, [[42], ['row-42']]);
  const mismatch = await c.request({ command: 'executePreparedStatement', statementHandle: d.statementHandle, numColumns: 2, numRows: 1, data: [[1], [2]] });
  assert.match(mismatch.exception.text, /number of column metadata objects/);
  await c.ok({ command: 'closePreparedStatement', statementHandle: d.statementHandle });
  const stale = await c.request({ command: 'executePreparedStatement', statementHandle: d.statementHandle, numColumns: 1, numRows: 1, data: [[1]] });
  assert.match(stale.exception.text, /Statement handle not found/);

  const plain = await c.ok({ command: 'createPreparedStatement', sqlText: 'SELECT COUNT(*) FROM EMU_CMD.NUMS' });
  assert.equal('parameterData' in plain.responseData, false);
  const counted = await c.ok({ command: 'executePreparedStatement', statementHandle: plain.responseData.statementHandle, numColumns: 0, numRows: 0, columns: [], data: [] });
  assert.equal(toRows(counted.responseData.results[0].resultSet.data)[0][0], 2500);

  await c.ok({ command: 'execute', sqlText: 'CREATE TABLE EMU_CMD.D (V DOUBLE)' });
  const dbl = await c.ok({ command: 'createPreparedStatement', sqlText: 'INSERT INTO EMU_CMD.D VALUES (?)' });
  const h = dbl.responseData.statementHandle;
  const cols = dbl.responseData.parameterData.columns;
  assert.equal(cols[0].dataType.type, 'DOUBLE');
  const intToken = await c.request(`{"command":"executePreparedStatement","statementHandle":${h},"numColumns":1,"numRows":1,"data":[[1]]}`);
  assert.equal(intToken.status, 'error');
  assert.equal(intToken.exception.sqlCode, '00000');
  assert.match(intToken.exception.text, /getDouble: JSON value is not a double/);
  const good = await c.ok(`{"command":"executePreparedStatement","statementHandle":${h},"numColumns":1,"numRows":2,"data":[[1.0,2.5e0]]}`);
  assert.equal(good.responseData.results[0].rowCount, 2);
  await c.close();
});

test('metadata commands (v2+) answer with result sets', async () => {
  const c = await WireClient.connect(emu.url, { protocolVersion: 2 });
  const s = await c.ok({ command: 'getSchemas', schema: 'EMU%' });
  const rs = s.responseData.results[0].resultSet;
  assert.equal(rs.columns[0].name, 'NAME');
  assert.ok(toRows(rs.data).some((r) => r[0] === 'EMU_CMD'));
  const t = await c.ok({ command: 'getTables', schema: 'EMU_CMD', table: 'NUMS' });
  const rows = toRows(t.responseData.results[0].resultSet.data);
  assert.equal(rows.length, 1);
  const bad = await c.request({ command: 'getColumns', column: ['x'] });
  assert.equal(bad.status, 'error');
  await c.close();
});

test('many sessions at once each get their own handles and session ids', async () => {
  const clients = await Promise.all(Array.from({ length: 8 }, () => WireClient.connect(emu.url)));
  const replies = await Promise.all(clients.map((c) => c.ok({ command: 'execute', sqlText: 'SELECT ID FROM EMU_CMD.NUMS' })));
  for (const r of replies) assert.equal(r.responseData.results[0].resultSet.resultSetHandle, 1);
  await Promise.all(clients.map((c) => c.close()));
});
