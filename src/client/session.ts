/**
 * A logged-in Exasol session: queries as streams, promises and async iterables, DML, batches,
 * scripts, prepared statements, transactions, attributes, status and heartbeat streams,
 * metadata, abort and close. Every promise-returning call takes `{ signal }` as its last argument.
 */
import type { Observable } from 'rxjs';
import { checkAttributes, DEFAULT_ATTRIBUTES, type Attributes, type SessionInfo } from '../protocol';
import { InputError } from '../errors';
import { checkOneOf, checkSql, ROW_MODES, VALUE_MODES } from './checks';
import type { BindValue, Row, RowMode, RowOf, RowType } from '../values';
import { chunkIterator, collect, observe, rowIterator } from './consumers';
import { closeHandlesQuietly, handlesOf, type SessionCore, type StatementTracker } from './core';
import { readonlyState, type ObservableState } from './observable-state';
import { traced } from './origin';
import { PreparedStatement } from './prepared';
import { runAndStream, runStatement, type CallOptions, type QueryResult, type ReadOptions, type ReadShape, type ResultChunk } from './results';
import { sqlTag, type SqlRunner, type SqlTag } from './sql-query';
import type { StatementCache } from './statement-cache';
import type { SessionStatus } from './status';
import type { Transport } from './transport';
import { ParallelReads } from './parallel';
import type { SubConnectionOptions, SubConnections } from './subconnections';
import { mergeAttributes, splitArgs, type SessionChannels, type SessionDetails, type SessionInternals, type SessionSettings, type StatementResult } from './session-channels';
import { loadBatch, loadMetadata, loadStatementCache, loadSubConnections, loadTransaction } from './lazy';

/** Statements after which the session's formats may have changed (the attributes are re-read). */
const ALTER_SESSION = /^\s*alter\s+session\b/i;

/** A stream of result chunks with rows of type `R`. */
type ChunkStream<R> = AsyncGenerator<ResultChunk<R>, void, undefined>;

/**
 * A logged-in session. Create with `connect()`. `D` is the row mode of reading calls that do not
 * name one (`connect({ rowMode: 'array' })` makes it `'array'`).
 */
export class Session<D extends RowMode = 'object'> implements AsyncDisposable {
  /** Session id, protocol version, release, database name, limits, time zone. */
  readonly info: SessionDetails;
  /** Current session attributes; updated from every reply that reports changes. */
  readonly attributes$: ObservableState<Attributes>;
  /** `connecting` / `ready` / `running` (with sql, startedAt, rowsFetched, totalRows) / `closed`. */
  readonly status$: ObservableState<SessionStatus>;
  /**
   * Emits `Date.now()` for every heartbeat Pong the server sends while a command runs (Node).
   * Browsers hide WebSocket control frames, so it never emits there; watch `status$` instead.
   */
  readonly heartbeat$: Observable<number>;
  /**
   * The tagged template: `` await session.sql`SELECT * FROM T WHERE ID = ${id}` `` binds every
   * value as a parameter of a prepared statement (cached per text; see `statementCacheSize`),
   * never by pasting it into the text. `session.sql.id(name)` quotes an identifier and
   * `session.sql.list(values)` expands to `?, ?, ...` for `IN (...)`; templates nest.
   */
  readonly sql: SqlTag<D>;
  readonly #core: SessionCore;
  readonly #rowMode: RowMode;
  /** The `sql` tag's prepared statements (made on the tag's first use with values). */
  #statements: StatementCache | undefined;
  #statementsLoading: Promise<StatementCache> | undefined;
  readonly #statementCacheSize: number;
  #parallel: ParallelReads | undefined;
  #running = 0;
  #closing: Promise<void> | undefined;

  readonly #transport: Transport;
  readonly #channels: SessionChannels;

  /** Internal: use `connect()`. */
  constructor(transport: Transport, channels: SessionChannels, info: SessionInfo, settings: SessionSettings) {
    this.#transport = transport;
    this.#channels = channels;
    this.info = { ...info, sessionId: String(info.sessionId) };
    this.attributes$ = readonlyState(channels.attributes);
    this.status$ = readonlyState(channels.status);
    this.heartbeat$ = channels.heartbeat.asObservable();
    const session = this;
    const maxMessageSize = info.maxDataMessageSize || 64 * 1024 * 1024;
    this.#core = {
      transport,
      mode: settings.mode,
      fetchSize: Math.max(1024, Math.min(settings.fetchSize, maxMessageSize)),
      roundTripMs: settings.roundTripMs,
      maxMessageSize,
      protocolVersion: info.protocolVersion,
      formatRules() {
        const a = channels.attributes.value;
        return {
          defaultDate: (a.dateFormat ?? DEFAULT_ATTRIBUTES.dateFormat) === DEFAULT_ATTRIBUTES.dateFormat,
          defaultTimestamp: (a.datetimeFormat ?? DEFAULT_ATTRIBUTES.datetimeFormat) === DEFAULT_ATTRIBUTES.datetimeFormat,
        };
      },
      beginStatement: (sql) => session.#track(sql),
      telemetry: settings.telemetry,
    };
    this.#rowMode = settings.rowMode;
    this.#statementCacheSize = settings.statementCacheSize;
    this.sql = sqlTag<D>(this.#sqlRunner());
    if (!transport.closed) channels.status.next({ state: 'ready' });
  }

