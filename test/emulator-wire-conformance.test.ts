// Raw-frame conformance of the emulator against protocol.md, protocol-v4-v5.md and wire-quirks.md, part 1:
// results, types and statements. Hand-written JSON frames, one case per difference found in an audit (and its
// neighbours), checked field by field: type metadata per release and version, result handles and fetch bounds,
// prepared statements, SQL error texts. Part 2 (emulator-wire-conformance-session.test.ts): login, reply
// order, attributes, parallel connections.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { fetchJson, resultEntry, ResultHandles } from '../src/emulator/results';
import type { RowSource } from '../src/emulator/sql/contract';
import { WireClient } from './support/wire-client';
import { assertError, columnTypes } from './support/wire-assert';

let emu: RunningEmulator;

before(async () => {
  emu = await startEmulator({ maxProtocolVersion: 5 });
});
after(async () => {
  await emu.close();
});

const TIMESTAMPS = "SELECT TIMESTAMP '2024-01-01 12:34:56.123' TS, CAST(TIMESTAMP '2024-01-01 12:34:56' AS TIMESTAMP WITH LOCAL TIME ZONE) TL";

test('TIMESTAMP metadata before v5 has size 16 on an Exasol 8 release and 8 on an Exasol 7 release', async () => {
  for (const pv of [1, 3, 4]) {
    const c = await WireClient.connect(emu.url, { protocolVersion: pv }); // releaseVersion 8.32.0
    assert.deepEqual(await columnTypes(c, TIMESTAMPS), {
      TS: { type: 'TIMESTAMP', withLocalTimeZone: false, size: 16 },
      TL: { type: 'TIMESTAMP WITH LOCAL TIME ZONE', withLocalTimeZone: true, size: 16 },
    });
    await c.close();
  }
  const v5 = await WireClient.connect(emu.url, { protocolVersion: 5 });
  assert.deepEqual(await columnTypes(v5, TIMESTAMPS), {
    TS: { type: 'TIMESTAMP', precision: 3, withLocalTimeZone: false },
    TL: { type: 'TIMESTAMP WITH LOCAL TIME ZONE', precision: 3, withLocalTimeZone: true },
  });
  await v5.close();
  const seven = await startEmulator({ version: '7.1.30' });
  try {
    const c = await WireClient.connect(seven.url);
    assert.deepEqual(await columnTypes(c, TIMESTAMPS), {
      TS: { type: 'TIMESTAMP', withLocalTimeZone: false, size: 8 },
      TL: { type: 'TIMESTAMP WITH LOCAL TIME ZONE', withLocalTimeZone: true, size: 8 },
    });
    // the same size in a prepared statement's parameter description
    await c.ok({ command: 'execute', sqlText: 'CREATE SCHEMA WC7' });
    await c.ok({ command: 'execute', sqlText: 'CREATE TABLE WC7.T (TS TIMESTAMP)' });
    const p = await c.ok({ command: 'createPreparedStatement', sqlText: 'INSERT INTO WC7.T VALUES (?)' });
    assert.deepEqual(p.responseData.parameterData.columns, [{ name: '', dataType: { type: 'TIMESTAMP', withLocalTimeZone: false, size: 8 } }]);
    await c.close();
  } finally {
    await seven.close();
  }
  const c = await WireClient.connect(emu.url);
  await c.ok({ command: 'execute', sqlText: 'CREATE SCHEMA WC8' });
  await c.ok({ command: 'execute', sqlText: 'CREATE TABLE WC8.T (TS TIMESTAMP)' });
  const p = await c.ok({ command: 'createPreparedStatement', sqlText: 'INSERT INTO WC8.T VALUES (?)' });
  assert.deepEqual(p.responseData.parameterData.columns, [{ name: '', dataType: { type: 'TIMESTAMP', withLocalTimeZone: false, size: 16 } }]);
  await c.close();
});

