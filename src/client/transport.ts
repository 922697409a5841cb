/**
 * One WebSocket carrying Exasol commands: JSON text frames until login, zlib binary frames after a
 * compressed login; strictly one command in flight (later calls queue in order); `abortQuery` out of
 * band; lossless JSON; timeouts for each command and for a silent server; a lost socket rejects
 * everything pending with ConnectionError. Error replies become typed errors here.
 */
import { checkEnvelope, parseDataReply, parseJson, stringifyJson, type OkReply } from '../protocol';
import { AbortError, ConnectionError, errorFromServer, ExasolError, ProtocolError, TimeoutError } from '../errors';
import type { PlatformSocket, UndecodedText } from '../platform/types';
import { LOGIN_MESSAGE_LIMIT, type RequestOptions, type TransportEvents, type TransportOptions } from './transport-options';

export { LOGIN_MESSAGE_LIMIT, messageLimit, type RequestOptions, type TransportEvents, type TransportOptions } from './transport-options';

interface Job {
  msg: unknown;
  opts: RequestOptions;
  resolve(reply: OkReply): void;
  reject(err: unknown): void;
  settled: boolean;
  /** Its reply was shown to `opts.peek` already. */
  peeked?: boolean;
  timer?: ReturnType<typeof setTimeout>;
  onAbort?: () => void;
}

/** A message as the socket hands it over: text, binary (zlib) bytes, or text not yet decoded. */
type Incoming = string | Uint8Array | UndecodedText;

/** Milliseconds a given-up command may take to answer before the connection is considered lost. */
const ABANDON_GRACE_MS = 10_000;

/** The command channel of one session. */
export class Transport {
  /** True once the login negotiated compression: every later message is a zlib binary frame. */
  compression = false;
  readonly #queue: Job[] = [];
  #current: Job | undefined;
  #closedError: ExasolError | undefined;
  /** The first reason the connection was given up, kept after close replaces #closedError with a ConnectionError. */
  #why: ExasolError | undefined;
  #isClosed = false;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  #graceTimer: ReturnType<typeof setTimeout> | undefined;
  #closePromise: Promise<void> | undefined;
  #closeWaiters: (() => void)[] = [];
  #limit = LOGIN_MESSAGE_LIMIT;
  #backlog: Incoming[] | undefined;

  readonly #socket: PlatformSocket;
  readonly #options: TransportOptions;
  readonly #events: TransportEvents;
  constructor(socket: PlatformSocket, options: TransportOptions, events: TransportEvents) {
    this.#socket = socket;
    this.#options = options;
    this.#events = events;
    socket.setHandlers({
      message: (data) => this.#onMessage(data),
      text: (m) => this.#onMessage(m),
      pong: () => {
        this.#touch();
        this.#events.pong();
      },
      close: (code, reason, error) => this.#onClose(code, reason, error),
    });
  }

  /** True when the socket is closed or closing. */
  get closed(): boolean {
    return this.#isClosed || this.#closePromise !== undefined || this.#closedError !== undefined;
  }

  /** Sets the largest message (frame or inflated text) accepted from now on, in bytes. */
  setMessageLimit(bytes: number): void {
    this.#limit = bytes;
    this.#socket.setMaxMessageBytes(bytes);
  }

