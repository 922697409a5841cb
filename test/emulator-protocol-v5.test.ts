// Protocol v4/v5 in the emulator over real sockets (protocol-v4-v5.md §8): negotiation and
// downgrade, requestParallelConnections, v4 sub-logins with the main sessionId (exact 64-bit),
// v5 TIMESTAMP(p) metadata and values, and the reply latency option.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { toRows, WireClient } from './support/wire-client';

let emu: RunningEmulator;
before(async () => {
  emu = await startEmulator({ nodes: 3, maxProtocolVersion: 5 });
});
after(async () => {
  await emu.close();
});

test('v5 emulator: requests are answered with min(requested, 5); releaseVersion is 8.32.0', async () => {
  for (const [asked, got] of [[3, 3], [4, 4], [5, 5], [99, 5]]) {
    const c = await WireClient.open(emu.url);
    const r = await c.login({ protocolVersion: asked });
    assert.equal(r.responseData.protocolVersion, got, `asked ${asked}`);
    assert.equal(r.responseData.releaseVersion, '8.32.0');
    await c.close();
  }
  await assert.rejects(startEmulator({ maxProtocolVersion: 6 }), RangeError);
});

test('requestParallelConnections: v4+ only, field checked, grant capped at the node count, 0 accepted', async () => {
  const v3 = await WireClient.connect(emu.url, { protocolVersion: 3 });
  const refused = await v3.request({ command: 'requestParallelConnections', numRequestedConnections: 2 });
  assert.equal(refused.status, 'error');
  assert.equal(refused.exception.sqlCode, '00000');
  await v3.close();
  const c = await WireClient.connect(emu.url, { protocolVersion: 5 });
  const missing = await c.request({ command: 'requestParallelConnections' });
  assert.equal(missing.status, 'error');
  assert.equal(missing.exception.sqlCode.length, 5);
  const r = await c.ok({ command: 'requestParallelConnections', numRequestedConnections: 1000 });
  assert.deepEqual(Object.keys(r.responseData).sort(), ['numOpenConnections', 'token']);
  assert.equal(r.responseData.numOpenConnections, 3);
  assert.ok(Number.isInteger(r.responseData.token));
  assert.equal((await c.ok({ command: 'requestParallelConnections', numRequestedConnections: 0 })).responseData.numOpenConnections, 0);
  await c.close();
});

test('v5 sub-logins need the main sessionId exactly; shares partition the result in order', async () => {
  const main = await WireClient.open(emu.url);
  const info = (await main.login({ protocolVersion: 5, attributes: { autocommit: false } })).responseData;
  const mainId = BigInt(info.sessionId);
  assert.ok(mainId > 2n ** 53n, 'session ids exceed 2^53');
  const { token, numOpenConnections } = (await main.ok({ command: 'requestParallelConnections', numRequestedConnections: 2 })).responseData;
  assert.equal(numOpenConnections, 2);

  const wrongId = await WireClient.open(emu.urls[1]);
  const bad = await wrongId.login({ command: 'subLogin', protocolVersion: 5, extra: { token, sessionId: mainId + 1n } });
  assert.equal(bad.status, 'error');
  assert.equal(bad.exception.sqlCode, '08004');
  const noId = await WireClient.open(emu.urls[1]);
  const bad2 = await noId.login({ command: 'subLogin', protocolVersion: 5, extra: { token } });
  assert.equal(bad2.exception.sqlCode, '08004');
  const wrongToken = await WireClient.open(emu.urls[1]);
  const bad3 = await wrongToken.login({ command: 'subLogin', protocolVersion: 5, extra: { token: token + 1, sessionId: mainId } });
  assert.equal(bad3.exception.sqlCode, '08004');

  const subs: WireClient[] = [];
  for (const url of emu.urls.slice(1)) {
    const c = await WireClient.open(url);
    const r = await c.login({ command: 'subLogin', protocolVersion: 5, extra: { token, sessionId: mainId } });
    assert.equal(r.status, 'ok', JSON.stringify(r));
    assert.equal(r.responseData.protocolVersion, 5);
    assert.equal(BigInt(r.responseData.sessionId), mainId, 'a sub-login answers with the main session id');
    subs.push(c);
  }
  const res = (await main.ok({ command: 'execute', sqlText: 'SELECT I FROM range(2500) t(I) ORDER BY I' })).responseData.results[0].resultSet;
  const h = res.resultSetHandle;
  const got: unknown[] = [];
  let expect = 0;
  for (const c of subs) {
    const head = (await c.ok({ command: 'getResultSetHeader', resultSetHandles: [h] })).responseData.results[0].resultSet;
    const off = (await c.ok({ command: 'getOffset', resultSetHandle: h })).responseData.rowOffset;
    assert.equal(off, expect);
    const f = await c.ok({ command: 'fetch', resultSetHandle: h, startPosition: 0, numBytes: 1 << 20 });
    assert.equal(f.responseData.numRows, head.numRows);
    got.push(...toRows(f.responseData.data).map((r) => r[0]));
    expect += head.numRows;
    await c.ok({ command: 'closeResultSet', resultSetHandles: [h] });
    await c.close();
  }
  assert.deepEqual(got, Array.from({ length: 2500 }, (_, i) => i));
  for (const c of [wrongId, noId, wrongToken]) await c.close();
  await main.close();
});

