/**
 * A bounded session pool for servers: at most `max` sessions, `min` kept open, waits for a free
 * session bounded by `acquireTimeout`, idle sessions closed after `idleTimeout`, every session
 * retired after `maxLifetime`. A released session is reset (open transaction rolled back, changed
 * attributes such as autocommit and schema restored) or closed when broken; a session idle for
 * longer than `healthCheckAfter` is checked with a round trip before it is handed out. Host lists
 * and failover apply to each new session (each is opened by `connect()`). The machinery is in
 * `pool-core.ts`, loaded on the pool's first use.
 */
import { ConnectionError, InputError } from '../errors';
import type { BindValue, RowMode, RowType } from '../values';
import { sqlTag, type SqlTag } from './sql-query';
import type { ConnectOptions } from './options';
import type { CallOptions, QueryResult, ReadOptions } from './results';
import type { Session } from './session';
import { loadPool } from './lazy';
import type { PoolCore } from './pool-core';

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

function checkMs(name: string, v: unknown, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 2 ** 31) throw new InputError(`pool option ${name} must be an integer from 0 to 2^31`);
  return v;
}

/** Checked pool options, with their defaults (internal). */
export interface PoolSettings {
  max: number;
  min: number;
  acquireTimeout: number;
  idleTimeout: number;
  maxLifetime: number;
  healthCheckAfter: number;
}

/**
 * The pool; make one with `createPool()`. Its options are checked at once; its machinery
 * (`pool-core.ts`) is loaded on first use, or at once when `min` sessions are to be kept open.
 */
export class Pool implements AsyncDisposable {
  readonly #open: () => Promise<Session>;
  readonly #settings: PoolSettings;
  #core: PoolCore | undefined;
  #loading: Promise<PoolCore> | undefined;
  /** Calls waiting for the machinery to load (counted as waiting). */
  #early = 0;
  #closed: Promise<void> | undefined;
  #sql: SqlTag<'object'> | undefined;

  /** Internal: use `createPool()`. `open` opens one session (with the pool's connect options). */
  constructor(open: () => Promise<Session>, options: PoolOptions = {}) {
    if (typeof options !== 'object' || options === null) throw new InputError('pool options must be an object');
    this.#open = open;
    const max = options.max ?? 10;
    if (!Number.isInteger(max) || max < 1 || max > 10_000) throw new InputError('pool option max must be an integer from 1 to 10000');
    const min = options.min ?? 0;
    if (!Number.isInteger(min) || min < 0 || min > max) throw new InputError('pool option min must be an integer from 0 to max');
    this.#settings = {
      max,
      min,
      acquireTimeout: checkMs('acquireTimeout', options.acquireTimeout, 30_000),
      idleTimeout: checkMs('idleTimeout', options.idleTimeout, 30_000),
      maxLifetime: checkMs('maxLifetime', options.maxLifetime, 0),
      healthCheckAfter: checkMs('healthCheckAfter', options.healthCheckAfter, 5_000),
    };
    // A minimum is kept open from the start; its failures surface at acquire().
    if (min > 0) this.#load().catch(() => {});
  }

  /** Current counts. */
  get stats(): PoolStats {
    const s = this.#core?.stats ?? { open: 0, idle: 0, inUse: 0, waiting: 0, created: 0 };
    return { ...s, waiting: s.waiting + this.#early };
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
    if (this.#closed !== undefined) throw new ConnectionError('the pool is closed');
    let core = this.#core;
    if (core === undefined) {
      this.#early++;
      try {
        core = await this.#load();
      } finally {
        this.#early--;
      }
      if (this.#closed !== undefined) throw new ConnectionError('the pool is closed');
    }
    return core.acquire(options);
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
    const pool = this;
    // How the tag runs is part of the machinery (pool-core.ts), loaded by the first run.
    return (this.#sql ??= sqlTag<'object'>({
      rowMode: 'object',
      async *stream(text, params, signal, shape) {
        yield* (await loadPool()).sqlStream(pool, text, params, signal, shape);
      },
      async execute(text, params, options) {
        return (await loadPool()).sqlExecute(pool, text, params, options);
      },
    }));
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
    // A pool whose machinery never loaded has nothing open; one still loading is closed once it is there.
    this.#closed ??= this.#loading === undefined ? Promise.resolve() : this.#loading.then((core) => core.close(timeoutMs), () => {});
    return this.#closed;
  }

  /** `await using pool = createPool(...)` closes it at scope end. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Loads the machinery once (ConnectionError when it cannot be loaded; tried again next time). */
  #load(): Promise<PoolCore> {
    this.#loading ??= loadPool().then(
      ({ PoolCore }) => (this.#core = new PoolCore(this.#open, this.#settings)),
      (e: unknown) => {
        this.#loading = undefined;
        throw e;
      },
    );
    return this.#loading;
  }
}

/** Checks `createPool`'s connect options before the pool is made (nothing is opened; the Pool checks its own options). */
export function checkPoolArgs(connectOptions: ConnectOptions): void {
  if (typeof connectOptions !== 'object' || connectOptions === null) throw new InputError('createPool needs connect options');
}
