/**
 * A bounded session pool for servers: at most `max` sessions, `min` kept open, waits for a free
 * session bounded by `acquireTimeout`, idle sessions closed after `idleTimeout`, every session
 * retired after `maxLifetime`. A released session is reset (open transaction rolled back, changed
 * attributes such as autocommit and schema restored) or closed when broken; a session idle for
 * longer than `healthCheckAfter` is checked with a round trip before it is handed out. Host lists
 * and failover apply to each new session (each is opened by `connect()`).
 */
import { AbortError, ConnectionError, ExasolError, InputError, TimeoutError } from '../errors';
import type { Attributes } from '../protocol';
import type { BindValue, RowMode, RowOf, RowType } from '../values';
import { sqlTag, type SqlRunner, type SqlTag } from './sql-query';
import type { ConnectOptions } from './options';
import type { CallOptions, QueryResult, ReadOptions, ReadShape, ResultChunk } from './results';
import type { Session } from './session';

/** The strings of a template that is just one interpolated value: `${text}`. */
const ONE_VALUE = Object.assign(['', ''], { raw: ['', ''] }) as unknown as TemplateStringsArray;

/** Pool settings (all optional). Times in milliseconds. */
export interface PoolOptions {
  /** Most sessions open at once (default 10). */
  max?: number;
  /** Sessions kept open even when idle (default 0). */
  min?: number;
  /** Longest `acquire()` waits for a session, then TimeoutError (default 30000; 0 = no limit). */
  acquireTimeout?: number;
  /** An idle session above `min` is closed after this long (default 30000; 0 = never). */
  idleTimeout?: number;
  /** A session is retired (closed when next released or found idle) after this long (default 0 = never). */
  maxLifetime?: number;
  /** A session idle for longer than this is checked with a round trip before reuse (default 5000; 0 = always). */
  healthCheckAfter?: number;
}

/** Counts of a pool, for monitoring. */
export interface PoolStats {
  /** Sessions open (idle + in use) plus those being opened. */
  open: number;
  idle: number;
  inUse: number;
  /** Callers waiting for a session. */
  waiting: number;
  /** Sessions opened since the pool was made. */
  created: number;
}

/** A session lent by the pool; give it back with `release()` (or `await using`). */
export interface PoolLease extends AsyncDisposable {
  /** The session; do not close it (release it instead). */
  readonly session: Session;
  /** Resets the session and returns it to the pool (closes it when broken). Idempotent; never rejects. */
  release(): Promise<void>;
}

interface Entry {
  session: Session;
  createdAt: number;
  idleSince: number;
  /** Attributes right after login, restored on release. */
  initial: Attributes;
}

interface Waiter {
  resolve(e: Entry): void;
  reject(err: unknown): void;
  timer?: ReturnType<typeof setTimeout>;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/** Attributes a user may change and the pool puts back on release. */
const RESET_ATTRIBUTES = ['autocommit', 'currentSchema', 'queryTimeout', 'feedbackInterval', 'dateFormat', 'datetimeFormat', 'numericCharacters', 'timezone', 'resultSetMaxRows', 'snapshotTransactionsEnabled', 'timestampUtcEnabled', 'dateLanguage', 'defaultLikeEscapeCharacter', 'timeZoneBehavior'] as const;

function checkMs(name: string, v: unknown, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 2 ** 31) throw new InputError(`pool option ${name} must be an integer from 0 to 2^31`);
  return v;
}

/** The pool; make one with `createPool()`. */
export class Pool implements AsyncDisposable {
  readonly #open: () => Promise<Session>;
  #sql: SqlTag<'object'> | undefined;
  /** Idle sessions taken out to be checked before they are lent (they keep their slot). */
  #checking = 0;
  readonly #max: number;
  readonly #min: number;
  readonly #acquireTimeout: number;
  readonly #idleTimeout: number;
  readonly #maxLifetime: number;
  readonly #healthCheckAfter: number;
  readonly #idle: Entry[] = [];
  readonly #inUse = new Set<Entry>();
  readonly #waiters: Waiter[] = [];
  #creating = 0;
  #created = 0;
  #closed: Promise<void> | undefined;
  #reaper: ReturnType<typeof setTimeout> | undefined;
  #released: (() => void) | undefined;

