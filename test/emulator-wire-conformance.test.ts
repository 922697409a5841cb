// Raw-frame conformance of the emulator against protocol.md, protocol-v4-v5.md and wire-quirks.md:
// hand-written JSON frames, one case per difference found in an audit (and its neighbours), checked
// field by field: reply order, login negotiation and credentials, type metadata per release and version,
// fetch bounds, handles, prepared statements, attributes and the error object.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { encryptPassword, WireClient } from './support/wire-client';
import { fetchJson, resultEntry, ResultHandles } from '../src/emulator/results';
import type { RowSource } from '../src/emulator/sql/contract';

let emu: RunningEmulator;

before(async () => {
  emu = await startEmulator({ maxProtocolVersion: 5 });
});
after(async () => {
  await emu.close();
});

/** Asserts an error reply: exactly `status` and `exception`, a 5-character sqlCode, a non-empty text. */
function assertError(r: any, sqlCode: string, text?: RegExp): void {
  assert.deepEqual(Object.keys(r).sort(), ['exception', 'status'], JSON.stringify(r));
  assert.equal(r.status, 'error');
  assert.deepEqual(Object.keys(r.exception).sort(), ['sqlCode', 'text']);
  assert.equal(r.exception.sqlCode, sqlCode, JSON.stringify(r));
  assert.equal(typeof r.exception.text, 'string');
  assert.ok(r.exception.text.length > 0);
  if (text) assert.match(r.exception.text, text);
}

test('requests sent before the previous reply are answered one by one, in request order', async () => {
  const c = await WireClient.connect(emu.url);
  c.send({ command: 'execute', sqlText: 'SELECT 1 AS A' });
  c.send({ command: 'execute', sqlText: 'SELECT 2 AS B' });
  c.send('{not json');
  c.send({ command: 'getAttributes' });
  const first = (await c.next()).json;
  assert.equal(first.status, 'ok');
  assert.equal(first.responseData.results[0].resultSet.columns[0].name, 'A');
  const second = (await c.next()).json;
  assert.equal(second.status, 'ok');
  assert.deepEqual(second.responseData.results[0].resultSet.data, [[2]]);
  assertError((await c.next()).json, '00000');
  const fourth = (await c.next()).json;
  assert.equal(fourth.status, 'ok');
  assert.equal(fourth.attributes.autocommit, true);
  await c.close();
});

test('login and credentials pipelined without waiting: public key, then the session', async () => {
  const c = await WireClient.open(emu.url);
  c.send({ command: 'loginToken', protocolVersion: 3 });
  c.send({ accessToken: 'no-such-token', useCompression: false });
  assert.deepEqual((await c.next()).json, { status: 'ok' });
  assertError((await c.next()).json, '08004', /^Connection exception - authentication failed$/);
  await c.close();
});

/** The `dataType` of every column of a one-row query. */
async function columnTypes(c: WireClient, sql: string): Promise<Record<string, unknown>> {
  const rs = (await c.ok({ command: 'execute', sqlText: sql })).responseData.results[0].resultSet;
  return Object.fromEntries(rs.columns.map((col: { name: string; dataType: unknown }) => [col.name, col.dataType]));
}

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

