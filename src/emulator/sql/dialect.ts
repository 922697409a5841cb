/**
 * Exasol SQL -> DuckDB SQL: upper-cases unquoted identifiers, turns `''` into NULL (Exasol stores
 * the empty string as NULL), replaces CURRENT_SESSION/CURRENT_SCHEMA/CURRENT_USER/SYSDATE, rewrites
 * Exasol type spellings in CAST and CREATE TABLE, names unaliased select items by their text
 * (`COUNT(*)`, `2`), and classifies the statement.
 */
import { SqlCode, type DataType } from '../../protocol';
import { EngineError } from './contract';
import { position } from './errors';
import { keyword, quoteString, significant, tokenize } from './lexer';
import { RESERVED_KEYWORDS } from './keywords';
import { columnDefs, qualifiedName } from './rewrite/ddl';
import { rewriteCastTypes, rewriteConcat, rewriteLikeEscape, rewriteTimestampLiterals, wrapTextCasts } from './rewrite/expressions';
import { rewriteIntervalLiterals } from './rewrite/interval-literals';
import { rewriteValuesRows } from './rewrite/values-rows';
import { rewriteConnectBy } from './rewrite/connect-by';
import { rewriteYearMonthArithmetic } from './rewrite/interval-arithmetic';
import { rewriteOuterJoins } from './rewrite/outer-join';
import { rewriteValuesTables } from './rewrite/values-table';
import { analyseSelectList } from './rewrite/select-list';
import { rewriteFunctions } from './functions';
import { markDivisions, typeLiteralArithmetic } from './functions/division';
import { markMultiplications } from './functions/multiplication';
import type { Tok } from './rewrite/tokens';

export { IDENTITY_PLACEHOLDER } from './rewrite/ddl';

/** What kind of statement a text is. */
export type StatementKind =
  | 'query'
  | 'openSchema'
  | 'closeSchema'
  | 'commit'
  | 'rollback'
  | 'createSchema'
  | 'createTable'
  | 'createView'
  | 'alterSession'
  | 'noop'
  | 'alterTable'
  | 'dml'
  | 'ddl'
  | 'other';

/** A column definition found in CREATE TABLE / ALTER TABLE ADD COLUMN. */
export interface ColumnDef {
  name: string;
  type: DataType;
  notNull: boolean;
  defaultText: string | null;
  identity: boolean;
}

/** One top-level item of the main select list. */
export interface SelectItem {
  /** The result column name Exasol reports. */
  name: string;
  /** A type known from the item's form (literal, CAST, CURRENT_SESSION); undefined when not. */
  hint?: DataType;
  /**
   * For a plain column reference `[t.]col` (or `MIN(col)`, `MAX(col)`, ...: rewrite/select-list.ts): the column whose
   * declared type the item has; '' for other expressions (never a column's type by their alias).
   */
  columnRef?: string;
}

/** The analysis and rewrite of one statement. */
export interface Translation {
  kind: StatementKind;
  /** The DuckDB SQL to run. */
  sql: string;
  /** First keyword (upper-case), e.g. SELECT, INSERT, OPEN. */
  verb: string;
  /** OPEN SCHEMA / CREATE SCHEMA target, or CREATE/ALTER TABLE schema (may be `''` = current). */
  schema?: string;
  /** Offset of the schema name (for error positions). */
  schemaOffset?: number;
  /** CREATE/ALTER TABLE table name. */
  table?: string;
  /** Columns declared by CREATE TABLE / ALTER TABLE ADD COLUMN. */
  columns?: ColumnDef[];
  /** Select items when the list is explicit (no `*`). */
  items?: SelectItem[];
  /** Number of `?` placeholders. */
  paramCount: number;
  /** Offsets of the `?` placeholders in the original text. */
  paramOffsets: number[];
  /** True for CREATE OR REPLACE TABLE. */
  replace?: boolean;
  /** CREATE TABLE ... AS / CREATE VIEW ... AS: offset of the query in the original text. */
  queryOffset?: number;
  /** ALTER SESSION SET <setting> = <value>: upper-case setting name and its value. */
  setting?: { name: string; value: string; system?: boolean };
  /** CREATE TABLE ... AS ... WITH NO DATA. */
  noData?: boolean;
}