  /** Internal: use `createPool()`. `open` opens one session (with the pool's connect options). */
  constructor(open: () => Promise<Session>, options: PoolOptions = {}) {
    if (typeof options !== 'object' || options === null) throw new InputError('pool options must be an object');
    this.#open = open;
    const max = options.max ?? 10;
    if (!Number.isInteger(max) || max < 1 || max > 10_000) throw new InputError('pool option max must be an integer from 1 to 10000');
    const min = options.min ?? 0;
    if (!Number.isInteger(min) || min < 0 || min > max) throw new InputError('pool option min must be an integer from 0 to max');
    this.#max = max;
    this.#min = min;
    this.#acquireTimeout = checkMs('acquireTimeout', options.acquireTimeout, 30_000);
    this.#idleTimeout = checkMs('idleTimeout', options.idleTimeout, 30_000);
    this.#maxLifetime = checkMs('maxLifetime', options.maxLifetime, 0);
    this.#healthCheckAfter = checkMs('healthCheckAfter', options.healthCheckAfter, 5_000);
    this.#fillMin();
  }

  /** Current counts. */
  get stats(): PoolStats {
    return { open: this.#idle.length + this.#inUse.size + this.#creating + this.#checking, idle: this.#idle.length, inUse: this.#inUse.size, waiting: this.#waiters.length, created: this.#created };
  }

  /** True once `close()` was called. */
  get closed(): boolean {
    return this.#closed !== undefined;
  }

  /**
   * Lends a session: an idle one (checked when it was idle for long), a new one while fewer than
   * `max` are open, or the next one released. Rejects with TimeoutError after `acquireTimeout`,
   * AbortError on `signal`, ConnectionError once the pool is closed, or the error of opening a session.
   */
  async acquire(options: CallOptions = {}): Promise<PoolLease> {
    const entry = await this.#acquireEntry(options.signal);
    this.#inUse.add(entry);
    let done: Promise<void> | undefined;
    const release = () => (done ??= this.#release(entry));
    return { session: entry.session, release, [Symbol.asyncDispose]: release };
  }

  /** Runs a query on a pooled session and releases it. `pool.query<User>(...)` types the rows. */
  query<T = never, M extends RowMode = 'object'>(sql: string, params?: readonly BindValue[] | ReadOptions<M>, options?: ReadOptions<M>): Promise<QueryResult<RowType<T, M>>> {
    return this.use((s) => s.query<T, M>(sql, params, options), Array.isArray(params) ? options : (params as CallOptions | undefined));
  }

  /**
   * The tagged template on a pool: `` await pool.sql`SELECT * FROM T WHERE ID = ${id}` `` runs on a
   * pooled session (its values bound as parameters, the statement cached on that session) and
   * releases the session when the result is read; see `Session.sql`.
   */
  get sql(): SqlTag<'object'> {
    return (this.#sql ??= sqlTag<'object'>(this.#sqlRunner()));
  }

  #sqlRunner(): SqlRunner {
    const pool = this;
    return {
      rowMode: 'object',
      async *stream<M extends RowMode>(text: string, params: readonly BindValue[], signal: AbortSignal | undefined, shape: ReadShape<M>) {
        const lease = await pool.acquire(signal === undefined ? {} : { signal });
        try {
          const q = lease.session.sql(ONE_VALUE, { text, params });
          const options: ReadOptions<M> = { ...shape };
          if (signal !== undefined) options.signal = signal;
          for await (const c of q.chunks<M>(options)) yield c as ResultChunk<RowOf<M>>;
        } finally {
          await lease.release();
        }
      },
      execute(text: string, params: readonly BindValue[], options: CallOptions) {
        return pool.use((s) => s.sql(ONE_VALUE, { text, params }).execute(options), options);
      },
    };
  }

  /** Runs a statement on a pooled session and returns its row count. */
  execute(sql: string, options: CallOptions = {}): Promise<number> {
    return this.use((s) => s.execute(sql, options), options);
  }

  /** Runs `work` in a transaction on a pooled session (see `Session.transaction`). */
  transaction<T>(work: (tx: Session) => Promise<T>, options: CallOptions = {}): Promise<T> {
    return this.use((s) => s.transaction(work, options), options);
  }

  /** Lends a session to `work` and releases it when `work` settles. */
  async use<T>(work: (session: Session) => Promise<T>, options: CallOptions = {}): Promise<T> {
    const lease = await this.acquire(options);
    try {
      return await work(lease.session);
    } finally {
      await lease.release();
    }
  }

  /**
   * Closes the pool: waiting callers fail with ConnectionError, idle sessions close now, sessions
   * in use close when released or after `timeoutMs` (default 10000), whichever comes first.
   * Idempotent; never rejects.
   */
  close(timeoutMs = 10_000): Promise<void> {
    this.#closed ??= (async () => {
      if (this.#reaper !== undefined) clearTimeout(this.#reaper);
      for (const w of this.#waiters.splice(0)) this.#settleWaiter(w, new ConnectionError('the pool was closed'));
      await Promise.all(this.#idle.splice(0).map((e) => e.session.close()));
      if (this.#inUse.size > 0 || this.#creating > 0) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([
          new Promise<void>((resolve) => {
            const check = () => {
              if (this.#inUse.size === 0 && this.#creating === 0) resolve();
            };
            this.#released = check;
            check();
          }),
          new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, timeoutMs)))),
        ]);
        clearTimeout(timer);
        this.#released = undefined;
        await Promise.all([...this.#inUse].map((e) => e.session.close()));
      }
    })();
    return this.#closed;
  }

