// Reply builders for the hostile fake Exasol server: login replies, result sets written as JSON
// text by hand (so 18-digit DECIMAL values travel as exact bare tokens), the scripted catalogue
// of statements the server knows, and cheap zlib payloads (corrupt streams, a zlib bomb).
import { generateKeyPairSync } from 'node:crypto';
import { constants as zc, deflateRawSync, deflateSync } from 'node:zlib';

/** The RSA-1024 public key the server hands out (made once per process; the server never decrypts). */
export interface ServerKey {
  /** PKCS#1 `BEGIN RSA PUBLIC KEY` PEM. */
  pem: string;
  /** Upper-case hex modulus (256 digits). */
  modulusHex: string;
}

let key: ServerKey | undefined;

/** Returns the per-process RSA-1024 key, generating it on first use. */
export function serverKey(): ServerKey {
  if (key !== undefined) return key;
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024, publicExponent: 0x10001 });
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string };
  key = {
    pem: publicKey.export({ type: 'pkcs1', format: 'pem' }).toString().trim(),
    modulusHex: Buffer.from(jwk.n, 'base64url').toString('hex').toUpperCase(),
  };
  return key;
}

/** The public-key reply to `{"command":"login"}`. */
export function loginKeyReply(): string {
  const k = serverKey();
  return `{"status":"ok","responseData":{"publicKeyPem":${JSON.stringify(k.pem)},"publicKeyModulus":"${k.modulusHex}","publicKeyExponent":"010001"}}`;
}

/** The session id every login gets: 19 digits, beyond 2^53, written as a bare JSON number. */
export const SESSION_ID = '1750902846820319232';

/** The login reply (session description) in the field order of a real server log. */
export function sessionInfoReply(protocolVersion: number): string {
  return (
    `{"status":"ok","responseData":{"protocolVersion":${protocolVersion},"timeZone":"UNIVERSAL",` +
    `"timeZoneBehavior":"INVALID SHIFT AMBIGUOUS ST","sessionId":${SESSION_ID},"maxDataMessageSize":67108864,` +
    `"releaseVersion":"8.29.11","databaseName":"HOSTILE","productName":"EXASolution","maxIdentifierLength":128,` +
    `"maxVarcharLength":2000000,"identifierQuoteString":"\\""}}`
  );
}

/** A plain `{"status":"ok"}` (loginToken, closeResultSet, closePreparedStatement, disconnect). */
export const OK = '{"status":"ok"}';

/** The session attributes `getAttributes` reports. */
export const ATTRIBUTES = '{"autocommit":true,"currentSchema":"","feedbackInterval":1,"queryTimeout":0,"openTransaction":0,"timezone":"UNIVERSAL"}';

/** An error reply with the given code and text. */
export function errorReply(sqlCode: string, text: string): string {
  return `{"status":"error","exception":{"text":${JSON.stringify(text)},"sqlCode":"${sqlCode}"}}`;
}

/** A row-count result of `execute` / `executePreparedStatement`. */
export function rowCountReply(n: number | string): string {
  return `{"status":"ok","responseData":{"numResults":1,"results":[{"resultType":"rowCount","rowCount":${n}}]}}`;
}

/** One result column: its name, its `dataType` JSON and the wire token (raw JSON text) of row `i`. */
export interface ColumnSpec {
  name: string;
  dataType: string;
  token(i: number): string;
}

/** A scripted result set: columns, row count, whether it is served through a handle, fetch size in rows. */
export interface ResultSpec {
  columns: ColumnSpec[];
  rows: number;
  /** True: handle with `numRowsInMessage` 0 and no data (the ≥ 1000-row form). False: all rows inline. */
  handle: boolean;
  /** Rows per fetch reply (default 1000). */
  rowsPerFetch?: number;
}

const q = (s: string) => JSON.stringify(s);
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The first value of the BIGV column: 18 digits, beyond 2^53. Row i holds BIG_BASE + i. */
export const BIG_BASE = 900719925474099300n;

