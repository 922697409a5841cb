// Fidelity: sessions of the official @exasol/exasol-driver-ts 0.8.0 against the emulator: how it
// connects (url, or host/port over wss with a pinned certificate), the login options it sends
// (schema, autocommit), token logins, wrong credentials, attributes, closing
// (also from the server side) and the ESM entry.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import WebSocket from 'ws';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { loadTls } from '../src/emulator/tls';
import { connected, driverTs, newDriver, pinnedFactory, plainFactory, recordingFactory, rejection, sleep } from './support/driver-ts';

const require = createRequire(import.meta.url);

let emu: RunningEmulator;
before(async () => {
  emu = await startEmulator({ tokens: { accessTokens: ['at-sys'], refreshTokens: ['rt-sys'] } });
});
after(async () => {
  await emu.close();
});

test('driver-ts: the url wins over host and port', async () => {
  const d = await connected(emu.url, { host: 'invalid.invalid', port: 1 });
  try {
    assert.deepEqual((await d.query('SELECT CURRENT_USER AS U')).getRows(), [{ U: 'SYS' }]);
  } finally {
    await d.close();
  }
});

test('driver-ts: host and port alone mean wss://host:port; the factory pins the certificate by fingerprint', async () => {
  const tls = await startEmulator({ tls: true });
  try {
    assert.ok(tls.fingerprint);
    const d = new driverTs.ExasolDriver(pinnedFactory(tls.fingerprint), { host: '127.0.0.1', port: tls.port, user: 'sys', password: 'exasol' });
    await d.connect();
    try {
      assert.deepEqual((await d.query("SELECT 'tls' AS T")).getRows(), [{ T: 'tls' }]);
    } finally {
      await d.close();
    }
    // a wrong fingerprint: the factory cuts the socket before the login, and connect() rejects
    const wrong = new driverTs.ExasolDriver(pinnedFactory('00'.repeat(32)), { host: '127.0.0.1', port: tls.port, user: 'sys', password: 'exasol' });
    const err = await rejection(wrong.connect());
    assert.ok(err instanceof Error, String(err));
    assert.match(err.message, /^E-EDJS-(16|36|2):/);
    await wrong.close();
    // plain ws to a TLS port never logs in
    const plain = newDriver(tls.url.replace('wss:', 'ws:'));
    await assert.rejects(plain.connect());
    await plain.close();
  } finally {
    await tls.close();
  }
});

test('driver-ts: encryption false does not turn wss off (the driver always builds wss://host:port)', async () => {
  const tls = await startEmulator({ tls: true });
  try {
    const d = new driverTs.ExasolDriver(pinnedFactory(tls.fingerprint!), { host: '127.0.0.1', port: tls.port, user: 'sys', password: 'exasol', encryption: false });
    await d.connect();
    assert.deepEqual((await d.query('SELECT 1 AS X')).getRows(), [{ X: 1 }]);
    await d.close();
  } finally {
    await tls.close();
  }
});

test('driver-ts: currentSchema and autocommit changed with a statement or setAttributes take effect in the session', async () => {
  const d = await connected(emu.url);
  try {
    await d.execute('CREATE SCHEMA DRV_ATTR_A');
    await d.execute('CLOSE SCHEMA');
    assert.deepEqual((await d.query('SELECT CURRENT_SCHEMA AS S', { currentSchema: 'DRV_ATTR_A' })).getRows(), [{ S: 'DRV_ATTR_A' }]);
    await d.execute('CREATE TABLE T (X DECIMAL(3,0))');
    assert.equal((await d.sendCommand<unknown>({ command: 'setAttributes', attributes: { autocommit: false } })).status, 'ok');
    await d.execute('INSERT INTO T VALUES (1)');
    await d.execute('ROLLBACK');
    assert.deepEqual((await d.query('SELECT COUNT(*) AS N FROM T')).getRows(), [{ N: 0 }]);
    const missing = await d.sendCommand<unknown>({ command: 'setAttributes', attributes: { currentSchema: 'DRV_NO_SUCH' } });
    assert.equal(missing.status, 'error');
    assert.equal(missing.exception?.sqlCode, '42000');
  } finally {
    await d.close();
  }
});