/** Session facts the rewrite needs. */
export interface DialectContext {
  sessionId: string;
  userName: string;
  currentSchema: string;
  /** Session time zone (SESSIONTIMEZONE); UNIVERSAL when not given. */
  timeZone?: string;
  /** The number of the statement in its session (CURRENT_STATEMENT), counted from 1. */
  statementId?: number;
}

/** DBTIMEZONE: the emulated database's time zone (the default session time zone). */
export const DB_TIME_ZONE = 'UNIVERSAL';

/**
 * Column names that are keywords to DuckDB's parser and so cannot follow an expression as an alias without AS
 * (`SELECT 'a' NAME` is Exasol, a syntax error in DuckDB); such an alias gets its AS.
 */
const BARE_LABEL_BLOCKED = new Set(['NAME', 'VALUE', 'TYPE', 'KEY', 'DATA', 'LEVEL', 'COMMENT', 'TEXT', 'ROLE', 'SOURCE', 'LABEL', 'AT', 'WEEK', 'GROUPING_ID']);
/** Where an alias may end a select item. */
const AFTER_ALIAS = new Set([',', ')', 'FROM', 'WHERE', 'GROUP', 'ORDER', 'HAVING', 'UNION', 'EXCEPT', 'MINUS', 'INTERSECT', 'LIMIT', 'QUALIFY']);

/** Start of the (qualified) name ending at sig[end]: `s.t.c` starts at s. */
function columnStart(sig: readonly Tok[], end: number): number {
  let j = end;
  while (j >= 2 && sig[j - 1]?.text === '.' && (sig[j - 2]!.kind === 'word' || sig[j - 2]!.kind === 'quoted')) j -= 2;
  return j;
}

/** Whether sig[i] starts an item of a select list (after SELECT, DISTINCT, ALL or a comma). */
function isSelectItemStart(sig: readonly Tok[], i: number): boolean {
  const before = sig[i - 1];
  return before !== undefined && (before.text === ',' || ['SELECT', 'DISTINCT', 'ALL'].includes(keyword(before)));
}

/** Exasol's reserved words: a word after one of them is no alias (`ORDER BY NAME`, `SELECT DISTINCT NAME`). */
const RESERVED = new Set(RESERVED_KEYWORDS);

/**
 * True when sig[i] follows a literal, a name that is no reserved word (a column: `SELECT c NAME`), a quoted name or a
 * parenthesis and ends a select item: an alias without AS.
 */
function isImplicitAlias(sig: readonly Tok[], i: number): boolean {
  const prev = sig[i - 1];
  const next = sig[i + 1];
  const name = prev?.kind === 'word' && (sig[i - 2]?.text === '.' || !RESERVED.has(keyword(prev))) && isSelectItemStart(sig, columnStart(sig, i - 1));
  if (prev === undefined || !(name || prev.kind === 'string' || prev.kind === 'number' || prev.kind === 'quoted' || prev.text === ')')) return false;
  if (prev.kind === 'string' && keyword(sig[i - 2]) === 'INTERVAL') return false;
  return next === undefined || AFTER_ALIAS.has(next.kind === 'word' ? next.text.toUpperCase() : next.text);
}

/**
 * `UPDATE ... SET t.col = ...` and MERGE's `UPDATE SET t.col = ...`: Exasol accepts the table's name or alias before
 * an assigned column, DuckDB does not; the qualifier is dropped (the target is always the statement's table).
 */
function unqualifySetTargets(sig: Tok[]): void {
  for (let i = 0; i < sig.length; i++) {
    if (keyword(sig[i]) !== 'SET') continue;
    let depth = 0;
    let start = true; // at the start of an assignment
    for (let j = i + 1; j < sig.length; j++) {
      const t = sig[j]!;
      if (t.text === '(') depth++;
      else if (t.text === ')') depth--;
      if (depth < 0 || (depth === 0 && ['WHERE', 'WHEN', 'FROM'].includes(keyword(t)))) break;
      if (depth === 0 && t.text === ',') {
        start = true;
        continue;
      }
      if (start && depth === 0 && sig[j + 1]?.text === '.' && sig[j + 3]?.text === '=' && (t.kind === 'word' || t.kind === 'quoted')) {
        t.out = '';
        sig[j + 1]!.out = '';
      }
      start = false;
    }
  }
}