async function column(c: WireClient, sql: string): Promise<{ dataType: unknown; value: unknown }> {
  const rs = (await c.ok({ command: 'execute', sqlText: sql })).responseData.results[0].resultSet;
  return { dataType: rs.columns[0].dataType, value: rs.data[0][0] };
}

test('v5 TIMESTAMP(p): precision metadata without size, exactly p fraction digits; v3 keeps size and 6 digits', async () => {
  const v5 = await WireClient.connect(emu.url, { protocolVersion: 5 });
  const v3 = await WireClient.connect(emu.url, { protocolVersion: 3 });
  const lit = "'2024-01-01 12:34:56.123456'";
  assert.deepEqual(await column(v5, `SELECT CAST(${lit} AS TIMESTAMP(6)) t`), {
    dataType: { type: 'TIMESTAMP', precision: 6, withLocalTimeZone: false },
    value: '2024-01-01 12:34:56.123456',
  });
  assert.deepEqual(await column(v5, `SELECT CAST(${lit} AS TIMESTAMP) t`), {
    dataType: { type: 'TIMESTAMP', precision: 3, withLocalTimeZone: false },
    value: '2024-01-01 12:34:56.123',
  });
  assert.deepEqual(await column(v5, `SELECT CAST(${lit} AS TIMESTAMP(0)) t`), {
    dataType: { type: 'TIMESTAMP', precision: 0, withLocalTimeZone: false },
    value: '2024-01-01 12:34:56',
  });
  assert.deepEqual(await column(v5, `SELECT CAST(${lit} AS TIMESTAMP(9)) t`), {
    dataType: { type: 'TIMESTAMP', precision: 9, withLocalTimeZone: false },
    value: '2024-01-01 12:34:56.123456000',
  });
  const ltz = await column(v5, `SELECT CAST(${lit} AS TIMESTAMP(1) WITH LOCAL TIME ZONE) t`);
  assert.deepEqual(ltz.dataType, { type: 'TIMESTAMP WITH LOCAL TIME ZONE', precision: 1, withLocalTimeZone: true });
  assert.match(String(ltz.value), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d$/);
  assert.deepEqual((await column(v5, 'SELECT CURRENT_DATE d')).dataType, { type: 'DATE' });
  const old = await column(v3, `SELECT CAST(${lit} AS TIMESTAMP(3)) t`);
  assert.deepEqual(old.dataType, { type: 'TIMESTAMP', withLocalTimeZone: false, size: 16 }); // Exasol 8.x (8.32.0 here): size 16, wire-quirks.md §7
  // cut to the 3 digits of TIMESTAMP(3), shown with 6 (wire-quirks.md §7)
  assert.equal(old.value, '2024-01-01 12:34:56.123000');
  assert.deepEqual((await column(v3, 'SELECT CURRENT_DATE d')).dataType, { type: 'DATE', size: 4 });
  await v5.close();
  await v3.close();
});

test('latencyMs: replies still come in order and complete; close() ends connections with replies held back', async () => {
  const slow = await startEmulator({ latencyMs: 30 });
  try {
    const c = await WireClient.connect(slow.url);
    for (let i = 0; i < 5; i++) {
      const r = await c.ok({ command: 'execute', sqlText: `SELECT ${i} AS X` });
      assert.equal(r.responseData.results[0].resultSet.data[0][0], i);
    }
    c.send({ command: 'execute', sqlText: 'SELECT 1' }); // its reply is still held back when the emulator closes
  } finally {
    await slow.close();
  }
  assert.equal(slow.sessionCount(), 0);
  await assert.rejects(startEmulator({ latencyMs: -1 }), RangeError);
});

test('v5 prepared statements: TIMESTAMP(p) parameters carry precision; 0-9 digit values are accepted and read back at p digits', async () => {
  const c = await WireClient.connect(emu.url, { protocolVersion: 5 });
  await c.ok({ command: 'execute', sqlText: 'CREATE SCHEMA TSP' });
  await c.ok({ command: 'execute', sqlText: 'CREATE TABLE TSP.T (A TIMESTAMP(9), B TIMESTAMP(0), C TIMESTAMP)' });
  const prep = (await c.ok({ command: 'createPreparedStatement', sqlText: 'INSERT INTO TSP.T VALUES (?, ?, ?)' })).responseData;
  assert.deepEqual(
    prep.parameterData.columns.map((p: { dataType: unknown }) => p.dataType),
    [9, 0, 3].map((precision) => ({ type: 'TIMESTAMP', precision, withLocalTimeZone: false })),
  );
  // columns echoed without precision are accepted too (sqlx sends its own type)
  await c.ok({
    command: 'executePreparedStatement',
    statementHandle: prep.statementHandle,
    numColumns: 3,
    numRows: 1,
    columns: [0, 1, 2].map(() => ({ name: '', dataType: { type: 'TIMESTAMP' } })),
    data: [['2024-01-01 12:34:56.123456789'], ['2024-01-01 12:34:56'], ['2024-01-01 12:34:56.5']],
  });
  const rs = (await c.ok({ command: 'execute', sqlText: 'SELECT A, B, C FROM TSP.T' })).responseData.results[0].resultSet;
  // TIMESTAMP(9) keeps all 9 digits (stored as DuckDB TIMESTAMP_NS)
  assert.deepEqual(toRows(rs.data), [['2024-01-01 12:34:56.123456789', '2024-01-01 12:34:56', '2024-01-01 12:34:56.500']]);
  await c.close();
});
