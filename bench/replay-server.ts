/**
 * A minimal Exasol WebSocket server for benchmarks: it speaks just enough of the protocol for real
 * clients (password login with an RSA-1024 key, attributes, execute of a benchmark query, the same
 * query through a prepared statement, fetch, close, disconnect) and answers `fetch` from pre-serialized frames (see ./chunks.ts), so the time
 * measured is the client's. It does not check passwords.
 *
 * Queries: any statement naming a known table (`SELECT * FROM BENCH_1M`) returns that result set
 * with a handle, `numRowsInMessage` 0 and no inline data (what real servers do for >= 1000 rows);
 * other statements return `rowCount` 0.
 *
 * Compression: a login with `useCompression: true` makes every later message a zlib binary frame
 * in both directions (the login reply itself stays plain); fetch replies come pre-compressed.
 * Latency: every reply of a connection can be held back by N ms (see {@link ReplayServerOptions.latencyMs}
 * and the `/latency/N` URL path), in order, on timers, so other connections are not blocked.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync, inflateSync } from 'node:zlib';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import { DEFAULT_ATTRIBUTES } from '../src/protocol';
import { BENCH_COLUMNS } from './dataset';
import { PrecomputedRows, TemplatedRows, zlibFrame, type Chunk, type RowSource } from './chunks';
import { delayedQueue } from './delay';

/** Tables the replay server knows by default: name -> row source. */
export function defaultTables(): Map<string, RowSource> {
  return new Map<string, RowSource>([
    ['BENCH_100K', new PrecomputedRows(100_000)],
    ['BENCH_1M', new PrecomputedRows(1_000_000)],
    ['BENCH_10M', new TemplatedRows(10_000_000)],
  ]);
}

/** Options of {@link startReplayServer}. */
export interface ReplayServerOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Loopback address to bind (default 127.0.0.1). */
  host?: string;
  /** Tables by upper-case name (default {@link defaultTables}). */
  tables?: Map<string, RowSource>;
  /** Pre-serialize every chunk of these tables for these `numBytes` (and compress them with `zlib`) before listening. */
  prepare?: { table: string; numBytes: number; zlib?: boolean }[];
  /**
   * Delay in ms of every reply (default 0), order kept. A connection whose URL path is
   * `/latency/N` gets N ms instead, so one server serves several latencies.
   */
  latencyMs?: number;
}

/** Counters of what the server did, to check that measurements hit the prepared frames. */
export interface ReplayStats {
  connections: number;
  executes: number;
  fetches: number;
  /** Bytes of fetch replies sent (compressed size for compressed sessions). */
  fetchBytes: number;
  /** Connections that logged in with compression. */
  compressedSessions: number;
}

/** A running replay server. */
export interface ReplayServer {
  /** `ws://127.0.0.1:<port>` */
  url: string;
  stats(): ReplayStats;
  /** Closes all connections and the listener. */
  close(): Promise<void>;
}

const LOGIN_INFO = {
  protocolVersion: 3,
  timeZone: 'UNIVERSAL',
  timeZoneBehavior: 'INVALID SHIFT AMBIGUOUS ST',
  maxDataMessageSize: 67108864,
  releaseVersion: '7.1.26',
  databaseName: 'BENCH',
  productName: 'EXASolution',
  maxIdentifierLength: 128,
  maxVarcharLength: 2000000,
  identifierQuoteString: '"',
};

function rsaKey(): { publicKeyPem: string; publicKeyModulus: string; publicKeyExponent: string } {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024, publicExponent: 0x10001 });
  const pem = publicKey.export({ type: 'pkcs1', format: 'pem' }).toString().trimEnd();
  const jwk = publicKey.export({ format: 'jwk' });
  const modulus = Buffer.from(jwk.n!, 'base64url').toString('hex').toUpperCase();
  return { publicKeyPem: pem, publicKeyModulus: modulus, publicKeyExponent: '010001' };
}

