/**
 * The system views about objects and types that drivers' metadata helpers read (docs.exasol.com, System Tables):
 * EXA_ALL_COLUMNS with its size and type-id columns (COLUMN_MAXSIZE: DATE 10, TIMESTAMP 29, DOUBLE 64, BOOLEAN 1), EXA_ALL_OBJECTS, EXA_ALL_OBJECT_SIZES, EXA_ALL_INDICES (always
 * empty: DuckDB keeps no Exasol indices), EXA_SQL_TYPES, EXA_SQL_KEYWORDS and the statistics table
 * "$EXA_STATS_DB_SIZE", and the profile tables "$EXA_PROFILE_LAST_DAY" / "$EXA_PROFILE_DETAILS_LAST_DAY" (profile.ts).
 * Creation times are not kept by DuckDB: every object shows 2024-01-01 00:00:00, and sizes are
 * estimates (DuckDB's row estimate times 8 bytes per value).
 */
import { CATALOG_SCHEMA, SNAPSHOT_SCHEMA } from './catalog';
import { quoteString } from './lexer';
import { SQL_KEYWORDS, typeInfoRows } from './metadata';
import { PROFILE_VIEWS } from './profile';

/** DuckDB schemas that hold user objects (a condition on a `schema_name` column). */
export const USER_SCHEMA_FILTER = `schema_name NOT IN ('main', 'temp', 'SYS', '${CATALOG_SCHEMA}', '${SNAPSHOT_SCHEMA}')`;

const CREATED = `TIMESTAMP '2024-01-01 00:00:00'`;
const USER = USER_SCHEMA_FILTER;
const t = (name: string): string => `json_extract_string(k."TYPE_JSON", '$.${name}')`;
const n = (name: string): string => `CAST(json_extract(k."TYPE_JSON", '$.${name}') AS DECIMAL(18,0))`;

/** A literal for a VALUES list. */
function lit(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') return String(v);
  return quoteString(String(v));
}

const TYPE_COLUMNS = [
  ['TYPE_NAME', 'VARCHAR'], ['TYPE_ID', 'DECIMAL(18,0)'], ['PRECISION', 'DECIMAL(18,0)'], ['LITERAL_PREFIX', 'VARCHAR'], ['LITERAL_SUFFIX', 'VARCHAR'],
  ['CREATE_PARAMS', 'VARCHAR'], ['IS_NULLABLE', 'BOOLEAN'], ['CASE_SENSITIVE', 'BOOLEAN'], ['SEARCHABLE', 'DECIMAL(18,0)'], ['UNSIGNED_ATTRIBUTE', 'BOOLEAN'],
  ['FIXED_PREC_SCALE', 'BOOLEAN'], ['AUTO_INCREMENT', 'BOOLEAN'], ['LOCAL_TYPE_NAME', 'VARCHAR'], ['MINIMUM_SCALE', 'DECIMAL(18,0)'], ['MAXIMUM_SCALE', 'DECIMAL(18,0)'],
  ['SQL_DATA_TYPE', 'DECIMAL(18,0)'], ['SQL_DATETIME_SUB', 'DECIMAL(18,0)'], ['NUM_PREC_RADIX', 'DECIMAL(18,0)'], ['INTERVAL_PRECISION', 'DECIMAL(18,0)'],
] as const;

const typesView = (): string => {
  // EXA_SQL_TYPES names the DOUBLE type DOUBLE PRECISION (pyexasol's integration tests read it so)
  const rows = typeInfoRows().map((r) => `(${r.map((v, k) => lit(k === 0 && v === 'DOUBLE' ? 'DOUBLE PRECISION' : v)).join(', ')})`).join(', ');
  const cols = TYPE_COLUMNS.map(([name, type], i) => `CAST(col${i} AS ${type}) AS "${name}"`).join(', ');
  return `CREATE OR REPLACE VIEW main."EXA_SQL_TYPES" AS SELECT ${cols} FROM (VALUES ${rows}) AS v(${TYPE_COLUMNS.map((_, i) => `col${i}`).join(', ')})`;
};

