/**
 * Prepared statements: parameter metadata, many-row execution bound column-major in one message
 * (split into several when a message would pass the server's maxDataMessageSize), and prepared
 * queries streamed like `query$`.
 */
import type { Observable } from 'rxjs';
import { checkPrepared, checkResults, type ColumnInfo } from '../protocol';
import { ConnectionError, InputError } from '../errors';
import type { BindValue, Column, RowMode, RowOf, RowType } from '../values';
import { chunkIterator, collect, observe, rowIterator } from './consumers';
import { closeHandlesQuietly, handlesOf, handlesOfReply, type SessionCore } from './core';
import { toColumns } from './decode';
import { loadBind } from './lazy';
import { traced } from './origin';
import { runAndStream, type CallOptions, type Command, type QueryResult, type ReadOptions, type ReadShape, type ResultChunk } from './results';

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
  #closed = false;
  readonly #core: SessionCore;
  readonly #handle: number;
  readonly #wireParameters: ColumnInfo[];

  private constructor(core: SessionCore, sql: string, handle: number, wireParameters: ColumnInfo[], columns: ColumnInfo[] | null) {
    this.#core = core;
    this.sql = sql;
    this.#handle = handle;
    this.#wireParameters = wireParameters;
    this.parameters = toColumns(wireParameters);
    this.columns = columns === null ? null : toColumns(columns);
  }

  /** Prepares `sql` on the server (internal; use `session.prepare`). */
  static async create(core: SessionCore, sql: string, options: CallOptions = {}): Promise<PreparedStatement> {
    // Binding is a chunk of its own in the browser ESM build: fetched while the server prepares (a failed fetch is
    // tried again, and reported, when binding needs it).
    loadBind().catch(() => {});
    const d = await core.transport.ask(
      { command: 'createPreparedStatement', sqlText: sql },
      checkPrepared,
      {
        signal: options.signal,
        sql,
        late: (r) => {
          const h = (r.responseData as { statementHandle?: unknown } | undefined)?.statementHandle;
          if (typeof h === 'number' && Number.isSafeInteger(h)) core.transport.request({ command: 'closePreparedStatement', statementHandle: h }).catch(() => {});
        },
      },
    );
    const first = d.results?.[0];
    const out = first !== undefined && first.resultType === 'resultSet' ? first.resultSet.columns : null;
    return new PreparedStatement(core, sql, d.statementHandle, d.parameterData?.columns ?? [], out);
  }

  /**
   * Runs the statement once per parameter row (all rows in one message, or several when the data
   * would exceed the server's message limit) and returns the total affected row count. Values are
   * converted to the parameter types; a bad value rejects with InputError before anything is sent.
   */
  execute(rows: readonly (readonly BindValue[])[] = [[]], options: CallOptions = {}): Promise<number> {
    return traced(new Error(), () => this.#execute(rows, options));
  }

  async #execute(rows: readonly (readonly BindValue[])[], options: CallOptions): Promise<number> {
    this.#assertOpen();
    if (!Array.isArray(rows)) throw new InputError('execute(rows) expects an array of parameter rows', { sql: this.sql });
    const { bindRows, batches } = await loadBind();
    const data = bindRows(
      this.#wireParameters.map((p) => p.dataType),
      rows,
      this.sql,
    );
    let total = 0;
    for (const [from, to] of batches(data, rows.length, this.#core.maxMessageSize)) {
      const msg = this.#message(data, from, to);
      const tracker = this.#core.beginStatement(this.sql);
      try {
        const results = await this.#core.transport.ask(msg, (d) => checkResults(d, 'executePreparedStatement'), {
          signal: options.signal,
          sql: this.sql,
          late: (r) => closeHandlesQuietly(this.#core.transport, handlesOfReply(r.responseData, 'executePreparedStatement')),
        });
        closeHandlesQuietly(this.#core.transport, handlesOf(results));
        for (const r of results) total += r.resultType === 'rowCount' ? r.rowCount : r.resultSet.numRows;
        tracker.end();
      } catch (e) {
        tracker.end(e);
        throw e;
      }
    }
    return total;
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
    return traced(new Error(), async () => {
      if (this.#closed) return;
      this.#closed = true;
      if (this.#core.transport.closed) return;
      await this.#core.transport.request({ command: 'closePreparedStatement', statementHandle: this.#handle }, { signal: options.signal, sql: this.sql });
    });
  }

  /** `await using stmt = await session.prepare(...)` closes the statement at scope end. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close().catch(() => {});
  }

  // -------------------------------------------------------------------------------------------

  /** Internal: streams the prepared query's result for one parameter row (used by `session.query$` with params). */
  async *stream<M extends RowMode>(params: readonly BindValue[], signal?: AbortSignal, shape: ReadShape<M> = {}): AsyncGenerator<ResultChunk<RowOf<M>>, void, undefined> {
    this.#assertOpen();
    if (!Array.isArray(params)) throw new InputError('parameters must be an array', { sql: this.sql });
    const { bindRows } = await loadBind();
    const data = bindRows(
      this.#wireParameters.map((p) => p.dataType),
      this.#wireParameters.length === 0 && params.length === 0 ? [] : [params],
      this.sql,
    );
    yield* runAndStream(this.#core, this.#message(data, 0, this.#wireParameters.length === 0 ? 0 : 1), this.sql, signal, shape);
  }

  #message(data: unknown[][], from: number, to: number): Command {
    return {
      command: 'executePreparedStatement',
      statementHandle: this.#handle,
      numColumns: this.#wireParameters.length,
      numRows: to - from,
      columns: this.#wireParameters,
      data: from === 0 && to === (data[0]?.length ?? 0) ? data : data.map((col) => col.slice(from, to)),
    };
  }

  #assertOpen(): void {
    if (this.#closed) throw new InputError('the prepared statement is closed', { sql: this.sql });
    if (this.#core.transport.closed) throw new ConnectionError('the connection is closed', { sql: this.sql });
  }
}
