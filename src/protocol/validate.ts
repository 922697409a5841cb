/**
 * The one place where replies are checked before the SDK reads them (as graphql-ws checks its
 * messages in its protocol module). Every check either returns the reply typed or throws a
 * {@link ProtocolError} that names the command and the field: a server that lies, truncates or
 * sends the wrong shape never reaches the SDK as a TypeError, a wrong count or `NaN`.
 *
 * Counts are non-negative safe integers and consistent with each other; data arrays have the
 * announced width and length. The values inside `data` are checked per column type by
 * `value-checks.ts`, in the same pass that converts them. Checks of replies that only a lazily
 * loaded feature reads sit next to this file (`validate-prepared.ts`), built from its helpers.
 */
import { ProtocolError } from '../errors';
import { DEFAULT_ATTRIBUTES, type Attributes } from './attributes';
import type { FetchData, PublicKeyData, Reply, Result, ResultSet, SessionInfo } from './messages';
import { DATA_TYPE_NAMES, type ColumnInfo, type DataType } from './types';

type Obj = Record<string, unknown>;

/** A short printable form of an offending value (never more than ~40 characters). */
function show(v: unknown): string {
  let s: string;
  try {
    s = typeof v === 'string' ? JSON.stringify(v.length > 40 ? v.slice(0, 40) : v) : Array.isArray(v) ? `an array of ${v.length}` : typeof v === 'object' && v !== null ? 'an object' : String(v);
  } catch {
    s = typeof v;
  }
  return s.length > 44 ? s.slice(0, 41) + '...' : s;
}

/** Throws the ProtocolError for `field` of the reply to `where`. */
export function badField(where: string, field: string, want: string, got?: unknown): never {
  throw new ProtocolError(`${where} reply: ${field} ${want}${arguments.length > 3 ? `, got ${show(got)}` : ''}`);
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The object at `field` (a ProtocolError when it is not one). */
export function obj(where: string, field: string, v: unknown): Obj {
  if (!isObj(v)) badField(where, field, 'must be an object', v);
  return v;
}

/** A count: a non-negative safe integer. */
export function count(where: string, field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) badField(where, field, 'must be a non-negative integer', v);
  return v;
}

function str(where: string, field: string, v: unknown): string {
  if (typeof v !== 'string') badField(where, field, 'must be a string', v);
  return v;
}

function optStr(where: string, field: string, v: unknown): void {
  if (v !== undefined) str(where, field, v);
}

/**
 * Checks the envelope of a parsed reply: an object with `status` "ok" (optional object
 * `responseData`, optional `attributes`) or "error" (with an `exception` of string `text` and a
 * 5-character `sqlCode`).
 */
export function checkEnvelope(msg: unknown, where: string): Reply {
  if (!isObj(msg)) badField(where, 'the reply', 'must be a JSON object', msg);
  if (msg.status === 'ok') {
    if (msg.responseData !== undefined) obj(where, 'responseData', msg.responseData);
    if (msg.attributes !== undefined) checkAttributes(msg.attributes, where);
    return msg as unknown as Reply;
  }
  if (msg.status === 'error') {
    const e = obj(where, 'exception', msg.exception);
    str(where, 'exception.text', e.text);
    if (typeof e.sqlCode !== 'string' || e.sqlCode.length !== 5) badField(where, 'exception.sqlCode', 'must be a 5-character string', e.sqlCode);
    return msg as unknown as Reply;
  }
  return badField(where, 'status', 'must be "ok" or "error"', msg.status);
}

/**
 * Checks attributes: an object whose known attributes have their documented JSON type (that of
 * their default in `DEFAULT_ATTRIBUTES`, which a test holds equal to `ATTRIBUTE_SPECS`).
 */
