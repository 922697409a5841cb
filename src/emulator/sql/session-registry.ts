/**
 * Sessions and parameters as system tables show them: every open session has a row (EXA_DBA_SESSIONS,
 * EXA_ALL_SESSIONS, EXA_USER_SESSIONS: id, user, login time, the client, driver and OS user its login named), and
 * EXA_PARAMETERS lists the database parameters with the session's value (ALTER SESSION) and the system value (ALTER
 * SYSTEM). The rows live in hidden catalog tables; each DuckDB connection of a session carries its id in the
 * connection variable `exa_session`, which the views read. Values are kept and listed, not applied (apart from those
 * session-settings.ts applies).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { CATALOG_SCHEMA } from './catalog';
import { quoteString } from './lexer';

/** What a login says about its client (login message fields of the same names). */
export interface ClientInfo {
  clientName?: string;
  clientVersion?: string;
  driverName?: string;
  clientOs?: string;
  clientOsUsername?: string;
  /** The connection is TLS-encrypted. */
  encrypted?: boolean;
}

const SESSIONS = `"${CATALOG_SCHEMA}"."SESSIONS"`;
const SESSION_PARAMETERS = `"${CATALOG_SCHEMA}"."SESSION_PARAMETERS"`;
const SYSTEM_PARAMETERS = `"${CATALOG_SCHEMA}"."SYSTEM_PARAMETERS"`;

/** Parameters and their defaults (docs.exasol.com, ALTER SESSION / ALTER SYSTEM). */
const DEFAULT_PARAMETERS: [string, string | null][] = [
  ['CONSTRAINT_STATE_DEFAULT', 'ENABLE'],
  ['DEFAULT_LIKE_ESCAPE_CHARACTER', '\\'],
  ['HASHTYPE_FORMAT', 'HEX'],
  ['IDLE_TIMEOUT', '86400'],
  ['NICE', 'OFF'],
  ['NLS_DATE_FORMAT', 'YYYY-MM-DD'],
  ['NLS_DATE_LANGUAGE', 'ENG'],
  ['NLS_FIRST_DAY_OF_WEEK', '7'],
  ['NLS_NUMERIC_CHARACTERS', '.,'],
  ['NLS_TIMESTAMP_FORMAT', 'YYYY-MM-DD HH24:MI:SS.FF6'],
  ['PROFILE', 'OFF'],
  ['QUERY_CACHE', 'ON'],
  ['QUERY_TIMEOUT', '0'],
  ['SCRIPT_OUTPUT_ADDRESS', null],
  ['SESSION_TEMP_DB_RAM_LIMIT', 'OFF'],
  ['SNAPSHOT_MODE', 'OFF'],
  ['SQL_PREPROCESSOR_SCRIPT', null],
  ['TEMP_DB_RAM_LIMIT', 'OFF'],
  ['TIME_ZONE', 'UNIVERSAL'],
  ['TIME_ZONE_BEHAVIOR', 'INVALID SHIFT AMBIGUOUS ST'],
  ['TIMESTAMP_ARITHMETIC_BEHAVIOR', 'INTERVAL'],
];

/** Creates the tables (emptied of sessions a database file may remember) and the views. */
export async function ensureSessionRegistry(con: DuckDBConnection): Promise<void> {
  await con.run(`CREATE TABLE IF NOT EXISTS ${SESSIONS} (SESSION_ID VARCHAR, USER_NAME VARCHAR, LOGIN_TIME TIMESTAMP, CLIENT VARCHAR, DRIVER VARCHAR, OS_USER VARCHAR, OS_NAME VARCHAR, ENCRYPTED BOOLEAN)`);
  await con.run(`CREATE TABLE IF NOT EXISTS ${SESSION_PARAMETERS} (SESSION_ID VARCHAR, PARAMETER_NAME VARCHAR, SESSION_VALUE VARCHAR)`);
  await con.run(`CREATE TABLE IF NOT EXISTS ${SYSTEM_PARAMETERS} (PARAMETER_NAME VARCHAR, SYSTEM_VALUE VARCHAR)`);
  await con.run(`DELETE FROM ${SESSIONS}`);
  await con.run(`DELETE FROM ${SESSION_PARAMETERS}`);
  const known = new Set((await con.runAndReadAll(`SELECT PARAMETER_NAME FROM ${SYSTEM_PARAMETERS}`)).getRows().map((r) => String(r[0])));
  const missing = DEFAULT_PARAMETERS.filter(([n]) => !known.has(n));
  if (missing.length > 0) await con.run(`INSERT INTO ${SYSTEM_PARAMETERS} VALUES ${missing.map(([n, v]) => `(${quoteString(n)}, ${v === null ? 'NULL' : quoteString(v)})`).join(', ')}`);
}

const CURRENT = `getvariable('exa_session')`;

