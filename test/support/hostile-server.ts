// A small fake Exasol server for hostile tests: behaves like a real server for what the SDK needs
// (password and token login, compression, attributes, execute/fetch/close, prepared statements,
// abortQuery, disconnect), and can be told to misbehave in exactly one way at one phase.
// Raw WebSocket frames are written straight to the TCP socket (the server owns the upgrade).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { inflateSync } from 'node:zlib';
import { WebSocketServer, type WebSocket } from 'ws';
import { actContext, sendAs } from './hostile-context';
import {
  ATTRIBUTES, errorReply, fetchReply, loginKeyReply, lookup, OK, preparedReply, resultReply, rowCountReply,
  sessionInfoReply, type ResultSpec,
} from './hostile-replies';

/**
 * Where a misbehaviour strikes: the login key step (`login`/`loginToken`), the credentials
 * (login reply), the first command after login whatever it is (`postLogin`), the n-th command
 * after login (`afterLogin`), a named command, or `idle` (shortly after the first `execute` was
 * answered, while no command is outstanding).
 */
export type Phase =
  | 'loginKey' | 'credentials' | 'postLogin' | 'afterLogin' | 'idle'
  | 'execute' | 'fetch' | 'closeResultSet' | 'disconnect' | 'getAttributes' | 'setAttributes'
  | 'createPreparedStatement' | 'executePreparedStatement' | 'closePreparedStatement';

/** What a misbehaviour can do instead of (or around) the normal reply. */
export interface ActContext {
  /** The reply a real server would send now (`undefined` in the idle phase). */
  normal: string | undefined;
  /** True when the session is compressed (replies are zlib binary frames). */
  compressed: boolean;
  /** Sends a message as the session would: zlib binary when compressed, text otherwise. */
  send(text: string): void;
  /** Sends a text frame whatever the session mode. */
  sendText(text: string): void;
  /** Sends a binary frame. */
  sendBinary(bytes: Buffer): void;
  /** Writes raw bytes to the TCP socket (hand-made WebSocket frames). */
  sendRaw(bytes: Buffer): void;
  /** Closes with a close frame. */
  close(code?: number, reason?: string): void;
  /** Resets the TCP connection. */
  reset(): void;
  /** Stops reading the socket for good (a hung server: nothing is answered, not even a close frame; TCP stays open). */
  freeze(): void;
  /** Sends Pong heartbeats every `ms` until the connection ends. */
  pongEvery(ms: number): void;
  /** Runs `fn` after `ms`; an `abortQuery` meanwhile cancels it and answers R0003 instead. */
  later(ms: number, fn: () => void): void;
}

/** A misbehaviour: acts in place of the normal reply. */
export type Misbehaviour = (ctx: ActContext) => void;

/** One misbehaviour at one phase (`nth`: 1-based occurrence of the phase, default 1). */
export interface Plan {
  phase: Phase;
  act: Misbehaviour;
  nth?: number;
}

/** A running hostile server. */
export interface HostileServer {
  /** `ws://127.0.0.1:<port>`. */
  url: string;
  /** Commands received (the `command` field, `credentials` for the login message), all connections. */
  log: string[];
  /** Sets the plan for connections accepted from now on (`undefined`: behave). */
  arm(plan: Plan | undefined): void;
  /** How many misbehaviours fired. */
  fired(): number;
  /** Closes every connection and the listener; resolves when all is released. */
  close(): Promise<void>;
}

/** Options of {@link startHostileServer}. */
export interface HostileServerOptions {
  /** The misbehaviour for the connections (default: none, behave like a real server). */
  plan?: Plan;
  /** Highest protocol version accepted (default 3). */
  maxProtocolVersion?: number;
  /** Milliseconds after the first answered `execute` at which an `idle` plan fires (default 50). */
  idleDelayMs?: number;
}

interface Conn {
  ws: WebSocket;
  socket: Socket;
  plan: Plan | undefined;
  done: boolean;
  counts: Map<string, number>;
  afterLogin: number;
  loggedIn: boolean;
  compressed: boolean;
  handles: Map<number, ResultSpec>;
  nextHandle: number;
  timers: Set<ReturnType<typeof setTimeout>>;
  pending: { timer: ReturnType<typeof setTimeout> } | undefined;
  version: number;
  prepared: Map<number, string>;
}