export function checkAttributes(v: unknown, where: string): Attributes {
  const a = obj(where, 'attributes', v);
  for (const k in a) {
    const d = (DEFAULT_ATTRIBUTES as Record<string, unknown>)[k];
    const x = a[k];
    if (d === undefined || x === null) continue;
    const json = typeof d;
    // openTransaction is 0/1 on real servers, a boolean in some documents.
    const ok = json === 'number' ? (typeof x === 'number' && Number.isSafeInteger(x) && x >= 0) || (k === 'openTransaction' && typeof x === 'boolean') : typeof x === json;
    if (!ok) badField(where, `attributes.${k}`, `must be a ${json === 'number' ? 'non-negative integer' : json}`, x);
  }
  return a as Attributes;
}

/** Checks the public-key reply of the `login` command (hex modulus and exponent, a PEM text). */
export function checkPublicKey(v: unknown): PublicKeyData {
  const d = obj('login', 'responseData', v);
  const hex = /^[0-9A-Fa-f]+$/;
  const m = str('login', 'publicKeyModulus', d.publicKeyModulus);
  if (!hex.test(m) || m.length < 64 || m.length > 2048) badField('login', 'publicKeyModulus', 'must be 64-2048 hex digits', m);
  const e = str('login', 'publicKeyExponent', d.publicKeyExponent);
  if (!hex.test(e) || e.length > 16) badField('login', 'publicKeyExponent', 'must be a short hex number', e);
  const pem = str('login', 'publicKeyPem', d.publicKeyPem);
  if (!pem.includes('-----BEGIN ')) badField('login', 'publicKeyPem', 'must be a PEM text', pem);
  return d as unknown as PublicKeyData;
}

/** Checks the login reply's session description; `requested` is the protocol version asked for. */
export function checkSessionInfo(v: unknown, requested: number): SessionInfo {
  const w = 'login';
  const d = obj(w, 'responseData', v);
  const id = d.sessionId;
  if (!(typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) && !(typeof id === 'string' && /^\d{1,20}$/.test(id))) badField(w, 'sessionId', 'must be a non-negative integer', id);
  const pv = count(w, 'protocolVersion', d.protocolVersion);
  if (pv < 1 || pv > requested) badField(w, 'protocolVersion', `must be 1..${requested} (requested ${requested})`, pv);
  if (d.maxDataMessageSize !== undefined && count(w, 'maxDataMessageSize', d.maxDataMessageSize) < 1024) badField(w, 'maxDataMessageSize', 'must be at least 1024', d.maxDataMessageSize);
  for (const k of ['maxIdentifierLength', 'maxVarcharLength']) if (d[k] !== undefined) count(w, k, d[k]);
  for (const k of ['releaseVersion', 'databaseName', 'productName', 'identifierQuoteString', 'timeZone', 'timeZoneBehavior']) optStr(w, k, d[k]);
  return d as unknown as SessionInfo;
}

/** Checks a column description: a string name and a known or at least well-formed data type. */
function checkColumn(where: string, field: string, v: unknown): ColumnInfo {
  const c = obj(where, field, v);
  str(where, `${field}.name`, c.name);
  const t = obj(where, `${field}.dataType`, c.dataType) as Partial<DataType> & Obj;
  const type = str(where, `${field}.dataType.type`, t.type);
  for (const k of ['precision', 'scale', 'size', 'fraction', 'srid']) if (t[k] !== undefined) count(where, `${field}.dataType.${k}`, t[k]);
  if (type === 'DECIMAL') {
    const p = t.precision ?? 18;
    const s = t.scale ?? 0;
    if (p < 1 || p > 36 || s > p) badField(where, `${field}.dataType`, 'must be a DECIMAL with precision 1..36 and scale 0..precision', `DECIMAL(${p},${s})`);
  } else if (!(DATA_TYPE_NAMES as readonly string[]).includes(type) && !/^[A-Z][A-Z0-9 ]*$/.test(type)) {
    badField(where, `${field}.dataType.type`, 'must be a type name', type);
  }
  return c as unknown as ColumnInfo;
}