  /** `await using pool = createPool(...)` closes it at scope end. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  // -------------------------------------------------------------------------------------------

  async #acquireEntry(signal: AbortSignal | undefined): Promise<Entry> {
    for (;;) {
      if (this.#closed !== undefined) throw new ConnectionError('the pool is closed');
      if (signal?.aborted) throw new AbortError('aborted while waiting for a pooled session');
      const idle = this.#idle.pop();
      if (idle !== undefined) {
        // While it is checked it is neither idle nor in use, but it still holds a slot.
        this.#checking++;
        let usable: boolean;
        try {
          usable = await this.#usable(idle, signal);
        } finally {
          this.#checking--;
        }
        if (usable) return idle;
        this.#wakeOne();
        continue;
      }
      if (this.#idle.length + this.#inUse.size + this.#creating + this.#checking < this.#max) return this.#create();
      const e = await this.#wait(signal);
      if (e !== undefined) return e;
    }
  }

  /** Whether an idle session may be lent: alive, not too old, and answering when it was idle for long. */
  async #usable(e: Entry, signal: AbortSignal | undefined): Promise<boolean> {
    const now = Date.now();
    if (e.session.closed || (this.#maxLifetime > 0 && now - e.createdAt >= this.#maxLifetime)) {
      void e.session.close();
      this.#fillMin();
      return false;
    }
    if (now - e.idleSince < this.#healthCheckAfter) return true;
    try {
      await e.session.getAttributes({ signal });
      return true;
    } catch (err) {
      void e.session.close();
      if (err instanceof AbortError) throw err;
      return false;
    }
  }

  async #create(): Promise<Entry> {
    this.#creating++;
    try {
      const session = await this.#open();
      this.#created++;
      const now = Date.now();
      return { session, createdAt: now, idleSince: now, initial: { ...session.attributes$.value } };
    } catch (e) {
      // a failed open frees its slot: the next waiter may try
      this.#wakeOne();
      throw e;
    } finally {
      this.#creating--;
      this.#released?.();
    }
  }

  /** Waits for a released session (resolves with it) or a free slot (resolves with undefined). */
  #wait(signal: AbortSignal | undefined): Promise<Entry | undefined> {
    return new Promise<Entry | undefined>((resolve, reject) => {
      const w: Waiter = { resolve, reject, signal };
      if (this.#acquireTimeout > 0) w.timer = setTimeout(() => this.#dropWaiter(w, new TimeoutError(`no pooled session became free within ${this.#acquireTimeout} ms`)), this.#acquireTimeout);
      if (signal !== undefined) {
        w.onAbort = () => this.#dropWaiter(w, new AbortError('aborted while waiting for a pooled session'));
        signal.addEventListener('abort', w.onAbort, { once: true });
      }
      this.#waiters.push(w);
    });
  }

