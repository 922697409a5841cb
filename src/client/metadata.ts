/**
 * Catalog metadata: schemas, tables and columns through the lock-free v2 commands (`getSchemas`,
 * `getTables`, `getColumns`), or on protocol v1 (which has no such commands) through SQL on the
 * EXA_ALL_* system views, renamed to the same column names as the v2 commands.
 */
import type { MetadataRequest } from '../protocol';
import type { Row } from '../values';
import type { SessionCore } from './core';
import { collect, runAndStream, type CallOptions } from './results';

/** Filter values are SQL LIKE patterns; `undefined` matches everything. */
export interface MetadataFilter {
  schema?: string;
  table?: string;
  column?: string;
}

function literal(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

function like(col: string, pattern: string | undefined): string | undefined {
  return pattern === undefined ? undefined : `${col} LIKE ${literal(pattern)}`;
}

function where(...conds: (string | undefined)[]): string {
  const c = conds.filter((x): x is string => x !== undefined);
  return c.length === 0 ? '' : ` WHERE ${c.join(' AND ')}`;
}

const SQL = {
  getSchemas: (f: MetadataFilter) =>
    `SELECT SCHEMA_NAME AS NAME, SCHEMA_OWNER AS OWNER, SCHEMA_IS_VIRTUAL AS IS_VIRTUAL, SCHEMA_COMMENT AS "COMMENT" FROM EXA_ALL_SCHEMAS${where(like('SCHEMA_NAME', f.schema))} ORDER BY SCHEMA_NAME`,
  getTables: (f: MetadataFilter) =>
    `SELECT TABLE_SCHEMA AS "SCHEMA", TABLE_NAME AS NAME, TABLE_OWNER AS OWNER, 'TABLE' AS TABLE_TYPE, TABLE_IS_VIRTUAL AS IS_VIRTUAL, TABLE_HAS_DISTRIBUTION_KEY AS HAS_DISTRIBUTION_KEY, TABLE_HAS_PARTITION_KEY AS HAS_PARTITION_KEY, TABLE_COMMENT AS "COMMENT" FROM EXA_ALL_TABLES${where(like('TABLE_SCHEMA', f.schema), like('TABLE_NAME', f.table))} ORDER BY TABLE_SCHEMA, TABLE_NAME`,
  getColumns: (f: MetadataFilter) =>
    `SELECT COLUMN_SCHEMA AS "SCHEMA", COLUMN_TABLE AS "TABLE", COLUMN_NAME AS NAME, COLUMN_OBJECT_TYPE AS TABLE_TYPE, COLUMN_TYPE AS "TYPE", COLUMN_ORDINAL_POSITION AS ORDINAL_POSITION, COLUMN_IS_NULLABLE AS IS_NULLABLE, COLUMN_DEFAULT AS "DEFAULT", COLUMN_COMMENT AS "COMMENT" FROM EXA_ALL_COLUMNS${where(like('COLUMN_SCHEMA', f.schema), like('COLUMN_TABLE', f.table), like('COLUMN_NAME', f.column))} ORDER BY COLUMN_SCHEMA, COLUMN_TABLE, COLUMN_ORDINAL_POSITION`,
};

/** Runs one metadata lookup and returns its rows (column names as the v2 commands name them). */
export async function metadata(core: SessionCore, command: 'getSchemas' | 'getTables' | 'getColumns', filter: MetadataFilter, options: CallOptions = {}): Promise<Row[]> {
  if (core.protocolVersion >= 2) {
    const msg: MetadataRequest = { command };
    if (filter.schema !== undefined) msg.schema = filter.schema;
    if (command !== 'getSchemas' && filter.table !== undefined) msg.table = filter.table;
    if (command === 'getColumns' && filter.column !== undefined) msg.column = filter.column;
    return (await collect(runAndStream(core, msg, command, options.signal))).rows;
  }
  const sql = SQL[command](filter);
  return (await collect(runAndStream(core, { command: 'execute', sqlText: sql }, sql, options.signal))).rows;
}
