/**
 * State shared by all sessions of one engine: the DuckDB instance, the type catalog and a
 * per-connection generation counter that tells a streaming result whether its cursor is still alive.
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { Catalog } from './catalog';
import type { SeedSnapshot } from './snapshot';

/** What every session of an engine can reach. */
export interface EngineShared {
  instance: DuckDBInstance;
  catalog: Catalog;
  /** A connection used only to parse statement texts (opened on first use, closed with the engine). */
  parser?: Promise<DuckDBConnection>;
  /** The state right after creation, for reset; told about every statement before it runs. */
  snapshot?: SeedSnapshot;
  /** Sets up a new session or cursor connection (temporary macros in old database files). */
  prepareConnection?: (con: DuckDBConnection) => Promise<void>;
}

/**
 * Parses a DuckDB statement text without running or binding it (on the engine's parser connection,
 * so no session's open result stream is disturbed). Rejects with DuckDB's parser error.
 */
export async function parseStatements(shared: EngineShared, sql: string): Promise<void> {
  shared.parser ??= shared.instance.connect();
  const con = await shared.parser;
  await con.extractStatements(sql);
}

/**
 * A DuckDB connection plus a counter bumped by every statement run on it: a DuckDB stream is
 * invalidated by the next statement on the same connection.
 */
export class TrackedConnection {
  readonly con: DuckDBConnection;
  generation = 0;
  constructor(con: DuckDBConnection) {
    this.con = con;
  }
  /** Marks the connection as used by a new statement and returns the new generation. */
  bump(): number {
    return ++this.generation;
  }
}