/** Starts a fake Exasol server on 127.0.0.1 with a free port. */
export async function startHostileServer(options: HostileServerOptions = {}): Promise<HostileServer> {
  let plan = options.plan;
  let fired = 0;
  const log: string[] = [];
  const conns = new Set<Conn>();
  const http: Server = createServer((_req, res) => res.writeHead(426).end());
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 256 << 20 });
  http.on('upgrade', (req: IncomingMessage, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, socket as Socket));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;

  function accept(ws: WebSocket, socket: Socket): void {
    const c: Conn = {
      ws, socket, plan, done: false, counts: new Map(), afterLogin: 0, loggedIn: false, compressed: false,
      handles: new Map(), nextHandle: 1, timers: new Set(), pending: undefined, version: 1, prepared: new Map(),
    };
    conns.add(c);
    socket.on('error', () => {});
    ws.on('error', () => {});
    ws.on('close', () => {
      for (const t of c.timers) clearTimeout(t), clearInterval(t);
      c.timers.clear();
      conns.delete(c);
    });
    ws.on('message', (data, isBinary) => {
      let msg: Record<string, unknown>;
      try {
        const buf = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
        msg = JSON.parse((isBinary ? inflateSync(buf) : buf).toString('utf8')) as Record<string, unknown>;
      } catch {
        send(c, errorReply('00000', 'unreadable message'));
        return;
      }
      onMessage(c, msg);
    });
  }

  const send = sendAs;

  function context(c: Conn, normal: string | undefined): ActContext {
    return actContext(c, normal, {
      freeze: () => c.socket.pause(),
      later: (ms, fn) => {
        const timer = setTimeout(() => {
          c.timers.delete(timer);
          c.pending = undefined;
          fn();
        }, ms);
        c.timers.add(timer);
        c.pending = { timer };
      },
    });
  }

  /** Answers `normal`, unless the plan strikes at one of `phases` now. */
  function answer(c: Conn, phases: Phase[], normal: string | undefined, after?: () => void): void {
    const p = c.plan;
    if (p !== undefined && !c.done && phases.includes(p.phase)) {
      const key = p.phase === 'afterLogin' ? 'afterLogin' : p.phase;
      const seen = p.phase === 'afterLogin' ? c.afterLogin : (c.counts.get(key) ?? 0);
      if (seen === (p.nth ?? 1)) {
        c.done = true;
        fired++;
        p.act(context(c, normal));
        return;
      }
    }
    if (normal !== undefined) send(c, normal);
    after?.();
  }

  function onMessage(c: Conn, msg: Record<string, unknown>): void {
    const command = typeof msg.command === 'string' ? msg.command : 'credentials';
    log.push(command);
    if (command === 'abortQuery') {
      if (c.pending !== undefined) {
        clearTimeout(c.pending.timer);
        c.timers.delete(c.pending.timer);
        c.pending = undefined;
        send(c, errorReply('R0003', 'Client requested execution abort.'));
      }
      return;
    }
    const phases: Phase[] = [];
    const count = (k: string) => c.counts.set(k, (c.counts.get(k) ?? 0) + 1);
    if (command === 'login' || command === 'loginToken') {
      count('loginKey');
      phases.push('loginKey');
      const v = typeof msg.protocolVersion === 'number' ? msg.protocolVersion : 1;
      c.version = Math.max(1, Math.min(v, options.maxProtocolVersion ?? 3));
      return answer(c, phases, command === 'login' ? loginKeyReply() : OK);
    }
    if (command === 'credentials') {
      count('credentials');
      const version = c.version;
      const compress = msg.useCompression === true;
      return answer(c, ['credentials'], sessionInfoReply(version), () => {
        c.loggedIn = true;
        c.compressed = compress;
      });
    }
    c.afterLogin++;
    count(command);
    if (c.afterLogin === 1) count('postLogin');
    phases.push('afterLogin', command as Phase);
    if (c.afterLogin === 1) phases.push('postLogin');
    const normal = replyTo(c, command, msg);
    const after = command === 'disconnect' ? () => c.ws.close(1000) : command === 'execute' ? () => armIdle(c) : undefined;
    answer(c, phases, normal, after);
  }

  function armIdle(c: Conn): void {
    const p = c.plan;
    if (p === undefined || p.phase !== 'idle' || c.done) return;
    c.done = true;
    const t = setTimeout(() => {
      c.timers.delete(t);
      fired++;
      p.act(context(c, undefined));
    }, options.idleDelayMs ?? 50);
    c.timers.add(t);
  }

  function replyTo(c: Conn, command: string, msg: Record<string, unknown>): string {
    switch (command) {
      case 'getAttributes':
      case 'setAttributes':
        return `{"status":"ok","attributes":${ATTRIBUTES}}`;
      case 'execute':
        return executeReply(c, msg.sqlText);
      case 'fetch': {
        const spec = c.handles.get(msg.resultSetHandle as number);
        if (spec === undefined) return errorReply('00000', 'result set handle not found');
        const from = Number(msg.startPosition);
        const to = Math.min(spec.rows, from + (spec.rowsPerFetch ?? 1000));
        return fetchReply(spec, from, to);
      }
      case 'closeResultSet':
        for (const h of (msg.resultSetHandles as number[] | undefined) ?? []) c.handles.delete(h);
        return OK;
      case 'createPreparedStatement': {
        const h = c.nextHandle++;
        c.prepared.set(h, String(msg.sqlText));
        return preparedReply(h, String(msg.sqlText));
      }
      case 'executePreparedStatement': {
        const sql = c.prepared.get(msg.statementHandle as number);
        if (sql === undefined) return errorReply('00000', 'Statement handle not found');
        return executeReply(c, sql);
      }
      case 'closePreparedStatement':
      case 'disconnect':
        return OK;
      default:
        return errorReply('00000', `unknown command ${command}`);
    }
  }

  function executeReply(c: Conn, sql: unknown): string {
    const spec = lookup(sql);
    if (spec === undefined) return rowCountReply(3);
    const h = spec.handle ? c.nextHandle++ : 0;
    if (spec.handle) c.handles.set(h, spec);
    return resultReply(spec, h);
  }

  return {
    url: `ws://127.0.0.1:${port}`,
    log,
    arm: (p) => {
      plan = p;
    },
    fired: () => fired,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of conns) {
          for (const t of c.timers) clearTimeout(t), clearInterval(t);
          c.socket.destroy();
        }
        wss.close();
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}