/** Checks a list of column descriptions (`numColumns` entries when given). */
export function checkColumns(where: string, field: string, v: unknown, numColumns?: number): ColumnInfo[] {
  if (!Array.isArray(v)) badField(where, field, 'must be an array', v);
  if (numColumns !== undefined && v.length !== numColumns) badField(where, field, `must have numColumns (${numColumns}) entries`, v);
  for (let i = 0; i < v.length; i++) checkColumn(where, `${field}[${i}]`, v[i]);
  return v as ColumnInfo[];
}

/**
 * Checks column-major `data`: `width` arrays of exactly `rows` values each. With `rows` 0 the
 * data may be absent. Returns the arrays (empty ones when absent).
 */
export function checkData(where: string, field: string, v: unknown, width: number, rows: number): unknown[][] {
  if (v === undefined || v === null) {
    if (rows === 0 || width === 0) return [];
    badField(where, field, `must hold ${rows} rows`, v);
  }
  if (!Array.isArray(v) || (v.length !== width && !(rows === 0 && v.length === 0))) badField(where, field, `must be an array of ${width} columns`, v);
  for (let c = 0; c < v.length; c++) {
    const col = v[c];
    if (!Array.isArray(col) || col.length !== rows) badField(where, `${field}[${c}]`, `must be an array of ${rows} values`, col);
  }
  return v as unknown[][];
}

/** Checks one result set header and its inline data shape. */
function checkResultSet(where: string, field: string, v: unknown): ResultSet {
  const rs = obj(where, field, v);
  const numColumns = count(where, `${field}.numColumns`, rs.numColumns);
  checkColumns(where, `${field}.columns`, rs.columns, numColumns);
  const numRows = count(where, `${field}.numRows`, rs.numRows);
  const inline = count(where, `${field}.numRowsInMessage`, rs.numRowsInMessage);
  if (inline > numRows) badField(where, `${field}.numRowsInMessage`, `must not exceed numRows (${numRows})`, inline);
  const h = rs.resultSetHandle;
  if (h !== undefined && (count(where, `${field}.resultSetHandle`, h) === 0 || (h as number) > 0x7fffffff)) badField(where, `${field}.resultSetHandle`, 'must be a positive integer', h);
  if (inline < numRows && h === undefined) badField(where, `${field}.resultSetHandle`, `is required for ${numRows} rows with ${inline} inline`);
  checkData(where, `${field}.data`, rs.data, numColumns, inline);
  return rs as unknown as ResultSet;
}

/** Checks a `results` array (execute, executeBatch, executePreparedStatement, metadata commands). */
export function checkResults(v: unknown, where: string, expected?: number): Result[] {
  const d = obj(where, 'responseData', v);
  const results = d.results;
  if (!Array.isArray(results) || results.length === 0) badField(where, 'results', 'must be a non-empty array', results);
  if (expected !== undefined && results.length !== expected) badField(where, 'results', `must have ${expected} entries`, results);
  if (d.numResults !== undefined && count(where, 'numResults', d.numResults) !== results.length) badField(where, 'numResults', `must equal the number of results (${results.length})`, d.numResults);
  for (let i = 0; i < results.length; i++) checkResult(where, `results[${i}]`, results[i]);
  return results as Result[];
}

function checkResult(where: string, field: string, v: unknown): void {
  const r = obj(where, field, v);
  if (r.resultType === 'rowCount') count(where, `${field}.rowCount`, r.rowCount);
  else if (r.resultType === 'resultSet') checkResultSet(where, `${field}.resultSet`, r.resultSet);
  else badField(where, `${field}.resultType`, 'must be "rowCount" or "resultSet"', r.resultType);
}

/** Checks a fetch reply for a result of `width` columns with `remaining` rows left to read. */
export function checkFetch(v: unknown, width: number, remaining: number): FetchData & { data: unknown[][] } {
  const d = obj('fetch', 'responseData', v);
  const n = count('fetch', 'numRows', d.numRows);
  if (n === 0 || n > remaining) badField('fetch', 'numRows', `must be 1..${remaining} (the rows left)`, n);
  return { numRows: n, data: checkData('fetch', 'data', d.data, width, n) };
}