test('login and loginToken credentials require useCompression (a boolean); the login can then be completed', async () => {
  const c = await WireClient.open(emu.url);
  const key = await c.request({ command: 'login', protocolVersion: 3 });
  const password = encryptPassword(key.responseData.publicKeyPem, 'exasol');
  assertError(await c.request({ username: 'sys', password }), '00000', /^JSON value '\/useCompression' is required, but was not provided\.$/);
  assertError(await c.request({ username: 'sys', password, useCompression: 'no' }), '00000', /^JSON value '\/useCompression' is not a boolean\.$/);
  const ok = await c.request({ username: 'sys', password, useCompression: false });
  assert.equal(ok.status, 'ok');
  assert.equal(ok.responseData.protocolVersion, 3);
  await c.close();
  const t = await WireClient.open(emu.url);
  assert.deepEqual(await t.request({ command: 'loginToken', protocolVersion: 3 }), { status: 'ok' });
  assertError(await t.request({ accessToken: 'x' }), '00000', /useCompression/);
  await t.close();
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

test('enterParallel requires hostIp; getHosts does not; the replies carry exactly their documented fields', async () => {
  const c = await WireClient.connect(emu.url, { protocolVersion: 3 });
  assertError(await c.request({ command: 'enterParallel', numRequestedConnections: 1 }), '00000', /^JSON value '\/hostIp' is required, but was not provided\.$/);
  const hosts = await c.ok({ command: 'getHosts' });
  assert.deepEqual(hosts, { status: 'ok', responseData: { numNodes: 1, nodes: ['127.0.0.1'] } });
  const par = await c.ok({ command: 'enterParallel', hostIp: '127.0.0.1', numRequestedConnections: 3 });
  assert.deepEqual(Object.keys(par.responseData).sort(), ['nodes', 'numOpenConnections', 'token']);
  assert.equal(par.responseData.numOpenConnections, 1);
  assert.match(par.responseData.nodes[0], /^127\.0\.0\.1:\d+$/);
  assertError(await c.request({ command: 'requestParallelConnections', numRequestedConnections: 1 }), '00000');
  await c.close();
  const v4 = await WireClient.connect(emu.url, { protocolVersion: 4 });
  const req = await v4.ok({ command: 'requestParallelConnections', numRequestedConnections: 1000 });
  assert.deepEqual(Object.keys(req.responseData).sort(), ['numOpenConnections', 'token']);
  assert.equal(req.responseData.numOpenConnections, 1);
  assertError(await v4.request({ command: 'requestParallelConnections', numRequestedConnections: -1 }), '00000');
  assertError(await v4.request({ command: 'requestParallelConnections', numRequestedConnections: 1.5 }), '00000');
  await v4.close();
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

test('protocolVersion: above the maximum is downgraded; 0, negative, fractional, string and null are 00000 errors that leave the login open', async () => {
  for (const [asked, granted] of [[1, 1], [2, 2], [3, 3], [4, 4], [5, 5], [6, 5], [99, 5]]) {
    const c = await WireClient.open(emu.url);
    const r = await c.login({ protocolVersion: asked });
    assert.equal(r.status, 'ok');
    assert.equal(r.responseData.protocolVersion, granted);
    await c.close();
  }
  const c = await WireClient.open(emu.url);
  for (const bad of [0, -1, 1.5, '3', null]) {
    assertError(await c.request({ command: 'login', protocolVersion: bad }), '00000', /^JSON value '\/protocolVersion' is (not an integer|out of range)/);
  }
  assertError(await c.request({ command: 'login' }), '00000', /^JSON value '\/protocolVersion' is required, but was not provided\.$/);
  const r = await c.login({ protocolVersion: 3 });
  assert.equal(r.status, 'ok');
  await c.close();
});

test('getAttributes: every attribute of the version at top level, no responseData; openTransaction is 0/1', async () => {
  const v1 = await WireClient.connect(emu.url, { protocolVersion: 1 });
  const a1 = await v1.ok({ command: 'getAttributes' });
  assert.deepEqual(Object.keys(a1).sort(), ['attributes', 'status']);
  assert.equal(Object.keys(a1.attributes).length, 15);
  assert.equal('resultSetMaxRows' in a1.attributes, false);
  assertError(await v1.request({ command: 'setAttributes', attributes: { resultSetMaxRows: 5 } }), '00000');
  await v1.close();
  const v3 = await WireClient.connect(emu.url, { protocolVersion: 3 });
  const a3 = (await v3.ok({ command: 'getAttributes' })).attributes;
  assert.equal(Object.keys(a3).length, 16);
  assert.equal(a3.openTransaction, 0);
  assert.equal(a3.currentSchema, '');
  assertError(await v3.request({ command: 'setAttributes', attributes: { openTransaction: 0 } }), '00000', /read-only/);
  assertError(await v3.request({ command: 'setAttributes', attributes: { compressionEnabled: true } }), '00000', /read-only/);
  assertError(await v3.request({ command: 'setAttributes', attributes: { queryTimeout: -1 } }), '00000');
  assertError(await v3.request({ command: 'setAttributes', attributes: { autocommit: 'false' } }), '00000');
  // a change is echoed in the reply's attributes; setting the same value again echoes nothing
  assert.deepEqual(await v3.ok({ command: 'setAttributes', attributes: { autocommit: false, feedbackInterval: 2 } }), {
    status: 'ok',
    attributes: { autocommit: false, feedbackInterval: 2 },
  });
  assert.deepEqual(await v3.ok({ command: 'setAttributes', attributes: { autocommit: false } }), { status: 'ok' });
  await v3.close();
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

test('sub-login with an unknown token, or beyond the granted count, fails with 08004 authentication failed and a closed socket', async () => {
  const main = await WireClient.connect(emu.url, { protocolVersion: 3 });
  await main.ok({ command: 'setAttributes', attributes: { autocommit: false } });
  const par = await main.ok({ command: 'enterParallel', hostIp: '127.0.0.1', numRequestedConnections: 1 });
  const token = par.responseData.token;
  const sub = await WireClient.open(emu.url);
  const first = await sub.login({ command: 'subLogin', protocolVersion: 3, extra: { token } });
  assert.equal(first.status, 'ok');
  assert.equal(String(first.responseData.sessionId), String((await main.ok({ command: 'execute', sqlText: 'SELECT CURRENT_SESSION' })).responseData.results[0].resultSet.data[0][0]));
  for (const t of [token, token + 1]) {
    const extra = await WireClient.open(emu.url);
    assertError(await extra.login({ command: 'subLogin', protocolVersion: 3, extra: { token: t } }), '08004', /^Connection exception - authentication failed\.$/);
    assert.equal(await Promise.race([extra.closed, new Promise((r) => setTimeout(() => r('open'), 3000))]), 1000);
  }
  await sub.close();
  await main.close();
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

test('a flood of requests sent without waiting: every one answered in order, disconnect among them ends the session', async () => {
  const c = await WireClient.connect(emu.url);
  const n = 150; // more than the emulator lets wait before it stops reading the socket
  for (let i = 0; i < n; i++) c.send({ command: 'execute', sqlText: `SELECT ${i} AS N` });
  for (let i = 0; i < n; i++) {
    const r = (await c.next(30000)).json;
    assert.deepEqual(r.responseData.results[0].resultSet.data, [[i]]);
  }
  c.send({ command: 'disconnect' });
  for (let i = 0; i < 100; i++) c.send({ command: 'execute', sqlText: 'SELECT 1' });
  assert.deepEqual((await c.next(10000)).json, { status: 'ok' });
  const code = await Promise.race([c.closed, new Promise((r) => setTimeout(() => r('still open'), 5000))]);
  assert.equal(code, 1000);
});

test('ALTER SESSION SET TIME_ZONE changes the read-only attribute timezone: echoed in the reply, reported by getAttributes', async () => {
  const c = await WireClient.connect(emu.url);
  const r = await c.ok({ command: 'execute', sqlText: "ALTER SESSION SET TIME_ZONE = 'EUROPE/BERLIN'" });
  assert.deepEqual(r.attributes, { timezone: 'EUROPE/BERLIN' });
  assert.deepEqual(r.responseData, { numResults: 1, results: [{ resultType: 'rowCount', rowCount: 0 }] });
  assert.equal((await c.ok({ command: 'getAttributes' })).attributes.timezone, 'EUROPE/BERLIN');
  // still read-only for setAttributes; echoing the current value is accepted
  assertError(await c.request({ command: 'setAttributes', attributes: { timezone: 'UNIVERSAL' } }), '00000', /read-only/);
  assert.deepEqual(await c.ok({ command: 'setAttributes', attributes: { timezone: 'EUROPE/BERLIN' } }), { status: 'ok' });
  await c.close();
});

test('ALTER SESSION SET QUERY_TIMEOUT sets attribute queryTimeout (echoed) and limits the next statements (R0001)', async () => {
  const c = await WireClient.connect(emu.url);
  const r = await c.ok({ command: 'execute', sqlText: 'ALTER SESSION SET QUERY_TIMEOUT = 1' });
  assert.deepEqual(r.attributes, { queryTimeout: 1 });
  assert.equal((await c.ok({ command: 'getAttributes' })).attributes.queryTimeout, 1);
  const slow = await c.request({ command: 'execute', sqlText: 'SELECT COUNT(*) FROM range(200000) a, range(200000) b' }, 20000);
  assertError(slow, 'R0001', /^Query terminated because timeout has been reached\./);
  // the attribute and the statement set the same value
  assert.deepEqual(await c.ok({ command: 'setAttributes', attributes: { queryTimeout: 0 } }), { status: 'ok', attributes: { queryTimeout: 0 } });
  assert.deepEqual((await c.ok({ command: 'execute', sqlText: 'ALTER SESSION SET QUERY_TIMEOUT = 30' })).attributes, { queryTimeout: 30 });
  assertError(await c.request({ command: 'execute', sqlText: "ALTER SESSION SET QUERY_TIMEOUT = 'x'" }), '42000');
  await c.close();
});