test('driver-ts: the schema option opens that schema at login', async () => {
  const setup = await connected(emu.url);
  await setup.execute('CREATE SCHEMA DRV_SCHEMA_OPT');
  await setup.execute('CREATE TABLE DRV_SCHEMA_OPT.T (X DECIMAL(3,0))');
  await setup.execute('INSERT INTO DRV_SCHEMA_OPT.T VALUES (7)');
  await setup.close();
  const d = await connected(emu.url, { schema: 'DRV_SCHEMA_OPT' });
  try {
    assert.deepEqual((await d.query('SELECT CURRENT_SCHEMA AS S')).getRows(), [{ S: 'DRV_SCHEMA_OPT' }]);
    assert.deepEqual((await d.query('SELECT X FROM T')).getRows(), [{ X: 7 }]);
    const attrs = await d.sendCommand<unknown>({ command: 'getAttributes' });
    assert.equal(attrs.status, 'ok');
    assert.equal((attrs as unknown as { attributes: { currentSchema: string } }).attributes.currentSchema, 'DRV_SCHEMA_OPT');
  } finally {
    await d.close();
  }
});

test('driver-ts: autocommit false keeps changes in the transaction until COMMIT; ROLLBACK drops them', async () => {
  const d = await connected(emu.url, { autocommit: false });
  const other = await connected(emu.url);
  try {
    const attrs = (await d.sendCommand<unknown>({ command: 'getAttributes' })) as unknown as { attributes: { autocommit: boolean } };
    assert.equal(attrs.attributes.autocommit, false);
    await d.execute('CREATE SCHEMA DRV_TX');
    await d.execute('CREATE TABLE DRV_TX.T (X DECIMAL(3,0))');
    await d.execute('COMMIT');
    assert.equal(await d.execute('INSERT INTO DRV_TX.T VALUES (1)'), 1);
    assert.deepEqual((await d.query('SELECT COUNT(*) AS N FROM DRV_TX.T')).getRows(), [{ N: 1 }]);
    assert.deepEqual((await other.query('SELECT COUNT(*) AS N FROM DRV_TX.T')).getRows(), [{ N: 0 }]);
    await d.execute('ROLLBACK');
    assert.deepEqual((await d.query('SELECT COUNT(*) AS N FROM DRV_TX.T')).getRows(), [{ N: 0 }]);
    await d.execute('INSERT INTO DRV_TX.T VALUES (2)');
    await d.execute('COMMIT');
    assert.deepEqual((await other.query('SELECT X FROM DRV_TX.T')).getRows(), [{ X: 2 }]);
  } finally {
    await d.close();
    await other.close();
  }
});

test('driver-ts: setAttributes and getAttributes through sendCommand; attributes given with a statement stay set', async () => {
  const d = await connected(emu.url);
  try {
    const set = await d.sendCommand<unknown>({ command: 'setAttributes', attributes: { queryTimeout: 42 } });
    assert.equal(set.status, 'ok');
    const got = (await d.sendCommand<unknown>({ command: 'getAttributes' })) as unknown as { attributes: Record<string, unknown> };
    assert.equal(got.attributes.queryTimeout, 42);
    assert.equal(got.attributes.autocommit, true);
    await d.query('SELECT 1 AS X', { queryTimeout: 7 });
    const again = (await d.sendCommand<unknown>({ command: 'getAttributes' })) as unknown as { attributes: Record<string, unknown> };
    assert.equal(again.attributes.queryTimeout, 7);
    const bad = await d.sendCommand<unknown>({ command: 'setAttributes', attributes: { noSuchAttribute: 1 } as never });
    assert.equal(bad.status, 'error');
    assert.equal(bad.exception?.sqlCode.length, 5);
  } finally {
    await d.close();
  }
});