test('createPreparedStatement compiles DML: an unknown table or column fails the prepare with 42000, not the execution', async () => {
  const c = await WireClient.connect(emu.url);
  await c.ok({ command: 'execute', sqlText: 'CREATE SCHEMA WCP' });
  await c.ok({ command: 'execute', sqlText: 'CREATE TABLE WCP.T (A DECIMAL(18,0))' });
  assertError(await c.request({ command: 'createPreparedStatement', sqlText: 'INSERT INTO WCP.NOPE VALUES (?)' }), '42000', /^object WCP\.NOPE not found \[line 1, column 13\] \(Session: \d+\)$/);
  assertError(await c.request({ command: 'createPreparedStatement', sqlText: 'UPDATE WCP.T SET NOPE = ?' }), '42000', /^object NOPE not found \[line 1, column 18\]/);
  assertError(await c.request({ command: 'createPreparedStatement', sqlText: 'DELETE FROM NOPE WHERE A = ?' }), '42000', /^object NOPE not found/);
  // a known table still prepares, with typed parameters and a rowCount result
  const p = await c.ok({ command: 'createPreparedStatement', sqlText: 'INSERT INTO WCP.T VALUES (?)' });
  assert.deepEqual(p.responseData.parameterData, { numColumns: 1, columns: [{ name: '', dataType: { type: 'DECIMAL', precision: 18, scale: 0 } }] });
  assert.deepEqual(p.responseData.results, [{ resultType: 'rowCount', rowCount: 0 }]);
  assert.equal(p.responseData.numResults, 1);
  await c.close();
});

test('an unknown object is named as the statement qualifies it, positioned at the schema (wire-quirks.md §10)', async () => {
  const c = await WireClient.connect(emu.url);
  await c.ok({ command: 'execute', sqlText: 'CREATE SCHEMA WCQ' });
  const cases: [string, string][] = [
    ['SELECT * FROM WCQ.NOPE', 'object WCQ.NOPE not found [line 1, column 15]'],
    ['INSERT INTO WCQ.NOPE VALUES (1)', 'object WCQ.NOPE not found [line 1, column 13]'],
    ['SELECT * FROM NOPE', 'object NOPE not found [line 1, column 15]'],
    ['SELECT * FROM "WCQ"."nope"', 'object WCQ.nope not found [line 1, column 15]'],
  ];
  for (const [sql, text] of cases) {
    const r = await c.request({ command: 'execute', sqlText: sql });
    assertError(r, '42000');
    assert.equal(r.exception.text.replace(/ \(Session: \d+\)$/, ''), text, sql);
  }
  await c.close();
});

test('executePreparedStatement: an array or object as a parameter value is a JSON-kind error (00000), never a cast of its JS text', async () => {
  const c = await WireClient.connect(emu.url);
  await c.ok({ command: 'execute', sqlText: 'CREATE SCHEMA WCJ' });
  await c.ok({ command: 'execute', sqlText: 'CREATE TABLE WCJ.T (N DECIMAL(18,0), B BOOLEAN)' });
  const p = await c.ok({ command: 'createPreparedStatement', sqlText: 'INSERT INTO WCJ.T VALUES (?, ?)' });
  const h = p.responseData.statementHandle;
  for (const bad of [[[{}], [true]], [[[1]], [true]], [[1], [{}]], [[1], [[true]]]]) {
    const r = await c.request({ command: 'executePreparedStatement', statementHandle: h, numColumns: 2, numRows: 1, data: bad });
    assertError(r, '00000', /^getString: JSON value is not a string\./);
  }
  const ok = await c.ok({ command: 'executePreparedStatement', statementHandle: h, numColumns: 2, numRows: 1, data: [['7'], [true]] });
  assert.deepEqual(ok.responseData, { numResults: 1, results: [{ resultType: 'rowCount', rowCount: 1 }] });
  await c.close();
});

test('fetch bounds and handles: at least one row, nothing past the end, several and unknown handles in closeResultSet', async () => {
  const c = await WireClient.connect(emu.url);
  const rs = (await c.ok({ command: 'execute', sqlText: 'SELECT RANGE AS I FROM RANGE(1200)' })).responseData.results[0].resultSet;
  assert.equal(rs.resultSetHandle, 1);
  assert.equal(rs.numRows, 1200);
  assert.equal(rs.numRowsInMessage, 0);
  assert.equal('data' in rs, false);
  const one = await c.ok({ command: 'fetch', resultSetHandle: 1, startPosition: 10, numBytes: 1 });
  assert.deepEqual(one, { status: 'ok', responseData: { numRows: 1, data: [[10]] } });
  const last = await c.ok({ command: 'fetch', resultSetHandle: 1, startPosition: 1195, numBytes: 1000 });
  assert.deepEqual(last.responseData, { numRows: 5, data: [[1195, 1196, 1197, 1198, 1199]] });
  const past = await c.ok({ command: 'fetch', resultSetHandle: 1, startPosition: 1200, numBytes: 1000 });
  assert.equal(past.responseData.numRows, 0);
  assertError(await c.request({ command: 'fetch', resultSetHandle: 1, startPosition: -1, numBytes: 1000 }), '00000');
  assertError(await c.request({ command: 'fetch', resultSetHandle: 1, startPosition: 0 }), '00000', /numBytes/);
  const second = (await c.ok({ command: 'execute', sqlText: 'SELECT RANGE AS I FROM RANGE(1000)' })).responseData.results[0].resultSet;
  assert.equal(second.resultSetHandle, 2);
  assert.deepEqual(await c.ok({ command: 'closeResultSet', resultSetHandles: [1, 2, 99] }), { status: 'ok' });
  assertError(await c.request({ command: 'fetch', resultSetHandle: 2, startPosition: 0, numBytes: 100 }), '00000');
  assertError(await c.request({ command: 'closeResultSet', resultSetHandles: 1 }), '00000');
  await c.close();
});

