/**
 * Prepared statements: parameter metadata, many-row execution bound column-major in one message
 * (split into several when a message would pass the server's maxDataMessageSize), and prepared
 * queries streamed like `query$`. The class is the public face; preparing, binding and running
 * (`prepared-run.ts` with `bind.ts`) are a lazy chunk of the browser ESM build, loaded by the
 * first `prepare()` (or query with parameters).
 */
import type { Observable } from 'rxjs';
import type { BindValue, Column, RowMode, RowOf, RowType } from '../values';
import { chunkIterator, collect, observe, rowIterator } from './consumers';
import type { SessionCore } from './core';
import { toColumns } from './decode';
import { loadPrepared } from './lazy';
import { traced } from './origin';
import type { PreparedRun } from './prepared-run';
import type { CallOptions, QueryResult, ReadOptions, ReadShape, ResultChunk } from './results';

/** A stream of result chunks with rows of type `R`. */
type ChunkStream<R> = AsyncGenerator<ResultChunk<R>, void, undefined>;

/** A statement prepared on the server. Close it when done (or use `await using`). */
export class PreparedStatement {
  /** One entry per `?`, typed by the server (values are converted to these types). */
  readonly parameters: Column[];
  /** Result columns for a query, `null` for a statement that returns a row count. */
  readonly columns: Column[] | null;
  /** The SQL text. */
  readonly sql: string;
  readonly #run: PreparedRun;

  private constructor(sql: string, run: PreparedRun) {
    this.sql = sql;
    this.#run = run;
    this.parameters = toColumns(run.parameters);
    this.columns = run.columns === null ? null : toColumns(run.columns);
  }

  /** Prepares `sql` on the server (internal; use `session.prepare`). */
  static async create(core: SessionCore, sql: string, options: CallOptions = {}): Promise<PreparedStatement> {
    return new PreparedStatement(sql, await (await loadPrepared()).prepare(core, sql, options));
  }

  /**
   * Runs the statement once per parameter row (all rows in one message, or several when the data
   * would exceed the server's message limit) and returns the total affected row count. Values are
   * converted to the parameter types; a bad value rejects with InputError before anything is sent.
   */
  execute(rows: readonly (readonly BindValue[])[] = [[]], options: CallOptions = {}): Promise<number> {
    return traced(new Error(), () => this.#run.execute(rows, options));
  }

  /** Streams the result of a prepared query for one parameter row; see `session.query$`. */
  query$<T = never, M extends RowMode = 'object'>(params: readonly BindValue[] = [], options: ReadOptions<M> = {}): Observable<ResultChunk<RowType<T, M>>> {
    return observe((signal) => this.stream<M>(params, signal, options) as ChunkStream<RowType<T, M>>, options.signal, new Error());
  }

  /** Reads the whole result of a prepared query for one parameter row. */
  query<T = never, M extends RowMode = 'object'>(params: readonly BindValue[] = [], options: ReadOptions<M> = {}): Promise<QueryResult<RowType<T, M>>> {
    return traced(new Error(), () => collect(this.stream<M>(params, options.signal, options) as ChunkStream<RowType<T, M>>));
  }

  /** Iterates the rows of a prepared query for one parameter row, fetching as it goes; see `session.rows`. */
  rows<T = never, M extends RowMode = 'object'>(params: readonly BindValue[] = [], options: ReadOptions<M> = {}): AsyncIterableIterator<RowType<T, M>> {
    return rowIterator(this.stream<M>(params, options.signal, options) as ChunkStream<RowType<T, M>>, options.signal, new Error());
  }

  /** Iterates the chunks of a prepared query for one parameter row; see `session.chunks`. */
  chunks<T = never, M extends RowMode = 'object'>(params: readonly BindValue[] = [], options: ReadOptions<M> = {}): AsyncIterableIterator<ResultChunk<RowType<T, M>>> {
    return chunkIterator(this.stream<M>(params, options.signal, options) as ChunkStream<RowType<T, M>>, new Error());
  }

  /** Releases the statement on the server. Idempotent. */
  close(options: CallOptions = {}): Promise<void> {
    return traced(new Error(), () => this.#run.close(options));
  }

  /** `await using stmt = await session.prepare(...)` closes the statement at scope end. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close().catch(() => {});
  }

  /** Internal: streams the prepared query's result for one parameter row (used by `session.query$` with params). */
  stream<M extends RowMode>(params: readonly BindValue[], signal?: AbortSignal, shape: ReadShape<M> = {}): AsyncGenerator<ResultChunk<RowOf<M>>, void, undefined> {
    return this.#run.stream(params, signal, shape);
  }
}
