/**
 * One client connection: the login state machine (NEW -> AWAIT_CREDENTIALS -> AUTHENTICATED,
 * protocol.md §2.5), frame decoding and encoding, one command at a time (requests that arrive while a
 * command runs wait their turn, so every reply answers the request of the same rank; `abortQuery` is
 * handled out of band and never answered), statement
 * abort and query timeout through an AbortController, heartbeats, and freeing everything held when
 * the client disconnects or vanishes.
 */
import type { WebSocket } from 'ws';
import { ErrorText, SqlCode, parseJson } from '../protocol';
import { EngineError, type PreparedStatement, type SqlSession, type StatementContext } from './sql/contract';
import type { EmulatorContext, LiveSession } from './context';
import { decodeFrame, encodeFrame, FrameError } from './framing';
import { errorReply, ProtocolFault } from './replies';
import { ResultHandles, type OpenResult } from './results';
import { SessionAttributes } from './attributes';
import { startHeartbeat } from './heartbeat';
import { settleWithin, timerDelay } from './deadline';
import type { ParallelGroup, ParallelMember } from './cluster';
import { credentialsMessage, loginCommand, LoginFailure } from './login';
import { dispatchCommand } from './commands';
import type { Msg } from './requests';
import { ReplyDelay } from './latency';

/** Where a connection stands in the login flow. */
export type SessionState = 'new' | 'awaitCredentials' | 'authenticated' | 'closed';

/** The login flow a connection started. */
export type LoginKind = 'login' | 'loginToken' | 'subLogin' | 'subLoginToken';

/** A result set a sub-connection attached to with getResultSetHeader: its share of the main session's result. */
export interface AttachedResult {
  result: OpenResult;
  offset: number;
  length: number;
  /** The result is this sub-connection's own cursor (closed with the attachment). */
  owned?: boolean;
}

/** Longest a disconnect waits for a running command to settle before freeing the SQL session. */
const DISPOSE_GRACE_MS = 5000;
/** During an emulator shutdown: how long the client has to answer the close frame before its socket is destroyed. */
export const CLOSE_HANDSHAKE_MS = 400;
/** How long the reply to an aborted statement waits for the statement's own cleanup. */
const ABORT_SETTLE_MS = 2000;
/** During an emulator shutdown: how long an (aborted) command may take to settle before the session is freed anyway. */
const SHUTDOWN_SETTLE_MS = 200;
/** Requests waiting their turn before the socket stops reading (TCP back-pressure, as a busy server applies). */
const MAX_WAITING = 64;

/** A request waiting its turn: a command, or the error reply of a frame that was no request at all. */
type Waiting = { m: Msg; text: string } | { fault: string };

/** A client connection and, once logged in, its Exasol session. */
export class Session implements LiveSession, ParallelMember {
  state: SessionState = 'new';
  /** Login flow in progress / used. */
  loginKind: LoginKind = 'login';
  /** Negotiated protocol version (set by the login command). */
  protocolVersion = 0;
  /** 64-bit session id (set at login). */
  sessionId = 0n;
  /** Upper-case user name. */
  userName = '';
  /** The SQL session (set at login). */
  sql: SqlSession | undefined;
  /** Session attributes (replaced at login with the negotiated version). */
  attributes: SessionAttributes = new SessionAttributes(3, () => undefined);
  /** Result set handles. */
  readonly handles = new ResultHandles();
  /** Prepared statements by handle. */
  readonly prepared = new Map<number, PreparedStatement>();
  private nextPrepared = 1;
  /** Whether replies go out as zlib binary frames. */
  compressed = false;
  /** Set on sub-connections: their group and index. */
  parallel: { group: ParallelGroup; index: number } | undefined;
  /** Sub-connections: result sets attached with getResultSetHeader. */
  readonly attached = new Map<number, AttachedResult>();

  /** Holds replies back by the emulator's `latencyMs`, in order. */
  private readonly delay: ReplyDelay;
  private busy = false;
  /** Requests that arrived while a command ran, in arrival order. */
  private readonly waiting: Waiting[] = [];
  private running: AbortController | undefined;
  /**
   * An `abortQuery` that came while the command in hand had not started its statement yet (it was
   * still being read, compiled or queued behind its own set-up): that statement starts aborted.
   * Cleared when the command ends.
   */
  private abortPending = false;
  private current: Promise<unknown> | undefined;
  private disposed: Promise<void> | undefined;
  /** Aborted by shutdown(): shortens the waits of dispose(). */
  private readonly stopping = new AbortController();

  constructor(
    /** The socket. */
    readonly ws: WebSocket,
    /** Shared emulator state. */
    readonly ctx: EmulatorContext,
    /** Index of the cluster node the client connected to. */
    readonly nodeIndex: number,
  ) {
    this.delay = new ReplyDelay(ctx.latencyMs);
    ctx.sessions.add(this);
    ws.on('message', (data, isBinary) => this.onMessage(data as Buffer, isBinary));
    ws.on('close', () => void this.dispose());
    ws.on('error', () => void this.dispose());
    // accepted while the emulator shuts down (the upgrade was already under way): end it at once
    if (ctx.closing) void this.shutdown();
  }