function errorFrame(text: string, sqlCode = '00000'): string {
  return JSON.stringify({ status: 'error', exception: { text, sqlCode } });
}

/** Finds the first known table name in a statement (identifiers compared upper-case, quotes ignored). */
function findTable(sql: string, tables: Map<string, RowSource>): RowSource | undefined {
  for (const word of sql.toUpperCase().match(/[A-Z0-9_]+/g) ?? []) {
    const t = tables.get(word);
    if (t) return t;
  }
  return undefined;
}

/**
 * Starts a replay server on 127.0.0.1 (port 0 by default). Preparation of the requested chunk sets
 * happens before it listens; other positions and sizes are cut (and compressed) on demand.
 */
export async function startReplayServer(options: ReplayServerOptions = {}): Promise<ReplayServer> {
  const tables = options.tables ?? defaultTables();
  for (const p of options.prepare ?? []) {
    const t = tables.get(p.table.toUpperCase());
    if (!t) throw new Error(`replay server: unknown table ${p.table}`);
    t.prepare(p.numBytes, p.zlib === true);
  }
  const key = rsaKey();
  const stats: ReplayStats = { connections: 0, executes: 0, fetches: 0, fetchBytes: 0, compressedSessions: 0 };
  let nextSession = 1750902846820319232n;

  const wss = new WebSocketServer({ host: options.host ?? '127.0.0.1', port: options.port ?? 0, perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });

  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    stats.connections++;
    const sessionId = nextSession++;
    const handles = new Map<number, RowSource>();
    /** Prepared statements: handle -> SQL text. */
    const prepared = new Map<number, string>();
    let nextHandle = 1;
    /** The reply to running `sql`: a result set with a handle (its rows come by fetch) when it names a known table, else a row count of 0. */
    const resultReply = (sql: string): string => {
      const table = findTable(sql, tables);
      if (!table) return '{"status":"ok","responseData":{"numResults":1,"results":[{"resultType":"rowCount","rowCount":0}]}}';
      const handle = nextHandle++;
      handles.set(handle, table);
      const resultSet = { resultSetHandle: handle, numColumns: BENCH_COLUMNS.length, numRows: table.totalRows, numRowsInMessage: 0, columns: BENCH_COLUMNS };
      return JSON.stringify({ status: 'ok', responseData: { numResults: 1, results: [{ resultType: 'resultSet', resultSet }] } });
    };
    let state: 'new' | 'credentials' | 'ready' = 'new';
    let compressed = false;
    const pathLatency = /^\/latency\/(\d+)\/?$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
    const later = delayedQueue(pathLatency ? Number(pathLatency[1]) : (options.latencyMs ?? 0));
    ws.on('close', () => later.cancel());
    /** Sends a reply (text, or a pre-serialized chunk) after the connection's latency. */
    const send = (s: string | Chunk) => {
      const frame = typeof s === 'string' ? (compressed ? deflateSync(s) : s) : compressed ? zlibFrame(s) : s.frame;
      const binary = compressed;
      later.run(() => ws.send(frame, { binary }));
      return frame.length;
    };

    ws.on('message', (raw: RawData, isBinary: boolean) => {
      if (isBinary !== compressed) {
        send(errorFrame(`replay server: a ${isBinary ? 'binary' : 'text'} frame in a ${compressed ? '' : 'un'}compressed session`));
        return;
      }
      let msg: Record<string, unknown>;
      try {
        const bytes = Buffer.isBuffer(raw) ? raw : Buffer.concat(Array.isArray(raw) ? raw : [Buffer.from(raw)]);
        msg = JSON.parse((compressed ? inflateSync(bytes) : bytes).toString()) as Record<string, unknown>;
      } catch {
        send(errorFrame('replay server: invalid JSON'));
        return;
      }
      if (state === 'credentials') {
        state = 'ready';
        send(`{"status":"ok","responseData":${JSON.stringify({ ...LOGIN_INFO, sessionId: 0 }).replace('"sessionId":0', `"sessionId":${sessionId}`)}}`);
        if (msg.useCompression === true) {
          compressed = true;
          stats.compressedSessions++;
        }
        return;
      }
      const command = msg.command;
      if (typeof command !== 'string') {
        send(errorFrame("JSON value '/command' is required, but was not provided."));
        return;
      }
      if (state === 'new') {
        if (command !== 'login') {
          send(errorFrame(`replay server: expected login, got ${command}`));
          return;
        }
        state = 'credentials';
        send(JSON.stringify({ status: 'ok', responseData: key }));
        return;
      }
      switch (command) {
        case 'getAttributes':
          send(JSON.stringify({ status: 'ok', attributes: DEFAULT_ATTRIBUTES }));
          return;
        case 'setAttributes':
          send('{"status":"ok"}');
          return;
        case 'execute':
          stats.executes++;
          send(resultReply(String(msg.sqlText ?? '')));
          return;
        case 'createPreparedStatement': {
          // a query through a prepared statement (the SDK's `query(sql, params)` and `sql` tag with values):
          // every `?` a DECIMAL(18,0) parameter; executing it returns what `execute` of the text would
          const sql = String(msg.sqlText ?? '');
          const statementHandle = nextHandle++;
          prepared.set(statementHandle, sql);
          const n = (sql.match(/\?/g) ?? []).length;
          const param = { name: '', dataType: { type: 'DECIMAL', precision: 18, scale: 0 } };
          const result = findTable(sql, tables)
            ? { resultType: 'resultSet', resultSet: { numColumns: BENCH_COLUMNS.length, numRows: 0, numRowsInMessage: 0, columns: BENCH_COLUMNS } }
            : { resultType: 'rowCount', rowCount: 0 };
          const parameterData = n > 0 ? { parameterData: { numColumns: n, columns: Array.from({ length: n }, () => param) } } : {};
          send(JSON.stringify({ status: 'ok', responseData: { statementHandle, ...parameterData, numResults: 1, results: [result] } }));
          return;
        }
        case 'executePreparedStatement': {
          const sql = prepared.get(Number(msg.statementHandle));
          if (sql === undefined) return send(errorFrame(`replay server: unknown statement handle ${String(msg.statementHandle)}`));
          stats.executes++;
          send(resultReply(sql));
          return;
        }
        case 'fetch': {
          const table = handles.get(Number(msg.resultSetHandle));
          const start = Number(msg.startPosition);
          const numBytes = Number(msg.numBytes);
          if (!table) return send(errorFrame(`replay server: unknown result set handle ${String(msg.resultSetHandle)}`));
          if (!Number.isInteger(start) || start < 0 || !Number.isInteger(numBytes) || numBytes <= 0) {
            return send(errorFrame('replay server: fetch needs integer startPosition >= 0 and numBytes > 0'));
          }
          const c = compressed ? table.zchunk(start, numBytes) : table.chunk(start, numBytes);
          stats.fetches++;
          stats.fetchBytes += send(c);
          return;
        }
        case 'closeResultSet': {
          const hs = Array.isArray(msg.resultSetHandles) ? msg.resultSetHandles : [];
          for (const h of hs) handles.delete(Number(h));
          send('{"status":"ok"}');
          return;
        }
        case 'closePreparedStatement':
          prepared.delete(Number(msg.statementHandle));
          send('{"status":"ok"}');
          return;
        case 'abortQuery':
          return; // never answered
        case 'disconnect':
          send('{"status":"ok"}');
          later.run(() => ws.close());
          return;
        default:
          send(errorFrame(`replay server: command ${command} is not supported`));
      }
    });
    ws.on('error', () => ws.terminate());
  });

  const port = (wss.address() as AddressInfo).port;
  return {
    url: `ws://${options.host ?? '127.0.0.1'}:${port}`,
    stats: () => ({ ...stats }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => resolve());
      }),
  };
}
