// A seeded fuzz of the emulator with malformed client messages, in every state (before login, awaiting
// credentials, logged in with and without compression, protocol v1-v3): valid requests mutated (fields dropped,
// renamed, wrong JSON types, null, huge/negative/fractional numbers, unknown commands, non-object JSON, truncated
// or invalid JSON, invalid UTF-8, binary frames that are not zlib, corrupt zlib, zlib without compression, huge
// strings, deep nesting, duplicate keys). Every reply must be a well-formed error (5-character sqlCode) or a
// well-formed ok; nothing may crash, hang or leak; a fresh client still logs in afterwards.
// EMULATOR_FUZZ_CASES=20000 runs more cases, EMULATOR_FUZZ_SEED=n another fixed seed. Also: prepare-time refusal of
// invalid statement text, and odd timer attributes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync, inflateSync } from 'node:zlib';
import WebSocket from 'ws';
import { mixSeed, mulberry32 } from '../bench/rng';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { ATTRIBUTE_SPECS, METADATA_COMMANDS } from '../src/protocol';
import { checkReply, commandOf, expectsReply, mutate, pick, preview, replyStatus, weird, type Payload, type Rng } from './support/emulator-fuzz-messages';
import { encryptPassword, WireClient } from './support/wire-client';

const SEED = Number(process.env.EMULATOR_FUZZ_SEED ?? 0x5eed2026);
const CASES = Number(process.env.EMULATOR_FUZZ_CASES ?? 4000);
const REPLY_TIMEOUT_MS = 10_000;

type Incoming = { data: Buffer; binary: boolean } | { closed: number };

/** A raw client that never interprets what it receives (a malformed frame must not crash the test). */
class FuzzClient {
  private readonly queue: Incoming[] = [];
  private waiter: ((x: Incoming) => void) | undefined;
  closed = false;
  compressed = false;
  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, binary: boolean) => this.push({ data, binary }));
    ws.on('close', (code: number) => {
      this.closed = true;
      this.push({ closed: code });
    });
    ws.on('error', () => undefined);
  }
  private push(x: Incoming): void {
    const w = this.waiter;
    this.waiter = undefined;
    if (w) w(x);
    else this.queue.push(x);
  }
  static open(url: string): Promise<FuzzClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 1 << 30 });
      ws.once('open', () => resolve(new FuzzClient(ws)));
      ws.once('error', reject);
    });
  }
  send(p: { data: string | Buffer; binary: boolean }): void {
    if (!this.closed) this.ws.send(p.data, { binary: p.binary });
  }
  sendJson(value: unknown): void {
    const text = JSON.stringify(value);
    this.send(this.compressed ? { data: deflateSync(text), binary: true } : { data: text, binary: false });
  }
  next(ms = REPLY_TIMEOUT_MS): Promise<Incoming | 'timeout'> {
    const q = this.queue.shift();
    if (q) return Promise.resolve(q);
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.waiter = undefined;
        resolve('timeout');
      }, ms);
      this.waiter = (x) => {
        clearTimeout(t);
        resolve(x);
      };
    });
  }
  /** The next reply as JSON (throws on anything else). */
  async reply(): Promise<any> {
    const x = await this.next();
    if (x === 'timeout' || 'closed' in x) throw new Error(`no reply (${JSON.stringify(x)})`);
    return JSON.parse((x.binary ? inflateSync(x.data) : x.data).toString('utf8'));
  }
  terminate(): void {
    this.ws.terminate();
  }
}

let emu: RunningEmulator;
let pem = '';
const failures: string[] = [];
const onRejection = (e: unknown) => failures.push(`unhandled rejection: ${String(e)}`);
const onException = (e: unknown) => failures.push(`uncaught exception: ${String(e)}`);
const onWarning = (w: Error) => failures.push(`process warning: ${w.name}: ${w.message}`);

before(async () => {
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  process.on('warning', onWarning);
  emu = await startEmulator({ nodes: 2, tokens: { accessTokens: ['fuzz-access'], refreshTokens: ['fuzz-refresh'] } });
  const c = await WireClient.connect(emu.url);
  await c.ok({ command: 'execute', sqlText: 'CREATE SCHEMA FZ' });
  await c.ok({ command: 'execute', sqlText: 'CREATE TABLE FZ.T (A DECIMAL(18,0), B VARCHAR(100), C DOUBLE)' });
  await c.ok({ command: 'execute', sqlText: "INSERT INTO FZ.T SELECT i, 'row ' || i, i / 3 FROM range(2500) r(i)" });
  await c.close();
  const k = await FuzzClient.open(emu.url);
  k.sendJson({ command: 'login', protocolVersion: 3 });
  pem = (await k.reply()).responseData.publicKeyPem;
  k.terminate();
});

