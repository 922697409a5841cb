// Login flows of the emulator over real sockets: password login (RSA), version downgrade, token
// login, wrong credentials closing the socket, compression, and malformed/out-of-order messages.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { encryptPassword, WireClient } from './support/wire-client';

let emu: RunningEmulator;
before(async () => {
  emu = await startEmulator({
    users: { sys: 'exasol', alice: 'wonder land ü' },
    tokens: { accessTokens: { 'access-1': 'alice' }, refreshTokens: ['refresh-1'] },
    version: '7.1.30',
    databaseName: 'EMU',
  });
});
after(async () => {
  await emu.close();
});

test('public key reply carries a consistent PKCS#1 PEM, upper-case modulus and exponent 010001', async () => {
  const c = await WireClient.open(emu.url);
  const f = await (c.send({ command: 'login', protocolVersion: 3 }), c.next());
  assert.equal(f.binary, false);
  assert.ok(f.text.startsWith('{"status":"ok","responseData":{"publicKeyPem":"-----BEGIN RSA PUBLIC KEY-----\\n'));
  const d = f.json.responseData;
  assert.match(d.publicKeyModulus, /^[0-9A-F]{256}$/);
  assert.equal(d.publicKeyExponent, '010001');
  const jwk = createPublicKey(d.publicKeyPem).export({ format: 'jwk' });
  assert.equal(Buffer.from(jwk.n as string, 'base64url').toString('hex').toUpperCase(), d.publicKeyModulus);
  await c.close();
});

test('password login returns the session description with a 19-digit session id as a bare number', async () => {
  const c = await WireClient.open(emu.url);
  const key = await c.request({ command: 'login', protocolVersion: 3 });
  c.send({ username: 'SYS', password: encryptPassword(key.responseData.publicKeyPem, 'exasol'), useCompression: false, clientName: 't' });
  const f = await c.next();
  assert.equal(f.binary, false);
  assert.match(f.text, /"sessionId":\d{19},/);
  const d = f.json.responseData;
  assert.deepEqual(Object.keys(d), [
    'protocolVersion', 'timeZone', 'timeZoneBehavior', 'sessionId', 'maxDataMessageSize', 'releaseVersion',
    'databaseName', 'productName', 'maxIdentifierLength', 'maxVarcharLength', 'identifierQuoteString',
  ]);
  assert.equal(d.protocolVersion, 3);
  assert.equal(typeof d.sessionId, 'string'); // > 2^53, kept exact by the lossless parser
  assert.ok(BigInt(d.sessionId) > 2n ** 53n);
  assert.equal(d.releaseVersion, '7.1.30');
  assert.equal(d.databaseName, 'EMU');
  assert.equal(d.productName, 'EXASolution');
  assert.equal(d.maxDataMessageSize, 67108864);
  assert.equal(d.identifierQuoteString, '"');
  assert.equal(d.timeZone, 'UNIVERSAL');
  const attrs = await c.ok({ command: 'getAttributes' });
  assert.equal(attrs.responseData, undefined);
  assert.equal(attrs.attributes.autocommit, true);
  assert.equal(attrs.attributes.openTransaction, 0);
  assert.equal(attrs.attributes.resultSetMaxRows, 0);
  await c.close();
});

test('a user with a non-ASCII password logs in; names are case-insensitive', async () => {
  const c = await WireClient.open(emu.url);
  const r = await c.login({ user: 'Alice', password: 'wonder land ü' });
  assert.equal(r.status, 'ok');
  await c.close();
});

test('protocol versions are downgraded to the maximum, and lower ones are kept', async () => {
  for (const [asked, got] of [[1, 1], [2, 2], [3, 3], [5, 3]]) {
    const c = await WireClient.open(emu.url);
    const r = await c.login({ protocolVersion: asked });
    assert.equal(r.responseData.protocolVersion, got);
    const attrs = (await c.ok({ command: 'getAttributes' })).attributes;
    assert.equal('resultSetMaxRows' in attrs, got >= 2, `resultSetMaxRows presence on v${got}`);
    await c.close();
  }
  const capped = await startEmulator({ maxProtocolVersion: 1, engine: undefined });
  try {
    const c = await WireClient.open(capped.url);
    assert.equal((await c.login({ protocolVersion: 3 })).responseData.protocolVersion, 1);
    const meta = await c.request({ command: 'getSchemas' });
    assert.equal(meta.status, 'error');
    assert.equal(meta.exception.sqlCode, '00000');
    await c.close();
  } finally {
    await capped.close();
  }
});

test('wrong password and unknown user fail with 08004 and the server closes the socket', async () => {
  for (const [user, password] of [['sys', 'wrong'], ['nobody', 'exasol']]) {
    const c = await WireClient.open(emu.url);
    const r = await c.login({ user, password });
    assert.deepEqual(r, { status: 'error', exception: { text: 'Connection exception - authentication failed.', sqlCode: '08004' } });
    assert.equal(await c.closed, 1000);
  }
});

test('a garbage ciphertext fails like a wrong password', async () => {
  const c = await WireClient.open(emu.url);
  await c.request({ command: 'login', protocolVersion: 3 });
  const r = await c.request({ username: 'sys', password: 'AAAA', useCompression: false });
  assert.equal(r.exception.sqlCode, '08004');
  await c.closed;
});

