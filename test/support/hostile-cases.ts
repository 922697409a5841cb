// The case table of test/sdk-hostile.test.ts: one misbehaviour at one phase, the operation to run
// and the outcome the SDK contract demands.
import {
  binaryReply, closeFrame, corruptZlib, duplicate, frozen, invalidUtf8, late, maskedFrame, nested, oversizedFrame,
  plainText, replyWith, reservedOpcode, rsvBits, silence, tcpReset, transform, truncated, unsolicited, zlibBombReply, zlibInvalidUtf8,
} from './hostile-acts';
import { CATALOGUE, countsReply, errorReply, fetchReply, oneColumnReply, SESSION_ID } from './hostile-replies';
import type { Misbehaviour, Phase } from './hostile-server';

/**
 * What a case runs after `connect()`: `connect` (nothing more), `query` (SELECT SMALL, inline),
 * `queryBig` (query() over 2500 rows with fetches), `rows` (async iteration over them), `query$`
 * (the Observable over them), `prepared` (query with a bind parameter), `execute` (row count),
 * `close` (query, then close()), `idle` (execute, pause, then a follow-up execute), the `abort*`
 * operations (AbortSignal before/while executing, between fetches, while fetching).
 */
export type Op =
  | 'connect' | 'query' | 'queryBig' | 'rows' | 'query$' | 'prepared' | 'execute' | 'close' | 'idle'
  | 'abortBefore' | 'abortExecute' | 'abortBetween' | 'abortFetch';

/** Error class names of the SDK, or `ok` for a success. */
export type Outcome = 'ok' | 'ConnectionError' | 'TimeoutError' | 'ProtocolError' | 'AuthError' | 'SqlError' | 'AbortError';

/** One row of the table. */
export interface HostileCase {
  name: string;
  phase?: Phase;
  act?: Misbehaviour;
  nth?: number;
  op: Op;
  expect: Outcome;
  /** Log in with an access token instead of user/password. */
  token?: boolean;
  compression?: boolean;
  connectTimeout?: number;
  commandTimeout?: number;
  idleTimeout?: number;
  /** Milliseconds the operation may take to settle (default 2000). */
  bound?: number;
  /** For `ok`: checks the value the operation returned. */
  check?: (value: unknown) => void;
  /** For SqlError: the expected sqlCode. */
  sqlCode?: string;
  /** The session must still work afterwards (a query returns its 3 rows). */
  usableAfter?: boolean;
}

/** The password used by every case (scanned for in every error). */
export const PASSWORD = 'Pw-7f3a9c-SECRET-do-not-leak';
/** The access token used by token cases (scanned for in every error). */
export const TOKEN = 'tok-5b1e2d-SECRET-do-not-leak';

const SMALL_OK = (expected: (i: number) => Record<string, unknown>) => (v: unknown) => {
  const rows = (v as { rows: Record<string, unknown>[] }).rows;
  if (rows.length !== 3) throw new Error(`expected 3 rows, got ${rows.length}`);
  for (let i = 0; i < 3; i++) {
    const want = expected(i);
    for (const k of Object.keys(want)) {
      if (rows[i]![k] !== want[k]) throw new Error(`row ${i} ${k}: expected ${String(want[k])} (${typeof want[k]}), got ${String(rows[i]![k])} (${typeof rows[i]![k]})`);
    }
  }
};

const BIG_COUNT = (n: number) => (v: unknown) => {
  const r = v as { count: number; last: Record<string, unknown> | undefined };
  if (r.count !== n) throw new Error(`expected ${n} rows, got ${r.count}`);
  if (r.last?.BIGV !== 900719925474099300n + BigInt(n - 1)) throw new Error(`last BIGV wrong: ${String(r.last?.BIGV)}`);
};

