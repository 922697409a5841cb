/**
 * Catalog metadata: schemas, tables and columns through the lock-free v2 commands (`getSchemas`,
 * `getTables`, `getColumns`), or on protocol v1 (which has no such commands) through SQL on the
 * EXA_ALL_* system views, renamed to the same column names as the v2 commands.
 */
import type { MetadataRequest } from '../protocol';
import type { Row } from '../values';
import type { SessionCore } from './core';
import { collect } from './consumers';
import { runAndStream, type CallOptions, type Command } from './results';

/** Filter values are SQL LIKE patterns; `undefined` matches everything. */
export interface MetadataFilter {
  schema?: string;
  table?: string;
  column?: string;
}

/**
 * The v1 fallback: `SELECT <PREFIX>_<SOURCE> AS "<NAME>", ... FROM EXA_ALL_<VIEW>`, where a column entry
 * `NAME=SOURCE` renames and `NAME='x'` is a constant. The filters are LIKE patterns on the names of the
 * view's parents (`<PREFIX>_SCHEMA`, `<PREFIX>_TABLE`), the last one on the object's own `<PREFIX>_NAME`.
 */
const FALLBACK = {
  getSchemas: ['SCHEMAS', 'SCHEMA', 'NAME OWNER IS_VIRTUAL COMMENT', 'NAME'],
  getTables: ['TABLES', 'TABLE', "SCHEMA NAME OWNER TABLE_TYPE='TABLE' IS_VIRTUAL HAS_DISTRIBUTION_KEY HAS_PARTITION_KEY COMMENT", 'SCHEMA NAME'],
  getColumns: ['COLUMNS', 'COLUMN', 'SCHEMA TABLE NAME TABLE_TYPE=OBJECT_TYPE TYPE ORDINAL_POSITION IS_NULLABLE DEFAULT COMMENT', 'SCHEMA TABLE ORDINAL_POSITION'],
} as const;

function fallbackSql(command: keyof typeof FALLBACK, f: MetadataFilter): string {
  const [view, prefix, columns, order] = FALLBACK[command];
  const select = columns.split(' ').map((c) => {
    const [name, from = name] = c.split('=');
    return `${from.startsWith("'") ? from : `${prefix}_${from}`} AS "${name}"`;
  });
  const levels = (['schema', 'table', 'column'] as const).slice(0, ['SCHEMA', 'TABLE', 'COLUMN'].indexOf(prefix) + 1);
  const conds = levels
    .filter((k) => f[k] !== undefined)
    .map((k) => `${prefix}_${k === levels[levels.length - 1] ? 'NAME' : k.toUpperCase()} LIKE '${f[k]!.replace(/'/g, "''")}'`);
  const by = order.split(' ').map((o) => `"${o}"`);
  return `SELECT ${select.join(', ')} FROM EXA_ALL_${view}${conds.length ? ` WHERE ${conds.join(' AND ')}` : ''} ORDER BY ${by.join(', ')}`;
}

/** Runs one metadata lookup and returns its rows (column names as the v2 commands name them). */
export async function metadata(core: SessionCore, command: 'getSchemas' | 'getTables' | 'getColumns', filter: MetadataFilter, options: CallOptions = {}): Promise<Row[]> {
  if (core.protocolVersion >= 2) {
    const msg: MetadataRequest & Command = { command };
    if (filter.schema !== undefined) msg.schema = filter.schema;
    if (command !== 'getSchemas' && filter.table !== undefined) msg.table = filter.table;
    if (command === 'getColumns' && filter.column !== undefined) msg.column = filter.column;
    return (await collect(runAndStream(core, msg, command, options.signal, { rowMode: 'object' }))).rows;
  }
  const sql = fallbackSql(command, filter);
  return (await collect(runAndStream(core, { command: 'execute', sqlText: sql }, sql, options.signal, { rowMode: 'object' }))).rows;
}