/** DuckDB statements creating the object and type views (idempotent). */
export const OBJECT_VIEWS: string[] = [
  `CREATE OR REPLACE VIEW main."EXA_ALL_COLUMNS" AS
     SELECT c.schema_name AS "COLUMN_SCHEMA", c.table_name AS "COLUMN_TABLE", CASE WHEN v.view_name IS NULL THEN 'TABLE' ELSE 'VIEW' END AS "COLUMN_OBJECT_TYPE",
       c.column_name AS "COLUMN_NAME", COALESCE(k."TYPE_TEXT", c.data_type) AS "COLUMN_TYPE",
       CAST(CASE ${t('type')} WHEN 'DECIMAL' THEN 3 WHEN 'DOUBLE' THEN 8 WHEN 'CHAR' THEN 1 WHEN 'VARCHAR' THEN 12 WHEN 'DATE' THEN 91
         WHEN 'TIMESTAMP' THEN 93 WHEN 'TIMESTAMP WITH LOCAL TIME ZONE' THEN 124 WHEN 'BOOLEAN' THEN 16 WHEN 'INTERVAL YEAR TO MONTH' THEN -103
         WHEN 'INTERVAL DAY TO SECOND' THEN -104 WHEN 'GEOMETRY' THEN 123 WHEN 'HASHTYPE' THEN -2 END AS DECIMAL(18,0)) AS "COLUMN_TYPE_ID",
       CAST(CASE WHEN ${t('type')} = 'DECIMAL' THEN COALESCE(${n('precision')}, 18) WHEN ${t('type')} = 'DOUBLE' THEN 64 WHEN ${t('type')} = 'BOOLEAN' THEN 1
         WHEN ${t('type')} = 'DATE' THEN 10 WHEN ${t('type')} LIKE 'TIMESTAMP%' THEN 29 ELSE ${n('size')} END AS DECIMAL(18,0)) AS "COLUMN_MAXSIZE",
       CASE WHEN ${t('type')} = 'DECIMAL' THEN COALESCE(${n('precision')}, 18) WHEN ${t('type')} LIKE 'TIMESTAMP%' THEN COALESCE(${n('precision')}, 3) END AS "COLUMN_NUM_PREC",
       CASE WHEN ${t('type')} = 'DECIMAL' THEN COALESCE(${n('scale')}, 0) END AS "COLUMN_NUM_SCALE",
       CAST(c.column_index AS DECIMAL(18,0)) AS "COLUMN_ORDINAL_POSITION", FALSE AS "COLUMN_IS_VIRTUAL",
       CASE WHEN v.view_name IS NULL THEN c.is_nullable END AS "COLUMN_IS_NULLABLE", FALSE AS "COLUMN_IS_DISTRIBUTION_KEY",
       CAST(NULL AS DECIMAL(18,0)) AS "COLUMN_PARTITION_KEY_ORDINAL_POSITION",
       COALESCE(k."DEFAULT_TEXT", c.column_default) AS "COLUMN_DEFAULT", COALESCE(k."IS_IDENTITY", FALSE) AS "COLUMN_IDENTITY",
       'SYS' AS "COLUMN_OWNER", CAST(c.table_oid AS DECIMAL(18,0)) AS "COLUMN_OBJECT_ID", CAST(NULL AS VARCHAR) AS "STATUS", c.comment AS "COLUMN_COMMENT"
     FROM duckdb_columns() c
     LEFT JOIN duckdb_views() v ON v.schema_name = c.schema_name AND v.view_name = c.table_name
     LEFT JOIN "${CATALOG_SCHEMA}"."COLUMNS" k ON k."SCHEMA_NAME" = c.schema_name AND k."TABLE_NAME" = c.table_name AND k."COLUMN_NAME" = c.column_name
     WHERE NOT c.internal AND c.${USER}`,
  `CREATE OR REPLACE VIEW main."EXA_ALL_OBJECTS" AS
     SELECT o.name AS "OBJECT_NAME", o.kind AS "OBJECT_TYPE", ${CREATED} AS "CREATED", ${CREATED} AS "LAST_COMMIT", 'SYS' AS "OWNER",
       CAST(o.id AS DECIMAL(18,0)) AS "OBJECT_ID", o.root AS "ROOT_NAME", CASE WHEN o.root IS NULL THEN NULL ELSE 'SCHEMA' END AS "ROOT_TYPE",
       CAST(s.oid AS DECIMAL(18,0)) AS "ROOT_ID", FALSE AS "OBJECT_IS_VIRTUAL", o.comment AS "OBJECT_COMMENT"
     FROM (
       SELECT schema_name AS name, 'SCHEMA' AS kind, oid AS id, CAST(NULL AS VARCHAR) AS root, comment FROM duckdb_schemas() WHERE NOT internal AND ${USER}
       UNION ALL SELECT table_name, 'TABLE', table_oid, schema_name, comment FROM duckdb_tables() WHERE NOT internal AND ${USER}
       UNION ALL SELECT view_name, 'VIEW', view_oid, schema_name, comment FROM duckdb_views() WHERE NOT internal AND ${USER}
       UNION ALL SELECT SCRIPT_NAME, 'SCRIPT', NULL, SCHEMA_NAME, NULL FROM "${CATALOG_SCHEMA}"."SCRIPTS"
     ) o LEFT JOIN duckdb_schemas() s ON s.schema_name = o.root`,
  `CREATE OR REPLACE VIEW main."EXA_ALL_OBJECT_SIZES" AS
     WITH sizes AS (SELECT schema_name, table_name, CAST(estimated_size * column_count * 8 AS DECIMAL(18,0)) AS bytes FROM duckdb_tables() WHERE NOT internal AND ${USER})
     SELECT o."OBJECT_NAME", o."OBJECT_TYPE",
       CAST(CASE o."OBJECT_TYPE" WHEN 'TABLE' THEN (SELECT bytes FROM sizes WHERE schema_name = o."ROOT_NAME" AND table_name = o."OBJECT_NAME")
         WHEN 'SCHEMA' THEN COALESCE((SELECT SUM(bytes) FROM sizes WHERE schema_name = o."OBJECT_NAME"), 0) ELSE 0 END AS DECIMAL(36,0)) AS "RAW_OBJECT_SIZE",
       CAST(CASE o."OBJECT_TYPE" WHEN 'TABLE' THEN (SELECT bytes FROM sizes WHERE schema_name = o."ROOT_NAME" AND table_name = o."OBJECT_NAME")
         WHEN 'SCHEMA' THEN COALESCE((SELECT SUM(bytes) FROM sizes WHERE schema_name = o."OBJECT_NAME"), 0) ELSE 0 END AS DECIMAL(36,0)) AS "MEM_OBJECT_SIZE",
       CAST(NULL AS DECIMAL(36,0)) AS "RAW_OBJECT_SIZE_LIMIT", o."CREATED", o."LAST_COMMIT", o."OWNER", o."OBJECT_ID", o."OBJECT_IS_VIRTUAL",
       o."ROOT_NAME", o."ROOT_TYPE", o."ROOT_ID"
     FROM main."EXA_ALL_OBJECTS" o`,
  `CREATE OR REPLACE VIEW main."EXA_ALL_INDICES" AS
     SELECT CAST(NULL AS VARCHAR) AS "INDEX_SCHEMA", CAST(NULL AS VARCHAR) AS "INDEX_TABLE", CAST(NULL AS VARCHAR) AS "INDEX_OWNER",
       CAST(NULL AS DECIMAL(18,0)) AS "INDEX_OBJECT_ID", CAST(NULL AS VARCHAR) AS "INDEX_TYPE", CAST(NULL AS DECIMAL(36,0)) AS "MEM_OBJECT_SIZE",
       CAST(NULL AS TIMESTAMP) AS "CREATED", CAST(NULL AS TIMESTAMP) AS "LAST_COMMIT", CAST(NULL AS VARCHAR) AS "REMARKS"
     WHERE FALSE`,
  `CREATE OR REPLACE VIEW main."EXA_SQL_KEYWORDS" AS
     SELECT CAST(col0 AS VARCHAR) AS "KEYWORD", TRUE AS "RESERVED" FROM (VALUES ${SQL_KEYWORDS.map((k) => `(${lit(k)})`).join(', ')}) AS v(col0)`,
  typesView(),
  // statement profiles (profile.ts)
  ...PROFILE_VIEWS,
  // the statistics table pyexasol's get_disk_space_usage reads: one row, sizes from DuckDB's own accounting
  `CREATE OR REPLACE VIEW main."$EXA_STATS_DB_SIZE" AS
     SELECT CAST(CURRENT_TIMESTAMP AS TIMESTAMP) AS "MEASURE_TIME", CAST(used_blocks * block_size AS DECIMAL(36,0)) AS "COMMITTED_SIZE",
       CAST(1 AS DECIMAL(18,0)) AS "REDUNDANCY", CAST(0 AS DECIMAL(36,0)) AS "TEMP_SWAP_DATA",
       CAST(GREATEST(total_blocks * block_size, used_blocks * block_size + 1073741824) AS DECIMAL(36,0)) AS "DEVICE_SIZE",
       CAST(GREATEST(free_blocks * block_size, 1073741824) AS DECIMAL(36,0)) AS "HDD_FREE"
     FROM pragma_database_size() LIMIT 1`,
];

/** Exasol names under which the views above are also reachable. */
export const OBJECT_VIEW_ALIASES: [string, string][] = [
  ['EXA_USER_OBJECTS', 'EXA_ALL_OBJECTS'],
  ['EXA_DBA_OBJECTS', 'EXA_ALL_OBJECTS'],
  ['EXA_USER_OBJECT_SIZES', 'EXA_ALL_OBJECT_SIZES'],
  ['EXA_DBA_OBJECT_SIZES', 'EXA_ALL_OBJECT_SIZES'],
  ['EXA_USER_INDICES', 'EXA_ALL_INDICES'],
  ['EXA_DBA_INDICES', 'EXA_ALL_INDICES'],
];

/** Names of the views above (also created in schema SYS). */
export const OBJECT_VIEW_NAMES = ['EXA_ALL_OBJECTS', 'EXA_ALL_OBJECT_SIZES', 'EXA_ALL_INDICES', 'EXA_SQL_KEYWORDS', 'EXA_SQL_TYPES', '$EXA_STATS_DB_SIZE', '$EXA_PROFILE_LAST_DAY', '$EXA_PROFILE_DETAILS_LAST_DAY'];
