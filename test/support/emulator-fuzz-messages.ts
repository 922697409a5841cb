/**
 * Message generation and reply checks of the emulator fuzz (test/emulator-fuzz.test.ts): mutations of valid
 * requests down to the wire frame (field drops/renames, odd values, non-object and broken JSON, invalid UTF-8,
 * non-zlib and corrupt zlib binary frames, deep nesting, duplicate keys), and the shape every reply must have.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { METADATA_COMMANDS, parseJson } from '../../src/protocol';

/** A random source returning floats in [0, 1). */
export type Rng = () => number;
/** A random element of `xs`. */
export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;

// ---- mutations -------------------------------------------------------------------------------------------

/** A JSON number token written as is (beyond what JSON.stringify can write: 1e400, 2^64, -0). */
class Raw {
  constructor(readonly text: string) {}
}
/** JSON text of a value, {@link Raw} tokens written verbatim. */
export function toText(v: unknown): string {
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
/** An odd JSON value: wrong types, null, huge/negative/fractional numbers, huge strings (rarely 2 MB). */
export const weird = (rng: Rng): unknown => (rng() < 0.01 ? 'y'.repeat(2_000_000) : pick(rng, WEIRD)());

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
export interface Payload {
  frame(compressed: boolean): { data: string | Buffer; binary: boolean };
  /** A text frame with invalid UTF-8: the WebSocket layer may close the connection (1007) instead of replying. */
  invalidUtf8Text?: boolean;
}

const jsonFrame = (text: string): Payload => ({
  frame: (compressed) => (compressed ? { data: deflateSync(text), binary: true } : { data: text, binary: false }),
});

/** A valid request, mutated. */
export function mutate(rng: Rng, base: Record<string, unknown>): Payload {
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
export function expectsReply(frame: { data: string | Buffer; binary: boolean }): boolean {
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
export function commandOf(frame: { data: string | Buffer; binary: boolean }): unknown {
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
export function checkReply(data: Buffer, binary: boolean, compressed: boolean, command: unknown): string | undefined {
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

/** The status of a reply frame, if readable. */
export function replyStatus(x: { data: Buffer; binary: boolean }): unknown {
  try {
    return JSON.parse((x.binary ? inflateSync(x.data) : x.data).toString('utf8')).status;
  } catch {
    return undefined;
  }
}

/** The start of a frame, for failure messages. */
export function preview(frame: { data: string | Buffer; binary: boolean }): string {
  const buf = typeof frame.data === 'string' ? Buffer.from(frame.data) : frame.data;
  let text: string;
  try {
    text = frame.binary && buf[0] === 0x78 ? `zlib ${inflateSync(buf).toString('utf8')}` : `${frame.binary ? 'binary' : 'text'} ${buf.toString('utf8')}`;
  } catch {
    text = `binary ${buf.toString('hex')}`;
  }
  return JSON.stringify(text.slice(0, 300));
}
