/**
 * TIMESTAMP(p) precision on write: DuckDB stores TIMESTAMP(0..6) as microsecond TIMESTAMPs and
 * TIMESTAMP(7..9) as TIMESTAMP_NS, so a value written with more fraction digits than its column's
 * precision keeps them. After an INSERT / UPDATE / MERGE the emulator cuts them in the target table,
 * as Exasol stores only p digits (digits dropped, never rounded). Prepared parameters are cut as text
 * before (params.ts), so their rows are already exact.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Catalog } from './catalog';
import { quoteIdent } from './lexer';
import { referencedTables } from './tables';
import { needsTimestampCut, timestampPrecision } from './types';

const WRITING_VERBS = new Set(['INSERT', 'UPDATE', 'MERGE']);

/**
 * The UPDATE that cuts the TIMESTAMP columns of a DML statement's target table to their precision,
 * or `undefined` when the statement writes no such column (or names no table the catalog knows).
 */
export async function timestampCutSql(catalog: Catalog, con: DuckDBConnection, verb: string, sql: string, currentSchema: string): Promise<string | undefined> {
  if (!WRITING_VERBS.has(verb)) return undefined;
  const target = referencedTables(sql)[0];
  if (!target) return undefined;
  const schema = target.schema || currentSchema;
  const cols = (await catalog.columns(con, schema, target.table)).filter((c) => needsTimestampCut(c.type));
  if (cols.length === 0) return undefined;
  const cut = (name: string, p: number): string => `EXA_TS_CUT(${quoteIdent(name)}, ${p})`;
  const sets = cols.map((c) => `${quoteIdent(c.name)} = ${cut(c.name, timestampPrecision(c.type))}`);
  const where = cols.map((c) => `${quoteIdent(c.name)} <> ${cut(c.name, timestampPrecision(c.type))}`);
  const table = schema === '' ? quoteIdent(target.table) : `${quoteIdent(schema)}.${quoteIdent(target.table)}`;
  return `UPDATE ${table} SET ${sets.join(', ')} WHERE ${where.join(' OR ')}`;
}