  /** Sends a command when it is its turn and resolves with its `ok` reply; error replies reject typed. */
  request<D = unknown>(msg: unknown, opts: RequestOptions = {}): Promise<OkReply<D>> {
    return new Promise<OkReply<D>>((resolve, reject) => {
      if (this.closed) return reject(new ConnectionError('the connection is closed', { sql: opts.sql, cause: this.#closedError }));
      if (opts.signal?.aborted) return reject(new AbortError('aborted before it was sent', { sql: opts.sql }));
      const job: Job = { msg, opts, resolve: resolve as (r: OkReply) => void, reject, settled: false };
      if (opts.signal !== undefined) {
        job.onAbort = () => this.#abortJob(job, new AbortError('aborted by signal', { sql: opts.sql }));
        opts.signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.#queue.push(job);
      this.#pump();
    });
  }

  /**
   * Like {@link request}, for replies whose `responseData` must pass `check` (a function of
   * `../protocol/validate`): resolves with what `check` returns; a reply that fails it breaks the
   * session with the ProtocolError it throws, so the caller sees `closed` already true.
   */
  async ask<T>(msg: unknown, check: (responseData: unknown, text: string) => T, opts: RequestOptions = {}): Promise<T> {
    let out: T | undefined;
    await this.request(msg, {
      ...opts,
      check: (r, text) => {
        out = check(r.responseData, text);
      },
    });
    return out as T;
  }

  /** Sends `abortQuery` for the command on the wire, if any (the server answers that command with R0003). */
  abortRunning(): void {
    if (this.#current !== undefined && !this.closed) this.#sendNow({ command: 'abortQuery' });
  }

  /**
   * Ends the session: rejects queued commands, sends `disconnect` (or `abortQuery` when a command is
   * running), then closes the socket. Idempotent; never rejects.
   */
  close(): Promise<void> {
    if (this.#closePromise !== undefined) return this.#closePromise;
    if (this.#isClosed) return Promise.resolve();
    const closing = new ConnectionError('the session was closed');
    for (const job of this.#queue.splice(0)) this.#settle(job, closing);
    const done = new Promise<void>((resolve) => this.#closeWaiters.push(resolve));
    if (this.#current !== undefined) {
      this.#sendNow({ command: 'abortQuery' });
      this.#settle(this.#current, new AbortError('the session was closed', { sql: this.#current.opts.sql }));
      this.#socket.close();
    } else {
      // Put disconnect on the wire ourselves: request() refuses once closing has started.
      const job: Job = { msg: { command: 'disconnect' }, opts: { timeoutMs: 2000 }, resolve: () => this.#socket.close(), reject: () => this.#socket.close(), settled: false };
      this.#current = job;
      this.#start(job);
    }
    const fallback = setTimeout(() => this.#socket.terminate(), 3000);
    this.#closePromise = done.then(() => clearTimeout(fallback));
    return this.#closePromise;
  }

  // -------------------------------------------------------------------------------------------

  #pump(): void {
    if (this.#current !== undefined || this.closed) return;
    const job = this.#queue.shift();
    if (job === undefined) return;
    this.#current = job;
    this.#start(job);
  }

  #start(job: Job): void {
    const timeout = job.opts.timeoutMs ?? this.#options.commandTimeoutMs;
    if (timeout > 0) {
      job.timer = setTimeout(() => this.#abortJob(job, new TimeoutError(`command timed out after ${timeout} ms`, { sql: job.opts.sql })), timeout);
    }
    this.#touch();
    try {
      this.#sendNow(job.msg);
    } catch (e) {
      // The message could not be serialized: nothing was sent, the slot is free again.
      this.#current = undefined;
      this.#settle(job, e instanceof ExasolError ? e : new ProtocolError(`cannot send command: ${(e as Error).message}`, { cause: e }));
      this.#clearIdle();
      this.#pump();
    }
  }

  #sendNow(msg: unknown): void {
    const text = stringifyJson(msg);
    const out = this.compression ? this.#options.codec.deflate(text) : text;
    if (!(out instanceof Promise)) return this.#socket.send(out);
    // An asynchronous codec (CompressionStream in browsers) settles its promises in call order.
    out
      .then((bytes) => this.#isClosed || this.#socket.send(bytes))
      .catch((e: unknown) => this.#fail(new ConnectionError(`cannot send a compressed message: ${(e as Error).message}`, { cause: e })));
  }

  #abortJob(job: Job, err: ExasolError): void {
    if (job.settled) return;
    const i = this.#queue.indexOf(job);
    if (i >= 0) {
      this.#queue.splice(i, 1);
      this.#settle(job, err);
      return;
    }
    if (job !== this.#current) return;
    // On the wire: ask the server to stop, give the caller its answer now, keep the slot until the reply.
    this.#sendNow({ command: 'abortQuery' });
    this.#settle(job, err);
    if (this.#graceTimer === undefined) {
      this.#graceTimer = setTimeout(() => {
        this.#fail(new TimeoutError(`server did not answer within ${ABANDON_GRACE_MS} ms after the command was given up`));
      }, ABANDON_GRACE_MS);
    }
  }

  #settle(job: Job, result: OkReply | unknown, ok = false): void {
    if (job.settled) return;
    job.settled = true;
    if (job.timer !== undefined) clearTimeout(job.timer);
    if (job.onAbort !== undefined) job.opts.signal?.removeEventListener('abort', job.onAbort);
    if (ok) job.resolve(result as OkReply);
    else job.reject(result);
  }

  #touch(): void {
    if (this.#options.idleTimeoutMs <= 0) return;
    this.#clearIdle();
    if (this.#current === undefined) return;
    const ms = this.#options.idleTimeoutMs;
    this.#idleTimer = setTimeout(() => this.#fail(new TimeoutError(`server sent nothing for ${ms} ms`)), ms);
  }

  #clearIdle(): void {
    if (this.#idleTimer !== undefined) {
      clearTimeout(this.#idleTimer);
      this.#idleTimer = undefined;
    }
  }

  #onMessage(data: Incoming): void {
    if (this.#closedError !== undefined || this.#isClosed) return;
    this.#touch();
    // Order is kept: what arrives while a message is being inflated waits for it.
    if (this.#backlog !== undefined) this.#backlog.push(data);
    else this.#receive(data);
  }

  #receive(data: Incoming): void {
    const job = this.#current;
    // Nothing is checked or inflated before we know a reply is due and fits the limits.
    if (job === undefined) return this.#fail(new ProtocolError('the server sent a message while no reply was expected'));
    const where = (job.msg as { command?: string }).command ?? 'login';
    job.opts.arrived?.();
    let text: string | Promise<string>;
    try {
      const binary = data instanceof Uint8Array;
      if (binary && !this.compression) throw new ProtocolError(`${where} reply: a binary frame in a session without compression`);
      const size = typeof data === 'string' ? data.length : data.byteLength;
      if (size > this.#limit) throw new ProtocolError(`${where} reply: a message of ${size} bytes exceeds the limit of ${this.#limit}`);
      const t = typeof data === 'string' ? data : binary ? this.#options.codec.inflate(data, this.#limit) : data;
      if (typeof t === 'string' || 'then' in t) text = t;
      else {
        // Fully received (and inflated): the next request may go out while this one is decoded and parsed.
        this.#peek(job, t.head);
        text = t.text();
      }
    } catch (e) {
      return this.#unreadable(where, e);
    }
    if (typeof text === 'string') return this.#reply(job, where, text);
    const backlog: Incoming[] = (this.#backlog = []);
    text.then(
      (t) => this.#reply(job, where, t),
      (e: unknown) => this.#unreadable(where, e),
    ).finally(() => {
      this.#backlog = undefined;
      for (let i = 0; i < backlog.length; i++) {
        if (this.#closedError !== undefined || this.#isClosed) return;
        if (this.#backlog !== undefined) (this.#backlog as Incoming[]).push(backlog[i]!);
        else this.#receive(backlog[i]!);
      }
    }).catch((e: unknown) => this.#unreadable(where, e));
  }

  /**
   * Shows the start of `job`'s reply (all of it, or its first bytes) to its `peek` once, before
   * the reply is parsed; a request that queues goes out at once, since the server has answered.
   */
  #peek(job: Job, start: string): void {
    if (job.opts.peek === undefined || job.settled || job.peeked) return;
    job.peeked = true;
    job.opts.peek(start);
    if (this.#queue.length > 0 && this.#current === job) {
      this.#release();
      this.#pump();
    }
  }

  #unreadable(where: string, e: unknown): void {
    this.#fail(e instanceof ExasolError ? e : new ProtocolError(`${where} reply is unreadable: ${(e as Error).message}`, { cause: e }));
  }

  #reply(job: Job, where: string, text: string): void {
    if (this.#closedError !== undefined || this.#isClosed) return;
    this.#peek(job, text);
    let r;
    try {
      r = checkEnvelope(job.opts.data === true ? parseDataReply(text) : parseJson(text), where);
    } catch (e) {
      const err = e instanceof ExasolError ? e : new ProtocolError(`${where} reply is unreadable: ${(e as Error).message}`, { cause: e });
      this.#settle(job, err);
      return this.#fail(err);
    }
    if (this.#current === job) this.#release();
    if (r.status === 'ok') {
      if (job.opts.check !== undefined) {
        try {
          job.opts.check(r, text);
        } catch (e) {
          const err = e instanceof ExasolError ? e : new ProtocolError(`${where} reply: ${(e as Error).message}`, { cause: e });
          this.#settle(job, err);
          this.#fail(err);
          return;
        }
      }
      if (r.attributes !== undefined) this.#events.attributes(r.attributes);
      if (job.settled) job.opts.late?.(r);
      else this.#settle(job, r, true);
    } else {
      this.#settle(job, errorFromServer(r.exception, job.opts.sql));
    }
    this.#pump();
  }

  /** The command on the wire was answered: the slot is free. */
  #release(): void {
    this.#current = undefined;
    if (this.#graceTimer !== undefined) {
      clearTimeout(this.#graceTimer);
      this.#graceTimer = undefined;
    }
    this.#clearIdle();
  }

  /** Why the connection was given up, when it was (a ProtocolError when the server broke the protocol). */
  get failure(): ExasolError | undefined {
    return this.#why ?? this.#closedError;
  }

  /**
   * Gives the connection up because a reply that was already handed out turned out not to fit the
   * protocol (a value that does not fit its column): nothing more from this server is trusted.
   * Returns `err` for throwing.
   */
  breakWith(err: ExasolError): ExasolError {
    this.#fail(err);
    return err;
  }

  #fail(err: ExasolError): void {
    if (this.#isClosed) return;
    this.#closedError ??= err;
    if (this.#current !== undefined) this.#settle(this.#current, err);
    this.#socket.terminate();
  }

  /**
   * Drops the connection at once, without `disconnect` or the closing handshake: for a connection
   * that never became a session (a login that timed out or was aborted), whose server may answer
   * nothing more, not even a close frame. Pending calls fail with ConnectionError.
   */
  terminate(): void {
    if (this.#isClosed) return;
    this.#socket.terminate();
  }

  #onClose(code: number, reason: string, error: unknown): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    this.#clearIdle();
    if (this.#graceTimer !== undefined) clearTimeout(this.#graceTimer);
    const normal = this.#closePromise !== undefined && this.#closedError === undefined;
    const err =
      this.#closedError ??
      (error instanceof ExasolError
        ? error
        : new ConnectionError(`connection closed by the server (code ${code}${reason ? `: ${reason.slice(0, 120)}` : ''})`, error === undefined ? {} : { cause: error }));
    // Calls that were not on the wire learn that the connection is gone, whatever the reason.
    const lost = err instanceof ConnectionError ? err : new ConnectionError(`the connection was dropped: ${err.message}`, { cause: err });
    this.#why = err;
    this.#closedError = lost;
    if (this.#current !== undefined) this.#settle(this.#current, err);
    this.#current = undefined;
    for (const job of this.#queue.splice(0)) this.#settle(job, lost);
    this.#events.closed(normal ? undefined : err);
    for (const w of this.#closeWaiters.splice(0)) w();
  }
}
