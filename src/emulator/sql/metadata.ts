/**
 * The v2 metadata commands (getSchemas, getTables, getColumns, ... protocol.md §3.17) answered from
 * DuckDB's catalog functions plus the declared Exasol types, with Exasol's result columns and order.
 * Filters: null/absent match all, `""` matches nothing, LIKE patterns where the protocol says so.
 */
import type { ColumnInfo, DataType, MetadataRequest } from '../../protocol';
import { formatDataType, SqlCode } from '../../protocol';
import { EngineError, type StatementContext, type StatementOutcome } from './contract';
import { CATALOG_SCHEMA, SNAPSHOT_SCHEMA } from './catalog';
import { encoderFor } from './encode';
import { quoteString } from './lexer';
import { encodeValues, StreamRowSource } from './rowsource';
import type { Session } from './session';
import { derivedType, timestampPrecision } from './types';
import { RESERVED_KEYWORDS } from './keywords';

/** NUM_PREC of a column: DECIMAL precision, TIMESTAMP fraction digits (changelog 13409), otherwise null. */
function numPrec(t: DataType): number | null {
  if (t.type === 'DECIMAL') return t.precision ?? 18;
  if (t.type === 'TIMESTAMP' || t.type === 'TIMESTAMP WITH LOCAL TIME ZONE') return timestampPrecision(t);
  return null;
}

const S: DataType = { type: 'VARCHAR', size: 128, characterSet: 'UTF8' };
const LONG_S: DataType = { type: 'VARCHAR', size: 2000000, characterSet: 'UTF8' };
const N: DataType = { type: 'DECIMAL', precision: 18, scale: 0 };
const B: DataType = { type: 'BOOLEAN' };

/** A JDBC-style type id per Exasol type (as Exasol's metadata reports). */
export function typeId(t: DataType): number {
  switch (t.type) {
    case 'DECIMAL': return 3;
    case 'DOUBLE': return 8;
    case 'CHAR': return 1;
    case 'VARCHAR': return 12;
    case 'DATE': return 91;
    case 'TIMESTAMP': return 93;
    case 'TIMESTAMP WITH LOCAL TIME ZONE': return 124;
    case 'BOOLEAN': return 16;
    case 'INTERVAL YEAR TO MONTH': return -103;
    case 'INTERVAL DAY TO SECOND': return -104;
    case 'GEOMETRY': return 123;
    case 'HASHTYPE': return -2;
  }
}

/** The MAXSIZE a metadata row shows for a type. */
function maxSize(t: DataType): number | null {
  if (t.type === 'DECIMAL') return t.precision ?? 18;
  if (t.type === 'DOUBLE') return 64;
  if (t.size !== undefined) return t.size;
  if (t.type === 'BOOLEAN') return 1;
  return null;
}

/** LIKE filter: undefined/null -> all, '' -> none, else SQL LIKE with `\` escape. */
function likeFilter(pattern: string | null | undefined): (s: string) => boolean {
  if (pattern === undefined || pattern === null) return () => true;
  if (pattern === '') return () => false;
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) re += pattern[++i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '%') re += '[\\s\\S]*';
    else if (c === '_') re += '[\\s\\S]';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const rx = new RegExp(re + '$');
  return (s) => rx.test(s);
}

function exactFilter(v: string | null | undefined): (s: string) => boolean {
  if (v === undefined || v === null) return () => true;
  return (s) => s === v;
}

/** A RowSource over rows computed in JS. */
export function valuesRowSource(spec: [string, DataType][], rows: unknown[][], protocolVersion: number): StreamRowSource {
  void protocolVersion;
  const columns: ColumnInfo[] = spec.map(([name, dataType]) => ({ name, dataType }));
  const encoders = spec.map(([, t]) => {
    if (t.type === 'DECIMAL') return (v: unknown): string => String(v);
    return encoderFor(t);
  });
  const chunk = encodeValues(spec.map((_, c) => rows.map((r) => r[c])), encoders, rows.length);
  return new StreamRowSource({
    columns,
    encoders,
    numRows: rows.length,
    open: () => Promise.reject(new Error('static result')),
    isCurrent: () => false,
    generation: () => 0,
    prefetched: [chunk],
  });
}

interface TableInfo {
  schema: string;
  name: string;
  type: 'TABLE' | 'VIEW' | 'SYSTEM TABLE';
  comment: string | null;
}

async function rowsOf(session: Session, sql: string): Promise<unknown[][]> {
  session.tc.bump();
  const r = await session.tc.con.runAndReadAll(sql);
  return r.getRows() as unknown[][];
}