  /** True once the session is closed (by `close()`, the server, a lost connection or a reply that broke the protocol). */
  get closed(): boolean {
    return this.#transport.closed;
  }

  /**
   * Runs a query when subscribed and emits its result in chunks; one fetch runs ahead of the
   * chunk being delivered, never more. Unsubscribing (or `options.signal`) aborts a running
   * statement (`abortQuery`) or closes the open result set. With `params`, the statement is
   * prepared and bound.
   */
  query$<T = never, M extends RowMode = D>(sql: string, params?: readonly BindValue[] | ReadOptions<M>, options?: ReadOptions<M>): Observable<ResultChunk<RowType<T, M>>> {
    const origin = new Error();
    const a = splitArgs(params, options);
    return observe((signal) => this.#read<T, M>(sql, a.params, signal, a.options), a.options.signal, origin);
  }

  /** Runs a statement and reads its whole result into memory. `query<User>(...)` types the rows. */
  query<T = never, M extends RowMode = D>(sql: string, params?: readonly BindValue[] | ReadOptions<M>, options?: ReadOptions<M>): Promise<QueryResult<RowType<T, M>>> {
    return traced(new Error(), () => {
      const a = splitArgs(params, options);
      return collect(this.#read<T, M>(sql, a.params, a.options.signal, a.options));
    });
  }

  /**
   * Iterates the rows of a query, fetching chunk by chunk as the loop advances; rows of a fetched
   * chunk are handed out without waiting. Breaking out of the loop closes the result; an aborted
   * `signal` ends it with AbortError at the next row.
   */
  rows<T = never, M extends RowMode = D>(sql: string, params?: readonly BindValue[] | ReadOptions<M>, options?: ReadOptions<M>): AsyncIterableIterator<RowType<T, M>> {
    const origin = new Error();
    const a = splitArgs(params, options);
    return rowIterator(this.#read<T, M>(sql, a.params, a.options.signal, a.options), a.options.signal, origin);
  }

  /**
   * Iterates the chunks of a query (`for await (const { data, rows } of s.chunks(sql))`): one
   * fetch at a time, with the next one already on the wire; `chunk.data` gives the values column
   * by column without building row objects. Breaking out of the loop closes the result.
   */
  chunks<T = never, M extends RowMode = D>(sql: string, params?: readonly BindValue[] | ReadOptions<M>, options?: ReadOptions<M>): AsyncIterableIterator<ResultChunk<RowType<T, M>>> {
    const origin = new Error();
    const a = splitArgs(params, options);
    return chunkIterator(this.#read<T, M>(sql, a.params, a.options.signal, a.options), origin);
  }

  /** Runs one statement and returns its row count (affected rows, or the rows of a query, whose result is closed unread). */
  execute(sql: string, options: CallOptions = {}): Promise<number> {
    return traced(new Error(), async () => {
      checkSql(sql);
      const tracker = this.#track(sql);
      try {
        const r = (await runStatement(this.#core, { command: 'execute', sqlText: sql }, sql, options.signal)).result;
        closeHandlesQuietly(this.#transport, handlesOf([r]));
        await this.#afterStatement(sql);
        const n = r.resultType === 'rowCount' ? r.rowCount : r.resultSet.numRows;
        tracker.end();
        return n;
      } catch (e) {
        tracker.end(e);
        throw e;
      }
    });
  }

  /** Runs several statements in one request (`executeBatch`) and returns one outcome per statement. */
  executeBatch(sqls: readonly string[], options: CallOptions = {}): Promise<StatementResult[]> {
    return traced(new Error(), async () => {
      // Bad arguments are refused before anything is loaded.
      if (!Array.isArray(sqls) || sqls.length === 0) throw new InputError('executeBatch needs a non-empty array of SQL texts');
      sqls.forEach((s) => checkSql(s));
      return (await loadBatch()).executeBatch(this.#internals(), sqls, options);
    });
  }

  /**
   * Splits a script on `;` (respecting quotes, quoted identifiers and comments) and runs the
   * statements one by one; stops at the first failure, whose SqlError names the statement.
   */
  executeScript(text: string, options: CallOptions = {}): Promise<StatementResult[]> {
    return traced(new Error(), async () => {
      if (typeof text !== 'string') throw new InputError('executeScript needs the script text');
      return (await loadBatch()).executeScript(this.#internals(), text, options);
    });
  }

  /** Prepares a statement with `?` placeholders. Close it when done (or `await using`). */
  prepare(sql: string, options: CallOptions = {}): Promise<PreparedStatement> {
    return traced(new Error(), async () => {
      checkSql(sql);
      return PreparedStatement.create(this.#core, sql, options);
    });
  }

  /** Commits the open transaction. */
  async commit(options: CallOptions = {}): Promise<void> {
    await this.execute('COMMIT', options);
  }

  /** Rolls back the open transaction. */
  async rollback(options: CallOptions = {}): Promise<void> {
    await this.execute('ROLLBACK', options);
  }

  /** Switches autocommit on or off. */
  setAutocommit(on: boolean, options: CallOptions = {}): Promise<void> {
    return traced(new Error(), async () => {
      if (typeof on !== 'boolean') throw new InputError('setAutocommit expects a boolean');
      await this.setAttributes({ autocommit: on }, options);
    });
  }

  /** Reads all session attributes from the server (and refreshes `attributes$`). */
  getAttributes(options: CallOptions = {}): Promise<Attributes> {
    return traced(new Error(), async () => {
      const reply = await this.#transport.request({ command: 'getAttributes' }, { signal: options.signal });
      return { ...checkAttributes(reply.attributes ?? {}, 'getAttributes') };
    });
  }

  /** Changes session attributes, then re-reads them (setAttributes replies are unreliable on real servers). */
  setAttributes(attributes: Attributes, options: CallOptions = {}): Promise<Attributes> {
    return traced(new Error(), async () => {
      if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) throw new InputError('setAttributes expects an object');
      await this.#transport.request({ command: 'setAttributes', attributes }, { signal: options.signal });
      return this.getAttributes(options);
    });
  }

  /** Lists schemas (v2 `getSchemas`; SQL on EXA_ALL_SCHEMAS with protocol v1). `schema` is a LIKE pattern. */
  schemas(schema?: string, options: CallOptions = {}): Promise<Row[]> {
    return traced(new Error(), async () => (await loadMetadata()).metadata(this.#core, 'getSchemas', { schema }, options));
  }

  /** Lists tables, optionally of schemas matching a LIKE pattern. */
  tables(schema?: string, options: CallOptions = {}): Promise<Row[]> {
    return traced(new Error(), async () => (await loadMetadata()).metadata(this.#core, 'getTables', { schema }, options));
  }

  /** Lists columns, optionally filtered by schema and table LIKE patterns. */
  columns(schema?: string, table?: string, options: CallOptions = {}): Promise<Row[]> {
    return traced(new Error(), async () => (await loadMetadata()).metadata(this.#core, 'getColumns', { schema, table }, options));
  }

  /**
   * Parallel reads through sub-connections, one per cluster node: `session.parallel.query$(sql)`,
   * `.chunks()`, `.rows()`, `.query()`, in result order or (`order: 'arrival'`) as the chunks arrive.
   */
  get parallel(): ParallelReads {
    return (this.#parallel ??= new ParallelReads(this));
  }

  /**
   * Opens sub-connections on the cluster's nodes (v4+ `requestParallelConnections`, v1-v3
   * `enterParallel`) for raw commands or repeated parallel reads; closed with the session.
   */
  openSubConnections(options: SubConnectionOptions = {}): Promise<SubConnections> {
    return traced(new Error(), async () => (await loadSubConnections()).openSubConnections(this, options));
  }

  /**
   * Runs `work` in a transaction: autocommit off, COMMIT when `work` resolves, ROLLBACK when it
   * throws (the error is rethrown); autocommit is restored either way.
   */
  transaction<T>(work: (tx: Session) => Promise<T>, options: CallOptions = {}): Promise<T> {
    return traced(new Error(), async () => {
      if (typeof work !== 'function') throw new InputError('transaction expects a function');
      return (await loadTransaction()).runTransaction(this, work, options);
    });
  }

  /** Asks the server to abort the running statement; its call rejects with AbortError (R0003). */
  abort(): void {
    this.#transport.abortRunning();
  }

  /** Sends `disconnect` and closes the socket; pending calls reject. Idempotent, never rejects. */
  close(): Promise<void> {
    this.#statements?.clear();
    this.#closing ??= this.#transport.close();
    return this.#closing;
  }

  /** `await using s = await connect(...)` closes the session at scope end. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  // -------------------------------------------------------------------------------------------

  /** Internal: the transport reported a close. */
  static closedBy(channels: SessionChannels): void {
    channels.status.next({ state: 'closed' });
    channels.status.complete();
    channels.attributes.complete();
    channels.heartbeat.complete();
  }

  /** A reading call's chunk stream, with the call's row mode (or the session's) and value mode. */
  #read<T, M extends RowMode>(sql: string, params: readonly BindValue[] | undefined, signal: AbortSignal | undefined, options: ReadOptions<M>): ChunkStream<RowType<T, M>> {
    const shape: ReadShape<M> = { rowMode: options.rowMode ?? (this.#rowMode as M) };
    if (options.values !== undefined) shape.values = options.values;
    return this.#stream<M>(sql, params, signal, shape) as ChunkStream<RowType<T, M>>;
  }

  /** The chunk stream of a query, prepared and bound when there are params. */
  async *#stream<M extends RowMode>(sql: string, params: readonly BindValue[] | undefined, signal: AbortSignal | undefined, shape: ReadShape<M>): ChunkStream<RowOf<M>> {
    checkSql(sql);
    checkOneOf('rowMode', shape.rowMode, ROW_MODES);
    checkOneOf('values', shape.values, VALUE_MODES);
    if (params === undefined) {
      yield* runAndStream(this.#core, { command: 'execute', sqlText: sql }, sql, signal, shape);
      await this.#afterStatement(sql);
      return;
    }
    const stmt = await PreparedStatement.create(this.#core, sql, { signal });
    try {
      yield* stmt.stream(params, signal, shape);
    } finally {
      void stmt.close().catch(() => {});
    }
  }

  /** How the `sql` tag runs: plain statements without values, cached prepared statements with them. */
  #sqlRunner(): SqlRunner {
    const session = this;
    return {
      rowMode: this.#rowMode,
      async *stream<M extends RowMode>(text: string, params: readonly BindValue[], signal: AbortSignal | undefined, shape: ReadShape<M>): ChunkStream<RowOf<M>> {
        if (params.length === 0) return yield* session.#stream(text, undefined, signal, shape);
        checkSql(text);
        yield* (await session.#statementCache()).stream(text, params, signal, shape);
      },
      async execute(text: string, params: readonly BindValue[], options: CallOptions): Promise<number> {
        if (params.length === 0) return session.execute(text, options);
        checkSql(text);
        return (await session.#statementCache()).execute(text, params, options);
      },
    };
  }

  /** The statement cache of the `sql` tag, loaded and made on first use (a failed load is tried again next time). */
  #statementCache(): Promise<StatementCache> {
    if (this.#statements !== undefined) return Promise.resolve(this.#statements);
    this.#statementsLoading ??= loadStatementCache().then(
      ({ StatementCache }) => (this.#statements = new StatementCache(this.#statementCacheSize, (sql, options) => PreparedStatement.create(this.#core, sql, options))),
      (e: unknown) => {
        this.#statementsLoading = undefined;
        throw e;
      },
    );
    return this.#statementsLoading;
  }

  /** What the session's lazily loaded parts (`session-batch.ts`) use of it. */
  #internals(): SessionInternals {
    return {
      core: this.#core,
      transport: this.#transport,
      check: checkSql,
      track: (sql) => this.#track(sql),
      stream: (sql, signal) => this.#stream(sql, undefined, signal, { rowMode: 'object' }),
      afterStatement: (sql) => this.#afterStatement(sql),
    };
  }

  /** After ALTER SESSION the value formats may differ: re-read the attributes. */
  async #afterStatement(sql: string): Promise<void> {
    if (ALTER_SESSION.test(sql) && !this.#transport.closed) {
      const reply = await this.#transport.request({ command: 'getAttributes' });
      if (reply.attributes !== undefined) mergeAttributes(this.#channels, reply.attributes);
    }
  }

  #track(sql: string): StatementTracker {
    const status = this.#channels.status;
    let ended = false;
    let fetched = 0;
    let total: number | undefined;
    const startedAt = Date.now();
    const span = this.#core.telemetry.statement(sql);
    this.#running++;
    const emit = () => {
      if (!status.closed && !this.#transport.closed) status.next({ state: 'running', sql, startedAt, rowsFetched: fetched, ...(total === undefined ? {} : { totalRows: total }) });
    };
    emit();
    return {
      total: (n) => {
        total = n;
        emit();
      },
      fetched: (n) => {
        fetched += n;
        emit();
      },
      end: (error?: unknown) => {
        if (ended) return;
        ended = true;
        span.end(fetched, total, error);
        this.#running--;
        if (this.#running === 0 && !status.closed && !this.#transport.closed) status.next({ state: 'ready' });
      },
    };
  }
}