after(async () => {
  await emu.close();
  process.off('unhandledRejection', onRejection);
  process.off('uncaughtException', onException);
  process.off('warning', onWarning);
});

/** A logged-in fuzz connection and the handles it holds. */
interface AuthConn {
  c: FuzzClient;
  version: number;
  handles: number[];
  prepared: number[];
}

async function loggedIn(rng: Rng): Promise<AuthConn> {
  const c = await FuzzClient.open(emu.urls[rng() < 0.8 ? 0 : 1]);
  const version = 1 + Math.floor(rng() * 3);
  const compress = rng() < 0.4;
  c.sendJson({ command: 'login', protocolVersion: version });
  await c.reply();
  c.sendJson({ username: 'sys', password: encryptPassword(pem, 'exasol'), useCompression: compress });
  assert.equal((await c.reply()).status, 'ok');
  c.compressed = compress;
  const conn: AuthConn = { c, version, handles: [], prepared: [] };
  await refresh(conn);
  return conn;
}

/** Opens a live result set handle and prepared statements on the connection (so mutations hit live handles). */
async function refresh(a: AuthConn): Promise<void> {
  a.c.sendJson({ command: 'execute', sqlText: 'SELECT * FROM FZ.T' });
  const r = await a.c.reply();
  const h = r.responseData?.results?.[0]?.resultSet?.resultSetHandle;
  if (typeof h === 'number') a.handles.push(h);
  for (const sqlText of ['INSERT INTO FZ.T VALUES (?, ?, ?)', 'SELECT A, B FROM FZ.T WHERE A = ?']) {
    a.c.sendJson({ command: 'createPreparedStatement', sqlText });
    const p = (await a.c.reply()).responseData?.statementHandle;
    if (typeof p === 'number') a.prepared.push(p);
  }
}

/** Valid requests of a logged-in session, built around the connection's handles. */
function authRequest(rng: Rng, a: AuthConn): Record<string, unknown> {
  const h = a.handles.length ? pick(rng, a.handles) : 1;
  const p = a.prepared.length ? pick(rng, a.prepared) : 1;
  const dec = { name: '', dataType: { type: 'DECIMAL', precision: 18, scale: 0 } };
  const vc = { name: '', dataType: { type: 'VARCHAR', size: 100, characterSet: 'UTF8' } };
  const dbl = { name: '', dataType: { type: 'DOUBLE' } };
  const all: (() => Record<string, unknown>)[] = [
    () => ({ command: 'execute', sqlText: pick(rng, ['SELECT 1', 'SELECT * FROM FZ.T WHERE A < 5', "INSERT INTO FZ.T VALUES (1, 'x', 1.5)", 'SELECT COUNT(*) FROM FZ.T']) }),
    () => ({ command: 'executeBatch', sqlTexts: ['SELECT 2', "UPDATE FZ.T SET B = 'y' WHERE A = -1"] }),
    () => ({ command: 'fetch', resultSetHandle: h, startPosition: Math.floor(rng() * 2500), numBytes: 1 + Math.floor(rng() * 100000) }),
    () => ({ command: 'closeResultSet', resultSetHandles: [h] }),
    () => ({ command: 'getResultSetHeader', resultSetHandles: [h] }),
    () => ({ command: 'getOffset', resultSetHandle: h }),
    () => ({ command: 'createPreparedStatement', sqlText: pick(rng, ['INSERT INTO FZ.T VALUES (?, ?, ?)', 'SELECT A FROM FZ.T WHERE A = ?', 'SELECT 1']) }),
    () => ({ command: 'executePreparedStatement', statementHandle: p, numColumns: 3, numRows: 2, columns: [dec, vc, dbl], data: [[1, 2], ['a', 'b'], [0.5, 1.5]] }),
    () => ({ command: 'executePreparedStatement', statementHandle: p, numColumns: 1, numRows: 1, columns: [dec], data: [[7]] }),
    () => ({ command: 'closePreparedStatement', statementHandle: p }),
    () => ({ command: 'getAttributes' }),
    () => ({ command: 'setAttributes', attributes: { autocommit: rng() < 0.8, queryTimeout: 0, feedbackInterval: 1, currentSchema: 'FZ', resultSetMaxRows: 0 } }),
    () => ({ command: pick(rng, METADATA_COMMANDS), schema: 'FZ', table: 'T', column: '%', tableTypes: ['TABLE'] }),
    () => ({ command: 'getHosts', hostIp: '127.0.0.1' }),
    () => ({ command: 'enterParallel', hostIp: '127.0.0.1', numRequestedConnections: 2 }),
    () => ({ command: 'execute', sqlText: 'SELECT 3', attributes: { autocommit: true } }),
    // one attribute set to an odd value, kept by the session for the cases that follow
    () => ({ command: pick(rng, ['setAttributes', 'execute']), sqlText: 'SELECT 4', attributes: { [pick(rng, Object.keys(ATTRIBUTE_SPECS))]: weird(rng) } }),
    () => ({ command: 'abortQuery' }),
    () => ({ command: 'disconnect' }),
  ];
  return pick(rng, all)();
}