test('token login (v3): access token works, wrong token fails without the trailing period', async () => {
  const c = await WireClient.open(emu.url);
  assert.deepEqual(await c.request({ command: 'loginToken', protocolVersion: 3 }), { status: 'ok' });
  const r = await c.request({ accessToken: 'access-1', useCompression: false });
  assert.equal(r.status, 'ok');
  await c.close();

  const bad = await WireClient.open(emu.url);
  await bad.request({ command: 'loginToken', protocolVersion: 3 });
  const e = await bad.request({ refreshToken: 'nope', useCompression: false });
  assert.deepEqual(e.exception, { text: 'Connection exception - authentication failed', sqlCode: '08004' });
  await bad.closed;

  const v2 = await WireClient.open(emu.url);
  const refused = await v2.request({ command: 'loginToken', protocolVersion: 2 });
  assert.equal(refused.status, 'error');
  await v2.close();
});

test('refresh token in place of the password works on v3 (compatibility mode)', async () => {
  const c = await WireClient.open(emu.url);
  assert.equal((await c.login({ password: 'refresh-1', protocolVersion: 3 })).status, 'ok');
  await c.close();
  const old = await WireClient.open(emu.url);
  assert.equal((await old.login({ password: 'refresh-1', protocolVersion: 2 })).status, 'error');
  await old.closed;
});

test('credentials before a login command get the real "/command is required" error; commands before login are refused', async () => {
  const c = await WireClient.open(emu.url);
  const r = await c.request({ username: 'sys', password: 'x', useCompression: false });
  assert.deepEqual(r, { status: 'error', exception: { text: "JSON value '/command' is required, but was not provided.", sqlCode: '00000' } });
  const e = await c.request({ command: 'execute', sqlText: 'SELECT 1' });
  assert.equal(e.status, 'error');
  assert.equal(e.exception.sqlCode, '00000');
  const m = await c.request({ command: 'login' });
  assert.match(m.exception.text, /protocolVersion/);
  // still usable afterwards
  assert.equal((await c.login()).status, 'ok');
  await c.close();
});

test('malformed JSON, non-objects, unknown commands and wrong field types get 00000 errors, never a crash', async () => {
  const c = await WireClient.connect(emu.url);
  for (const bad of ['{not json', '[1,2]', '42', '"x"']) {
    const r = await c.request(bad);
    assert.equal(r.status, 'error', bad);
    assert.equal(r.exception.sqlCode, '00000');
  }
  const cases: [unknown, RegExp][] = [
    [{ command: 'frobnicate' }, /Unknown command/],
    [{ command: 42 }, /command/],
    [{ sqlText: 'SELECT 1' }, /'\/command' is required/],
    [{ command: 'execute' }, /'\/sqlText' is required/],
    [{ command: 'execute', sqlText: 5 }, /'\/sqlText' is not a string/],
    [{ command: 'fetch', resultSetHandle: 'x', startPosition: 0, numBytes: 10 }, /resultSetHandle/],
    [{ command: 'fetch', resultSetHandle: 99, startPosition: 0, numBytes: 10 }, /not found/],
    [{ command: 'closePreparedStatement', statementHandle: 7 }, /Statement handle not found/],
    [{ command: 'executeBatch', sqlTexts: 'SELECT 1' }, /sqlTexts/],
    [{ command: 'setAttributes', attributes: { autocommit: 'yes' } }, /autocommit/],
    [{ command: 'setAttributes', attributes: { noSuchThing: 1 } }, /Unknown session attribute/],
    [{ command: 'setAttributes', attributes: { openTransaction: 1 } }, /read-only/],
    [{ command: 'setAttributes', attributes: { timezone: 'EUROPE/BERLIN' } }, /read-only/],
    [{ command: 'login', protocolVersion: 3 }, /already logged in/],
  ];
  for (const [msg, text] of cases) {
    const r = await c.request(msg);
    assert.equal(r.status, 'error', JSON.stringify(msg));
    assert.equal(r.exception.sqlCode, '00000');
    assert.match(r.exception.text, text);
  }
  // read-only attribute echoed unchanged is tolerated, writable ones change and are echoed
  const set = await c.ok({ command: 'setAttributes', attributes: { timezone: 'UNIVERSAL', queryTimeout: 30, feedbackInterval: 2 } });
  assert.deepEqual(set.attributes, { feedbackInterval: 2, queryTimeout: 30 });
  const all = (await c.ok({ command: 'getAttributes' })).attributes;
  assert.equal(all.queryTimeout, 30);
  assert.equal(all.timezone, 'UNIVERSAL');
  await c.close();
});

test('compression: login reply is a text frame, then every reply is a zlib binary frame', async () => {
  for (const how of ['useCompression', 'attribute'] as const) {
    const c = await WireClient.open(emu.url);
    const key = await c.request({ command: 'login', protocolVersion: 3 });
    c.send({
      username: 'sys',
      password: encryptPassword(key.responseData.publicKeyPem, 'exasol'),
      useCompression: how === 'useCompression',
      ...(how === 'attribute' ? { attributes: { compressionEnabled: true } } : {}),
    });
    const reply = await c.next();
    assert.equal(reply.binary, false);
    assert.equal(reply.json.status, 'ok');
    c.compressed = true;
    c.send({ command: 'getAttributes' });
    const f = await c.next();
    assert.equal(f.binary, true, how);
    assert.equal(f.json.attributes.compressionEnabled, true);
    await c.close();
  }
});

test('disconnect replies, closes the socket and frees the session; a vanished client is freed too', async () => {
  // sessions of earlier tests may still be being freed (their sockets closed first): let them go
  for (let i = 0; i < 100 && emu.sessionCount() !== 0; i++) await new Promise((r) => setTimeout(r, 20));
  const base = emu.sessionCount();
  const c = await WireClient.connect(emu.url);
  assert.equal(emu.sessionCount(), base + 1);
  assert.equal((await c.request({ command: 'disconnect' })).status, 'ok');
  await c.closed;
  const v = await WireClient.connect(emu.url);
  v.terminate();
  await v.closed;
  for (let i = 0; i < 100 && emu.sessionCount() !== base; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(emu.sessionCount(), base);
});