const QUERY_VERBS = new Set(['SELECT', 'WITH', 'VALUES', 'DESCRIBE', 'SHOW', 'TABLE', 'FROM', 'EXPLAIN', 'SUMMARIZE', 'PIVOT', 'UNPIVOT']);
const DML_VERBS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'TRUNCATE']);

/**
 * `CREATE [OR REPLACE] TABLE t LIKE s [(c1 [AS a1], ...)] [INCLUDING|EXCLUDING DEFAULTS|IDENTITY|COMMENTS ...]` as
 * `CREATE TABLE t AS SELECT <columns or *> FROM s WHERE FALSE`: the (selected) columns with their declared types, no
 * rows (defaults, identity and comments are not copied: the INCLUDING options are accepted and ignored), or undefined
 * for any other text.
 */
export function createTableLike(sqlText: string): string | undefined {
  const sig = significant(tokenize(sqlText)).filter((t) => t.text !== ';');
  let i = keyword(sig[0]) === 'CREATE' ? 1 : -1;
  if (i < 0) return undefined;
  if (keyword(sig[i]) === 'OR' && keyword(sig[i + 1]) === 'REPLACE') i += 2;
  if (keyword(sig[i]) !== 'TABLE') return undefined;
  const name = (k: number): number => (sig[k + 1]?.text === '.' ? k + 3 : k + 1); // end of a [schema.]name at k
  const tEnd = name(i + 1);
  if (keyword(sig[tEnd]) !== 'LIKE') return undefined;
  const sEnd = name(tEnd + 1);
  // an optional column selection: LIKE s (c1 [AS a1], c2, ...)
  let cols = '*';
  let k0 = sEnd;
  if (sig[sEnd]?.text === '(') {
    const close = sig.findIndex((t, k) => k > sEnd && t.text === ')');
    if (close < 0 || close === sEnd + 1) return undefined;
    if (sig.slice(sEnd + 1, close).some((t) => t.text === '(')) return undefined;
    cols = sqlText.slice(sig[sEnd + 1]!.offset, sig[close - 1]!.offset + sig[close - 1]!.text.length);
    k0 = close + 1;
  }
  for (let k = k0; k < sig.length; k += 2) {
    if (!['INCLUDING', 'EXCLUDING'].includes(keyword(sig[k])) || !['DEFAULTS', 'IDENTITY', 'COMMENTS'].includes(keyword(sig[k + 1]))) return undefined;
  }
  const text = (a: number, b: number): string => sqlText.slice(sig[a]!.offset, sig[b - 1]!.offset + sig[b - 1]!.text.length);
  return `${text(0, tEnd)} AS SELECT ${cols} FROM ${text(tEnd + 1, sEnd)} WHERE FALSE`;
}

