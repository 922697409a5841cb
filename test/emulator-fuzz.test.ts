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
import { ATTRIBUTE_SPECS, METADATA_COMMANDS, parseJson } from '../src/protocol';
import { encryptPassword, WireClient } from './support/wire-client';

const SEED = Number(process.env.EMULATOR_FUZZ_SEED ?? 0x5eed2026);
const CASES = Number(process.env.EMULATOR_FUZZ_CASES ?? 2400);
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

type Rng = () => number;
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;

// ---- mutations -------------------------------------------------------------------------------------------

/** A JSON number token written as is (beyond what JSON.stringify can write: 1e400, 2^64, -0). */
class Raw {
  constructor(readonly text: string) {}
}
function toText(v: unknown): string {
  if (v instanceof Raw) return v.text;
  if (Array.isArray(v)) return `[${v.map(toText).join(',')}]`;
  if (v !== null && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${toText(x)}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

const WEIRD: (() => unknown)[] = [
  () => null, () => true, () => false, () => 0, () => -1, () => -7, () => 1.5, () => -0.5, () => new Raw('-0'),
  () => new Raw('9007199254740993'), () => new Raw('18446744073709551616'), () => new Raw('1e400'), () => 1e308, () => -1e308,
  () => 2 ** 31, () => 4294967296, () => '', () => '1', () => 'x', () => 'ünïcödé \u2028 \u0000', () => [], () => [null], () => [1.5, -1],
  () => [[]], () => ({}), () => ({ a: [] }), () => 'x'.repeat(70_000), () => ['a', 1, null, {}],
];
const weird = (rng: Rng): unknown => (rng() < 0.01 ? 'y'.repeat(2_000_000) : pick(rng, WEIRD)());

/** One field-level change somewhere in the message (top level, or inside a nested object/array). */
function mutateField(rng: Rng, obj: Record<string, unknown>): void {
  let target: Record<string, unknown> | unknown[] = obj;
  for (let d = 0; d < 3 && rng() < 0.35; d++) {
    const inner = Object.values(target).filter((v) => v !== null && typeof v === 'object');
    if (inner.length === 0) break;
    target = pick(rng, inner) as Record<string, unknown> | unknown[];
  }
  const keys = Object.keys(target);
  const key = keys.length ? pick(rng, keys) : 'command';
  const rec = target as Record<string, unknown>;
  const op = rng();
  if (op < 0.2 && keys.length) {
    if (Array.isArray(target)) target.splice(Number(key), 1);
    else delete rec[key];
  } else if (op < 0.3 && !Array.isArray(target)) {
    const v = rec[key];
    delete rec[key];
    rec[pick(rng, [key.toUpperCase(), `${key}_`, ` ${key}`, '', '__proto__', 'constructor'])] = v;
  } else if (op < 0.8) rec[key] = weird(rng);
  else if (op < 0.9) rec[pick(rng, ['unknownField', 'command', 'attributes', '__proto__', 'numRows', 'data'])] = weird(rng);
  else obj.command = pick(rng, ['', 'EXECUTE', 'frobnicate', 'login', 'subLoginToken', 'abortQuery', 'getSchemas', 'toString', '__proto__', 'hasOwnProperty']);
}

/** What goes on the wire for one case. */
interface Payload {
  frame(compressed: boolean): { data: string | Buffer; binary: boolean };
  /** A text frame with invalid UTF-8: the WebSocket layer may close the connection (1007) instead of replying. */
  invalidUtf8Text?: boolean;
}

const jsonFrame = (text: string): Payload => ({
  frame: (compressed) => (compressed ? { data: deflateSync(text), binary: true } : { data: text, binary: false }),
});

/** A valid request, mutated. */
function mutate(rng: Rng, base: Record<string, unknown>): Payload {
  const obj = structuredClone(base);
  const r = rng();
  if (r < 0.08) return jsonFrame(toText(obj));
  if (r < 0.6) {
    for (let n = 1 + Math.floor(rng() * 3); n > 0; n--) mutateField(rng, obj);
    return jsonFrame(toText(obj));
  }
  const text = toText(obj);
  const bytes = Buffer.from(text, 'utf8');
  const cut = Math.floor(rng() * bytes.length);
  const bad = Buffer.from(pick(rng, [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xc0, 0xaf]]));
  switch (Math.floor(rng() * 11)) {
    case 0:
      return jsonFrame(pick(rng, ['[]', '1', '"login"', 'null', 'true', '[{"command":"execute","sqlText":"SELECT 1"}]', '{}', '""', '-0', '1e999']));
    case 1:
      return jsonFrame(text.slice(0, Math.floor(rng() * text.length)));
    case 2:
      return jsonFrame(pick(rng, [text + '}', text + ',', `${text} garbage`, text.replace(/"/, "'"), text.replace(/:/, ''), "{'command':'execute'}", '{"command":"execute",}', '\u0000', ' ']));
    case 3:
      return { frame: () => ({ data: Buffer.concat([bytes.subarray(0, cut), bad, bytes.subarray(cut)]), binary: false }), invalidUtf8Text: true };
    case 4:
      return { frame: () => ({ data: deflateSync(Buffer.concat([bytes.subarray(0, cut), bad, bytes.subarray(cut)])), binary: true }) };
    case 5: {
      const junk = Buffer.from(Array.from({ length: 1 + Math.floor(rng() * 64) }, () => Math.floor(rng() * 256)));
      if (rng() < 0.5) junk[0] = 0x78;
      return { frame: () => ({ data: junk, binary: true }) };
    }
    case 6: {
      const z = deflateSync(text);
      const corrupt = rng() < 0.5 ? z.subarray(0, Math.max(2, Math.floor(rng() * z.length))) : Buffer.from(z);
      if (corrupt.length === z.length) corrupt[2 + Math.floor(rng() * (z.length - 2))] ^= 0x5a;
      return { frame: () => ({ data: corrupt, binary: true }) };
    }
    case 7:
      // zlib in an uncompressed session, a text frame in a compressed one
      return { frame: (compressed) => (compressed ? { data: text, binary: false } : { data: deflateSync(text), binary: true }) };
    case 8:
      return jsonFrame(rng() < 0.5 ? `{"command":"abortQuery",${text.slice(1)}` : `${text.slice(0, -1)},"command":${JSON.stringify(pick(rng, ['fetch', 'login', 'abortQuery']))}}`);
    case 9: {
      const depth = pick(rng, [10, 63, 64, 65, 200, 5000]);
      return jsonFrame(`{"command":"execute","sqlText":${'['.repeat(depth)}${']'.repeat(depth)}}`);
    }
    default:
      return jsonFrame(`${text.slice(0, -1)}${text.length > 2 ? ',' : ''}"sqlText":${JSON.stringify('SELECT ' + "'z'||".repeat(2000) + "'z'")}}`);
  }
}

// ---- reply checks ----------------------------------------------------------------------------------------

/** Whether the emulator owes a reply: everything except a readable `abortQuery` (decoded as the emulator does). */
function expectsReply(frame: { data: string | Buffer; binary: boolean }): boolean {
  try {
    const buf = typeof frame.data === 'string' ? Buffer.from(frame.data) : frame.data;
    const text = frame.binary && buf[0] === 0x78 ? inflateSync(buf).toString('utf8') : buf.toString('utf8');
    const m = parseJson(text) as { command?: unknown } | null;
    return !(m !== null && typeof m === 'object' && !Array.isArray(m) && m.command === 'abortQuery');
  } catch {
    return true;
  }
}

/** The command a frame carries, if readable. */
function commandOf(frame: { data: string | Buffer; binary: boolean }): unknown {
  try {
    const buf = typeof frame.data === 'string' ? Buffer.from(frame.data) : frame.data;
    const m = parseJson(frame.binary && buf[0] === 0x78 ? inflateSync(buf).toString('utf8') : buf.toString('utf8')) as Record<string, unknown>;
    return m !== null && typeof m === 'object' ? m.command : undefined;
  } catch {
    return undefined;
  }
}

const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function resultsProblem(d: any): string | undefined {
  if (!isObj(d) || !isCount(d.numResults) || !Array.isArray(d.results) || d.results.length !== d.numResults) return 'bad results envelope';
  for (const e of d.results) {
    if (e?.resultType === 'rowCount' && isCount(e.rowCount)) continue;
    const rs = e?.resultSet;
    if (e?.resultType !== 'resultSet' || !isObj(rs)) return 'bad result entry';
    if (!isCount(rs.numColumns) || !isCount(rs.numRows) || !isCount(rs.numRowsInMessage)) return 'bad result set counts';
    if (!Array.isArray(rs.columns) || rs.columns.length !== rs.numColumns) return 'bad columns';
    if (!rs.columns.every((c: any) => typeof c?.name === 'string' && typeof c?.dataType?.type === 'string')) return 'bad column';
    if (rs.resultSetHandle !== undefined && !(isCount(rs.resultSetHandle) && rs.resultSetHandle > 0)) return 'bad handle';
    if (rs.data !== undefined && !(Array.isArray(rs.data) && rs.data.length === rs.numColumns)) return 'bad inline data';
  }
  return undefined;
}

/** What is wrong with an ok reply to `command` (undefined when it is well-formed). */
function okProblem(command: unknown, r: Record<string, any>): string | undefined {
  if (Object.keys(r).some((k) => !['status', 'responseData', 'attributes'].includes(k))) return 'unexpected top-level key';
  if (r.attributes !== undefined && !isObj(r.attributes)) return 'attributes not an object';
  const d = r.responseData;
  const none = d === undefined ? undefined : 'unexpected responseData';
  if (command === undefined) return isObj(d) && [1, 2, 3].includes(d.protocolVersion) && d.sessionId !== undefined ? undefined : 'bad login reply';
  if (typeof command !== 'string') return 'ok reply to a non-string command';
  if (command === 'login' || command === 'subLogin') return typeof d?.publicKeyPem === 'string' && typeof d?.publicKeyModulus === 'string' ? undefined : 'bad key reply';
  if ((METADATA_COMMANDS as readonly string[]).includes(command) || ['execute', 'executeBatch', 'executePreparedStatement', 'getResultSetHeader'].includes(command)) return resultsProblem(d);
  switch (command) {
    case 'createPreparedStatement':
      return isCount(d?.statementHandle) && d.statementHandle > 0 ? resultsProblem(d) : 'bad statementHandle';
    case 'fetch':
      return isCount(d?.numRows) && Array.isArray(d.data) && d.data.every((c: unknown) => Array.isArray(c) && c.length === d.numRows) ? undefined : 'bad fetch data';
    case 'getOffset':
      return isCount(d?.rowOffset) ? undefined : 'bad rowOffset';
    case 'getHosts':
      return isCount(d?.numNodes) && Array.isArray(d.nodes) && d.nodes.length === d.numNodes ? undefined : 'bad hosts';
    case 'enterParallel':
      return isCount(d?.numOpenConnections) && isCount(d.token) && Array.isArray(d.nodes) ? undefined : 'bad enterParallel';
    case 'getAttributes':
      return isObj(r.attributes) ? none : 'no attributes';
    case 'loginToken':
    case 'subLoginToken':
    case 'setAttributes':
    case 'closeResultSet':
    case 'closePreparedStatement':
    case 'disconnect':
      return none;
  }
  return `ok reply to unknown command ${JSON.stringify(command).slice(0, 40)}`;
}

/** What is wrong with a reply frame (undefined when it is a well-formed error or ok). */
function checkReply(data: Buffer, binary: boolean, compressed: boolean, command: unknown): string | undefined {
  if (binary !== compressed) return `a ${binary ? 'binary' : 'text'} reply in a${compressed ? ' compressed' : 'n uncompressed'} session`;
  let r: any;
  try {
    r = JSON.parse((binary ? inflateSync(data) : data).toString('utf8'));
  } catch (e) {
    return `undecodable reply: ${(e as Error).message}`;
  }
  const shown = JSON.stringify(r).slice(0, 200);
  if (r?.status === 'error') {
    const x = r.exception;
    const ok = Object.keys(r).length === 2 && isObj(x) && typeof x.text === 'string' && x.text.length > 0 && typeof x.sqlCode === 'string' && x.sqlCode.length === 5;
    return ok ? undefined : `malformed error reply ${shown}`;
  }
  if (r?.status === 'ok') {
    const p = okProblem(command, r);
    return p ? `${p}: ${shown}` : undefined;
  }
  return `reply without a valid status: ${shown}`;
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

/** The status of a reply frame, if readable. */
function replyStatus(x: { data: Buffer; binary: boolean }): unknown {
  try {
    return JSON.parse((x.binary ? inflateSync(x.data) : x.data).toString('utf8')).status;
  } catch {
    return undefined;
  }
}

/** The start of a frame, for failure messages. */
function preview(frame: { data: string | Buffer; binary: boolean }): string {
  const buf = typeof frame.data === 'string' ? Buffer.from(frame.data) : frame.data;
  let text: string;
  try {
    text = frame.binary && buf[0] === 0x78 ? `zlib ${inflateSync(buf).toString('utf8')}` : `${frame.binary ? 'binary' : 'text'} ${buf.toString('utf8')}`;
  } catch {
    text = `binary ${buf.toString('hex')}`;
  }
  return JSON.stringify(text.slice(0, 300));
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
