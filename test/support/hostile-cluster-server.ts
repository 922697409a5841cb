// A fake Exasol cluster for hostile tests of the v4/v5 cluster features: N nodes (one listener each on
// 127.0.0.1..127.0.0.N, one port), main logins, `getHosts`, `requestParallelConnections` (v4+) and
// `enterParallel` (v1-v3), sub-logins checked for the exact group token and main session id, and
// parallel reads (`getResultSetHeader`, `getOffset`, `fetch` of each sub-connection's share). One
// misbehaviour (the acts of hostile-acts.ts) strikes at one phase on the main or a sub-connection.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { inflateSync } from 'node:zlib';
import { WebSocketServer, type WebSocket } from 'ws';
import { actContext, sendAs } from './hostile-context';
import type { ActContext, Misbehaviour } from './hostile-server';
import { columnsText, errorReply, fetchReply, loginKeyReply, lookup, OK, resultReply, rowCountReply, SESSION_ID, type ResultSpec } from './hostile-replies';

/** A command name, or a login step: `loginKey`/`credentials` (main), `subLoginKey`/`subCredentials` (sub). */
export type ClusterPhase = string;

/** One misbehaviour at the `nth` (1-based, counted over the matching connections) occurrence of a phase. */
export interface ClusterPlan {
  phase: ClusterPhase;
  act: Misbehaviour;
  /** Which connections: the main ones, the sub-connections (default), or any. */
  on?: 'main' | 'sub' | 'any';
  nth?: number;
}

/** The group token the server hands out: beyond 2^53, written as a bare JSON number. */
export const GROUP_TOKEN = '9007199254740993';

/** A running fake cluster. */
export interface HostileCluster {
  /** `ws://127.0.0.1:<port>` (node 0). */
  url: string;
  port: number;
  /** `command` per message received (`credentials` for login step 3), tagged `main:`/`sub<node>:`. */
  log: string[];
  /** How many misbehaviours fired. */
  fired(): number;
  /** Open connections of a kind (frozen ones left out). */
  count(kind: 'main' | 'sub'): number;
  /** Runs `fn` on every open connection of a kind (for failures between calls: reset, freeze, close). */
  each(kind: 'main' | 'sub', fn: (c: ActContext) => void): void;
  /** Closes everything; resolves when all is released. */
  close(): Promise<void>;
}

/** Options of {@link startHostileCluster}. */
export interface HostileClusterOptions {
  /** Cluster nodes (default 3). */
  nodes?: number;
  /** Highest protocol version (default 5). */
  maxProtocolVersion?: number;
  plan?: ClusterPlan;
  /** The raw `responseData` of getHosts in place of the true one. */
  hosts?: string;
}

interface Conn {
  ws: WebSocket;
  socket: Socket;
  node: number;
  kind: 'main' | 'sub' | undefined;
  version: number;
  compressed: boolean;
  autocommit: boolean;
  sessionId: string;
  /** For a sub-connection: its share of every result ([offset, length]). */
  share: number;
  group: Group | undefined;
  /** Frozen by a misbehaviour: it reads nothing more, so it cannot see the client leave. */
  frozen: boolean;
  timers: Set<ReturnType<typeof setTimeout>>;
}

interface Group {
  token: string;
  mainSessionId: string;
  granted: number;
  joined: number;
}

