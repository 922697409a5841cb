/**
 * Statement profiles (ALTER SESSION SET PROFILE = 'ON'): each statement a profiling session runs leaves one part in
 * "$EXA_PROFILE_LAST_DAY" (and "$EXA_PROFILE_DETAILS_LAST_DAY", one node: IPROC 0), PART_NAME 'COMPILE / EXECUTE'
 * with its measured start, stop, duration and output rows. Exasol breaks a statement into more parts (scans, joins,
 * GROUP BY, ...) with CPU, memory, disk and network figures; DuckDB reports none of these, so they are NULL and the
 * statement is one part. COMMIT, ROLLBACK and FLUSH STATISTICS leave none.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { StatementOutcome } from './contract';
import type { TrackedConnection } from './shared';
import { CATALOG_SCHEMA } from './catalog';
import { keyword, quoteString, significant, tokenize } from './lexer';

const PROFILE_TABLE = `"${CATALOG_SCHEMA}"."PROFILE_PARTS"`;

/** Creates the table the profile views read; forgets parts older than a day (a `--db` file keeps them). */
export async function ensureProfileTable(con: DuckDBConnection): Promise<void> {
  await con.run(
    `CREATE TABLE IF NOT EXISTS ${PROFILE_TABLE} (SESSION_ID VARCHAR, STMT_ID BIGINT, COMMAND_NAME VARCHAR, COMMAND_CLASS VARCHAR, PART_ID BIGINT, PART_NAME VARCHAR, OUT_ROWS BIGINT, DURATION DOUBLE, START_TIME TIMESTAMP, STOP_TIME TIMESTAMP, SQL_TEXT VARCHAR)`,
  );
  await con.run(`DELETE FROM ${PROFILE_TABLE} WHERE START_TIME < CAST(CURRENT_TIMESTAMP AS TIMESTAMP) - INTERVAL 1 DAY`);
}

/** DuckDB statements creating the two profile views (idempotent; the table must exist). */
export const PROFILE_VIEWS: string[] = ['$EXA_PROFILE_LAST_DAY', '$EXA_PROFILE_DETAILS_LAST_DAY'].map(
  (name) => `CREATE OR REPLACE VIEW main."${name}" AS
     SELECT CAST(SESSION_ID AS DECIMAL(20,0)) AS "SESSION_ID", CAST(STMT_ID AS DECIMAL(18,0)) AS "STMT_ID", COMMAND_NAME AS "COMMAND_NAME",
       COMMAND_CLASS AS "COMMAND_CLASS", CAST(PART_ID AS DECIMAL(18,0)) AS "PART_ID", PART_NAME AS "PART_NAME", CAST(NULL AS VARCHAR) AS "PART_INFO",
       CAST(NULL AS VARCHAR) AS "OBJECT_SCHEMA", CAST(NULL AS VARCHAR) AS "OBJECT_NAME", CAST(NULL AS DECIMAL(18,0)) AS "OBJECT_ROWS", CAST(NULL AS DECIMAL(18,0)) AS "IN_ROWS",
       CAST(OUT_ROWS AS DECIMAL(18,0)) AS "OUT_ROWS", CAST(DURATION AS DECIMAL(9,3)) AS "DURATION", START_TIME AS "START_TIME", STOP_TIME AS "STOP_TIME",
       CAST(NULL AS DECIMAL(4,1)) AS "CPU", CAST(NULL AS DECIMAL(12,1)) AS "MEM_PEAK", CAST(NULL AS DECIMAL(12,1)) AS "TEMP_DB_RAM_PEAK", CAST(NULL AS DECIMAL(12,1)) AS "HDD_READ",
       CAST(NULL AS DECIMAL(12,1)) AS "HDD_WRITE", CAST(NULL AS DECIMAL(12,1)) AS "NET", CAST(NULL AS VARCHAR) AS "REMARKS", SQL_TEXT AS "SQL_TEXT"${name.includes('DETAILS') ? `, CAST(0 AS DECIMAL(18,0)) AS "IPROC"` : ''}
     FROM ${PROFILE_TABLE}`,
);

/** Statements whose part Exasol's profile leaves out. */
const UNPROFILED = new Set(['COMMIT', 'ROLLBACK', 'FLUSH']);

const DDL = new Set(['CREATE', 'DROP', 'ALTER', 'RENAME', 'COMMENT']);
const DML = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'TRUNCATE', 'IMPORT', 'EXPORT']);

/** COMMAND_NAME and COMMAND_CLASS of a statement (`SELECT`/DQL, `INSERT`/DML, `CREATE TABLE`/DDL, ...), or undefined for one Exasol does not profile. */
export function commandOf(sql: string): { name: string; cls: string } | undefined {
  const sig = significant(tokenize(sql));
  const first = keyword(sig[0]);
  if (first === '' || UNPROFILED.has(first)) return undefined;
  if (first === 'SELECT' || first === 'WITH' || first === '(') return { name: 'SELECT', cls: 'DQL' };
  if (DML.has(first)) return { name: first, cls: 'DML' };
  if (DDL.has(first)) {
    let i = 1;
    if (keyword(sig[i]) === 'OR' && keyword(sig[i + 1]) === 'REPLACE') i += 2;
    const object = keyword(sig[i]);
    // ALTER SESSION / ALTER SYSTEM change settings, not objects
    return { name: object === '' ? first : `${first} ${object}`, cls: object === 'SESSION' || object === 'SYSTEM' ? 'OTHER' : 'DDL' };
  }
  return { name: first, cls: 'OTHER' };
}

/** One profiled statement. */
export interface ProfiledStatement {
  sessionId: string;
  stmtId: number;
  sql: string;
  /** Start and stop, ms since the epoch. */
  start: number;
  stop: number;
  /** Rows of the result, or rows changed. */
  outRows: number;
}

const ts = (ms: number): string => `epoch_ms(${Math.round(ms)})`;

/** Records a statement's part on `con`. */
export async function recordProfile(con: DuckDBConnection, p: ProfiledStatement): Promise<void> {
  const command = commandOf(p.sql);
  if (command === undefined) return;
  await con.run(
    `INSERT INTO ${PROFILE_TABLE} VALUES (${quoteString(p.sessionId)}, ${p.stmtId}, ${quoteString(command.name)}, ${quoteString(command.cls)}, 1, 'COMPILE / EXECUTE', ` +
      `${p.outRows}, ${(p.stop - p.start) / 1000}, ${ts(p.start)}, ${ts(p.stop)}, ${quoteString(p.sql)})`,
  );
}

/** OUT_ROWS of a statement: the rows of its result, or the rows it changed. */
export const outRows = (outcome: StatementOutcome): number => (outcome.kind === 'rowCount' ? outcome.rowCount : outcome.rows.numRows);

/**
 * Records a statement's part on the session's connection, so that an open transaction sees it too (a rollback then
 * takes it back: an approximation, Exasol's profiles are not transactional).
 */
export async function profileStatement(tc: TrackedConnection, p: ProfiledStatement): Promise<void> {
  tc.bump();
  try {
    await recordProfile(tc.con, p);
  } catch {
    // the statement has run: a profile that cannot be written is left out rather than reported as its failure
  }
}