/** User schemas (DuckDB's own and the hidden catalog schema excluded). */
export async function listSchemas(session: Session): Promise<string[]> {
  const rows = await rowsOf(
    session,
    `SELECT DISTINCT schema_name FROM duckdb_schemas() WHERE NOT internal AND schema_name NOT IN ('main', 'temp', 'SYS', ${quoteString(CATALOG_SCHEMA)}, ${quoteString(SNAPSHOT_SCHEMA)}) ORDER BY 1`,
  );
  return rows.map((r) => String(r[0]));
}

/** User tables and views, plus the EXA_* system views as SYSTEM TABLEs of schema SYS. */
export async function listTables(session: Session): Promise<TableInfo[]> {
  const rows = await rowsOf(
    session,
    `SELECT schema_name, table_name, 'TABLE', comment FROM duckdb_tables() WHERE NOT internal AND schema_name NOT IN ('main', 'temp', 'SYS', ${quoteString(CATALOG_SCHEMA)}, ${quoteString(SNAPSHOT_SCHEMA)})
     UNION ALL SELECT schema_name, view_name, 'VIEW', comment FROM duckdb_views() WHERE NOT internal AND schema_name NOT IN ('main', 'temp', 'SYS', ${quoteString(CATALOG_SCHEMA)}, ${quoteString(SNAPSHOT_SCHEMA)})
     UNION ALL SELECT 'SYS', view_name, 'SYSTEM TABLE', NULL FROM duckdb_views() WHERE schema_name = 'SYS' AND view_name LIKE 'EXA%'
     ORDER BY 3, 1, 2`,
  );
  return rows.map((r) => ({ schema: String(r[0]), name: String(r[1]), type: String(r[2]) as TableInfo['type'], comment: r[3] === null ? null : String(r[3]) }));
}

/** Columns of user tables and views with their Exasol types. */
export async function listColumns(session: Session): Promise<{ schema: string; table: string; tableType: string; name: string; type: DataType; ordinal: number; nullable: boolean | null; def: string | null; identity: boolean }[]> {
  const rows = await rowsOf(
    session,
    `SELECT c.schema_name, c.table_name, CASE WHEN v.view_name IS NULL THEN 'TABLE' ELSE 'VIEW' END, c.column_name, c.data_type, c.column_index, c.is_nullable, c.column_default
     FROM duckdb_columns() c LEFT JOIN duckdb_views() v ON v.schema_name = c.schema_name AND v.view_name = c.table_name
     WHERE NOT c.internal AND c.schema_name NOT IN ('main', 'temp', 'SYS', ${quoteString(CATALOG_SCHEMA)}, ${quoteString(SNAPSHOT_SCHEMA)}) ORDER BY 1, 2, 6`,
  );
  const out = [];
  for (const r of rows) {
    const schema = String(r[0]);
    const table = String(r[1]);
    const declared = (await session.shared.catalog.columns(session.tc.con, schema, table)).find((c) => c.name === String(r[3]));
    const isView = r[2] === 'VIEW';
    out.push({
      schema,
      table,
      tableType: String(r[2]),
      name: String(r[3]),
      type: declared?.type ?? derivedType(String(r[4])),
      ordinal: Number(r[5]),
      nullable: isView ? null : r[6] === true,
      def: declared?.defaultText ?? (r[7] === null ? null : String(r[7])),
      identity: declared?.identity ?? false,
    });
  }
  return out;
}

/** The SQL keywords the emulator reports, all reserved (getKeywords, EXA_SQL_KEYWORDS): Exasol 8's reserved words. */
export const SQL_KEYWORDS: readonly string[] = RESERVED_KEYWORDS;

const TYPE_NAMES: DataType[] = [
  { type: 'BOOLEAN' }, { type: 'CHAR', size: 2000 }, { type: 'DATE' }, { type: 'DECIMAL', precision: 36, scale: 0 }, { type: 'DOUBLE' },
  { type: 'GEOMETRY' }, { type: 'HASHTYPE', size: 2048 }, { type: 'INTERVAL DAY TO SECOND', precision: 9, fraction: 9 },
  { type: 'INTERVAL YEAR TO MONTH', precision: 9 }, { type: 'TIMESTAMP' }, { type: 'TIMESTAMP WITH LOCAL TIME ZONE' }, { type: 'VARCHAR', size: 2000000 },
];

/**
 * One row per Exasol type, ordered by type id: NAME, TYPE_ID, PRECISION, LITERAL_PREFIX, LITERAL_SUFFIX, CREATE_PARAMS,
 * IS_NULLABLE, CASE_SENSITIVE, SEARCHABLE, UNSIGNED_ATTRIBUTE, FIXED_PREC_SCALE, AUTO_INCREMENT, LOCAL_TYPE_NAME,
 * MINIMUM_SCALE, MAXIMUM_SCALE, SQL_DATA_TYPE, SQL_DATETIME_SUB, NUM_PREC_RADIX, INTERVAL_PRECISION (getTypeInfo,
 * EXA_SQL_TYPES).
 */