/** Analyses and rewrites one Exasol statement. */
export function translate(sqlText: string, ctx: DialectContext): Translation {
  const all: Tok[] = tokenize(sqlText).map((t) => ({ ...t, out: t.kind === 'word' ? t.text.toUpperCase() : t.text }));
  // a trailing semicolon is allowed by Exasol
  const sig = significant(all) as Tok[];
  while (sig.length > 0 && sig[sig.length - 1]!.text === ';') {
    sig[sig.length - 1]!.out = '';
    sig.pop();
  }
  const inner = sig.find((t) => t.text === ';');
  if (inner) throw new EngineError(SqlCode.syntaxOrAccess, `syntax error, unexpected ';' ${position(sqlText, inner.offset)}`);
  const paramOffsets: number[] = [];
  for (const t of sig) {
    if (t.kind === 'string' && t.text === "''") t.out = 'NULL';
    else if (t.kind === 'param') paramOffsets.push(t.offset);
    else if (t.kind === 'word') {
      const k = t.out;
      const prev = sig[sig.indexOf(t) - 1];
      if (prev?.text === '.') continue;
      if (k === 'CURRENT_SESSION') t.out = `CAST(${quoteString(ctx.sessionId)} AS DECIMAL(20,0))`;
      else if (k === 'CURRENT_STATEMENT') t.out = `CAST(${ctx.statementId ?? 0} AS DECIMAL(18,0))`;
      else if (k === 'CURRENT_SCHEMA') t.out = ctx.currentSchema === '' ? 'CAST(NULL AS VARCHAR)' : quoteString(ctx.currentSchema);
      else if (k === 'CURRENT_USER' || k === 'USER' || k === 'SCOPE_USER') t.out = quoteString(ctx.userName);
      else if (k === 'SESSIONTIMEZONE') t.out = quoteString(ctx.timeZone ?? DB_TIME_ZONE);
      else if (k === 'DBTIMEZONE') t.out = quoteString(DB_TIME_ZONE);
      // function forms: DuckDB would take a bare CURRENT_DATE for the select-list alias "CURRENT_DATE" (`SELECT CURRENT_DATE`)
      else if (k === 'SYSDATE' || k === 'CURRENT_DATE') t.out = 'today()';
      else if (k === 'CURRENT_TIMESTAMP') t.out = 'get_current_timestamp()';
      else if (k === 'SYSTIMESTAMP' || k === 'LOCALTIMESTAMP') t.out = 'CAST(get_current_timestamp() AS TIMESTAMP)';
      else if (BARE_LABEL_BLOCKED.has(k) && isImplicitAlias(sig, sig.indexOf(t))) t.out = 'AS ' + t.out;
      // MINUS is Exasol's other name for EXCEPT (both reserved words)
      else if (k === 'MINUS') t.out = 'EXCEPT';
      // LOCAL.alias names a select-list alias of the same query block; DuckDB resolves the bare alias
      else if (k === 'LOCAL' && sig[sig.indexOf(t) + 1]?.text === '.' && sig[sig.indexOf(t) + 2]?.kind !== undefined) {
        t.out = '';
        sig[sig.indexOf(t) + 1]!.out = '';
      }
    }
  }
  const verb = keyword(sig[0]) || (sig[0]?.text === '(' ? 'SELECT' : '');
  if (verb === 'UPDATE' || verb === 'MERGE') unqualifySetTargets(sig);
  const base = { verb, paramCount: paramOffsets.length, paramOffsets };
  const finish = (kind: StatementKind, extra: Partial<Translation> = {}): Translation => ({
    kind,
    sql: markMultiplications(markDivisions(typeLiteralArithmetic(all.map((t) => t.out).join('')))),
    ...base,
    ...extra,
  });
  const k1 = keyword(sig[1]);
  if (verb === 'OPEN' && k1 === 'SCHEMA') {
    const q = qualifiedName(sig, 2);
    return finish('openSchema', { schema: q?.name ?? '', schemaOffset: q?.offset ?? sqlText.length });
  }
  if (verb === 'CLOSE' && k1 === 'SCHEMA') return finish('closeSchema');
  if (verb === 'COMMIT') return finish('commit');
  if (verb === 'ROLLBACK') return finish('rollback');
  rewriteValuesRows(sig);
  const textCasts = rewriteCastTypes(sig, all);
  rewriteTimestampLiterals(sig);
  rewriteIntervalLiterals(sig, all, sqlText);
  rewriteYearMonthArithmetic(sig);
  rewriteConcat(sig, all);
  wrapTextCasts(sig, textCasts);
  rewriteLikeEscape(sig);
  rewriteFunctions(sig, all, sqlText);
  rewriteOuterJoins(sig, all);
  rewriteConnectBy(sig, all, sqlText);
  rewriteValuesTables(sig);
  if (QUERY_VERBS.has(verb) || sig[0]?.text === '(') {
    const items = analyseSelectList(sig, all);
    return finish('query', items ? { items } : {});
  }
  if (DML_VERBS.has(verb)) {
    // INSERT ... SELECT: name nothing, but the select list may carry casts (already rewritten)
    return finish('dml');
  }
  if (verb === 'CREATE') {
    let i = 1;
    let replace = false;
    if (keyword(sig[i]) === 'OR' && keyword(sig[i + 1]) === 'REPLACE') {
      replace = true;
      i += 2;
    }
    if (keyword(sig[i]) === 'SCHEMA') {
      let j = i + 1;
      if (keyword(sig[j]) === 'IF') j += 3;
      const q = qualifiedName(sig, j);
      return finish('createSchema', { schema: q?.name ?? '', replace });
    }
    if (keyword(sig[i]) === 'TABLE') {
      let j = i + 1;
      if (keyword(sig[j]) === 'IF' && keyword(sig[j + 1]) === 'NOT') j += 3;
      const q = qualifiedName(sig, j);
      if (q && sig[q.end]?.text === '(') {
        let depth = 0;
        let close = q.end;
        for (let m = q.end; m < sig.length; m++) {
          if (sig[m]!.text === '(') depth++;
          else if (sig[m]!.text === ')') {
            depth--;
            if (depth === 0) {
              close = m;
              break;
            }
          }
        }
        const columns = columnDefs(sig, q.end + 1, close, all);
        return finish('createTable', { schema: q.schema, table: q.name, columns, replace, schemaOffset: q.offset });
      }
      if (q && keyword(sig[q.end]) === 'AS') {
        // CREATE TABLE t AS <query> [WITH [NO] DATA]
        let noData = false;
        const n = sig.length;
        if (keyword(sig[n - 1]) === 'DATA' && keyword(sig[n - 3]) === 'WITH' && keyword(sig[n - 2]) === 'NO') noData = true;
        return finish('createTable', { schema: q.schema, table: q.name, replace, schemaOffset: q.offset, queryOffset: sig[q.end + 1]?.offset ?? sqlText.length, noData });
      }
      return finish('createTable', { schema: q?.schema ?? '', table: q?.name ?? '', replace, schemaOffset: q?.offset });
    }
    let v = i;
    if (keyword(sig[v]) === 'FORCE') v++;
    if (keyword(sig[v]) === 'VIEW') {
      let j = v + 1;
      if (keyword(sig[j]) === 'IF' && keyword(sig[j + 1]) === 'NOT') j += 3;
      const q = qualifiedName(sig, j);
      const as = sig.findIndex((x, k) => k > j && keyword(x) === 'AS');
      return finish('createView', { schema: q?.schema ?? '', table: q?.name ?? '', replace, schemaOffset: q?.offset, queryOffset: as >= 0 ? sig[as + 1]?.offset : undefined });
    }
    return finish('ddl');
  }
  if (verb === 'ALTER' && (k1 === 'SESSION' || k1 === 'SYSTEM') && keyword(sig[2]) === 'SET') {
    const name = keyword(sig[3]);
    const v = sig[5];
    const value = v === undefined ? '' : v.kind === 'string' ? v.text.slice(1, -1).replace(/''/g, "'") : v.text;
    return finish('alterSession', { setting: { name, value, system: k1 === 'SYSTEM' } });
  }
  if (verb === 'FLUSH' || verb === 'PRELOAD' || verb === 'RECOMPRESS' || verb === 'REORGANIZE' || verb === 'ANALYZE') return finish('noop');
  if (verb === 'ALTER' && k1 === 'TABLE') {
    const q = qualifiedName(sig, 2);
    if (q && keyword(sig[q.end]) === 'ADD') {
      let j = q.end + 1;
      if (keyword(sig[j]) === 'COLUMN') j++;
      if (keyword(sig[j]) === 'IF') j += 3;
      const columns = columnDefs(sig, j, sig.length, all);
      return finish('alterTable', { schema: q.schema, table: q.name, columns });
    }
    return finish('alterTable', { schema: q?.schema ?? '', table: q?.name ?? '' });
  }
  if (verb === 'DROP' || verb === 'RENAME' || verb === 'COMMENT' || verb === 'GRANT' || verb === 'REVOKE' || verb === 'ALTER') return finish('ddl');
  return finish('other');
}