/** Columns of every type the SDK must decode; row i has predictable values (see {@link expectedRow}). */
export const ALL_TYPES: ColumnSpec[] = [
  { name: 'ID', dataType: '{"type":"DECIMAL","precision":18,"scale":0}', token: (i) => String(i + 1) },
  { name: 'BIGV', dataType: '{"type":"DECIMAL","precision":18,"scale":0}', token: (i) => String(BIG_BASE + BigInt(i)) },
  { name: 'AMOUNT', dataType: '{"type":"DECIMAL","precision":18,"scale":2}', token: (i) => q(`${i}.25`) },
  { name: 'HUGE', dataType: '{"type":"DECIMAL","precision":36,"scale":0}', token: (i) => q(`12345678901234567890123456789012345${i % 10}`) },
  { name: 'D', dataType: '{"type":"DOUBLE"}', token: (i) => `${i}.5` },
  { name: 'NAME', dataType: '{"type":"VARCHAR","size":100,"characterSet":"UTF8"}', token: (i) => (i % 3 === 2 ? 'null' : q(`name-${i}`)) },
  { name: 'FLAG', dataType: '{"type":"BOOLEAN"}', token: (i) => (i % 2 === 0 ? 'true' : 'false') },
  { name: 'DAY', dataType: '{"type":"DATE","size":4}', token: (i) => q(`2024-01-${pad((i % 28) + 1)}`) },
  { name: 'TS', dataType: '{"type":"TIMESTAMP","withLocalTimeZone":false,"size":16}', token: (i) => q(`2024-06-18 17:${pad(i % 60)}:13.123000`) },
];

/** The decoded row `i` of {@link ALL_TYPES} as the SDK contract says it must come back. */
export function expectedRow(i: number): Record<string, unknown> {
  return {
    ID: i + 1,
    BIGV: BIG_BASE + BigInt(i),
    AMOUNT: `${i}.25`,
    HUGE: BigInt(`12345678901234567890123456789012345${i % 10}`),
    D: i + 0.5,
    NAME: i % 3 === 2 ? null : `name-${i}`,
    FLAG: i % 2 === 0,
    DAY: `2024-01-${pad((i % 28) + 1)}`,
    TS: `2024-06-18 17:${pad(i % 60)}:13.123000`,
  };
}

/** The statements the server knows (by their first two words); anything else is a row count of 3. */
export const CATALOGUE: Record<string, ResultSpec> = {
  'SELECT SMALL': { columns: ALL_TYPES, rows: 3, handle: false },
  'SELECT BIG': { columns: ALL_TYPES.slice(0, 5), rows: 2500, handle: true, rowsPerFetch: 1000 },
  'SELECT FUZZ': { columns: ALL_TYPES, rows: 12, handle: true, rowsPerFetch: 5 },
  'SELECT INLINE': { columns: ALL_TYPES, rows: 6, handle: false },
  // parallel reads of the cluster cases: 3 shares of 1000 rows, 4 fetches each
  'SELECT PAR': { columns: ALL_TYPES.slice(0, 5), rows: 3000, handle: true, rowsPerFetch: 300 },
};

/** Finds the scripted result of an SQL text. */
export function lookup(sql: unknown): ResultSpec | undefined {
  if (typeof sql !== 'string') return undefined;
  return CATALOGUE[sql.trim().split(/\s+/).slice(0, 2).join(' ').toUpperCase()];
}

/** Column-major `data` text of rows [from, to). */
export function dataText(columns: ColumnSpec[], from: number, to: number): string {
  return '[' + columns.map((c) => {
    const parts: string[] = [];
    for (let i = from; i < to; i++) parts.push(c.token(i));
    return '[' + parts.join(',') + ']';
  }).join(',') + ']';
}

/** The `columns` metadata array text. */
export function columnsText(columns: ColumnSpec[]): string {
  return '[' + columns.map((c) => `{"name":${q(c.name)},"dataType":${c.dataType}}`).join(',') + ']';
}

/** The `resultSet` object text of a scripted result (`handle` > 0 when served through fetch). */
export function resultSetText(spec: ResultSpec, handle: number): string {
  const head = `"numColumns":${spec.columns.length},"numRows":${spec.rows}`;
  if (spec.handle) return `{"resultSetHandle":${handle},${head},"numRowsInMessage":0,"columns":${columnsText(spec.columns)}}`;
  return `{${head},"numRowsInMessage":${spec.rows},"columns":${columnsText(spec.columns)},"data":${dataText(spec.columns, 0, spec.rows)}}`;
}

/** A whole `execute` reply for a scripted result. */
export function resultReply(spec: ResultSpec, handle: number): string {
  return `{"status":"ok","responseData":{"numResults":1,"results":[{"resultType":"resultSet","resultSet":${resultSetText(spec, handle)}}]}}`;
}

