/**
 * Runs a query and wraps it as a RowSource: result column types (select-item hints, then declared
 * catalog types of referenced tables, then types derived from DuckDB), row count known up front
 * (small results are read completely, large ones counted), `resultSetMaxRows` applied.
 */
import type { DuckDBResult } from '@duckdb/node-api';
import type { ColumnInfo, DataType } from '../../protocol';
import type { Catalog, DeclaredColumn } from './catalog';
import { EngineError, type RowSource } from './contract';
import { SqlCode } from '../../protocol';
import type { SelectItem } from './dialect';
import { encoderFor } from './encode';
import { withInterrupt } from './interrupt';
import { encodeChunk, StreamRowSource, type EncodedChunk } from './rowsource';
import type { TrackedConnection } from './shared';
import { referencedTables } from './tables';
import { derivedType, storageType, wireType } from './types';

/** Rows read eagerly before deciding a result is "large" and counting it instead. */
const SMALL_RESULT_ROWS = 8192;

/** Declared columns (by name) of the tables an SQL text references; first declaration wins. */
export async function declaredColumnsByName(tc: TrackedConnection, catalog: Catalog, sql: string, currentSchema: string): Promise<Map<string, DeclaredColumn>> {
  const map = new Map<string, DeclaredColumn>();
  for (const ref of referencedTables(sql)) {
    const cols = await catalog.columns(tc.con, ref.schema || currentSchema, ref.table);
    for (const c of cols) if (!map.has(c.name)) map.set(c.name, c);
  }
  return map;
}

/** Exasol types of a DuckDB result's columns. */
export function resultTypes(
  names: string[],
  duckTypes: string[],
  items: SelectItem[] | undefined,
  declared: Map<string, DeclaredColumn>,
): DataType[] {
  const useItems = items !== undefined && items.length === names.length;
  return names.map((name, i) => {
    const item = useItems ? items[i] : undefined;
    if (item?.hint) return item.hint;
    const ref = item?.columnRef ?? name;
    const d = declared.get(ref);
    if (d && storageType(d.type) === duckTypes[i]) return d.type;
    return derivedType(duckTypes[i]!);
  });
}

/** Options of {@link openResultSet}. */
export interface ResultSetOptions {
  tc: TrackedConnection;
  sql: string;
  types: (names: string[], duckTypes: string[]) => DataType[];
  protocolVersion: number;
  /** `size` of TIMESTAMP metadata before v5 (StatementContext.timestampSize). */
  timestampSize?: number;
  maxRows: number;
  /** Session time zone for TIMESTAMP WITH LOCAL TIME ZONE values. */
  timeZone?: string;
  /** Wraps DuckDB calls with abort/timeout handling and error mapping. */
  guard: <T>(fn: () => Promise<T>) => Promise<T>;
  /**
   * A private connection for a large result (when the session has no open transaction): the
   * cursor then survives other statements of the session instead of being re-run from row 0.
   */
  cursor?: () => Promise<Cursor>;
  /** Abort/timeout signal of the statement (interrupts the cursor connection too). */
  signal?: AbortSignal;
}

/** A dedicated DuckDB connection holding one large result's snapshot. */
export interface Cursor {
  tc: TrackedConnection;
  /** Interrupts a statement running on the cursor connection. */
  interrupt(): void;
  /** Ends the snapshot and closes the connection. Idempotent. */
  release(): Promise<void>;
}

/** Runs a query and returns its RowSource. */
export async function openResultSet(o: ResultSetOptions): Promise<RowSource> {
  const { tc, sql } = o;
  const first = await o.guard(async () => {
    tc.bump();
    return tc.con.stream(sql);
  });
  const names = first.columnNames();
  const duckTypes = first.columnTypes().map((t) => t.toString());
  const exaTypes = o.types(names, duckTypes);
  const columns: ColumnInfo[] = names.map((name, i) => ({ name, dataType: wireType(exaTypes[i]!, o.protocolVersion, o.timestampSize) }));
  const encoders = exaTypes.map((t) => encoderFor(t, { timeZone: o.timeZone, protocolVersion: o.protocolVersion }));
  const cap = o.maxRows > 0 ? o.maxRows : Number.MAX_SAFE_INTEGER;
  // read a first slice: a small result is complete after it
  const chunks: EncodedChunk[] = [];
  let rows = 0;
  let done = false;
  await o.guard(async () => {
    while (rows < SMALL_RESULT_ROWS && rows < cap) {
      const chunk = await first.fetchChunk();
      if (!chunk || chunk.rowCount === 0) {
        done = true;
        break;
      }
      chunks.push(encodeChunk(chunk, encoders));
      rows += chunk.rowCount;
    }
  });
  const open = async (): Promise<DuckDBResult> => {
    tc.bump();
    return tc.con.stream(sql);
  };
  if (done || rows >= cap) {
    return new StreamRowSource({ columns, encoders, numRows: Math.min(rows, cap), open, isCurrent: () => false, generation: () => tc.generation, prefetched: chunks });
  }
  if (o.cursor) {
    // large result: count and stream on a private connection inside one snapshot
    const cur = await o.cursor();
    try {
      const total = await o.guard(() =>
        withInterrupt(o.signal, () => cur.interrupt(), async () => {
          await cur.tc.con.run('BEGIN TRANSACTION');
          const r = await cur.tc.con.runAndReadAll(`SELECT count(*) FROM (${sql}) AS "__exa_count"`);
          return Number(r.getRows()[0]![0]);
        }),
      );
      const numRows = Math.min(total, cap);
      const cursorSource = (c: Cursor, fork?: () => Promise<RowSource>): StreamRowSource =>
        new StreamRowSource({
          columns,
          encoders,
          numRows,
          open: async (): Promise<DuckDBResult> => {
            c.tc.bump();
            return c.tc.con.stream(sql);
          },
          isCurrent: (g) => g === c.tc.generation,
          generation: () => c.tc.generation,
          onClose: () => c.release(),
          fork,
        });
      // sub-connections read their shares through cursors of their own (same rows, same order)
      const cursorFactory = o.cursor;
      const fork = async (): Promise<RowSource> => cursorSource(await cursorFactory());
      return cursorSource(cur, fork);
    } catch (e) {
      await cur.release();
      // aborts and timeouts end here; anything else (e.g. SHOW is not countable) takes the slow path
      if (e instanceof EngineError && (e.sqlCode === SqlCode.queryTimeout || e.sqlCode === SqlCode.aborted)) throw e;
    }
  }
  let total: number;
  try {
    total = await o.guard(async () => {
      tc.bump();
      const r = await tc.con.runAndReadAll(`SELECT count(*) FROM (${sql}) AS "__exa_count"`);
      return Number(r.getRows()[0]![0]);
    });
  } catch {
    // not countable as a subquery (e.g. SHOW): read the rest
    const again = await open();
    const all: EncodedChunk[] = [];
    let n = 0;
    for (;;) {
      const chunk = await again.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      all.push(encodeChunk(chunk, encoders));
      n += chunk.rowCount;
    }
    return new StreamRowSource({ columns, encoders, numRows: Math.min(n, cap), open, isCurrent: () => false, generation: () => tc.generation, prefetched: all });
  }
  return new StreamRowSource({
    columns,
    encoders,
    numRows: Math.min(total, cap),
    open,
    isCurrent: (g) => g === tc.generation,
    generation: () => tc.generation,
  });
}
