/**
 * Scripts (UDFs, adapter and Lua scripting programs): CREATE [OR REPLACE] ... SCRIPT stores the text in the hidden
 * catalog (listed by EXA_ALL_SCRIPTS), DROP SCRIPT removes it. Running one cannot be emulated (DuckDB has no Java,
 * Python, R or Lua language containers): a statement that calls a stored script, and EXECUTE SCRIPT, fail with a
 * 22002 `VM error`, the code real servers use for a UDF that fails, and the session stays usable.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { SqlCode } from '../../protocol';
import { EngineError, type StatementContext } from './contract';
import { CATALOG_SCHEMA } from './catalog';
import { position } from './errors';
import { quoteString } from './lexer';
import type { Session } from './session';

/** The hidden table holding the scripts. */
export const SCRIPTS_TABLE = `"${CATALOG_SCHEMA}"."SCRIPTS"`;

/** Creates the scripts table when missing. */
export async function ensureScriptsTable(con: DuckDBConnection): Promise<void> {
  await con.run(
    `CREATE TABLE IF NOT EXISTS ${SCRIPTS_TABLE} (SCHEMA_NAME VARCHAR, SCRIPT_NAME VARCHAR, SCRIPT_TYPE VARCHAR, SCRIPT_LANGUAGE VARCHAR, SCRIPT_INPUT_TYPE VARCHAR, SCRIPT_RESULT_TYPE VARCHAR, SCRIPT_TEXT VARCHAR)`,
  );
}

/** A script statement found by {@link scriptStatement}. */
export interface ScriptStatement {
  action: 'create' | 'drop' | 'execute';
  /** Schema as written ('' = the current schema) and name (Exasol case rules applied). */
  schema: string;
  name: string;
  /** Offset of the name (schema when qualified) in the text, for error positions. */
  offset: number;
  replace: boolean;
  ifExists: boolean;
  type: 'UDF' | 'ADAPTER' | 'PROCEDURE';
  language: string;
  inputType: string | null;
  resultType: string | null;
}

const NAME = String.raw`("(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_]*)`;
const identName = (text: string): string => (text.startsWith('"') ? text.slice(1, -1).replace(/""/g, '"') : text.toUpperCase());

/** Leading blanks and comments of a text, skipped before matching a statement's head. */
function headStart(sql: string): number {
  const m = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/.exec(sql);
  return m ? m[0].length : 0;
}