/** An inline one-column result whose values are the given raw JSON tokens (for bad-value cases). */
export function oneColumnReply(dataType: string, tokens: string[]): string {
  const col: ColumnSpec = { name: 'V', dataType, token: (i) => tokens[i]! };
  return resultReply({ columns: [col], rows: tokens.length, handle: false }, 0);
}

/** A `fetch` reply for rows [from, to) of a scripted result. */
export function fetchReply(spec: ResultSpec, from: number, to: number): string {
  return `{"status":"ok","responseData":{"numRows":${Math.max(0, to - from)},"data":${dataText(spec.columns, from, to)}}}`;
}

/** An inline reply of `numRows`/`numRowsInMessage` and explicit column arrays (bad-count cases). */
export function countsReply(numRows: string, numRowsInMessage: string, idColumn: string[]): string {
  return (
    `{"status":"ok","responseData":{"numResults":1,"results":[{"resultType":"resultSet","resultSet":{"numColumns":1,` +
    `"numRows":${numRows},"numRowsInMessage":${numRowsInMessage},"columns":[{"name":"ID","dataType":{"type":"DECIMAL","precision":18,"scale":0}}],` +
    `"data":[[${idColumn.join(',')}]]}}]}}`
  );
}

/** The `createPreparedStatement` reply: one DECIMAL(18,0) parameter per `?`, the result header for queries. */
export function preparedReply(handle: number, sql: string): string {
  const n = (sql.match(/\?/g) ?? []).length;
  const params = Array.from({ length: n }, () => '{"name":"","dataType":{"type":"DECIMAL","precision":18,"scale":0}}').join(',');
  const spec = lookup(sql);
  const result = spec === undefined
    ? '{"resultType":"rowCount","rowCount":0}'
    : `{"resultType":"resultSet","resultSet":{"numColumns":${spec.columns.length},"numRows":0,"numRowsInMessage":0,"columns":${columnsText(spec.columns)}}}`;
  const pd = n > 0 ? `"parameterData":{"numColumns":${n},"columns":[${params}]},` : '';
  return `{"status":"ok","responseData":{"statementHandle":${handle},${pd}"numResults":1,"results":[${result}]}}`;
}

// ---------------------------------------------------------------------------------------------
// zlib payloads

/** zlib stream (RFC 1950) of a text, as a compressed session sends it. */
export function zlibOf(text: string | Buffer): Buffer {
  return deflateSync(typeof text === 'string' ? Buffer.from(text, 'utf8') : text, { level: 1 });
}

/** A zlib stream with one byte of the deflate body flipped. */
export function zlibFlipped(text: string): Buffer {
  const b = zlibOf(text);
  b[Math.floor(b.length / 2)]! ^= 0xff;
  return b;
}

/** A zlib stream whose Adler-32 trailer is wrong (the body inflates fine). */
export function zlibBadAdler(text: string): Buffer {
  const b = zlibOf(text);
  b[b.length - 1]! ^= 0x55;
  return b;
}

/** A zlib stream cut in the middle. */
export function zlibTruncated(text: string): Buffer {
  const b = zlibOf(text);
  return b.subarray(0, Math.floor(b.length / 2));
}

let bomb: Buffer | undefined;

/**
 * A ~1 MB zlib stream that inflates to 1100 MiB of zero bytes, with a valid Adler-32. Made once:
 * one self-contained full-flushed deflate piece of 1 MiB of zeros, repeated, then a final empty
 * stored block and the trailer.
 */
export function zlibBomb(): Buffer {
  if (bomb !== undefined) return bomb;
  const MIB = 1 << 20;
  const pieces = 1100;
  const piece = deflateRawSync(Buffer.alloc(MIB), { level: 9, finishFlush: zc.Z_FULL_FLUSH });
  const total = BigInt(pieces) * BigInt(MIB);
  // Adler-32 of n zero bytes: a = 1, b = n mod 65521.
  const b = Number(total % 65521n);
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32BE(((b << 16) | 1) >>> 0);
  bomb = Buffer.concat([Buffer.from([0x78, 0xda]), ...Array.from({ length: pieces }, () => piece), Buffer.from([0x01, 0x00, 0x00, 0xff, 0xff]), trailer]);
  return bomb;
}
