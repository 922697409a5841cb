/**
 * What `` session.sql`...` `` returns: a query that has not run yet. Awaiting it runs it and gives
 * the whole result (as postgres.js does); `rows()`, `chunks()`, `query$()` and `execute()` run it
 * the other ways. Its values are bound as parameters of a prepared statement that the session
 * caches per text; a template without values runs as a plain statement.
 */
import type { Observable } from 'rxjs';
import type { BindValue, RowMode, RowOf, RowType } from '../values';
import { chunkIterator, collect, observe, rowIterator } from './consumers';
import { traced } from './origin';
import type { CallOptions, QueryResult, ReadOptions, ReadShape, ResultChunk } from './results';
import { buildSql, SqlIdentifier, SqlList, type SqlText, type SqlValue } from './sql-template';

/** How a session runs the text and values of a tagged template. */
export interface SqlRunner {
  /** The session's default row mode. */
  readonly rowMode: RowMode;
  stream<M extends RowMode>(text: string, params: readonly BindValue[], signal: AbortSignal | undefined, shape: ReadShape<M>): AsyncGenerator<ResultChunk<RowOf<M>>, void, undefined>;
  execute(text: string, params: readonly BindValue[], options: CallOptions): Promise<number>;
}

/** A tagged-template query, ready to run; see `Session.sql`. `T` is the row type (`session.sql<User>`...). */
export class SqlQuery<T = never, D extends RowMode = 'object'> implements SqlText, PromiseLike<QueryResult<RowType<T, D>>> {
  /** The SQL text with `?` placeholders. */
  readonly text: string;
  /** The values bound to the placeholders, in order. */
  readonly params: readonly BindValue[];
  readonly #runner: SqlRunner;
  #awaited: Promise<QueryResult<RowType<T, D>>> | undefined;

  constructor(runner: SqlRunner, sql: SqlText) {
    this.#runner = runner;
    this.text = sql.text;
    this.params = sql.params;
  }

  /** Runs the query and reads its whole result. */
  query<M extends RowMode = D>(options: ReadOptions<M> = {}): Promise<QueryResult<RowType<T, M>>> {
    return traced(new Error(), () => collect(this.#stream<M>(options)));
  }

  /** Runs the query and iterates its rows, fetching as the loop advances; see `Session.rows`. */
  rows<M extends RowMode = D>(options: ReadOptions<M> = {}): AsyncIterableIterator<RowType<T, M>> {
    return rowIterator(this.#stream<M>(options), options.signal, new Error());
  }

  /** Runs the query and iterates its chunks; see `Session.chunks`. */
  chunks<M extends RowMode = D>(options: ReadOptions<M> = {}): AsyncIterableIterator<ResultChunk<RowType<T, M>>> {
    return chunkIterator(this.#stream<M>(options), new Error());
  }

  /** Runs the query when subscribed and emits its result in chunks; see `Session.query$`. */
  query$<M extends RowMode = D>(options: ReadOptions<M> = {}): Observable<ResultChunk<RowType<T, M>>> {
    return observe((signal) => this.#stream<M>({ ...options, signal }), options.signal, new Error());
  }

  /** Runs a statement (DML, DDL) and returns its row count. */
  execute(options: CallOptions = {}): Promise<number> {
    return traced(new Error(), () => this.#runner.execute(this.text, this.params, options));
  }

  /** `await session.sql\`...\`` runs the query once and gives its whole result. */
  then<A = QueryResult<RowType<T, D>>, B = never>(onfulfilled?: ((value: QueryResult<RowType<T, D>>) => A | PromiseLike<A>) | null, onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    this.#awaited ??= this.query<D>();
    return this.#awaited.then(onfulfilled, onrejected);
  }

  #stream<M extends RowMode>(options: ReadOptions<M>): AsyncGenerator<ResultChunk<RowType<T, M>>, void, undefined> {
    const shape: ReadShape<M> = { rowMode: options.rowMode ?? (this.#runner.rowMode as M) };
    if (options.values !== undefined) shape.values = options.values;
    return this.#runner.stream<M>(this.text, this.params, options.signal, shape) as AsyncGenerator<ResultChunk<RowType<T, M>>, void, undefined>;
  }
}

/** The `sql` tag of a session, with its helpers for identifiers and lists. */
export interface SqlTag<D extends RowMode = 'object'> {
  /** `` session.sql`SELECT * FROM T WHERE ID = ${id}` ``: values become bound parameters, never text. */
  <T = never>(strings: TemplateStringsArray, ...values: SqlValue[]): SqlQuery<T, D>;
  /** A quoted identifier: `sql.id('MY_TABLE')`, or `sql.id('MY_SCHEMA', 'MY_TABLE')` for `"MY_SCHEMA"."MY_TABLE"`. */
  id(...parts: string[]): SqlIdentifier;
  /** Values for `IN (...)`: `` sql`... WHERE ID IN (${sql.list(ids)})` `` binds one parameter per value. */
  list(values: readonly BindValue[]): SqlList;
}

/** Makes the `sql` tag of a session. */
export function sqlTag<D extends RowMode>(runner: SqlRunner): SqlTag<D> {
  const tag = (<T = never>(strings: TemplateStringsArray, ...values: SqlValue[]) => new SqlQuery<T, D>(runner, buildSql(strings, values))) as SqlTag<D>;
  tag.id = (...parts: string[]) => new SqlIdentifier(parts);
  tag.list = (values: readonly BindValue[]) => new SqlList(values);
  return tag;
}