test('driver-ts: access token and refresh token logins; a wrong token is refused with 08004', async () => {
  for (const tokens of [{ accessToken: 'at-sys' }, { refreshToken: 'rt-sys' }]) {
    const d = new driverTs.ExasolDriver(plainFactory, { url: emu.url, ...tokens });
    await d.connect();
    try {
      assert.deepEqual((await d.query('SELECT CURRENT_USER AS U')).getRows(), [{ U: 'SYS' }]);
    } finally {
      await d.close();
    }
  }
  const bad = new driverTs.ExasolDriver(plainFactory, { url: emu.url, accessToken: 'nope' });
  const err = (await rejection(bad.connect())) as { sqlCode?: string; text?: string };
  assert.equal(err.sqlCode, '08004');
  assert.match(String(err.text), /^Connection exception - authentication failed/);
  await bad.close();
});

test('driver-ts: a wrong password rejects connect() with the server exception (08004), and the server closes the socket', async () => {
  const sockets: WebSocket[] = [];
  const d = new driverTs.ExasolDriver(recordingFactory(sockets), { url: emu.url, user: 'sys', password: 'wrong' });
  const err = (await rejection(d.connect())) as { sqlCode?: string; text?: string };
  // connect() hands over the login reply's exception object as it came (not an Error)
  assert.equal(err.sqlCode, '08004');
  assert.equal(err.text, 'Connection exception - authentication failed.');
  for (let i = 0; i < 150 && sockets[0]!.readyState !== WebSocket.CLOSED; i++) await sleep(20);
  assert.equal(sockets[0]!.readyState, WebSocket.CLOSED);
  await d.close();
  const unknownUser = new driverTs.ExasolDriver(plainFactory, { url: emu.url, user: 'nobody', password: 'exasol' });
  assert.equal(((await rejection(unknownUser.connect())) as { sqlCode?: string }).sqlCode, '08004');
  await unknownUser.close();
});

test('driver-ts: no credentials fail before any socket (E-EDJS-6)', async () => {
  const sockets: WebSocket[] = [];
  const d = new driverTs.ExasolDriver(recordingFactory(sockets), { url: emu.url, user: 'sys' });
  await assert.rejects(d.connect(), /^ExaError: E-EDJS-6: Invalid credentials\.$|E-EDJS-6: Invalid credentials\./);
  assert.equal(sockets.length, 0);
});

test('driver-ts: statements after close() reject with E-EDJS-2; close() twice and asyncDispose are no-ops', async () => {
  const before = emu.sessionCount();
  const d = await connected(emu.url);
  const stmt = await d.prepare('SELECT ? AS P FROM DUAL');
  await stmt.close();
  await d.close();
  await assert.rejects(d.query('SELECT 1'), /E-EDJS-2: Connection was closed\./);
  await assert.rejects(d.execute('SELECT 1'), /E-EDJS-2: Connection was closed\./);
  await assert.rejects(d.executeBatch(['SELECT 1']), /E-EDJS-2: Connection was closed\./);
  await assert.rejects(d.prepare('SELECT 1'), /E-EDJS-2: Connection was closed\./);
  await assert.rejects(d.cancel(), /E-EDJS-2: Connection was closed\./);
  await d.close();
  await d[Symbol.asyncDispose]();
  // the driver sent `disconnect`: the emulator ends the session
  for (let i = 0; i < 150 && emu.sessionCount() > before; i++) await sleep(20);
  assert.equal(emu.sessionCount(), before);
});

test('driver-ts: the server closing the socket calls onClose, fails the running statement with E-EDJS-36, and the next statement reconnects', async () => {
  const own = await startEmulator();
  try {
    let closes = 0;
    const d = await connected(own.url, { onClose: () => closes++ });
    const first = (await d.query('SELECT CURRENT_SESSION AS S')).getRows()[0]!.S;
    const running = rejection(d.query('SELECT COUNT(*) AS N FROM range(200000) a, range(200000) b'));
    await sleep(300);
    await own.reset(); // ends every session with close frame 1001, as close() does
    const err = await running;
    assert.ok(err instanceof Error);
    assert.match(err.message, /^E-EDJS-36: Socket closed: code '1001', reason/);
    assert.equal(closes, 1);
    assert.equal(d.broken, true);
    // the driver replaces a broken connection on the next statement: a new login, a new session
    const second = (await d.query('SELECT CURRENT_SESSION AS S')).getRows()[0]!.S;
    assert.notEqual(second, first);
    await d.close();
  } finally {
    await own.close();
  }
});