/** Starts the fake cluster. */
export async function startHostileCluster(options: HostileClusterOptions = {}): Promise<HostileCluster> {
  const nodes = options.nodes ?? 3;
  const max = options.maxProtocolVersion ?? 5;
  const plan = options.plan;
  let fired = 0;
  let done = false;
  const counts = new Map<string, number>();
  const log: string[] = [];
  const conns = new Set<Conn>();
  const results = new Map<number, ResultSpec>();
  let nextHandle = 1;
  let nextSession = 0n;
  let group: Group | undefined;
  const servers: Server[] = [];
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 64 << 20 });
  let port = 0;
  for (let n = 0; n < nodes; n++) {
    const http = createServer((_req, res) => res.writeHead(426).end());
    http.on('upgrade', (req: IncomingMessage, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => accept(ws, socket as Socket, n)));
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(port, `127.0.0.${n + 1}`, resolve);
    });
    port = (http.address() as AddressInfo).port;
    servers.push(http);
  }

  function accept(ws: WebSocket, socket: Socket, node: number): void {
    const c: Conn = { ws, socket, node, kind: undefined, version: 1, compressed: false, autocommit: true, sessionId: '', share: 0, group: undefined, frozen: false, timers: new Set() };
    conns.add(c);
    socket.on('error', () => {});
    ws.on('error', () => {});
    ws.on('close', () => {
      for (const t of c.timers) clearTimeout(t), clearInterval(t);
      conns.delete(c);
    });
    let creds = false;
    ws.on('message', (data, isBinary) => {
      const buf = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
      let text: string;
      let msg: Record<string, unknown>;
      try {
        text = (isBinary ? inflateSync(buf) : buf).toString('utf8');
        msg = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return send(c, errorReply('00000', 'unreadable message'));
      }
      const command = typeof msg.command === 'string' ? msg.command : creds ? 'credentials' : 'unknown';
      creds = command === 'login' || command === 'loginToken' || command === 'subLogin' || command === 'subLoginToken';
      log.push(`${c.kind === 'sub' || command.startsWith('sub') ? `sub${c.node}` : 'main'}:${command}`);
      onMessage(c, command, msg, text);
    });
  }

  const send = sendAs;

  function context(c: Conn, normal: string | undefined): ActContext {
    return actContext(c, normal, {
      freeze: () => {
        c.frozen = true;
        c.socket.pause();
      },
      later: (ms, fn) => {
        const t = setTimeout(() => {
          c.timers.delete(t);
          fn();
        }, ms);
        c.timers.add(t);
      },
    });
  }

  /** Sends `normal` unless the plan strikes now; `after` runs only when the normal reply went out. */
  function answer(c: Conn, phase: string, normal: string, after?: () => void): void {
    const kind = c.kind ?? (phase.startsWith('sub') ? 'sub' : 'main');
    if (plan !== undefined && !done && plan.phase === phase && (plan.on ?? 'sub') !== (kind === 'sub' ? 'main' : 'sub')) {
      const seen = (counts.get(phase) ?? 0) + 1;
      counts.set(phase, seen);
      if (seen === (plan.nth ?? 1)) {
        done = true;
        fired++;
        return plan.act(context(c, normal));
      }
    }
    send(c, normal);
    after?.();
  }

  function loginInfo(c: Conn): string {
    return (
      `{"status":"ok","responseData":{"protocolVersion":${c.version},"timeZone":"UNIVERSAL","timeZoneBehavior":"INVALID SHIFT AMBIGUOUS ST",` +
      `"sessionId":${c.sessionId},"maxDataMessageSize":67108864,"releaseVersion":"${max >= 4 ? '8.32.0' : '8.29.11'}","databaseName":"HOSTILE",` +
      `"productName":"EXASolution","maxIdentifierLength":128,"maxVarcharLength":2000000,"identifierQuoteString":"\\""}}`
    );
  }

  function onMessage(c: Conn, command: string, msg: Record<string, unknown>, text: string): void {
    const v = typeof msg.protocolVersion === 'number' ? Math.max(1, Math.min(msg.protocolVersion, max)) : 1;
    switch (command) {
      case 'login':
      case 'loginToken':
        c.kind = 'main';
        c.version = v;
        return answer(c, 'loginKey', command === 'login' ? loginKeyReply() : OK);
      case 'subLogin':
      case 'subLoginToken':
        c.kind = 'sub';
        c.version = v;
        return answer(c, 'subLoginKey', command === 'subLogin' ? loginKeyReply() : OK);
      case 'credentials': {
        c.sessionId = String(BigInt(SESSION_ID) + nextSession++);
        const compress = msg.useCompression === true;
        if (c.kind === 'main') return answer(c, 'credentials', loginInfo(c), () => (c.compressed = compress));
        // the exact digits of the token and the main session id, read from the raw text
        const token = /"token"\s*:\s*(\d+)/.exec(text)?.[1];
        const main = /"sessionId"\s*:\s*(\d+)/.exec(text)?.[1];
        const g = group;
        if (g === undefined || token !== g.token || (c.version >= 4 && main !== g.mainSessionId) || g.joined >= g.granted) {
          return answer(c, 'subCredentials', errorReply('08004', 'Connection exception - authentication failed.'));
        }
        c.share = g.joined++;
        c.group = g;
        c.compressed = [...conns].some((m) => m.kind === 'main' && m.sessionId === g.mainSessionId && m.compressed);
        // the reply goes out uncompressed: it answers an uncompressed message
        const z = c.compressed;
        c.compressed = false;
        answer(c, 'subCredentials', loginInfo(c));
        c.compressed = z;
        return;
      }
    }
    const normal = reply(c, command, msg);
    answer(c, command, normal, command === 'disconnect' ? () => c.ws.close(1000) : undefined);
  }

  function attributes(c: Conn): string {
    return `{"autocommit":${c.autocommit},"currentSchema":"","feedbackInterval":1,"queryTimeout":0,"openTransaction":0,"timezone":"UNIVERSAL"}`;
  }

  /** [offset, length] of share `i` of `n` over `rows`. */
  function shareOf(rows: number, i: number, n: number): [number, number] {
    const from = Math.floor((i * rows) / n);
    return [from, Math.floor(((i + 1) * rows) / n) - from];
  }

  function reply(c: Conn, command: string, msg: Record<string, unknown>): string {
    const handle = (msg.resultSetHandle ?? (msg.resultSetHandles as number[] | undefined)?.[0]) as number;
    const spec = results.get(handle);
    switch (command) {
      case 'getAttributes':
        return `{"status":"ok","attributes":${attributes(c)}}`;
      case 'setAttributes': {
        const a = msg.attributes as { autocommit?: unknown } | undefined;
        if (typeof a?.autocommit === 'boolean') c.autocommit = a.autocommit;
        return `{"status":"ok","attributes":${attributes(c)}}`;
      }
      case 'getHosts':
        return `{"status":"ok","responseData":${options.hosts ?? `{"numNodes":${nodes},"nodes":[${Array.from({ length: nodes }, (_, i) => `"127.0.0.${i + 1}"`).join(',')}]}`}}`;
      case 'requestParallelConnections':
      case 'enterParallel': {
        const n = Math.min(Number(msg.numRequestedConnections), nodes);
        group = { token: GROUP_TOKEN, mainSessionId: c.sessionId, granted: n, joined: 0 };
        const list = command === 'enterParallel' ? `,"nodes":[${Array.from({ length: n }, (_, i) => `"127.0.0.${i + 1}:${port}"`).join(',')}]` : '';
        return `{"status":"ok","responseData":{"numOpenConnections":${n},"token":${GROUP_TOKEN}${list}}}`;
      }
      case 'execute': {
        const s = lookup(msg.sqlText);
        if (s === undefined) return rowCountReply(0);
        const h = s.handle ? nextHandle++ : 0;
        if (s.handle) results.set(h, s);
        return resultReply(s, h);
      }
      case 'getResultSetHeader': {
        if (spec === undefined || c.group === undefined) return errorReply('00000', 'result set handle not found');
        const [, len] = shareOf(spec.rows, c.share, c.group.granted);
        return `{"status":"ok","responseData":{"numResults":1,"results":[{"resultType":"resultSet","resultSet":{"resultSetHandle":${handle},"numColumns":${spec.columns.length},"numRows":${len},"numRowsInMessage":0,"columns":${columnsText(spec.columns)}}}]}}`;
      }
      case 'getOffset':
        if (spec === undefined || c.group === undefined) return errorReply('00000', 'result set handle not found');
        return `{"status":"ok","responseData":{"rowOffset":${shareOf(spec.rows, c.share, c.group.granted)[0]}}}`;
      case 'fetch': {
        if (spec === undefined) return errorReply('00000', 'result set handle not found');
        const [off, len] = c.kind === 'sub' && c.group !== undefined ? shareOf(spec.rows, c.share, c.group.granted) : [0, spec.rows];
        const from = Number(msg.startPosition);
        return fetchReply(spec, off + from, off + Math.min(len, from + (spec.rowsPerFetch ?? 1000)));
      }
      case 'closeResultSet':
        if (c.kind === 'main') results.delete(handle);
        return OK;
      case 'disconnect':
        return OK;
      default:
        return errorReply('00000', `unknown command ${command}`);
    }
  }

  const kindOf = (kind: 'main' | 'sub') => [...conns].filter((c) => c.kind === kind && !c.frozen);
  return {
    url: `ws://127.0.0.1:${port}`,
    port,
    log,
    fired: () => fired,
    count: (kind) => kindOf(kind).length,
    each: (kind, fn) => kindOf(kind).forEach((c) => fn(context(c, undefined))),
    close: async () => {
      for (const c of conns) {
        for (const t of c.timers) clearTimeout(t), clearInterval(t);
        c.socket.destroy();
      }
      wss.close();
      await Promise.all(servers.map((h) => new Promise<void>((resolve) => {
        h.closeAllConnections();
        h.close(() => resolve());
      })));
    },
  };
}