export function typeInfoRows(): unknown[][] {
  const quoted = (t: DataType): string | null => (['CHAR', 'VARCHAR', 'DATE', 'TIMESTAMP', 'GEOMETRY', 'HASHTYPE'].includes(t.type) ? "'" : null);
  return TYPE_NAMES.map((t) => [
    t.type, typeId(t), maxSize(t), quoted(t), quoted(t),
    t.type === 'DECIMAL' ? 'precision,scale' : t.type === 'CHAR' || t.type === 'VARCHAR' ? 'size' : null,
    true, t.type === 'CHAR' || t.type === 'VARCHAR', 3, false, t.type === 'DECIMAL', false, t.type,
    t.type === 'DECIMAL' ? 0 : null, t.type === 'DECIMAL' ? 36 : null, null, null, t.type === 'DECIMAL' || t.type === 'DOUBLE' ? 10 : null, null,
  ]).sort((a, b) => (a[1] as number) - (b[1] as number));
}

/** Answers one metadata command. */
export async function answerMetadata(session: Session, req: MetadataRequest, ctx: StatementContext): Promise<StatementOutcome> {
  if (ctx.protocolVersion < 2) throw new EngineError(SqlCode.unknown, `Command ${req.command} is not supported in protocol version ${ctx.protocolVersion}`);
  for (const k of ['schema', 'table', 'column', 'function', 'script', 'name'] as const) {
    const v = req[k];
    if (v !== undefined && v !== null && typeof v !== 'string') throw new EngineError(SqlCode.unknown, `getString: JSON value is not a string.`);
  }
  if (req.tableTypes !== undefined && req.tableTypes !== null && !Array.isArray(req.tableTypes)) throw new EngineError(SqlCode.unknown, 'JSON value /tableTypes is not an array');
  const pv = ctx.protocolVersion;
  const result = (spec: [string, DataType][], rows: unknown[][]): StatementOutcome => ({ kind: 'resultSet', rows: valuesRowSource(spec, rows, pv) });
  const types = req.tableTypes ?? null;
  const typeOk = (t: string): boolean => types === null || types.includes(t);
  return session.guard(`/* ${req.command} */`, ctx, async () => {
    switch (req.command) {
      case 'getSchemas': {
        const f = likeFilter(req.schema);
        // the system schemas SYS and EXA_STATISTICS are listed too, as real servers do (pyexasol's integration tests)
        const names = [...(await listSchemas(session)), 'EXA_STATISTICS', 'SYS'].sort();
        const rows = names.filter(f).map((n) => [n, 'SYS', false, null]);
        return result([['NAME', S], ['OWNER', S], ['IS_VIRTUAL', B], ['COMMENT', LONG_S]], rows);
      }
      case 'getTables': {
        const fs = likeFilter(req.schema);
        const ft = likeFilter(req.table);
        const rows = (await listTables(session))
          .filter((t) => fs(t.schema) && ft(t.name) && typeOk(t.type))
          .map((t) => [t.schema, t.name, 'SYS', t.type, false, false, false, t.comment]);
        return result([['SCHEMA', S], ['NAME', S], ['OWNER', S], ['TABLE_TYPE', S], ['IS_VIRTUAL', B], ['HAS_DISTRIBUTION_KEY', B], ['HAS_PARTITION_KEY', B], ['COMMENT', LONG_S]], rows);
      }
      case 'getColumns': {
        const fs = likeFilter(req.schema);
        const ft = likeFilter(req.table);
        const fc = likeFilter(req.column);
        const rows = (await listColumns(session))
          .filter((c) => fs(c.schema) && ft(c.table) && fc(c.name) && typeOk(c.tableType))
          .map((c) => [
            c.schema, c.table, c.name, c.tableType, formatDataType(c.type), typeId(c.type), maxSize(c.type),
            numPrec(c.type), c.type.type === 'DECIMAL' ? c.type.scale ?? 0 : null,
            c.ordinal, false, c.nullable, false, null, c.def, c.identity, 'SYS', null,
          ]);
        return result(
          [['SCHEMA', S], ['TABLE', S], ['NAME', S], ['TABLE_TYPE', S], ['TYPE', S], ['TYPE_ID', N], ['MAXSIZE', N], ['NUM_PREC', N], ['NUM_SCALE', N],
            ['ORDINAL_POSITION', N], ['IS_VIRTUAL', B], ['IS_NULLABLE', B], ['IS_DISTRIBUTION_KEY', B], ['PARTITION_KEY_ORDINAL_POSITION', N],
            ['DEFAULT', LONG_S], ['IS_IDENTITY', B], ['OWNER', S], ['COMMENT', LONG_S]],
          rows,
        );
      }
      case 'getPrimaryKeys': {
        const fs = exactFilter(req.schema);
        const ft = exactFilter(req.table);
        const raw = await rowsOf(session, `SELECT schema_name, table_name, constraint_name, constraint_column_names FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY' AND schema_name NOT IN ('main', 'temp', 'SYS', ${quoteString(CATALOG_SCHEMA)}, ${quoteString(SNAPSHOT_SCHEMA)})`);
        const rows: unknown[][] = [];
        for (const r of raw) {
          if (!fs(String(r[0])) || !ft(String(r[1]))) continue;
          const colsVal = r[3] as { items?: unknown[] } | unknown[];
          const cols = Array.isArray(colsVal) ? colsVal : (colsVal.items ?? []);
          cols.forEach((c, i) => rows.push([r[0], r[1], `SYS_PK_${String(r[1])}`, 'SYS', i + 1, String(c)]));
        }
        rows.sort((a, b) => String(a[5]).localeCompare(String(b[5])));
        return result([['SCHEMA', S], ['TABLE', S], ['NAME', S], ['OWNER', S], ['ORDINAL_POSITION', N], ['COLUMN_NAME', S]], rows);
      }
      case 'getColumnPrivileges':
        return result([['SCHEMA', S], ['TABLE', S], ['COLUMN', S], ['NAME', S], ['GRANTOR', S], ['GRANTEE', S], ['OWNER', S]], []);
      case 'getTablePrivileges':
        return result([['SCHEMA', S], ['TABLE', S], ['NAME', S], ['GRANTOR', S], ['GRANTEE', S], ['OWNER', S]], []);
      case 'getFunctions':
        return result([['SCHEMA', S], ['NAME', S], ['OWNER', S], ['COMMENT', LONG_S]], []);
      case 'getScripts':
        return result([['SCHEMA', S], ['NAME', S], ['OWNER', S], ['TYPE', S], ['LANGUAGE', S], ['INPUT_TYPE', S], ['RESULT_TYPE', S], ['COMMENT', LONG_S]], []);
      case 'getConnections':
        return result([['NAME', S], ['CREATED', S], ['COMMENT', LONG_S]], []);
      case 'getRoles': {
        const f = likeFilter(req.name);
        return result([['NAME', S], ['CREATED', S], ['CONSUMER_GROUP', S], ['COMMENT', LONG_S]], ['DBA', 'PUBLIC'].filter(f).map((n) => [n, '2024-01-01 00:00:00.000000', null, null]));
      }
      case 'getUsers': {
        const f = likeFilter(req.name);
        const users = [...new Set(['SYS', session.userName.toUpperCase()])].sort();
        return result([['NAME', S], ['CREATED', S], ['CONSUMER_GROUP', S], ['COMMENT', LONG_S]], users.filter(f).map((n) => [n, '2024-01-01 00:00:00.000000', null, null]));
      }
      case 'getProperties': {
        const f = likeFilter(req.name);
        const props: [string, string][] = [['databaseName', 'DB1'], ['productName', 'EXASolution'], ['maxIdentifierLength', '128'], ['maxVarcharLength', '2000000'], ['identifierQuoteString', '"']];
        return result([['NAME', S], ['VALUE', LONG_S]], props.filter(([n]) => f(n)).sort((a, b) => a[0].localeCompare(b[0])));
      }
      case 'getKeywords':
        return result([['KEYWORD', S], ['RESERVED', B]], SQL_KEYWORDS.map((k) => [k, true]));
      case 'getTableTypes':
        return result([['TABLE_TYPE', S]], [['SYSTEM TABLE'], ['TABLE'], ['VIEW']]);
      case 'getTypeInfo': {
        const rows = typeInfoRows();
        return result(
          [['NAME', S], ['TYPE_ID', N], ['PRECISION', N], ['LITERAL_PREFIX', S], ['LITERAL_SUFFIX', S], ['CREATE_PARAMS', S], ['IS_NULLABLE', B], ['CASE_SENSITIVE', B],
            ['SEARCHABLE', N], ['UNSIGNED_ATTRIBUTE', B], ['FIXED_PREC_SCALE', B], ['AUTO_INCREMENT', B], ['LOCAL_TYPE_NAME', S], ['MINIMUM_SCALE', N], ['MAXIMUM_SCALE', N],
            ['SQL_DATA_TYPE', N], ['SQL_DATETIME_SUB', N], ['NUM_PREC_RADIX', N], ['INTERVAL_PRECISION', N]],
          rows,
        );
      }
      default:
        throw new EngineError(SqlCode.unknown, `unknown metadata command ${String((req as { command: unknown }).command)}`);
    }
  });
}