/** The text after a leading parameter list `( ... )` (nested parentheses and quoted names skipped), or the text itself. */
function afterParameters(rest: string): string {
  const start = /^\s*\(/.exec(rest);
  if (!start) return rest;
  let depth = 0;
  let quote = '';
  for (let i = start[0].length - 1; i < rest.length; i++) {
    const ch = rest[i]!;
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return rest.slice(i + 1);
  }
  return rest;
}

/**
 * Recognises `CREATE [OR REPLACE] [<language>] [SCALAR|SET|ADAPTER] SCRIPT [schema.]name ...`, `DROP [ADAPTER]
 * SCRIPT [IF EXISTS] [schema.]name` and `EXECUTE SCRIPT [schema.]name ...`; undefined for anything else. The body
 * after the head is never tokenised (it is Java, Python, R or Lua, with its own quotes and semicolons).
 */
export function scriptStatement(sql: string): ScriptStatement | undefined {
  const from = headStart(sql);
  const text = sql.slice(from);
  const qualified = String.raw`${NAME}(?:\s*\.\s*${NAME})?`;
  const name = (m: RegExpExecArray, i: number): { schema: string; name: string; offset: number } => {
    const offset = from + m[0].length - m[0].slice(m[0].lastIndexOf(m[i]!)).length;
    return m[i + 1] === undefined ? { schema: '', name: identName(m[i]!), offset } : { schema: identName(m[i]!), name: identName(m[i + 1]!), offset };
  };
  let m = new RegExp(String.raw`^CREATE\s+(OR\s+REPLACE\s+)?((?:[A-Za-z_][A-Za-z0-9_]*\s+){0,3}?)SCRIPT\s+${qualified}`, 'i').exec(text);
  if (m) {
    const words = m[2]!.trim() === '' ? [] : m[2]!.trim().split(/\s+/).map((w) => w.toUpperCase());
    const kinds = words.filter((w) => ['SCALAR', 'SET', 'ADAPTER'].includes(w));
    const language = words.find((w) => !['SCALAR', 'SET', 'ADAPTER'].includes(w)) ?? 'LUA';
    const adapter = kinds.includes('ADAPTER');
    const inputType = kinds.find((k) => k === 'SCALAR' || k === 'SET') ?? null;
    const rest = afterParameters(text.slice(m[0].length));
    const result = /^\s*(RETURNS|EMITS)\b/i.exec(rest)?.[1]?.toUpperCase() ?? null;
    const type = adapter ? 'ADAPTER' : inputType !== null ? 'UDF' : 'PROCEDURE';
    const procResult = /^\s*RETURNS\s+TABLE\b/i.test(rest) ? 'TABLE' : 'ROWCOUNT';
    return { action: 'create', ...name(m, 3), replace: m[1] !== undefined, ifExists: false, type, language, inputType, resultType: type === 'PROCEDURE' ? procResult : type === 'ADAPTER' ? null : result };
  }
  m = new RegExp(String.raw`^DROP\s+(?:ADAPTER\s+)?SCRIPT\s+(IF\s+EXISTS\s+)?${qualified}\s*;?\s*$`, 'i').exec(text);
  if (m) return { action: 'drop', ...name(m, 2), replace: false, ifExists: m[1] !== undefined, type: 'UDF', language: '', inputType: null, resultType: null };
  m = new RegExp(String.raw`^EXECUTE\s+SCRIPT\s+${qualified}`, 'i').exec(text);
  if (m) return { action: 'execute', ...name(m, 1), replace: false, ifExists: false, type: 'PROCEDURE', language: '', inputType: null, resultType: null };
  return undefined;
}

/** The stored script `schema.name`, or undefined. */
async function findScript(s: Session, schema: string, name: string): Promise<{ language: string } | undefined> {
  s.tc.bump();
  const r = await s.tc.con.runAndReadAll(`SELECT SCRIPT_LANGUAGE FROM ${SCRIPTS_TABLE} WHERE SCHEMA_NAME = ${quoteString(schema)} AND SCRIPT_NAME = ${quoteString(name)}`);
  const row = r.getRows()[0];
  return row === undefined ? undefined : { language: String(row[0]) };
}

/** The error of a statement that would run a script. */
function cannotRun(schema: string, name: string, language: string, where: string): EngineError {
  return new EngineError(
    SqlCode.numericOutOfRange,
    `VM error: script ${schema}.${name} (${language}) cannot run: the emulator has no script language containers ${where}`,
  );
}

/** Runs a script statement: stores or removes the script, or refuses to execute it. Resolves with the row count 0. */
export async function runScriptStatement(s: Session, st: ScriptStatement, sql: string, ctx: StatementContext): Promise<number> {
  const schema = st.schema || s.currentSchema;
  const at = position(sql, st.offset);
  if (!schema) throw new EngineError(SqlCode.syntaxOrAccess, `no schema specified or opened or current schema has been dropped ${at}`);
  if (st.schema && !(await s.schemaExists(st.schema))) throw new EngineError(SqlCode.syntaxOrAccess, `schema ${st.schema} not found ${at}`);
  const existing = await s.guard(sql, ctx, () => findScript(s, schema, st.name));
  if (st.action === 'execute') {
    if (!existing) throw new EngineError(SqlCode.syntaxOrAccess, `script ${schema}.${st.name} not found ${at}`);
    throw cannotRun(schema, st.name, existing.language, at);
  }
  const where = `WHERE SCHEMA_NAME = ${quoteString(schema)} AND SCRIPT_NAME = ${quoteString(st.name)}`;
  await s.guard(sql, ctx, () => s.beginIfNeeded());
  if (st.action === 'drop') {
    if (!existing) {
      if (st.ifExists) return 0;
      throw new EngineError(SqlCode.syntaxOrAccess, `script ${schema}.${st.name} not found ${at}`);
    }
    await s.runSql(`DELETE FROM ${SCRIPTS_TABLE} ${where}`, sql, ctx);
    return 0;
  }
  if (existing && !st.replace) throw new EngineError(SqlCode.privilege, `object ${schema}.${st.name} already exists`);
  const v = (x: string | null): string => (x === null ? 'NULL' : quoteString(x));
  await s.runSql(`DELETE FROM ${SCRIPTS_TABLE} ${where}`, sql, ctx);
  await s.runSql(
    `INSERT INTO ${SCRIPTS_TABLE} VALUES (${v(schema)}, ${v(st.name)}, ${v(st.type)}, ${v(st.language)}, ${v(st.inputType)}, ${v(st.resultType)}, ${v(sql.slice(headStart(sql)).replace(/\s+$/, ''))})`,
    sql,
    ctx,
  );
  return 0;
}

/**
 * A statement failed with `function or script X not found`: when X is a stored script (in the schema the call
 * names, else the current one), the error that a script cannot run; otherwise the error unchanged.
 */
export async function scriptCallError(s: Session, err: EngineError): Promise<EngineError> {
  const m = /^function or script (?:("(?:[^"]|"")+"|[^ ."]+)\.)?("(?:[^"]|"")+"|[^ ."]+) not found (\[line \d+, column \d+\])$/.exec(err.message);
  if (!m) return err;
  const unq = (x: string): string => (x.startsWith('"') ? x.slice(1, -1).replace(/""/g, '"') : x);
  const schema = m[1] !== undefined ? unq(m[1]) : s.currentSchema;
  if (!schema) return err;
  try {
    const found = await findScript(s, schema, unq(m[2]!));
    return found ? cannotRun(schema, unq(m[2]!), found.language, m[3]!) : err;
  } catch {
    return err;
  }
}