  /** The text appended to SQL error messages, e.g. ` (Session: 1750902846820319232)`. */
  get sessionSuffix(): string {
    return this.sessionId === 0n ? '' : ` (Session: ${this.sessionId})`;
  }

  /** Allocates a prepared statement handle (1, 2, ...). */
  addPrepared(p: PreparedStatement): number {
    const h = this.nextPrepared++;
    this.prepared.set(h, p);
    return h;
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    if (this.state === 'closed') return;
    let text: string;
    let msg: unknown;
    try {
      text = decodeFrame(data, isBinary);
      msg = parseJson(text);
    } catch (e) {
      const why = e instanceof FrameError ? e.message : `Invalid JSON: ${(e as Error).message}`;
      this.enqueue({ fault: errorReply(SqlCode.unknown, why) });
      return;
    }
    if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) {
      this.enqueue({ fault: errorReply(SqlCode.unknown, "JSON value '/' is not an object.") });
      return;
    }
    const m = msg as Msg;
    if (m.command === 'abortQuery') {
      this.abortStatement();
      return;
    }
    this.enqueue({ m, text });
  }

  /**
   * Takes a request in turn. A client that sends the next request before the reply to the previous one
   * (the protocol forbids it, protocol.md §1) still gets one reply per request, in request order; the
   * socket stops reading while {@link MAX_WAITING} requests wait.
   */
  private enqueue(w: Waiting): void {
    this.waiting.push(w);
    if (this.waiting.length >= MAX_WAITING) this.ws.pause();
    if (!this.busy) void this.drain();
  }

  private async drain(): Promise<void> {
    this.busy = true;
    try {
      for (let w = this.waiting.shift(); w !== undefined && this.state !== 'closed'; w = this.waiting.shift()) {
        if (this.waiting.length < MAX_WAITING && this.ws.isPaused) this.ws.resume();
        if ('fault' in w) {
          await this.reply(w.fault);
          continue;
        }
        const work = this.handle(w.m, w.text);
        this.current = work;
        await work.catch(() => undefined);
        this.current = undefined;
        this.abortPending = false;
      }
    } finally {
      this.busy = false;
      this.current = undefined;
    }
  }

  private async handle(m: Msg, text: string): Promise<void> {
    let out: string;
    let after: 'none' | 'close' | 'compress' = 'none';
    const stopHeartbeat = this.state === 'authenticated' ? startHeartbeat(this.ws, this.attributes.feedbackInterval) : () => {};
    try {
      if (this.state === 'new') out = await loginCommand(this, m);
      else if (this.state === 'awaitCredentials') {
        const r = await credentialsMessage(this, m);
        out = r.reply;
        if (r.compress) after = 'compress';
      } else {
        const r = await dispatchCommand(this, m, text);
        out = r.reply;
        if (r.close) after = 'close';
      }
    } catch (e) {
      out = this.errorText(e);
      if (e instanceof LoginFailure) after = 'close';
    } finally {
      stopHeartbeat();
    }
    await this.reply(out);
    if (after === 'compress') this.compressed = true;
    if (after === 'close') {
      this.ws.close(1000);
      void this.dispose();
    }
  }

  /** Turns a failure into an error reply: SQL errors get the session suffix; anything unexpected is 00000. */
  private errorText(e: unknown): string {
    if (e instanceof LoginFailure) return errorReply(e.sqlCode, e.message);
    if (e instanceof ProtocolFault) return errorReply(e.sqlCode, e.message);
    if (e instanceof EngineError) return errorReply(e.sqlCode, e.message + this.sessionSuffix);
    const text = e instanceof Error ? e.message : String(e);
    return errorReply(SqlCode.unknown, `Internal emulator error: ${text}`);
  }

  /** Sends one reply (compressed once negotiated); never throws. */
  async reply(json: string): Promise<void> {
    if (this.ws.readyState !== this.ws.OPEN) return;
    try {
      const frame = await encodeFrame(json, this.compressed);
      await this.delay.wait();
      if (this.ws.readyState !== this.ws.OPEN) return;
      await new Promise<void>((resolve) => this.ws.send(frame, { binary: typeof frame !== 'string' }, () => resolve()));
    } catch {
      // the socket went away; dispose() follows from its close event
    }
  }

  /**
   * Runs statement work under an AbortController: `abortQuery` aborts with reason 'abort' (R0003),
   * `queryTimeout` with 'timeout' (R0001). The reply waits at most ABORT_SETTLE_MS for the work to settle (an
   * engine that ignores the signal is not waited for longer); whatever such work yields later is released by `release`.
   */
  async runStatement<T>(work: (ctx: StatementContext) => Promise<T>, release?: (value: T) => Promise<void>): Promise<T> {
    if (this.abortPending) {
      this.abortPending = false;
      throw new EngineError(SqlCode.aborted, ErrorText.aborted);
    }
    const ac = new AbortController();
    this.running = ac;
    const delay = timerDelay(this.attributes.queryTimeout);
    const timer = delay !== undefined ? setTimeout(() => ac.abort('timeout'), delay) : undefined;
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(new Error('aborted'));
      ac.signal.addEventListener('abort', onAbort, { once: true });
    });
    aborted.catch(() => undefined);
    const ctx: StatementContext = {
      signal: ac.signal,
      protocolVersion: this.protocolVersion,
      timestampSize: this.ctx.timestampSize,
      resultSetMaxRows: this.attributes.resultSetMaxRows,
      tunnel: (address) => this.ctx.tunnels.take(address),
    };
    const job = Promise.resolve().then(() => work(ctx));
    try {
      return await Promise.race([job, aborted]);
    } catch (e) {
      if (ac.signal.aborted) {
        if (release) job.then(release, () => undefined).catch(() => undefined);
        else job.catch(() => undefined);
        // the statement's own cleanup (ROLLBACK, closing its DuckDB result) runs on the session's connection:
        // let it finish, bounded, so that the next command does not meet an aborted transaction
        await settleWithin(job, ABORT_SETTLE_MS);
        if (ac.signal.reason === 'timeout') throw new EngineError(SqlCode.queryTimeout, ErrorText.queryTimeout);
        throw new EngineError(SqlCode.aborted, ErrorText.aborted);
      }
      throw e;
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      if (onAbort) ac.signal.removeEventListener('abort', onAbort);
      if (this.running === ac) this.running = undefined;
    }
  }

  /** Group membership: the main session's group closed; forget attached result sets. */
  detach(): void {
    void this.releaseAttached();
  }

  /** Forgets attached result sets, closing the cursors of their own. */
  private releaseAttached(): Promise<void> {
    const owned = [...this.attached.values()].filter((a) => a.owned).map((a) => a.result.close().catch(() => undefined));
    this.attached.clear();
    return Promise.all(owned).then(() => undefined);
  }

  /**
   * Ends the session for an emulator shutdown: interrupts a running statement, sends a close frame
   * (1001 "going away"), destroys the socket when the client does not complete the close handshake
   * within {@link CLOSE_HANDSHAKE_MS}, and frees the session without the long disconnect grace.
   * Resolves once the socket is closed and the session freed. Idempotent.
   */
  async shutdown(): Promise<void> {
    this.stopping.abort();
    this.delay.stop();
    this.running?.abort('abort');
    await Promise.all([closeSocket(this.ws, CLOSE_HANDSHAKE_MS), this.dispose()]);
  }

  /** Aborts the running statement, if any (`abortQuery`, KILL STATEMENT). */
  abortStatement(): void {
    if (this.running) this.running.abort('abort');
    else if (this.busy) this.abortPending = true;
  }

  /** Frees everything the session holds: running statement, handles, prepared statements, SQL session. Idempotent. */
  dispose(): Promise<void> {
    this.disposed ??= this.doDispose();
    return this.disposed;
  }

  private async doDispose(): Promise<void> {
    this.state = 'closed';
    this.waiting.length = 0;
    // read again, so that the close handshake completes
    if (this.ws.isPaused) this.ws.resume();
    this.delay.stop();
    this.running?.abort('abort');
    const cut = { signal: this.stopping.signal, ms: SHUTDOWN_SETTLE_MS };
    if (this.current !== undefined) await settleWithin(this.current, DISPOSE_GRACE_MS, cut);
    if (this.parallel !== undefined) this.parallel.group.leave(this);
    await settleWithin(this.releaseAttached(), DISPOSE_GRACE_MS, cut);
    if (this.sessionId !== 0n) this.ctx.cluster.closeGroupsOf(this.sessionId);
    // closing a handle waits for a fetch in progress: bounded like the command itself
    await settleWithin(this.handles.closeAll(), DISPOSE_GRACE_MS, cut);
    const prepared = [...this.prepared.values()];
    this.prepared.clear();
    await Promise.all(prepared.map((p) => p.close().catch(() => undefined)));
    const sql = this.sql;
    this.sql = undefined;
    if (sql !== undefined) await sql.close().catch(() => undefined);
    this.ctx.sessionIds.delete(this.sessionId);
    this.ctx.sessions.delete(this);
  }
}

/**
 * Closes a WebSocket with 1001 "going away" and resolves once it is closed; destroys the socket when
 * the peer has not completed the close handshake after `graceMs`. Leaves no timer behind.
 */
export function closeSocket(ws: WebSocket, graceMs: number): Promise<void> {
  if (ws.readyState === ws.CLOSED) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => ws.terminate(), graceMs);
    ws.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    if (ws.readyState === ws.OPEN) ws.close(1001, 'going away');
    else if (ws.readyState === ws.CONNECTING) ws.terminate();
  });
}