/** An in-memory row source of `n` rows of one VARCHAR column, `width` characters each. */
function wideRows(n: number, width: number): RowSource & { closed: boolean } {
  const value = (i: number) => String(i).padStart(width, 'x');
  return {
    columns: [{ name: 'S', dataType: { type: 'VARCHAR', size: 2000000, characterSet: 'UTF8' } }],
    numRows: n,
    closed: false,
    async read(start: number, maxBytes: number, maxRows: number) {
      const out: string[] = [];
      let bytes = 4;
      for (let i = start; i < n && out.length < maxRows; i++) {
        const v = JSON.stringify(value(i));
        if (out.length > 0 && bytes + v.length + 1 > maxBytes) break;
        out.push(v);
        bytes += v.length + 1;
      }
      return { numRows: out.length, json: `[[${out.join(',')}]]` };
    },
    async close() {
      this.closed = true;
    },
  };
}

test('below 1000 rows but beyond the message budget: a handle with the rows that fit, numRowsInMessage < numRows, fetch from there', async () => {
  const handles = new ResultHandles();
  const budget = 64 * 1024 + 2000; // the data part of the message gets about 2000 bytes
  const src = wideRows(50, 100);
  const entry = JSON.parse((await resultEntry({ kind: 'resultSet', rows: src }, handles, budget)).text);
  assert.equal(entry.resultType, 'resultSet');
  const rs = entry.resultSet;
  assert.equal(rs.resultSetHandle, 1);
  assert.equal(rs.numRows, 50);
  assert.ok(rs.numRowsInMessage > 0 && rs.numRowsInMessage < 50, `numRowsInMessage ${rs.numRowsInMessage}`);
  assert.equal(rs.data[0].length, rs.numRowsInMessage);
  assert.equal(src.closed, false);
  const rest = JSON.parse((await fetchJson(handles.get(1)!, rs.numRowsInMessage, 1 << 20)).text);
  assert.equal(rest.numRows, 50 - rs.numRowsInMessage);
  assert.equal(rest.data[0][0], String(rs.numRowsInMessage).padStart(100, 'x'));
  await handles.closeAll();
  assert.equal(src.closed, true);
  // within the budget: inline, no handle, the source closed at once
  const small = wideRows(5, 10);
  const inline = JSON.parse((await resultEntry({ kind: 'resultSet', rows: small }, handles, budget)).text).resultSet;
  assert.equal('resultSetHandle' in inline, false);
  assert.equal(inline.numRowsInMessage, 5);
  assert.equal(small.closed, true);
});

