/**
 * Prepared statements kept per SQL text for the session's lifetime, so that a tagged-template query
 * run again is bound and executed without preparing it again. The cache is bounded: the least
 * recently used text is evicted and its statement closed once no call still uses it. A statement
 * that fails on the server is dropped (the schema it was prepared against may have changed).
 * A lazy chunk of the browser ESM build, loaded by the `sql` tag's first use with values.
 */
import { AbortError, InputError } from '../errors';
import type { BindValue, RowMode, RowOf } from '../values';
import type { CallOptions, ReadShape, ResultChunk } from './results';
import type { PreparedStatement } from './prepared';

interface Entry {
  statement: Promise<PreparedStatement>;
  users: number;
  evicted: boolean;
}

/** How a cached statement is lent to one call. */
export interface Lease {
  statement: PreparedStatement;
  /** Returns the statement; `failed` drops it from the cache. */
  release(failed?: boolean): void;
}

/** A bounded LRU cache of prepared statements keyed by SQL text. */
export class StatementCache {
  readonly #max: number;
  readonly #prepare: (sql: string, options: CallOptions) => Promise<PreparedStatement>;
  /** Map order is recency order: the first key is the least recently used. */
  readonly #entries = new Map<string, Entry>();

  /** `max` 0 turns caching off: every call prepares and closes its own statement. */
  constructor(max: number, prepare: (sql: string, options: CallOptions) => Promise<PreparedStatement>) {
    this.#max = max;
    this.#prepare = prepare;
  }

  /** Statements currently cached. */
  get size(): number {
    return this.#entries.size;
  }

  /** Lends the statement for `sql`, preparing it when it is not cached. */
  async acquire(sql: string, options: CallOptions): Promise<Lease> {
    let entry = this.#entries.get(sql);
    if (entry !== undefined) {
      this.#entries.delete(sql);
      this.#entries.set(sql, entry);
    } else {
      entry = { statement: this.#prepare(sql, options), users: 0, evicted: this.#max === 0 };
      if (this.#max > 0) {
        this.#entries.set(sql, entry);
        this.#trim();
      }
    }
    const e = entry;
    e.users++;
    let statement: PreparedStatement;
    try {
      statement = await e.statement;
    } catch (err) {
      e.users--;
      this.#drop(sql, e);
      throw err;
    }
    let released = false;
    return {
      statement,
      release: (failed = false) => {
        if (released) return;
        released = true;
        e.users--;
        if (failed) this.#drop(sql, e);
        else this.#closeIfIdle(e);
      },
    };
  }

  /** Streams the result of `sql` bound to `params` on its cached statement (the `sql` tag's reading forms). */
  async *stream<M extends RowMode>(sql: string, params: readonly BindValue[], signal: AbortSignal | undefined, shape: ReadShape<M>): AsyncGenerator<ResultChunk<RowOf<M>>, void, undefined> {
    const lease = await this.acquire(sql, { signal });
    let failed = false;
    try {
      yield* lease.statement.stream(params, signal, shape);
    } catch (e) {
      failed = serverFailure(e);
      throw e;
    } finally {
      // A loop that stops early ends here without an error: the statement stays cached.
      lease.release(failed);
    }
  }

  /** Runs `sql` bound to `params` on its cached statement and returns the row count (the tag's `execute()`). */
  async execute(sql: string, params: readonly BindValue[], options: CallOptions): Promise<number> {
    const lease = await this.acquire(sql, options);
    try {
      const n = await lease.statement.execute([params], options);
      lease.release();
      return n;
    } catch (e) {
      lease.release(serverFailure(e));
      throw e;
    }
  }

  /** Forgets every statement (their handles die with the session). */
  clear(): void {
    for (const e of this.#entries.values()) e.evicted = true;
    this.#entries.clear();
  }

  #trim(): void {
    while (this.#entries.size > this.#max) {
      const [sql, e] = this.#entries.entries().next().value as [string, Entry];
      this.#drop(sql, e);
    }
  }

  #drop(sql: string, e: Entry): void {
    if (this.#entries.get(sql) === e) this.#entries.delete(sql);
    e.evicted = true;
    this.#closeIfIdle(e);
  }

  #closeIfIdle(e: Entry): void {
    if (!e.evicted || e.users > 0) return;
    e.statement.then((s) => s.close()).catch(() => {});
  }
}

/** A failure that may mean the statement is stale (not a bad value, not an abort): it is prepared again next time. */
function serverFailure(e: unknown): boolean {
  return !(e instanceof InputError) && !(e instanceof AbortError);
}