  #dropWaiter(w: Waiter, err: ExasolError): void {
    const i = this.#waiters.indexOf(w);
    if (i < 0) return;
    this.#waiters.splice(i, 1);
    this.#settleWaiter(w, err);
  }

  #settleWaiter(w: Waiter, result: Entry | undefined | ExasolError): void {
    if (w.timer !== undefined) clearTimeout(w.timer);
    if (w.onAbort !== undefined) w.signal?.removeEventListener('abort', w.onAbort);
    if (result instanceof ExasolError) w.reject(result);
    else w.resolve(result as Entry);
  }

  /** A slot became free (no session to hand over): the first waiter retries. */
  #wakeOne(): void {
    const w = this.#waiters.shift();
    if (w !== undefined) this.#settleWaiter(w, undefined);
  }

  async #release(e: Entry): Promise<void> {
    if (!this.#inUse.has(e)) return;
    let keep = this.#closed === undefined && !e.session.closed && !(this.#maxLifetime > 0 && Date.now() - e.createdAt >= this.#maxLifetime);
    if (keep) keep = await this.#reset(e);
    this.#inUse.delete(e);
    if (!keep || this.#closed !== undefined) {
      await e.session.close();
      this.#released?.();
      if (this.#closed === undefined) {
        this.#wakeOne();
        this.#fillMin();
      }
      return;
    }
    e.idleSince = Date.now();
    const w = this.#waiters.shift();
    if (w !== undefined) {
      this.#inUse.add(e);
      this.#settleWaiter(w, e);
      return;
    }
    this.#idle.push(e);
    this.#scheduleReaper();
  }

  /** Rolls back an open transaction and restores changed attributes; false when the session is broken. */
  async #reset(e: Entry): Promise<boolean> {
    const s = e.session;
    try {
      const now = s.attributes$.value;
      if (now.autocommit === false || (now.openTransaction ?? 0) !== 0) await s.rollback();
      const back: Attributes = {};
      for (const k of RESET_ATTRIBUTES) {
        if (e.initial[k] !== undefined && now[k] !== e.initial[k]) (back as Record<string, unknown>)[k] = e.initial[k];
      }
      // no schema was open: the attribute cannot close one, the statement can
      if (back.currentSchema === '') {
        delete back.currentSchema;
        await s.execute('CLOSE SCHEMA');
      }
      if (Object.keys(back).length > 0) await s.setAttributes(back);
      return !s.closed;
    } catch {
      return false;
    }
  }

  /** Closes sessions idle longer than `idleTimeout`, keeping `min` open. */
  #scheduleReaper(): void {
    if (this.#idleTimeout === 0 || this.#reaper !== undefined || this.#idle.length === 0) return;
    this.#reaper = setTimeout(() => {
      this.#reaper = undefined;
      const now = Date.now();
      for (let i = 0; i < this.#idle.length; ) {
        const e = this.#idle[i]!;
        const total = this.#idle.length + this.#inUse.size + this.#creating;
        if (total > this.#min && now - e.idleSince >= this.#idleTimeout) {
          this.#idle.splice(i, 1);
          void e.session.close();
        } else i++;
      }
      this.#scheduleReaper();
    }, this.#idleTimeout);
    // a Node process may exit while only idle sessions wait
    (this.#reaper as { unref?: () => void }).unref?.();
  }

  /** Opens sessions in the background until `min` are open (failures are left to the next acquire). */
  #fillMin(): void {
    if (this.#closed !== undefined) return;
    const missing = this.#min - (this.#idle.length + this.#inUse.size + this.#creating);
    for (let i = 0; i < missing; i++) {
      this.#create().then(
        (e) => {
          if (this.#closed !== undefined) return void e.session.close();
          const w = this.#waiters.shift();
          if (w !== undefined) {
            this.#inUse.add(e);
            this.#settleWaiter(w, e);
          } else {
            this.#idle.push(e);
            this.#scheduleReaper();
          }
        },
        () => {},
      );
    }
  }
}

/** Validates pool options against connect options (nothing is opened). */
export function checkPoolArgs(connectOptions: ConnectOptions, poolOptions: PoolOptions | undefined): void {
  if (typeof connectOptions !== 'object' || connectOptions === null) throw new InputError('createPool needs connect options');
  if (poolOptions !== undefined && (typeof poolOptions !== 'object' || poolOptions === null)) throw new InputError('pool options must be an object');
}