test('executePreparedStatement with numRows 0: absent, empty or per-column empty data all run no row (data is optional)', async () => {
  const c = await WireClient.connect(emu.url);
  await c.ok({ command: 'execute', sqlText: 'CREATE SCHEMA WCZ' });
  await c.ok({ command: 'execute', sqlText: 'CREATE TABLE WCZ.T (A DECIMAL(18,0), B VARCHAR(10))' });
  const h = (await c.ok({ command: 'createPreparedStatement', sqlText: 'INSERT INTO WCZ.T VALUES (?, ?)' })).responseData.statementHandle;
  for (const data of [undefined, [], [[], []]]) {
    const r = await c.ok({ command: 'executePreparedStatement', statementHandle: h, numColumns: 2, numRows: 0, ...(data ? { data } : {}) });
    assert.deepEqual(r.responseData, { numResults: 1, results: [{ resultType: 'rowCount', rowCount: 0 }] }, JSON.stringify(data));
  }
  // rows announced but no data: the column-count error real servers word with "colums"
  assertError(await c.request({ command: 'executePreparedStatement', statementHandle: h, numColumns: 2, numRows: 1 }), '00000', /^the number of column metadata objects is not the same as the number of data colums$/);
  assertError(await c.request({ command: 'executePreparedStatement', statementHandle: h, numColumns: 1, numRows: 1, data: [[1]] }), '00000', /data colums/);
  assert.deepEqual(await c.ok({ command: 'closePreparedStatement', statementHandle: h }), { status: 'ok' });
  assertError(await c.request({ command: 'closePreparedStatement', statementHandle: h }), '00000', /Statement handle not found/);
  assertError(await c.request({ command: 'executePreparedStatement', statementHandle: h, numColumns: 2, numRows: 0 }), '00000', /Statement handle not found/);
  await c.close();
});

test('column metadata of every type, per protocol version (v1 HASHTYPE as CHAR; v5 TIMESTAMP precision, no size on DATE/TIMESTAMP)', async () => {
  const setup = await WireClient.connect(emu.url);
  await setup.ok({ command: 'execute', sqlText: 'CREATE SCHEMA WCT' });
  await setup.ok({
    command: 'execute',
    sqlText:
      'CREATE TABLE WCT.T (D DECIMAL, D2 DECIMAL(36,10), BI BIGINT, F DOUBLE, C CHAR(10) ASCII, V VARCHAR(100), DT DATE, TS TIMESTAMP, ' +
      'TS9 TIMESTAMP(9), TL TIMESTAMP(0) WITH LOCAL TIME ZONE, YM INTERVAL YEAR(5) TO MONTH, DS INTERVAL DAY(4) TO SECOND(6), G GEOMETRY(4326), H HASHTYPE(8 BYTE), B BOOLEAN)',
  });
  await setup.close();
  const common = {
    D: { type: 'DECIMAL', precision: 18, scale: 0 },
    D2: { type: 'DECIMAL', precision: 36, scale: 10 },
    BI: { type: 'DECIMAL', precision: 36, scale: 0 },
    F: { type: 'DOUBLE' },
    C: { type: 'CHAR', size: 10, characterSet: 'ASCII' },
    V: { type: 'VARCHAR', size: 100, characterSet: 'UTF8' },
    YM: { type: 'INTERVAL YEAR TO MONTH', precision: 5 },
    DS: { type: 'INTERVAL DAY TO SECOND', precision: 4, fraction: 6 },
    G: { type: 'GEOMETRY', srid: 4326 },
    B: { type: 'BOOLEAN' },
  };
  const v3times = {
    DT: { type: 'DATE', size: 4 },
    TS: { type: 'TIMESTAMP', withLocalTimeZone: false, size: 16 },
    TS9: { type: 'TIMESTAMP', withLocalTimeZone: false, size: 16 },
    TL: { type: 'TIMESTAMP WITH LOCAL TIME ZONE', withLocalTimeZone: true, size: 16 },
  };
  const expected: Record<number, Record<string, unknown>> = {
    1: { ...common, ...v3times, H: { type: 'CHAR', size: 16, characterSet: 'ASCII' } },
    3: { ...common, ...v3times, H: { type: 'HASHTYPE', size: 16 } },
    5: {
      ...common,
      DT: { type: 'DATE' },
      TS: { type: 'TIMESTAMP', precision: 3, withLocalTimeZone: false },
      TS9: { type: 'TIMESTAMP', precision: 9, withLocalTimeZone: false },
      TL: { type: 'TIMESTAMP WITH LOCAL TIME ZONE', precision: 0, withLocalTimeZone: true },
      H: { type: 'HASHTYPE', size: 16 },
    },
  };
  for (const pv of [1, 3, 5]) {
    const c = await WireClient.connect(emu.url, { protocolVersion: pv });
    const rs = (await c.ok({ command: 'execute', sqlText: 'SELECT * FROM WCT.T' })).responseData.results[0].resultSet;
    assert.deepEqual(Object.keys(rs).sort(), ['columns', 'numColumns', 'numRows', 'numRowsInMessage']);
    assert.equal(rs.numColumns, 15);
    assert.deepEqual(await columnTypes(c, 'SELECT * FROM WCT.T'), expected[pv], `v${pv}`);
    await c.close();
  }
});