test('driver-ts ESM entry: password login fails inside the driver (node-forge namespace import), token login works', async () => {
  // The ESM build does `import * as forge from 'node-forge'`; node-forge is CommonJS whose exports Node's
  // ESM loader cannot list, so the namespace has only `default` and `forge.jsbn` is undefined: the
  // password login throws in the driver before it sends the encrypted password, whatever the server.
  const esm = (await import('@exasol/exasol-driver-ts')) as typeof import('@exasol/exasol-driver-ts');
  assert.notEqual(esm.ExasolDriver, driverTs.ExasolDriver, 'the import must load the ESM entry');
  const pw = new esm.ExasolDriver(plainFactory, { url: emu.url, user: 'sys', password: 'exasol' });
  const err = await rejection(pw.connect());
  assert.ok(err instanceof TypeError, String(err));
  assert.match(err.message, /BigInteger|undefined/);
  await pw.close();
  const tok = new esm.ExasolDriver(plainFactory, { url: emu.url, accessToken: 'at-sys', compression: true });
  await tok.connect();
  try {
    assert.deepEqual((await tok.query('SELECT 1 AS X')).getRows(), [{ X: 1 }]);
  } finally {
    await tok.close();
  }
});

test('driver-ts browser entry: the CJS build logs in with a password and queries; its ESM build has the same node-forge defect', async () => {
  type BrowserModule = typeof import('@exasol/exasol-driver-ts/browser');
  const cjs = require('@exasol/exasol-driver-ts/browser') as BrowserModule;
  const d = new cjs.ExasolDriver(plainFactory, { url: emu.url, user: 'sys', password: 'exasol', compression: true });
  await d.connect();
  try {
    assert.deepEqual((await d.query("SELECT 'browser' AS B")).getRows(), [{ B: 'browser' }]);
    assert.equal('importFromCsvFile' in d, false);
  } finally {
    await d.close();
  }
  const esm = (await import('@exasol/exasol-driver-ts/browser')) as BrowserModule;
  assert.notEqual(esm.ExasolDriver, cjs.ExasolDriver, 'the import must load the ESM build');
  const pw = new esm.ExasolDriver(plainFactory, { url: emu.url, user: 'sys', password: 'exasol' });
  assert.ok((await rejection(pw.connect())) instanceof TypeError);
  await pw.close();
  const tok = new esm.ExasolDriver(plainFactory, { url: emu.url, refreshToken: 'rt-sys' });
  await tok.connect();
  assert.deepEqual((await tok.query('SELECT 1 AS X')).getRows(), [{ X: 1 }]);
  await tok.close();
});

test('driver-ts: full certificate validation in the factory (ca + host name) as the driver\'s own suite does; another CA is refused', async () => {
  const mine = await loadTls(undefined, ['127.0.0.1']);
  const other = await loadTls(undefined, ['127.0.0.1']);
  const tls = await startEmulator({ tls: { cert: mine.cert, key: mine.key } });
  const withCa = (ca: string) => (url: string) => new WebSocket(url, { ca, rejectUnauthorized: true }) as unknown as import('@exasol/exasol-driver-ts').ExaWebsocket;
  try {
    const d = new driverTs.ExasolDriver(withCa(mine.cert), { host: '127.0.0.1', port: tls.port, user: 'sys', password: 'exasol' });
    await d.connect();
    assert.deepEqual((await d.query('SELECT 1 AS X')).getRows(), [{ X: 1 }]);
    await d.close();
    const refused = new driverTs.ExasolDriver(withCa(other.cert), { host: '127.0.0.1', port: tls.port, user: 'sys', password: 'exasol' });
    const err = await rejection(refused.connect());
    assert.ok(err instanceof Error);
    assert.match(err.message, /^E-EDJS-16: Socket error: .*(self[- ]signed|unable to verify|certificate)/i);
    await refused.close();
  } finally {
    await tls.close();
  }
});
