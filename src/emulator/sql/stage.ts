/**
 * Staging tables for many-row inserts (prepared INSERTs, IMPORT): values go in as text through
 * DuckDB's appender, with their row number, and are then cast into the target by one
 * INSERT ... SELECT in row order, so range and cast errors come from the database as on Exasol.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

/** Appends `rows` rows of `width` text cells (`cell(r, c)`, null for NULL) and their row number to the temp table `stage`. */
export async function appendToStage(con: DuckDBConnection, stage: string, rows: number, width: number, cell: (r: number, c: number) => string | null): Promise<void> {
  const app = await con.createAppender(stage, 'main', 'temp');
  try {
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < width; c++) {
        const v = cell(r, c);
        if (v === null) app.appendNull();
        else app.appendVarchar(v);
      }
      app.appendBigInt(BigInt(r));
      app.endRow();
    }
    app.flushSync();
  } finally {
    app.closeSync();
  }
}