/** DuckDB statements creating the session and parameter views and SESSION_PARAMETER (idempotent; the tables must exist). */
export const SESSION_VIEWS: string[] = [
  `CREATE OR REPLACE VIEW main."EXA_DBA_SESSIONS" AS
     SELECT CAST(s.SESSION_ID AS DECIMAL(20,0)) AS "SESSION_ID", s.USER_NAME AS "USER_NAME", s.USER_NAME AS "EFFECTIVE_USER",
       CASE WHEN s.SESSION_ID = ${CURRENT} THEN 'EXECUTE SQL' ELSE 'IDLE' END AS "STATUS",
       CASE WHEN s.SESSION_ID = ${CURRENT} THEN 'SELECT' ELSE 'NOT SPECIFIED' END AS "COMMAND_NAME", CAST(0 AS DECIMAL(18,0)) AS "STMT_ID",
       '000:00:00' AS "DURATION", CAST(0 AS DECIMAL(18,0)) AS "QUERY_TIMEOUT", CAST(NULL AS VARCHAR) AS "ACTIVITY",
       CAST(0 AS DECIMAL(18,1)) AS "TEMP_DB_RAM", CAST(0 AS DECIMAL(18,1)) AS "PERSISTENT_DB_RAM", s.LOGIN_TIME AS "LOGIN_TIME",
       s.CLIENT AS "CLIENT", s.DRIVER AS "DRIVER", s.ENCRYPTED AS "ENCRYPTED", '127.0.0.1' AS "HOST", s.OS_USER AS "OS_USER", s.OS_NAME AS "OS_NAME",
       CAST(NULL AS VARCHAR) AS "SCOPE_SCHEMA", 'MEDIUM' AS "CONSUMER_GROUP", FALSE AS "NICE", CAST(NULL AS VARCHAR) AS "RESOURCES", CAST(NULL AS VARCHAR) AS "SQL_TEXT"
     FROM ${SESSIONS} s`,
  `CREATE OR REPLACE VIEW main."EXA_PARAMETERS" AS
     SELECT p.PARAMETER_NAME AS "PARAMETER_NAME", CASE WHEN s.PARAMETER_NAME IS NULL THEN p.SYSTEM_VALUE ELSE s.SESSION_VALUE END AS "SESSION_VALUE",
       p.SYSTEM_VALUE AS "SYSTEM_VALUE"
     FROM ${SYSTEM_PARAMETERS} p LEFT JOIN ${SESSION_PARAMETERS} s ON s.SESSION_ID = ${CURRENT} AND s.PARAMETER_NAME = p.PARAMETER_NAME`,
  // SESSION_PARAMETER(session_id, name) (docs.exasol.com): that session's value of a parameter (its ALTER SESSION value,
  // else the system value), as text; the name in any case
  `CREATE OR REPLACE MACRO main.SESSION_PARAMETER(id, n) AS coalesce(
     (SELECT SESSION_VALUE FROM ${SESSION_PARAMETERS} WHERE SESSION_ID = CAST(id AS VARCHAR) AND PARAMETER_NAME = upper(trim(n))),
     (SELECT SYSTEM_VALUE FROM ${SYSTEM_PARAMETERS} WHERE PARAMETER_NAME = upper(trim(n))))`,
];

/** Other names of the session view. */
export const SESSION_VIEW_ALIASES: [string, string][] = [
  ['EXA_ALL_SESSIONS', 'EXA_DBA_SESSIONS'],
  ['EXA_USER_SESSIONS', 'EXA_DBA_SESSIONS'],
];

/** Names of the views above (also created in schema SYS). */
export const SESSION_VIEW_NAMES = ['EXA_DBA_SESSIONS', 'EXA_PARAMETERS'];

/** Marks a connection as session `id`'s (the views read it). */
export async function tagConnection(con: DuckDBConnection, id: string): Promise<void> {
  await con.run(`SET VARIABLE exa_session = ${quoteString(id)}`);
}

/** Records a session that logged in, on its own connection. */
export async function registerSession(con: DuckDBConnection, id: string, user: string, client: ClientInfo = {}): Promise<void> {
  await tagConnection(con, id);
  const v = (x: string | undefined): string => (x === undefined || x === '' ? 'NULL' : quoteString(x));
  const name = [client.clientName, client.clientVersion].filter((x) => x !== undefined && x !== '').join(' ');
  await con.run(
    `INSERT INTO ${SESSIONS} VALUES (${quoteString(id)}, ${quoteString(user)}, CAST(CURRENT_TIMESTAMP AS TIMESTAMP), ${v(name)}, ${v(client.driverName)}, ${v(client.clientOsUsername)}, ${v(client.clientOs)}, ${client.encrypted === true})`,
  );
}

/** Forgets a session that ended (on any connection). */
export async function unregisterSession(con: DuckDBConnection, id: string): Promise<void> {
  await con.run(`DELETE FROM ${SESSIONS} WHERE SESSION_ID = ${quoteString(id)}`);
  await con.run(`DELETE FROM ${SESSION_PARAMETERS} WHERE SESSION_ID = ${quoteString(id)}`);
}

/** ALTER SESSION (system = false) or ALTER SYSTEM SET `name` = `value`: the value EXA_PARAMETERS shows. */
export async function recordParameter(con: DuckDBConnection, id: string, name: string, value: string, system: boolean): Promise<void> {
  if (system) {
    await con.run(`DELETE FROM ${SYSTEM_PARAMETERS} WHERE PARAMETER_NAME = ${quoteString(name)}`);
    await con.run(`INSERT INTO ${SYSTEM_PARAMETERS} VALUES (${quoteString(name)}, ${quoteString(value)})`);
    return;
  }
  await con.run(`DELETE FROM ${SESSION_PARAMETERS} WHERE SESSION_ID = ${quoteString(id)} AND PARAMETER_NAME = ${quoteString(name)}`);
  await con.run(`INSERT INTO ${SESSION_PARAMETERS} VALUES (${quoteString(id)}, ${quoteString(name)}, ${quoteString(value)})`);
  // a parameter the list does not know yet (accepted like Exasol's other settings) gets a row of its own
  await con.run(`INSERT INTO ${SYSTEM_PARAMETERS} SELECT ${quoteString(name)}, NULL WHERE NOT EXISTS (SELECT 1 FROM ${SYSTEM_PARAMETERS} WHERE PARAMETER_NAME = ${quoteString(name)})`);
}
