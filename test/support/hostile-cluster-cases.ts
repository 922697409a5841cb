// The case table of test/sdk-hostile-cluster.test.ts: one misbehaviour of the fake cluster
// (hostile-cluster-server.ts) at one phase of opening sub-connections or of a parallel read, the
// operation to run and the outcome the SDK contract demands.
import { closeFrame, duplicate, frozen, late, replyWith, silence, tcpReset, transform, truncated } from './hostile-acts';
import { CATALOGUE, fetchReply } from './hostile-replies';
import type { ClusterPlan } from './hostile-cluster-server';

/**
 * What a case runs after `connect()`: `open` (openSubConnections, then close the group), `read`
 * (parallel query of SELECT PAR in result order), `arrival` (the same in arrival order, rows
 * sorted by ID), `rows` (parallel rows() iteration), `abortOpen`/`abortRead` (the same with a signal
 * aborted after 300 ms).
 */
export type ClusterOp = 'open' | 'read' | 'arrival' | 'rows' | 'abortOpen' | 'abortRead';

/** Error class names, or `ok`. */
export type ClusterOutcome = 'ok' | 'ConnectionError' | 'TimeoutError' | 'ProtocolError' | 'AuthError' | 'SqlError' | 'AbortError';

/** One row of the table. */
export interface ClusterCase {
  name: string;
  plan?: ClusterPlan;
  op: ClusterOp;
  expect: ClusterOutcome;
  /** Highest protocol version of the fake cluster (default 5; 3 = enterParallel). */
  maxProtocolVersion?: number;
  /** The raw getHosts `responseData`. */
  hosts?: string;
  compression?: boolean;
  token?: boolean;
  /** Milliseconds the operation may take (default 2000). */
  bound?: number;
  /** The error's message or its cause's must say this. */
  says?: RegExp;
  /** Checks the value of an `ok` case. */
  check?: (value: unknown) => void;
}

const PAR = CATALOGUE['SELECT PAR']!;
/** Rows in SELECT PAR. */
export const PAR_ROWS = PAR.rows;
const HOSTS = (n: number | string, list: string[]) => `{"numNodes":${n},"nodes":[${list.join(',')}]}`;
const RPC = 'requestParallelConnections';
const HEADER = 'getResultSetHeader';
/** The first 18-digit integer token of a text, rewritten by `fn`. */
const firstBig = (fn: (d: string) => string) => transform((t) => t.replace(/(?<=[[,])(\d{18})(?=[,\]])/, (d) => fn(d)));

