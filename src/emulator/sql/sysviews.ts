/**
 * Objects every emulated database has in DuckDB's `main` schema (searched after the open schema):
 * DUAL, the EXA_ALL_SCHEMAS / EXA_ALL_TABLES / EXA_ALL_COLUMNS system views with Exasol's column
 * names, and the macros behind Exasol functions DuckDB lacks (functions/macros.ts).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { CATALOG_SCHEMA } from './catalog';
import { FUNCTION_MACROS, TYPED_MACROS } from './functions';
import { SESSION_VIEW_ALIASES, SESSION_VIEW_NAMES, SESSION_VIEWS } from './session-registry';
import { OBJECT_VIEW_ALIASES, OBJECT_VIEW_NAMES, OBJECT_VIEWS, USER_SCHEMA_FILTER } from './sysviews-objects';

const USER = USER_SCHEMA_FILTER;

/** DuckDB statements creating the system objects (idempotent). */
export const SYSTEM_OBJECTS: string[] = [
  `CREATE OR REPLACE VIEW main."DUAL" AS SELECT CAST(NULL AS VARCHAR) AS "DUMMY"`,
  `CREATE OR REPLACE VIEW main."EXA_ALL_SCHEMAS" AS
     SELECT schema_name AS "SCHEMA_NAME", 'SYS' AS "SCHEMA_OWNER", CAST(oid AS DECIMAL(18,0)) AS "SCHEMA_OBJECT_ID", FALSE AS "SCHEMA_IS_VIRTUAL", comment AS "SCHEMA_COMMENT"
     FROM duckdb_schemas() WHERE NOT internal AND ${USER}`,
  `CREATE OR REPLACE VIEW main."EXA_ALL_TABLES" AS
     SELECT schema_name AS "TABLE_SCHEMA", table_name AS "TABLE_NAME", 'SYS' AS "TABLE_OWNER", CAST(table_oid AS DECIMAL(18,0)) AS "TABLE_OBJECT_ID",
       FALSE AS "TABLE_IS_VIRTUAL", FALSE AS "TABLE_HAS_DISTRIBUTION_KEY", FALSE AS "TABLE_HAS_PARTITION_KEY",
       CAST(estimated_size AS DECIMAL(18,0)) AS "TABLE_ROW_COUNT", CAST(0 AS DECIMAL(4,1)) AS "DELETE_PERCENTAGE", comment AS "TABLE_COMMENT"
     FROM duckdb_tables() WHERE NOT internal AND ${USER}`,
  `CREATE OR REPLACE VIEW main."EXA_ALL_VIEWS" AS
     SELECT schema_name AS "VIEW_SCHEMA", view_name AS "VIEW_NAME", schema_name AS "SCOPE_SCHEMA", 'SYS' AS "VIEW_OWNER",
       CAST(view_oid AS DECIMAL(18,0)) AS "VIEW_OBJECT_ID", sql AS "VIEW_TEXT", comment AS "VIEW_COMMENT"
     FROM duckdb_views() WHERE NOT internal AND ${USER}`,
  `CREATE OR REPLACE VIEW main."EXA_ALL_SCRIPTS" AS
     SELECT SCHEMA_NAME AS "SCRIPT_SCHEMA", SCRIPT_NAME AS "SCRIPT_NAME", 'SYS' AS "SCRIPT_OWNER", CAST(NULL AS DECIMAL(18,0)) AS "SCRIPT_OBJECT_ID",
       SCRIPT_TYPE AS "SCRIPT_TYPE", SCRIPT_LANGUAGE AS "SCRIPT_LANGUAGE", SCRIPT_INPUT_TYPE AS "SCRIPT_INPUT_TYPE", SCRIPT_RESULT_TYPE AS "SCRIPT_RESULT_TYPE",
       SCRIPT_TEXT AS "SCRIPT_TEXT", CAST(NULL AS VARCHAR) AS "SCRIPT_COMMENT"
     FROM "${CATALOG_SCHEMA}"."SCRIPTS"`,
  ...OBJECT_VIEWS,
  ...SESSION_VIEWS,
  ...FUNCTION_MACROS,
];

/** Exasol names under which the EXA_ALL_* views are also reachable (EXA_DBA_*, EXA_USER_*, EXA_SCHEMAS). */
const ALIASES: [string, string][] = [
  ['EXA_SCHEMAS', 'EXA_ALL_SCHEMAS'],
  ['EXA_DBA_SCHEMAS', 'EXA_ALL_SCHEMAS'],
  ['EXA_USER_TABLES', 'EXA_ALL_TABLES'],
  ['EXA_DBA_TABLES', 'EXA_ALL_TABLES'],
  ['EXA_USER_VIEWS', 'EXA_ALL_VIEWS'],
  ['EXA_DBA_VIEWS', 'EXA_ALL_VIEWS'],
  ['EXA_USER_COLUMNS', 'EXA_ALL_COLUMNS'],
  ['EXA_DBA_COLUMNS', 'EXA_ALL_COLUMNS'],
  ['EXA_USER_SCRIPTS', 'EXA_ALL_SCRIPTS'],
  ['EXA_DBA_SCRIPTS', 'EXA_ALL_SCRIPTS'],
  ...OBJECT_VIEW_ALIASES,
  ...SESSION_VIEW_ALIASES,
];

/** Names of every system view (in `main`, and in schema SYS for `SYS.EXA_...`). */
export const SYSTEM_VIEWS = ['DUAL', 'EXA_ALL_SCHEMAS', 'EXA_ALL_TABLES', 'EXA_ALL_VIEWS', 'EXA_ALL_COLUMNS', 'EXA_ALL_SCRIPTS', ...OBJECT_VIEW_NAMES, ...SESSION_VIEW_NAMES, ...ALIASES.map(([a]) => a)];

/**
 * Creates the system objects on a connection. Returns false when the database file is too old to
 * store the typed macros ({@link TYPED_MACROS}): then every connection needs {@link createTempMacros}.
 */
export async function createSystemObjects(con: DuckDBConnection): Promise<boolean> {
  for (const sql of SYSTEM_OBJECTS) await con.run(sql);
  for (const [alias, view] of ALIASES) await con.run(`CREATE OR REPLACE VIEW main."${alias}" AS SELECT * FROM main."${view}"`);
  await con.run(`CREATE SCHEMA IF NOT EXISTS "SYS"`);
  for (const view of SYSTEM_VIEWS) await con.run(`CREATE OR REPLACE VIEW "SYS"."${view}" AS SELECT * FROM main."${view}"`);
  try {
    for (const sql of TYPED_MACROS) await con.run(sql);
    return true;
  } catch (e) {
    if (/storage version/i.test(e instanceof Error ? e.message : String(e))) return false;
    throw e;
  }
}

/** Creates the typed macros as temporary macros of one connection (database files of an old storage version). */
export async function createTempMacros(con: DuckDBConnection): Promise<void> {
  for (const sql of TYPED_MACROS) await con.run(sql.replace(/^CREATE OR REPLACE MACRO main\./, 'CREATE OR REPLACE TEMP MACRO '));
}