/** Sends one payload and checks the outcome; returns false when the connection is no longer usable. */
async function runCase(c: FuzzClient, payload: Payload, state: string, label: string): Promise<boolean> {
  const frame = payload.frame(c.compressed);
  c.send(frame);
  const wantReply = expectsReply(frame);
  if (!wantReply) {
    // no reply expected (abortQuery): the connection must stay silent
    const x = await c.next(30);
    if (x !== 'timeout' && !('closed' in x)) failures.push(`${label}: unexpected reply to ${preview(frame)}`);
    return !c.closed;
  }
  const x = await c.next();
  if (x === 'timeout') {
    failures.push(`${label}: no reply within ${REPLY_TIMEOUT_MS} ms to ${preview(frame)}`);
    return false;
  }
  if ('closed' in x) {
    // ws closes with 1007 on invalid UTF-8 in a text frame (RFC 6455); anything else must be answered first
    if (!(x.closed === 1007 && payload.invalidUtf8Text)) failures.push(`${label}: connection closed (${x.closed}) without a reply to ${preview(frame)}`);
    return false;
  }
  // the reply to the credentials message is still a text frame; compression starts after it
  const problem = checkReply(x.data, x.binary, c.compressed && state === 'authenticated', commandOf(frame));
  if (problem) failures.push(`${label}: ${problem} (request ${preview(frame)})`);
  // after an ok disconnect the server closes the socket
  return !c.closed && !(commandOf(frame) === 'disconnect' && replyStatus(x) === 'ok');
}

test(`fuzz: ${CASES} malformed messages in every state (seed ${SEED.toString(16)})`, async () => {
  let auth: AuthConn | undefined;
  const counts = { new: 0, awaitCredentials: 0, authenticated: 0 };
  for (let i = 0; i < CASES && failures.length < 20; i++) {
    const rng = mulberry32(mixSeed(SEED, i));
    const r = rng();
    const label = `case ${i}`;
    if (r < 0.15) {
      counts.new++;
      const c = await FuzzClient.open(emu.urls[0]);
      const base = pick(rng, [{ command: 'login', protocolVersion: 3 }, { command: 'loginToken', protocolVersion: 3 }, { command: 'subLogin', protocolVersion: 2 }, { command: 'execute', sqlText: 'SELECT 1' }]);
      await runCase(c, mutate(rng, base), 'new', `${label} (new)`);
      c.terminate();
    } else if (r < 0.35) {
      counts.awaitCredentials++;
      const c = await FuzzClient.open(emu.urls[0]);
      const token = rng() < 0.3;
      c.sendJson({ command: token ? 'loginToken' : 'login', protocolVersion: 3 });
      await c.reply();
      const base = token
        ? pick(rng, [{ accessToken: 'fuzz-access' }, { refreshToken: 'fuzz-refresh' }, { accessToken: 'nope' }])
        : { username: 'sys', password: encryptPassword(pem, 'exasol'), useCompression: rng() < 0.5, attributes: { autocommit: true, currentSchema: 'FZ' } };
      await runCase(c, mutate(rng, base), 'awaitCredentials', `${label} (awaiting credentials)`);
      c.terminate();
    } else {
      counts.authenticated++;
      if (auth === undefined || auth.c.closed) auth = await loggedIn(rng);
      else if (rng() < 0.03) await refresh(auth);
      const usable = await runCase(auth.c, mutate(rng, authRequest(rng, auth)), 'authenticated', `${label} (logged in, v${auth.version}${auth.c.compressed ? ', compressed' : ''})`);
      if (!usable) {
        auth.c.terminate();
        auth = undefined;
      }
    }
  }
  auth?.c.terminate();
  assert.deepEqual(failures, []);
  assert.ok(counts.new > 0 && counts.awaitCredentials > 0 && counts.authenticated > 0, JSON.stringify(counts));
  // the emulator is still up and serves a fresh client
  const fresh = await WireClient.connect(emu.url);
  const one = await fresh.ok({ command: 'execute', sqlText: 'SELECT 1' });
  assert.deepEqual(one.responseData.results[0].resultSet.data, [[1]]);
  await fresh.close();
  // every fuzz session was freed
  for (let i = 0; i < 100 && emu.sessionCount() > 0; i++) await new Promise((res) => setTimeout(res, 20));
  assert.equal(emu.sessionCount(), 0, 'sessions left after every client went away');
});

