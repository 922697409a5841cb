// Raw-frame conformance of the emulator against protocol.md, protocol-v4-v5.md and wire-quirks.md, part 2:
// the session. Hand-written JSON frames: reply order for requests sent without waiting, login negotiation and
// credentials, attributes (getAttributes/setAttributes, ALTER SESSION), enterParallel / requestParallelConnections
// and sub-logins. Part 1: emulator-wire-conformance.test.ts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { encryptPassword, WireClient } from './support/wire-client';
import { assertError } from './support/wire-assert';

let emu: RunningEmulator;

before(async () => {
  emu = await startEmulator({ maxProtocolVersion: 5 });
});
after(async () => {
  await emu.close();
});

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
