/**
 * The seam between the emulator's protocol server (src/emulator/*.ts: sockets, login, framing,
 * handles, attributes, heartbeats) and its SQL engine (src/emulator/sql/*: DuckDB, the Exasol
 * dialect, type catalog, value encoding, metadata commands, seed data).
 *
 * The server never touches DuckDB; the engine never touches a socket or JSON envelopes.
 */
import type { ClientInfo } from './session-registry';
import type { ColumnInfo, DataType, MetadataRequest, RawNumber } from '../../protocol';

/** An SQL-level failure the server turns into `{status:"error", exception:{text, sqlCode}}`. */
export class EngineError extends Error {
  /** 5-character Exasol SQL code (42000, 22002, R0001, ...). */
  readonly sqlCode: string;
  constructor(sqlCode: string, text: string) {
    super(text);
    this.name = 'EngineError';
    this.sqlCode = sqlCode;
  }
}

/** Options for creating an engine. */
export interface EngineOptions {
  /** A DuckDB file path; in-memory when absent. */
  database?: string;
  /** Seed data to load at start: `'demo'` = the realistic sample schema with a >= 1M-row table. */
  seed?: 'demo';
  /** Nodes of the emulated cluster (NPROC, VALUE2PROC); 1 when absent. */
  nodes?: number;
}

/** Creates engines: implemented in src/emulator/sql/engine.ts as `createEngine(options)`. */
export type CreateEngine = (options: EngineOptions) => Promise<Engine>;

/** One database shared by all sessions of an emulator. */
export interface Engine {
  /** Opens an SQL session (own DuckDB connection, own transaction state, own current schema). */
  openSession(info: { sessionId: string; userName: string; client?: ClientInfo }): Promise<SqlSession>;
  /** Closes every session and the database. */
  close(): Promise<void>;
  /**
   * Returns the database to its state right after creation (seed loaded): schemas and objects created
   * since are dropped, changed seed tables, views and sequences recreated. New sessions wait until it
   * is done; `endSessions` is called once they are held back, then every session still open is closed.
   * Optional: an injected engine without it makes the emulator's reset() fail with a clear error.
   */
  reset?(endSessions?: () => Promise<void>): Promise<void>;
}

/** Where a statement stands with respect to the protocol: what the server must do after it. */
export interface StatementContext {
  /** Aborted by `abortQuery` (reason 'abort' -> R0003) or by `queryTimeout` (reason 'timeout' -> R0001). */
  signal: AbortSignal;
  /** Protocol version of the session (v1 reports HASHTYPE as CHAR). */
  protocolVersion: number;
  /**
   * `size` of TIMESTAMP metadata in v1-v4 sessions: 8 on Exasol 7, 16 on Exasol 8 (wire-quirks.md §7,
   * protocol-v4-v5.md §4.6); the emulator picks it from its `releaseVersion`. Default 8.
   */
  timestampSize?: number;
  /** `resultSetMaxRows` attribute (0 = unlimited). */
  resultSetMaxRows: number;
  /**
   * Takes the HTTP-transport tunnel registered under an internal address `ip:port` (IMPORT/EXPORT ... AT
   * 'http://ip:port'): the raw byte stream, owned by the statement from then on. Undefined when no such tunnel.
   */
  tunnel?: (address: string) => import('node:stream').Duplex | undefined;
}

/** Outcome of one statement. */
export type StatementOutcome =
  | { kind: 'rowCount'; rowCount: number }
  | { kind: 'resultSet'; rows: RowSource };

/**
 * A result set the server can page through. The total row count is known up front, as Exasol
 * reports it in the first reply. Memory must stay bounded for huge results (stream from DuckDB
 * rather than materializing 10M rows).
 */
export interface RowSource {
  readonly columns: ColumnInfo[];
  readonly numRows: number;
  /**
   * Reads rows starting at the 0-based `start`, as many as fit `maxBytes` of encoded JSON (but at
   * least one when `start < numRows`), and at most `maxRows`. Returns the column-major `data`
   * array already serialized as JSON text (`[[c0r0,c0r1],[c1r0,c1r1]]`), values encoded exactly as
   * real servers do (wire-quirks.md §7). Sequential reads must be cheap; a backward `start` may
   * re-run the query.
   */
  read(start: number, maxBytes: number, maxRows: number): Promise<{ numRows: number; json: string }>;
  /** Frees what the source holds (DuckDB result, temp table). Idempotent. */
  close(): Promise<void>;
  /**
   * Optional: an independent cursor over the same rows, so that sub-connections can read their
   * shares of one result at the same time without re-running the query on every switch. The fork
   * is closed by whoever asked for it.
   */
  fork?(): Promise<RowSource>;
}

/** What createPreparedStatement learns about a statement. */
export interface PreparedInfo {
  /** One entry per `?`, typed from the target column or expression; `name` is always `""`. */
  parameters: ColumnInfo[];
  /** The output shape: result columns of a query, or `null` for a statement returning a row count. */
  resultColumns: ColumnInfo[] | null;
}

/** A prepared statement held by an SQL session. */
export interface PreparedStatement {
  readonly info: PreparedInfo;
  /**
   * Runs the statement once per parameter row. `data` is column-major as received, numbers as
   * {@link RawNumber} tokens (so a DOUBLE parameter sent as an integer token can be refused with
   * 00000 "getDouble: JSON value is not a double"). `columns` is what the client echoed.
   * A DML statement over many rows yields one rowCount result with the summed count.
   */
  execute(columns: ColumnInfo[] | undefined, data: unknown[][], numRows: number, ctx: StatementContext): Promise<StatementOutcome>;
  close(): Promise<void>;
}

/** One Exasol session's SQL state. */
export interface SqlSession {
  /** The open schema, `""` when none (OPEN SCHEMA / CLOSE SCHEMA change it). */
  readonly currentSchema: string;
  /** Sets the open schema (attribute `currentSchema`); throws 42000 "schema X not found" when missing. */
  setCurrentSchema(name: string): Promise<void>;
  /** When false, statements run inside an explicit transaction until COMMIT/ROLLBACK. */
  autocommit: boolean;
  /** 1 while a transaction with uncommitted work is open, else 0 (attribute `openTransaction`). */
  readonly openTransaction: number;
  /** Session time zone, upper-case, as `ALTER SESSION SET TIME_ZONE` left it (attribute `timezone`); optional. */
  readonly timeZone?: string;
  /**
   * Query timeout in seconds (0 = none) as `ALTER SESSION SET QUERY_TIMEOUT` or the attribute
   * `queryTimeout` left it; optional (without it the attribute alone holds the value).
   */
  queryTimeout?: number;
  /** Runs one statement of Exasol SQL. */
  execute(sql: string, ctx: StatementContext): Promise<StatementOutcome>;
  /** Sets the session value of a database parameter as EXA_PARAMETERS shows it (optional). */
  setParameter?(name: string, value: string): Promise<void>;
  /** Prepares one statement with `?` placeholders. */
  prepare(sql: string, ctx: StatementContext): Promise<PreparedStatement>;
  /** Answers a v2 metadata command (getSchemas, getTables, getColumns, ...) from the catalog. */
  metadata(request: MetadataRequest, ctx: StatementContext): Promise<StatementOutcome>;
  /** Rolls back open work and frees the DuckDB connection. */
  close(): Promise<void>;
}

export type { ColumnInfo, DataType, RawNumber };
