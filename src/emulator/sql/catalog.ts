/**
 * The declared Exasol type of every table column (DuckDB alone forgets that a column was CHAR(10),
 * HASHTYPE or VARCHAR(20) ASCII). Kept in a hidden DuckDB schema, so a database file keeps it, and
 * cached in memory until the next DDL statement.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { formatDataType, type DataType } from '../../protocol';
import type { ColumnDef } from './dialect';
import { quoteString } from './lexer';

/** Hidden DuckDB schema holding the catalog; never shown as a user schema. */
export const CATALOG_SCHEMA = '__exa_catalog';

/** Hidden DuckDB schema holding copies of seed tables for reset (snapshot.ts); never shown as a user schema. */
export const SNAPSHOT_SCHEMA = '__exa_seed';

/** DuckDB schemas that are not Exasol schemas. */
export const HIDDEN_SCHEMAS = new Set(['main', 'information_schema', 'pg_catalog', 'temp', 'SYS', CATALOG_SCHEMA, SNAPSHOT_SCHEMA]);

/** A declared column as kept in the catalog. */
export interface DeclaredColumn extends ColumnDef {
  ordinal: number;
}

const TABLE = `"${CATALOG_SCHEMA}"."COLUMNS"`;

/** Creates the hidden catalog schema and table when missing. */
export async function ensureCatalog(con: DuckDBConnection): Promise<void> {
  await con.run(`CREATE SCHEMA IF NOT EXISTS "${CATALOG_SCHEMA}"`);
  await con.run(
    `CREATE TABLE IF NOT EXISTS ${TABLE} (SCHEMA_NAME VARCHAR, TABLE_NAME VARCHAR, COLUMN_NAME VARCHAR, ORDINAL INTEGER, TYPE_JSON VARCHAR, NOT_NULL BOOLEAN, DEFAULT_TEXT VARCHAR, IS_IDENTITY BOOLEAN, TYPE_TEXT VARCHAR)`,
  );
}

/** In-memory view of the catalog, shared by the sessions of one engine. */
export class Catalog {
  private cache: Map<string, DeclaredColumn[]> | undefined;

  private static key(schema: string, table: string): string {
    return schema + '\u0000' + table;
  }

  /**
   * Statement texts (keyed with the current schema) with their sums and differences resolved to Exasol's types
   * (functions/datetime-arithmetic.ts), so their extra binds are paid once; forgotten with the cache.
   */
  readonly typedSums = new Map<string, string>();

  /**
   * Statement texts (keyed with the current schema) with their multiplications resolved to Exasol's types
   * (functions/multiplication.ts), so their extra binds are paid once; forgotten with the cache.
   */
  readonly typedProducts = new Map<string, string>();

  /** Forgets the cache (after any DDL). */
  invalidate(): void {
    this.cache = undefined;
    this.typedSums.clear();
    this.typedProducts.clear();
  }

  /** Loads the catalog through a connection when the cache is empty. */
  async load(con: DuckDBConnection): Promise<Map<string, DeclaredColumn[]>> {
    if (this.cache) return this.cache;
    const reader = await con.runAndReadAll(`SELECT SCHEMA_NAME, TABLE_NAME, COLUMN_NAME, ORDINAL, TYPE_JSON, NOT_NULL, DEFAULT_TEXT, IS_IDENTITY FROM ${TABLE} ORDER BY 1, 2, 4`);
    const map = new Map<string, DeclaredColumn[]>();
    for (const r of reader.getRows()) {
      const key = Catalog.key(String(r[0]), String(r[1]));
      let list = map.get(key);
      if (!list) map.set(key, (list = []));
      list.push({
        name: String(r[2]),
        ordinal: Number(r[3]),
        type: JSON.parse(String(r[4])) as DataType,
        notNull: r[5] === true,
        defaultText: r[6] === null ? null : String(r[6]),
        identity: r[7] === true,
      });
    }
    this.cache = map;
    return map;
  }

  /** Declared columns of a table (empty when unknown). */
  async columns(con: DuckDBConnection, schema: string, table: string): Promise<DeclaredColumn[]> {
    return (await this.load(con)).get(Catalog.key(schema, table)) ?? [];
  }

  /** Replaces (or, with `append`, extends) the declared columns of a table. */
  async record(con: DuckDBConnection, schema: string, table: string, defs: ColumnDef[], append = false): Promise<void> {
    let ordinal = 0;
    if (append) ordinal = (await this.columns(con, schema, table)).length;
    else await this.forget(con, schema, table);
    const values = defs.map(
      (d) =>
        `(${quoteString(schema)}, ${quoteString(table)}, ${quoteString(d.name)}, ${++ordinal}, ${quoteString(JSON.stringify(d.type))}, ${d.notNull}, ${d.defaultText === null ? 'NULL' : quoteString(d.defaultText)}, ${d.identity}, ${quoteString(formatDataType(d.type))})`,
    );
    if (values.length > 0) await con.run(`INSERT INTO ${TABLE} VALUES ${values.join(', ')}`);
    this.invalidate();
  }

  /** Removes the declared columns of a table. */
  async forget(con: DuckDBConnection, schema: string, table: string): Promise<void> {
    await con.run(`DELETE FROM ${TABLE} WHERE SCHEMA_NAME = ${quoteString(schema)} AND TABLE_NAME = ${quoteString(table)}`);
    this.invalidate();
  }
}