/** The cluster cases. `exact` checks a full SELECT PAR result (count, order and exact values). */
export function clusterCases(exact: (v: unknown) => void): ClusterCase[] {
  const group3 = (v: unknown) => {
    const g = v as { size: number; token: string; via: string };
    if (g.size !== 3 || g.token !== '9007199254740993') throw new Error(`group: size ${g.size}, token ${g.token}`);
  };
  const cases: ClusterCase[] = [
    // --- positive controls: the fake cluster is honest ---
    { name: 'ok: v5 openSubConnections, 3 nodes, exact token', op: 'open', expect: 'ok', check: group3 },
    { name: 'ok: v5 parallel read, result order, exact values beyond 2^53', op: 'read', expect: 'ok', check: exact },
    { name: 'ok: v5 compressed parallel read, arrival order', op: 'arrival', compression: true, expect: 'ok', check: exact },
    { name: 'ok: v5 token login, parallel rows()', op: 'rows', token: true, expect: 'ok', check: exact },
    { name: 'ok: v3 enterParallel read', op: 'read', maxProtocolVersion: 3, expect: 'ok', check: exact },
    { name: 'ok: getHosts lists one node three times -> one sub-connection, exact values', op: 'read', hosts: HOSTS(3, ['"127.0.0.1"', '"127.0.0.1"', '"127.0.0.1"']), expect: 'ok', check: exact },

    // --- getHosts lies ---
    { name: 'getHosts: no nodes -> ProtocolError', op: 'read', hosts: HOSTS(0, []), expect: 'ProtocolError' },
    { name: 'getHosts: numNodes 3, one node listed -> ProtocolError', op: 'open', hosts: HOSTS(3, ['"127.0.0.1"']), expect: 'ProtocolError' },
    { name: 'getHosts: numNodes 1e300 -> ProtocolError', op: 'open', hosts: HOSTS('1e300', ['"127.0.0.1"']), expect: 'ProtocolError' },
    { name: 'getHosts: nodes are numbers -> ProtocolError', op: 'open', hosts: HOSTS(2, ['1', '2']), expect: 'ProtocolError' },
    { name: 'getHosts: a host name instead of an IP -> ProtocolError (nothing resolved)', op: 'open', hosts: HOSTS(1, ['"evil.invalid"']), expect: 'ProtocolError' },
    { name: 'getHosts: an IP with a path (URL injection) -> ProtocolError', op: 'open', hosts: HOSTS(1, ['"127.0.0.1/x?y="']), expect: 'ProtocolError' },
    { name: 'getHosts: ip:port instead of a bare IP -> ProtocolError', op: 'open', hosts: HOSTS(1, ['"127.0.0.1:1"']), expect: 'ProtocolError' },
    { name: 'getHosts: IPv4 octet 999 -> ConnectionError (invalid URL, nothing resolved)', op: 'open', hosts: HOSTS(1, ['"127.0.0.999"']), expect: 'ConnectionError' },
    {
      name: 'getHosts: 5000 copies of one node -> asks for one sub-connection, not 5000',
      op: 'open', hosts: HOSTS(5000, Array.from({ length: 5000 }, () => '"127.0.0.1"')), expect: 'ok',
      check: (v) => {
        if ((v as { size: number }).size !== 1) throw new Error(`size ${(v as { size: number }).size}`);
      },
    },
    { name: 'getHosts: ok without responseData -> ProtocolError', op: 'open', plan: { phase: 'getHosts', on: 'main', act: replyWith('{"status":"ok"}') }, expect: 'ProtocolError' },

    // --- the group grant lies ---
    { name: `${RPC}: more sub-connections than asked -> ProtocolError`, op: 'open', plan: { phase: RPC, on: 'main', act: transform((t) => t.replace(/"numOpenConnections":\d+/, '"numOpenConnections":4')) }, expect: 'ProtocolError' },
    { name: `${RPC}: 0 granted -> ConnectionError`, op: 'open', plan: { phase: RPC, on: 'main', act: transform((t) => t.replace(/"numOpenConnections":\d+/, '"numOpenConnections":0')) }, expect: 'ConnectionError' },
    { name: `${RPC}: token missing -> ProtocolError`, op: 'open', plan: { phase: RPC, on: 'main', act: transform((t) => t.replace(/,"token":\d+/, '')) }, expect: 'ProtocolError' },
    { name: `${RPC}: token negative -> ProtocolError`, op: 'open', plan: { phase: RPC, on: 'main', act: transform((t) => t.replace(/"token":/, '"token":-')) }, expect: 'ProtocolError' },
    { name: `${RPC}: token 1.5 -> ProtocolError`, op: 'open', plan: { phase: RPC, on: 'main', act: transform((t) => t.replace(/"token":\d+/, '"token":1.5')) }, expect: 'ProtocolError' },
    { name: `${RPC}: token of 30 digits -> ProtocolError`, op: 'open', plan: { phase: RPC, on: 'main', act: transform((t) => t.replace(/"token":\d+/, '"token":123456789012345678901234567890')) }, expect: 'ProtocolError' },
    { name: `${RPC}: another token than the sub-logins need -> AuthError`, op: 'open', plan: { phase: RPC, on: 'main', act: transform((t) => t.replace(/"token":\d+/, '"token":9007199254740992')) }, expect: 'AuthError' },
    { name: `${RPC}: silence -> TimeoutError`, op: 'open', plan: { phase: RPC, on: 'main', act: silence() }, expect: 'TimeoutError' },
    { name: 'enterParallel: port 99999 -> ConnectionError (invalid URL)', op: 'open', maxProtocolVersion: 3, plan: { phase: 'enterParallel', on: 'main', act: transform((t) => t.replace(/:\d+"/, ':99999"')) }, expect: 'ConnectionError' },
    { name: 'enterParallel: port 0 -> ConnectionError (refused)', op: 'open', maxProtocolVersion: 3, plan: { phase: 'enterParallel', on: 'main', act: transform((t) => t.replace(/:\d+"/, ':0"')) }, expect: 'ConnectionError' },
    { name: 'enterParallel: a host name -> ProtocolError', op: 'open', maxProtocolVersion: 3, plan: { phase: 'enterParallel', on: 'main', act: transform((t) => t.replace(/127\.0\.0\.1/, 'evil.invalid')) }, expect: 'ProtocolError' },
    { name: 'enterParallel: fewer nodes than granted -> ProtocolError', op: 'open', maxProtocolVersion: 3, plan: { phase: 'enterParallel', on: 'main', act: transform((t) => t.replace(/"nodes":\["[^"]*",/, '"nodes":[')) }, expect: 'ProtocolError' },

    // --- sub-logins ---
    { name: 'subLogin: refused (08004) -> AuthError, all sub-connections closed', op: 'open', plan: { phase: 'subCredentials', nth: 2, act: replyWith('{"status":"error","exception":{"text":"Connection exception - authentication failed.","sqlCode":"08004"}}') }, expect: 'AuthError' },
    { name: 'subLogin: key step frozen -> TimeoutError within connectTimeout', op: 'open', plan: { phase: 'subLoginKey', nth: 2, act: frozen() }, expect: 'TimeoutError', bound: 2500 },
    { name: 'subLogin: credentials unanswered (Pongs) -> TimeoutError', op: 'open', plan: { phase: 'subCredentials', act: silence(100) }, expect: 'TimeoutError', bound: 2500 },
    { name: 'subLogin: key reply without a key -> ProtocolError', op: 'open', plan: { phase: 'subLoginKey', act: replyWith('{"status":"ok","responseData":{}}') }, expect: 'ProtocolError' },
    { name: 'subLogin: reply without sessionId -> ProtocolError', op: 'open', plan: { phase: 'subCredentials', act: transform((t) => t.replace(/"sessionId":\d+,/, '')) }, expect: 'ProtocolError' },
    { name: 'subLogin: socket reset at the key step -> ConnectionError', op: 'open', plan: { phase: 'subLoginKey', nth: 3, act: tcpReset() }, expect: 'ConnectionError' },
    { name: 'subLoginToken: close frame -> ConnectionError', op: 'open', token: true, plan: { phase: 'subLoginKey', act: closeFrame() }, expect: 'ConnectionError' },

    // --- one node's share lies ---
    { name: `${HEADER}: other scale -> ProtocolError`, op: 'read', plan: { phase: HEADER, nth: 2, act: transform((t) => t.replace('"precision":18,"scale":0', '"precision":18,"scale":3')) }, expect: 'ProtocolError' },
    { name: `${HEADER}: column renamed -> ProtocolError`, op: 'read', plan: { phase: HEADER, act: transform((t) => t.replace('"name":"BIGV"', '"name":"OTHER"')) }, expect: 'ProtocolError' },
    { name: `${HEADER}: one column fewer -> ProtocolError`, op: 'read', plan: { phase: HEADER, act: transform((t) => t.replace(/,\{"name":"D"[^}]*\}\}/, '').replace('"numColumns":5', '"numColumns":4')) }, expect: 'ProtocolError' },
    { name: `${HEADER}: one row more -> ProtocolError`, op: 'read', plan: { phase: HEADER, act: transform((t) => t.replace(/"numRows":(\d+)/, (_, d: string) => `"numRows":${Number(d) + 1}`)) }, expect: 'ProtocolError' },
    { name: `${HEADER}: a row count (not a result set) -> ProtocolError`, op: 'read', plan: { phase: HEADER, act: replyWith('{"status":"ok","responseData":{"numResults":1,"results":[{"resultType":"rowCount","rowCount":5}]}}') }, expect: 'ProtocolError' },
    { name: 'getOffset: shifted by one -> ProtocolError', op: 'read', plan: { phase: 'getOffset', nth: 2, act: transform((t) => t.replace(/"rowOffset":(\d+)/, (_, d: string) => `"rowOffset":${Number(d) + 1}`)) }, expect: 'ProtocolError' },
    { name: 'getOffset: -1 -> ProtocolError', op: 'read', plan: { phase: 'getOffset', act: transform((t) => t.replace(/"rowOffset":\d+/, '"rowOffset":-1')) }, expect: 'ProtocolError' },
    { name: 'getOffset: 2^60 -> ProtocolError', op: 'read', plan: { phase: 'getOffset', act: transform((t) => t.replace(/"rowOffset":\d+/, '"rowOffset":1152921504606846976')) }, expect: 'ProtocolError' },
    { name: 'fetch: more rows than the share -> ProtocolError', op: 'read', plan: { phase: 'fetch', act: replyWith(fetchReply(PAR, 0, 1001)) }, expect: 'ProtocolError' },
    { name: 'fetch: 0 rows -> ProtocolError (no hang)', op: 'rows', plan: { phase: 'fetch', nth: 3, act: replyWith('{"status":"ok","responseData":{"numRows":0,"data":[[],[],[],[],[]]}}') }, expect: 'ProtocolError' },
    { name: 'fetch: numRows says more than the data holds -> ProtocolError', op: 'read', plan: { phase: 'fetch', nth: 2, act: transform((t) => t.replace(/"numRows":(\d+)/, (_, d: string) => `"numRows":${Number(d) + 1}`)) }, expect: 'ProtocolError' },
    { name: 'fetch: one column missing -> ProtocolError', op: 'arrival', plan: { phase: 'fetch', act: transform((t) => t.replace(/,\[[^[\]]*\]\]\}\}$/, ']}}')) }, expect: 'ProtocolError' },
    { name: 'fetch: DECIMAL(18,0) beyond 2^53 as 9.007...e17 -> ProtocolError, not a rounded value', op: 'read', plan: { phase: 'fetch', nth: 4, act: firstBig((d) => `${d[0]}.${d.slice(1)}e17`) }, expect: 'ProtocolError' },
    { name: 'fetch: DECIMAL(18,0) beyond 2^53 as a string -> exact value', op: 'read', plan: { phase: 'fetch', nth: 2, act: firstBig((d) => `"${d}"`) }, expect: 'ok', check: exact },
    { name: 'fetch: keys out of order (data before numRows, status last) -> exact values', op: 'read', plan: { phase: 'fetch', nth: 2, act: transform((t) => { const m = /^\{"status":"ok","responseData":\{"numRows":(\d+),"data":(.*)\}\}$/s.exec(t)!; return `{"responseData":{"data":${m[2]},"numRows":${m[1]}},"status":"ok"}`; }) }, expect: 'ok', check: exact },
    { name: 'fetch: decoy big integers before the data -> exact values', op: 'read', plan: { phase: 'fetch', nth: 3, act: transform((t) => t.replace('"responseData":{', '"responseData":{"x":[[9007199254740993,9007199254740995]],"data0":[[1]],')) }, expect: 'ok', check: exact },
    { name: 'fetch: the first share answers late -> exact values, result order kept', op: 'read', plan: { phase: 'fetch', act: late(300) }, expect: 'ok', check: exact },

    // --- a node fails mid-read ---
    { name: 'fetch: close frame mid-read -> ConnectionError, main usable', op: 'read', plan: { phase: 'fetch', nth: 5, act: closeFrame() }, expect: 'ConnectionError' },
    { name: 'fetch: TCP reset mid-read (arrival) -> ConnectionError', op: 'arrival', plan: { phase: 'fetch', nth: 4, act: tcpReset() }, expect: 'ConnectionError' },
    { name: 'fetch: frozen mid-read -> TimeoutError within commandTimeout', op: 'rows', plan: { phase: 'fetch', nth: 6, act: frozen() }, expect: 'TimeoutError', bound: 3000 },
    { name: 'fetch: silence with Pongs -> TimeoutError', op: 'read', plan: { phase: 'fetch', nth: 2, act: silence(100) }, expect: 'TimeoutError', bound: 3000 },
    { name: 'fetch: truncated JSON -> ProtocolError', op: 'read', plan: { phase: 'fetch', nth: 3, act: truncated() }, expect: 'ProtocolError' },
    { name: 'fetch: compressed share sends a cut plain text frame -> ProtocolError', op: 'read', compression: true, plan: { phase: 'fetch', act: (c) => c.sendText('{"status":"ok"') }, expect: 'ProtocolError' },
    { name: `${HEADER}: frozen -> TimeoutError`, op: 'read', plan: { phase: HEADER, act: frozen() }, expect: 'TimeoutError', bound: 3000 },
    { name: 'subLogin: reply with protocolVersion 9 -> ProtocolError', op: 'open', plan: { phase: 'subCredentials', act: transform((t) => t.replace(/"protocolVersion":\d+/, '"protocolVersion":9')) }, expect: 'ProtocolError' },
    { name: 'subLogin: maxDataMessageSize 1 -> the big fetch replies fail typed (ProtocolError)', op: 'read', plan: { phase: 'subCredentials', act: transform((t) => t.replace(/"maxDataMessageSize":\d+/, '"maxDataMessageSize":1')) }, expect: 'ProtocolError' },
    { name: 'fetch: the reply twice -> ConnectionError saying why, no row read twice', op: 'read', plan: { phase: 'fetch', nth: 2, act: duplicate() }, expect: 'ConnectionError', says: /no reply was expected/ },
    { name: 'getOffset: an unsolicited reply after it -> ConnectionError saying why', op: 'read', plan: { phase: 'getOffset', act: (c) => { c.send(c.normal!); c.send(c.normal!); } }, expect: 'ConnectionError', says: /no reply was expected/ },
    { name: `${HEADER}: 42000 error reply -> SqlError, main usable`, op: 'read', plan: { phase: HEADER, nth: 3, act: replyWith('{"status":"error","exception":{"text":"no such result","sqlCode":"42000"}}') }, expect: 'SqlError' },
    { name: 'closeResultSet: a share frozen after a complete read -> rows exact, returned within the timeouts', op: 'read', plan: { phase: 'closeResultSet', act: frozen() }, expect: 'ok', check: exact, bound: 3000 },
    { name: 'signal aborts a sub-login stuck at its key step -> AbortError at once', op: 'abortOpen', plan: { phase: 'subLoginKey', nth: 2, act: frozen() }, expect: 'AbortError', bound: 800 },
    // The share's fetch in flight is not cut (fetches carry no signal): the clean-up behind it waits for commandTimeout.
    { name: 'signal aborts a read whose share answers late -> AbortError within commandTimeout, main usable', op: 'abortRead', plan: { phase: 'fetch', nth: 2, act: late(5000) }, expect: 'AbortError', bound: 1500 },
    { name: 'main: closes during the parallel execute -> ConnectionError', op: 'read', plan: { phase: 'execute', on: 'main', act: closeFrame() }, expect: 'ConnectionError' },
  ];
  return cases;
}
