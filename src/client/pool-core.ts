/**
 * The machinery of the session pool (see `pool.ts`): lending, waiting, health checks, resetting on
 * release, the reaper of idle and old sessions. Loaded on the pool's first use.
 */
import { AbortError, ConnectionError, ExasolError, TimeoutError } from '../errors';
import type { Attributes } from '../protocol';
import type { BindValue, RowMode, RowOf } from '../values';
import type { CallOptions, ReadOptions, ReadShape, ResultChunk } from './results';
import type { Session } from './session';
import type { Pool, PoolLease, PoolSettings, PoolStats } from './pool';

/** The strings of a template that is just one interpolated value: `${text}`. */
const ONE_VALUE = Object.assign(['', ''], { raw: ['', ''] }) as unknown as TemplateStringsArray;

/** `pool.sql` reading forms: runs the text and values on a pooled session (cached there) and releases it. */
export async function* sqlStream<M extends RowMode>(pool: Pool, text: string, params: readonly BindValue[], signal: AbortSignal | undefined, shape: ReadShape<M>): AsyncGenerator<ResultChunk<RowOf<M>>, void, undefined> {
  const lease = await pool.acquire(signal === undefined ? {} : { signal });
  try {
    const options: ReadOptions<M> = { ...shape };
    if (signal !== undefined) options.signal = signal;
    for await (const c of lease.session.sql(ONE_VALUE, { text, params }).chunks<M>(options)) yield c as ResultChunk<RowOf<M>>;
  } finally {
    await lease.release();
  }
}

/** `pool.sql`...`.execute()`: the row count, run on a pooled session. */
export function sqlExecute(pool: Pool, text: string, params: readonly BindValue[], options: CallOptions): Promise<number> {
  return pool.use((s) => s.sql(ONE_VALUE, { text, params }).execute(options), options);
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

/** The pool behind a {@link Pool}. */
export class PoolCore {
  readonly #open: () => Promise<Session>;
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

  /** `open` opens one session (with the pool's connect options); `settings` are checked already. */
  constructor(open: () => Promise<Session>, settings: PoolSettings) {
    this.#open = open;
    this.#max = settings.max;
    this.#min = settings.min;
    this.#acquireTimeout = settings.acquireTimeout;
    this.#idleTimeout = settings.idleTimeout;
    this.#maxLifetime = settings.maxLifetime;
    this.#healthCheckAfter = settings.healthCheckAfter;
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