const RS = (body: string) => `{"status":"ok","responseData":{"numResults":1,"results":[{"resultType":"resultSet","resultSet":${body}}]}}`;
const DEC0 = '{"type":"DECIMAL","precision":18,"scale":0}';
const DEC2 = '{"type":"DECIMAL","precision":18,"scale":2}';
const BIG = CATALOGUE['SELECT BIG']!;

/** The hostile cases. `expectedRow` is passed in so the table stays data. */
export function hostileCases(expectedRow: (i: number) => Record<string, unknown>): HostileCase[] {
  const cases: HostileCase[] = [
    // --- positive controls ---
    { name: 'ok: inline result, exact typed values (DECIMAL(18,0) beyond 2^53 as bigint)', op: 'query', expect: 'ok', check: SMALL_OK(expectedRow) },
    { name: 'ok: session info with exact 19-digit sessionId', op: 'connect', expect: 'ok', check: (v) => {
      const info = v as { sessionId: string; releaseVersion: string; protocolVersion: number };
      if (info.sessionId !== SESSION_ID || info.releaseVersion !== '8.29.11' || info.protocolVersion !== 3) throw new Error(`bad info ${JSON.stringify(info)}`);
    } },
    { name: 'ok: compressed session, rows() over 2500 rows with fetches', op: 'rows', compression: true, expect: 'ok', check: BIG_COUNT(2500) },
    { name: 'ok: compressed session, query$ over 2500 rows', op: 'query$', compression: true, expect: 'ok', check: BIG_COUNT(2500) },
    { name: 'ok: compressed session, inline result exact', op: 'query', compression: true, expect: 'ok', check: SMALL_OK(expectedRow) },
    { name: 'ok: token login', op: 'query', token: true, expect: 'ok', check: SMALL_OK(expectedRow) },
    { name: 'ok: prepared query with a bind parameter', op: 'prepared', expect: 'ok', check: SMALL_OK(expectedRow) },
    { name: 'ok: execute returns the row count', op: 'execute', expect: 'ok', check: (v) => { if (v !== 3) throw new Error(`row count ${String(v)}`); } },
    { name: 'ok: late reply within commandTimeout', phase: 'execute', act: late(300), op: 'query', expect: 'ok', check: SMALL_OK(expectedRow) },
    { name: 'ok: Pongs keep a slow command alive under idleTimeout', phase: 'execute', act: late(1500, 150), op: 'query', commandTimeout: 0, idleTimeout: 800, bound: 2600, expect: 'ok', check: SMALL_OK(expectedRow) },
    { name: 'ok: plain JSON text frame in a compressed session', phase: 'execute', act: plainText(), op: 'query', compression: true, expect: 'ok', check: SMALL_OK(expectedRow) },
    { name: 'ok: query() over 2500 rows', op: 'queryBig', expect: 'ok', check: BIG_COUNT(2500) },

    // --- the server answers R0003 / R0001 / SQL errors / auth errors ---
    { name: 'credentials: 08004 authentication failed -> AuthError', phase: 'credentials', act: replyWith(errorReply('08004', 'Connection exception - authentication failed.')), op: 'connect', expect: 'AuthError' },
    { name: 'token credentials: 08004 -> AuthError', phase: 'credentials', token: true, act: replyWith(errorReply('08004', 'Connection exception - authentication failed')), op: 'connect', expect: 'AuthError' },
    { name: 'login key: 08004 TLS required -> AuthError', phase: 'loginKey', act: replyWith(errorReply('08004', 'Connection exception - Only TLS connections are allowed.')), op: 'connect', expect: 'AuthError' },
    { name: 'credentials: 42000 schema not found -> SqlError', phase: 'credentials', act: replyWith(errorReply('42000', 'schema FOO not found [line 1, column 13]')), op: 'connect', expect: 'SqlError', sqlCode: '42000' },
    { name: 'execute: 42000 -> SqlError with sqlCode, session usable', phase: 'execute', act: replyWith(errorReply('42000', 'object T not found [line 1, column 15] (Session: 1)')), op: 'query', expect: 'SqlError', sqlCode: '42000', usableAfter: true },
    { name: 'execute: R0003 -> AbortError', phase: 'execute', act: replyWith(errorReply('R0003', 'Client requested execution abort.')), op: 'query', expect: 'AbortError', usableAfter: true },
    { name: 'execute: R0001 -> TimeoutError', phase: 'execute', act: replyWith(errorReply('R0001', 'Query terminated because timeout has been reached.')), op: 'execute', expect: 'TimeoutError', usableAfter: true },
    { name: 'fetch: 42000 -> SqlError', phase: 'fetch', act: replyWith(errorReply('42000', 'result set handle not found')), op: 'rows', expect: 'SqlError', sqlCode: '42000' },
    { name: 'executePreparedStatement: 22018 -> SqlError', phase: 'executePreparedStatement', act: replyWith(errorReply('22018', 'invalid character value for cast')), op: 'prepared', expect: 'SqlError', sqlCode: '22018' },

    // --- timeouts: silence, late replies, heartbeats ---
    { name: 'login key: silence -> TimeoutError (connectTimeout)', phase: 'loginKey', act: silence(), op: 'connect', expect: 'TimeoutError' },
    { name: 'credentials: silence -> TimeoutError (connectTimeout)', phase: 'credentials', act: silence(), op: 'connect', expect: 'TimeoutError' },
    { name: 'token credentials: silence -> TimeoutError', phase: 'credentials', token: true, act: silence(), op: 'connect', expect: 'TimeoutError' },
    { name: 'credentials: silence with Pongs -> TimeoutError', phase: 'credentials', act: silence(100), op: 'connect', expect: 'TimeoutError' },
    { name: 'post-login command: silence -> TimeoutError', phase: 'postLogin', act: silence(), op: 'execute', expect: 'TimeoutError' },
    { name: 'execute: silence -> TimeoutError (commandTimeout)', phase: 'execute', act: silence(), op: 'query', expect: 'TimeoutError' },
    { name: 'execute: silence with Pongs every 100 ms -> TimeoutError (commandTimeout)', phase: 'execute', act: silence(100), op: 'query', expect: 'TimeoutError' },
    { name: 'execute: silence, only idleTimeout set -> TimeoutError', phase: 'execute', act: silence(), op: 'query', commandTimeout: 0, idleTimeout: 800, bound: 1800, expect: 'TimeoutError' },
    { name: 'execute: reply after commandTimeout -> TimeoutError', phase: 'execute', act: late(1600), op: 'execute', expect: 'TimeoutError' },
    { name: 'fetch: silence -> TimeoutError', phase: 'fetch', act: silence(), op: 'rows', expect: 'TimeoutError' },
    { name: 'fetch: silence with Pongs -> TimeoutError', phase: 'fetch', act: silence(100), op: 'query$', expect: 'TimeoutError' },
    { name: 'closeResultSet: silence -> TimeoutError', phase: 'closeResultSet', act: silence(), op: 'queryBig', expect: 'TimeoutError' },
    { name: 'createPreparedStatement: silence -> TimeoutError', phase: 'createPreparedStatement', act: silence(), op: 'prepared', expect: 'TimeoutError' },
    // A hung server answers nothing, not even the close frame: a failed connect() must not wait for a graceful close.
    { name: 'login key: server hangs -> TimeoutError within connectTimeout', phase: 'loginKey', act: frozen(), op: 'connect', expect: 'TimeoutError', bound: 1600 },
    { name: 'credentials: server hangs -> TimeoutError within connectTimeout', phase: 'credentials', act: frozen(), op: 'connect', expect: 'TimeoutError', bound: 1600 },
    { name: 'token credentials: server hangs -> TimeoutError within connectTimeout', phase: 'credentials', token: true, act: frozen(), op: 'connect', expect: 'TimeoutError', bound: 1600 },
    { name: 'post-login getAttributes: server hangs -> TimeoutError within connectTimeout', phase: 'postLogin', act: frozen(), op: 'connect', expect: 'TimeoutError', bound: 1600 },
    { name: 'execute: server hangs -> TimeoutError (commandTimeout)', phase: 'execute', act: frozen(), op: 'query', expect: 'TimeoutError' },
    { name: 'disconnect: silence -> close() still resolves', phase: 'disconnect', act: silence(), op: 'close', expect: 'ok', bound: 3500 },

    // --- aborts by AbortSignal ---
    { name: 'signal aborted before execute -> AbortError, session usable', op: 'abortBefore', expect: 'AbortError', usableAfter: true },
    { name: 'signal aborts a running execute -> AbortError, session usable', phase: 'execute', act: late(5000), op: 'abortExecute', expect: 'AbortError', usableAfter: true },
    { name: 'signal aborts between fetches -> AbortError, session usable', op: 'abortBetween', expect: 'AbortError', usableAfter: true },
    { name: 'signal aborts a running fetch -> AbortError, session usable', phase: 'fetch', act: late(5000), op: 'abortFetch', expect: 'AbortError', usableAfter: true },
  ];

  // --- the connection closes or resets at every phase ---
  const lost: [string, Phase, HostileCase['op'], Partial<HostileCase>?][] = [
    ['login key', 'loginKey', 'connect'],
    ['token login key', 'loginKey', 'connect', { token: true }],
    ['credentials', 'credentials', 'connect'],
    ['token credentials', 'credentials', 'connect', { token: true }],
    ['post-login command', 'postLogin', 'execute'],
    ['execute', 'execute', 'query'],
    ['fetch', 'fetch', 'rows'],
    ['second fetch', 'fetch', 'query$', { nth: 2 }],
    ['closeResultSet', 'closeResultSet', 'queryBig'],
    ['createPreparedStatement', 'createPreparedStatement', 'prepared'],
    ['executePreparedStatement', 'executePreparedStatement', 'prepared'],
    ['idle session', 'idle', 'idle'],
  ];
  for (const [label, phase, op, extra] of lost) {
    cases.push({ name: `${label}: close frame -> ConnectionError`, phase, act: closeFrame(), op, expect: 'ConnectionError', ...extra });
    cases.push({ name: `${label}: TCP reset -> ConnectionError`, phase, act: tcpReset(), op, expect: 'ConnectionError', ...extra });
  }
  cases.push({ name: 'disconnect: close frame -> close() resolves', phase: 'disconnect', act: closeFrame(), op: 'close', expect: 'ok' });
  cases.push({ name: 'disconnect: TCP reset -> close() resolves', phase: 'disconnect', act: tcpReset(), op: 'close', expect: 'ok' });
  cases.push({ name: 'disconnect: malformed JSON -> close() resolves', phase: 'disconnect', act: replyWith('{"status":'), op: 'close', expect: 'ok' });

  // --- unreadable or wrongly shaped replies -> ProtocolError ---
  const P = (name: string, phase: Phase, act: Misbehaviour, op: Op, extra: Partial<HostileCase> = {}) =>
    cases.push({
      name: `${name} -> ${op === 'idle' ? 'ProtocolError drops the session, next call ConnectionError' : 'ProtocolError'}`,
      phase, act, op, expect: op === 'idle' ? 'ConnectionError' : 'ProtocolError', ...extra,
    });
  P('login key: truncated JSON', 'loginKey', truncated(), 'connect');
  P('login key: not a valid RSA key', 'loginKey', replyWith('{"status":"ok","responseData":{"publicKeyPem":"-----BEGIN RSA PUBLIC KEY-----\\nAAAA\\n-----END RSA PUBLIC KEY-----","publicKeyModulus":"00","publicKeyExponent":"010001"}}'), 'connect');
  P('login key: no responseData', 'loginKey', replyWith('{"status":"ok"}'), 'connect');
  P('login key: reply sent twice', 'loginKey', duplicate(), 'connect');
  P('login key: binary frame before login', 'loginKey', binaryReply(), 'connect');
  P('login key: frame header claims 300 MiB (limit 1 MiB before login)', 'loginKey', oversizedFrame(300), 'connect');
  P('login key: 2 MiB text frame before login', 'loginKey', oversizedFrame(2), 'connect');
  P('credentials: malformed JSON', 'credentials', replyWith('{"status":"ok","responseData":{"protocolVersion":3,,}}'), 'connect');
  P('token credentials: malformed JSON', 'credentials', replyWith('{"status":"ok",responseData}'), 'connect', { token: true });
  P('credentials: login reply without sessionId', 'credentials', transform((t) => t.replace(`"sessionId":${SESSION_ID},`, '')), 'connect');
  P('credentials: login reply without protocolVersion', 'credentials', transform((t) => t.replace(/"protocolVersion":\d+,/, '')), 'connect');
  P('credentials: 100,000 nested arrays in a field', 'credentials', transform((t) => t.replace('"releaseVersion"', `"deep":${nested(100_000)},"releaseVersion"`)), 'connect');
  P('post-login command: truncated JSON', 'postLogin', truncated(), 'execute');
  P('post-login command: reply is an array', 'postLogin', replyWith('[1,2,3]'), 'execute');
  P('execute: truncated JSON', 'execute', truncated(), 'query');
  P('execute: malformed JSON', 'execute', replyWith('{"status":"ok",,"responseData":{}}'), 'query');
  P('execute: reply is a string', 'execute', replyWith('"ok"'), 'query');
  P('execute: reply is null', 'execute', replyWith('null'), 'execute');
  P('execute: status missing', 'execute', transform((t) => t.replace('"status":"ok",', '')), 'query');
  P('execute: unknown status', 'execute', transform((t) => t.replace('"status":"ok"', '"status":"maybe"')), 'query');
  P('execute: error without exception', 'execute', replyWith('{"status":"error"}'), 'query');
  P('execute: results missing', 'execute', replyWith('{"status":"ok","responseData":{"numResults":1}}'), 'query');
  P('execute: results null', 'execute', replyWith('{"status":"ok","responseData":{"numResults":1,"results":null}}'), 'query');
  P('execute: results not an array', 'execute', replyWith('{"status":"ok","responseData":{"numResults":1,"results":{"0":1}}}'), 'execute');
  P('execute: resultSet null', 'execute', replyWith('{"status":"ok","responseData":{"numResults":1,"results":[{"resultType":"resultSet","resultSet":null}]}}'), 'query');
  P('execute: columns not an array', 'execute', replyWith(RS(`{"numColumns":1,"numRows":1,"numRowsInMessage":1,"columns":{"name":"ID"},"data":[[1]]}`)), 'query');
  P('execute: column without dataType', 'execute', replyWith(RS(`{"numColumns":1,"numRows":1,"numRowsInMessage":1,"columns":[{"name":"ID"}],"data":[[1]]}`)), 'query');
  P('execute: rowCount "x"', 'execute', replyWith('{"status":"ok","responseData":{"numResults":1,"results":[{"resultType":"rowCount","rowCount":"x"}]}}'), 'execute');
  P('execute: numRows "many"', 'execute', replyWith(countsReply('"many"', '2', ['1', '2'])), 'query');
  P('execute: numRows -1', 'execute', replyWith(countsReply('-1', '0', [])), 'query');
  P('execute: numRows 1.5', 'execute', replyWith(countsReply('1.5', '1', ['1'])), 'query');
  P('execute: numRows 1e400', 'execute', replyWith(countsReply('1e400', '1', ['1'])), 'query');
  P('execute: numRowsInMessage > numRows', 'execute', replyWith(countsReply('2', '3', ['1', '2', '3'])), 'query');
  P('execute: data column longer than the row count', 'execute', replyWith(countsReply('2', '2', ['1', '2', '3'])), 'query');
  P('execute: data column shorter than the row count', 'execute', replyWith(countsReply('3', '3', ['1', '2'])), 'query');
  P('execute: 100,000 nested arrays as a value', 'execute', replyWith(countsReply('1', '1', [nested(100_000)])), 'query');
  P('execute: reply sent twice', 'execute', duplicate(), 'idle');
  P('fetch: truncated JSON', 'fetch', truncated(), 'rows');
  P('fetch: 0 rows', 'fetch', replyWith('{"status":"ok","responseData":{"numRows":0,"data":[[],[],[],[],[]]}}'), 'rows');
  P('fetch: more rows than remain', 'fetch', replyWith(fetchReply(BIG, 1500, 2500)), 'queryBig', { nth: 3 });
  P('fetch: numRows -1', 'fetch', replyWith('{"status":"ok","responseData":{"numRows":-1,"data":[[],[],[],[],[]]}}'), 'rows');
  P('fetch: data columns shorter than numRows', 'fetch', transform((t) => t.replace('[1,2,', '[2,')), 'query$');
  // The next fetch goes out from the row count in a reply's first bytes; the parsed reply (the last key wins) must agree.
  P('fetch: first bytes say 7 rows, the parsed reply more', 'fetch', transform((t) => t.replace('"numRows":', '"numRows":7,"numRows":')), 'rows');
  P('fetch: first bytes say 7 rows, the parsed reply more (query$)', 'fetch', transform((t) => t.replace('"numRows":', '"numRows":7,"numRows":')), 'query$');
  P('fetch: 100,000 nested arrays', 'fetch', transform((t) => t.replace('[1,2,', `[${nested(100_000)},2,`)), 'rows');
  P('closeResultSet: malformed JSON', 'closeResultSet', replyWith('{"status":"ok"'), 'queryBig');
  P('createPreparedStatement: no statementHandle', 'createPreparedStatement', replyWith('{"status":"ok","responseData":{"numResults":1,"results":[{"resultType":"rowCount","rowCount":0}]}}'), 'prepared');
  P('executePreparedStatement: truncated JSON', 'executePreparedStatement', truncated(), 'prepared');

  // --- values that do not fit their column type ---
  const V = (name: string, dataType: string, tokens: string[], op: Op = 'query') =>
    P(`bad value: ${name}`, op === 'prepared' ? 'executePreparedStatement' : 'execute', replyWith(oneColumnReply(dataType, tokens)), op);
  V('DOUBLE holding "abc"', '{"type":"DOUBLE"}', ['1.5', '"abc"']);
  V('DOUBLE holding 1e400', '{"type":"DOUBLE"}', ['1e400']);
  V('DECIMAL(18,2) holding "12.345"', DEC2, ['"1.5"', '"12.345"']);
  V('DECIMAL(18,2) holding "1e5"', DEC2, ['"1e5"']);
  V('DECIMAL(18,2) holding the number 12.5', DEC2, ['12.5']);
  V('DECIMAL(18,0) holding 1.5', DEC0, ['1', '1.5']);
  V('DECIMAL(18,0) holding 1e400', DEC0, ['1e400']);
  V('DECIMAL(18,0) holding "abc"', DEC0, ['"abc"'], 'prepared');
  V('TIMESTAMP "2024-13-45 99:99:99"', '{"type":"TIMESTAMP","withLocalTimeZone":false,"size":16}', ['"2024-13-45 99:99:99"']);
  V('DATE "2024-02-30x"', '{"type":"DATE","size":4}', ['"2024-02-30x"']);
  V('BOOLEAN "yes"', '{"type":"BOOLEAN"}', ['true', '"yes"']);
  P('bad value: DOUBLE "abc" in a fetched chunk', 'fetch', transform((t) => t.replace('[0.5,', '["abc",')), 'rows');

  // --- exact digits: an integer token beyond 2^53 that is not a DECIMAL(p<=18,0) value must not lend its digits to one ---
  const twoColumns = (first: string, firstToken: string, metaExtra = '') => RS(
    `{"numColumns":2,"numRows":1,"numRowsInMessage":1,"columns":[{"name":"X","dataType":${first}${metaExtra}},` +
    `{"name":"V","dataType":${DEC0}}],"data":[[${firstToken}],[9007199254740992]]}`,
  );
  const exactV = (x: number) => (v: unknown) => {
    const row = (v as { rows: Record<string, unknown>[] }).rows[0]!;
    if (row.X !== x || row.V !== 9007199254740992n) throw new Error(`got X ${String(row.X)}, V ${String(row.V)} (${typeof row.V})`);
  };
  cases.push({
    name: 'exact digits: a DOUBLE integer token 9007199254740993 before DECIMAL(18,0) 9007199254740992 (same double) -> each keeps its own',
    phase: 'execute', act: replyWith(twoColumns('{"type":"DOUBLE"}', '9007199254740993')), op: 'query', expect: 'ok', check: exactV(9007199254740992),
  });
  cases.push({
    name: 'exact digits: an unknown metadata field 9007199254740993 before DECIMAL(18,0) 9007199254740992 -> the value keeps its own',
    phase: 'execute', act: replyWith(twoColumns('{"type":"DOUBLE"}', '1.5', ',"comment":9007199254740993')), op: 'query', expect: 'ok', check: exactV(1.5),
  });
  cases.push({
    name: 'exact digits: a column of an unknown type holding 12345678901234567891 -> its exact digits, not a rounded number',
    phase: 'execute', act: replyWith(oneColumnReply('{"type":"FUTURE TYPE"}', ['12345678901234567891', '7'])), op: 'query', expect: 'ok',
    check: (v) => {
      const rows = (v as { rows: Record<string, unknown>[] }).rows;
      if (rows[0]!.V !== '12345678901234567891' || rows[1]!.V !== 7) throw new Error(`got ${String(rows[0]!.V)} (${typeof rows[0]!.V}), ${String(rows[1]!.V)}`);
    },
  });

  // --- frames ---
  P('execute: binary frame in an uncompressed session', 'execute', binaryReply(), 'query');
  P('compressed execute: flipped byte in the zlib body', 'execute', corruptZlib('flip'), 'query', { compression: true });
  P('compressed execute: wrong Adler-32 trailer', 'execute', corruptZlib('adler'), 'query', { compression: true });
  P('compressed execute: truncated zlib stream', 'execute', corruptZlib('truncate'), 'query', { compression: true });
  P('compressed execute: truncated JSON inside valid zlib', 'execute', truncated(), 'query', { compression: true });
  P('compressed execute: invalid UTF-8 inside valid zlib', 'execute', zlibInvalidUtf8(), 'query', { compression: true });
  P('compressed fetch: zlib bomb (1 MB -> 1100 MiB)', 'fetch', zlibBombReply(), 'rows', { compression: true });
  P('execute: frame header claims 300 MiB (after login)', 'execute', oversizedFrame(300), 'query');
  P('execute: reserved opcode 0x3', 'execute', reservedOpcode(), 'query');
  P('execute: RSV1 bit set', 'execute', rsvBits(), 'query');
  P('execute: masked server frame', 'execute', maskedFrame(), 'query');
  P('execute: invalid UTF-8 in a text frame', 'execute', invalidUtf8(), 'query');
  P('idle: unsolicited reply', 'idle', unsolicited(), 'idle');
  P('idle: unsolicited frame in a compressed session', 'idle', unsolicited('{"status":"ok"}'), 'idle', { compression: true });
  return cases;
}