test('createPreparedStatement refuses invalid statement text at prepare time, with the error execute gives', async () => {
  const c = await WireClient.connect(emu.url);
  const sessionId = String((await c.ok({ command: 'execute', sqlText: 'SELECT CURRENT_SESSION' })).responseData.results[0].resultSet.data[0][0]);
  const invalid = [
    'SELEC 1',
    'select',
    'INSERT INTO FZ.T VALUES (?,',
    'DELETE FROM WHERE A = ?',
    'UPDATE FZ.T SET A = ? WHERE',
    'SELECT * FROM FZ.T\nWHERE A = = ?',
    'CREATE TABLE FZ.X (A INT,',
    'FOO BAR ?',
    'SELECT 1; SELECT 2',
  ];
  for (const sqlText of invalid) {
    const prepared = await c.request({ command: 'createPreparedStatement', sqlText });
    const executed = await c.request({ command: 'execute', sqlText });
    assert.equal(prepared.status, 'error', sqlText);
    assert.deepEqual(prepared, executed, sqlText);
    assert.equal(prepared.exception.sqlCode, '42000');
    assert.match(prepared.exception.text, /^syntax error, .* \[line \d+, column \d+\] \(Session: (\d+)\)$/);
    assert.ok(prepared.exception.text.endsWith(` (Session: ${sessionId})`), prepared.exception.text);
  }
  // valid texts still prepare; a refused prepare leaves an open transaction alone
  await c.ok({ command: 'setAttributes', attributes: { autocommit: false } });
  const p = await c.ok({ command: 'createPreparedStatement', sqlText: 'INSERT INTO FZ.T (A, B) VALUES (?, ?)' });
  assert.equal(p.responseData.parameterData.numColumns, 2);
  await c.ok({ command: 'execute', sqlText: "INSERT INTO FZ.T (A, B) VALUES (-42, 'in transaction')" });
  assert.equal((await c.request({ command: 'createPreparedStatement', sqlText: 'SELEC ?' })).status, 'error');
  const seen = await c.ok({ command: 'execute', sqlText: 'SELECT COUNT(*) FROM FZ.T WHERE A = -42' });
  assert.deepEqual(seen.responseData.results[0].resultSet.data, [[1]]);
  await c.ok({ command: 'execute', sqlText: 'ROLLBACK' });
  await c.close();
});

test('queryTimeout and feedbackInterval beyond what a timer can hold mean "never", not "at once"', async () => {
  const c = await WireClient.connect(emu.url);
  await c.ok({ command: 'setAttributes', attributes: { queryTimeout: 4294967296, feedbackInterval: 1e12 } });
  const r = await c.ok({ command: 'execute', sqlText: 'SELECT COUNT(*) FROM FZ.T a, FZ.T b' });
  assert.equal(r.responseData.results[0].resultSet.numRows, 1);
  assert.equal(c.pongs, 0, 'no heartbeat flood');
  await c.close();
  assert.deepEqual(failures, []);
});
