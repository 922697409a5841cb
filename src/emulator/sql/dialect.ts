/**
 * Exasol SQL -> DuckDB SQL: upper-cases unquoted identifiers, turns `''` into NULL (Exasol stores
 * the empty string as NULL), replaces CURRENT_SESSION/CURRENT_SCHEMA/CURRENT_USER/SYSDATE, rewrites
 * Exasol type spellings in CAST and CREATE TABLE, names unaliased select items by their text
 * (`COUNT(*)`, `2`), and classifies the statement.
 */
import { SqlCode, type DataType } from '../../protocol';
import { EngineError } from './contract';
import { position } from './errors';
import { identifierName, keyword, quoteIdent, quoteString, significant, tokenize, type Token } from './lexer';
import { decimalType, parseExaType, storageType } from './types';
import { dayToSecondText, yearToMonthText } from './params';

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
  /** For a plain column reference `[t.]col`: the column name. */
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
  setting?: { name: string; value: string };
  /** CREATE TABLE ... AS ... WITH NO DATA. */
  noData?: boolean;
}

/** Session facts the rewrite needs. */
export interface DialectContext {
  sessionId: string;
  userName: string;
  currentSchema: string;
}

interface Tok extends Token {
  out: string;
}

const QUERY_VERBS = new Set(['SELECT', 'WITH', 'VALUES', 'DESCRIBE', 'SHOW', 'TABLE', 'FROM', 'EXPLAIN', 'SUMMARIZE', 'PIVOT', 'UNPIVOT']);
const DML_VERBS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'TRUNCATE']);
const END_OF_SELECT_LIST = new Set(['FROM', 'INTO', 'WHERE', 'GROUP', 'ORDER', 'LIMIT', 'UNION', 'EXCEPT', 'INTERSECT', 'MINUS', 'HAVING', 'QUALIFY', 'WINDOW', 'OFFSET']);
const NOT_AN_ALIAS = new Set(['YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE', 'SECOND', 'END', 'NULL', 'TRUE', 'FALSE', 'CURRENT_DATE', 'CURRENT_TIMESTAMP', 'CURRENT_SESSION', 'CURRENT_SCHEMA', 'CURRENT_USER', 'SYSDATE', 'SYSTIMESTAMP', 'LOCALTIMESTAMP', 'DISTINCT', 'ALL']);

function replaceRange(sig: Tok[], from: number, to: number, text: string, all: Tok[]): void {
  // clear every token (including whitespace) between sig[from] and sig[to-1]
  const a = all.indexOf(sig[from]!);
  const b = all.indexOf(sig[to - 1]!);
  for (let i = a; i <= b; i++) all[i]!.out = '';
  sig[from]!.out = text;
}

/** Normalised text of an item for its column name: words upper-case, whitespace collapsed. */
function itemName(all: Tok[], a: number, b: number): string {
  let s = '';
  for (let i = a; i <= b; i++) {
    const t = all[i]!;
    if (t.kind === 'comment') continue;
    if (t.kind === 'space') {
      s += ' ';
      continue;
    }
    s += t.kind === 'word' ? t.text.toUpperCase() : t.text;
  }
  return s.trim().replace(/\s+/g, ' ');
}

function literalHint(sig: Tok[]): DataType | undefined {
  if (sig.length === 1) {
    const t = sig[0]!;
    if (t.kind === 'number' && /^\d+$/.test(t.text)) {
      const digits = t.text.replace(/^0+(?=\d)/, '').length;
      return digits <= 36 ? decimalType(Math.max(1, digits), 0) : undefined;
    }
    if (t.kind === 'string') {
      const len = [...t.text.slice(1, -1).replace(/''/g, "'")].length;
      return len === 0 ? undefined : { type: 'CHAR', size: len, characterSet: 'UTF8' };
    }
    const k = keyword(t);
    if (k === 'CURRENT_SESSION') return decimalType(20, 0);
    if (k === 'CURRENT_SCHEMA' || k === 'CURRENT_USER') return { type: 'VARCHAR', size: 128, characterSet: 'UTF8' };
  }
  if (sig.length === 2 && sig[0]!.text === '-' && sig[1]!.kind === 'number' && /^\d+$/.test(sig[1]!.text)) {
    return decimalType(Math.max(1, sig[1]!.text.length), 0);
  }
  if (keyword(sig[0]) === 'CAST' && sig[1]?.text === '(' && sig[sig.length - 1]?.text === ')') {
    let depth = 0;
    for (let i = 1; i < sig.length; i++) {
      const t = sig[i]!;
      if (t.text === '(') depth++;
      else if (t.text === ')') depth--;
      else if (depth === 1 && keyword(t) === 'AS') {
        const p = parseExaType(sig, i + 1);
        if (p && p.end === sig.length - 1) return p.type;
        return undefined;
      }
      if (depth === 0 && i < sig.length - 1) return undefined;
    }
  }
  return undefined;
}

/** Splits the main select list of a query into items and adds aliases for unaliased expressions. */
function analyseSelectList(sig: Tok[], all: Tok[]): SelectItem[] | undefined {
  let depth = 0;
  let start = -1;
  for (let i = 0; i < sig.length; i++) {
    const t = sig[i]!;
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (depth === 0 && keyword(t) === 'SELECT') {
      start = i + 1;
      break;
    }
  }
  if (start < 0) return undefined;
  if (keyword(sig[start]) === 'DISTINCT' || keyword(sig[start]) === 'ALL') start++;
  const items: Tok[][] = [];
  let cur: Tok[] = [];
  depth = 0;
  for (let i = start; i < sig.length; i++) {
    const t = sig[i]!;
    if (depth === 0 && (END_OF_SELECT_LIST.has(keyword(t)) || t.text === ';')) break;
    if (t.text === '(') depth++;
    if (t.text === ')') depth--;
    if (depth === 0 && t.text === ',') {
      items.push(cur);
      cur = [];
      continue;
    }
    cur.push(t);
  }
  if (cur.length > 0) items.push(cur);
  const out: SelectItem[] = [];
  let hasStar = false;
  for (const item of items) {
    if (item.length === 0) return undefined;
    const last = item[item.length - 1]!;
    if (last.text === '*') hasStar = true;
    const prev = item[item.length - 2];
    let expr = item;
    let alias: string | undefined;
    if (item.length >= 2 && (last.kind === 'word' || last.kind === 'quoted') && !NOT_AN_ALIAS.has(keyword(last))) {
      if (keyword(prev) === 'AS') {
        alias = identifierName(last);
        expr = item.slice(0, -2);
      } else if (prev !== undefined && prev.text !== '.' && (prev.text === ')' || prev.kind === 'word' || prev.kind === 'quoted' || prev.kind === 'number' || prev.kind === 'string') && !['IS', 'NOT', 'AND', 'OR', 'LIKE', 'IN', 'BETWEEN', 'ELSE', 'THEN', 'WHEN', 'CASE'].includes(keyword(prev))) {
        alias = identifierName(last);
        expr = item.slice(0, -1);
      }
    }
    const hint = literalHint(expr);
    const isRef =
      (expr.length === 1 && (expr[0]!.kind === 'word' || expr[0]!.kind === 'quoted') && !NOT_AN_ALIAS.has(keyword(expr[0]))) ||
      (expr.length === 3 && expr[1]!.text === '.' && (expr[2]!.kind === 'word' || expr[2]!.kind === 'quoted')) ||
      (expr.length === 5 && expr[1]!.text === '.' && expr[3]!.text === '.');
    if (isRef) {
      const col = identifierName(expr[expr.length - 1]!);
      out.push({ name: alias ?? col, columnRef: col, hint });
      continue;
    }
    if (alias !== undefined) {
      out.push({ name: alias, hint });
      continue;
    }
    if (last.text === '*') {
      out.push({ name: '*' });
      continue;
    }
    const a = all.indexOf(expr[0]!);
    const b = all.indexOf(expr[expr.length - 1]!);
    const name = itemName(all, a, b);
    all[b]!.out += ' AS ' + quoteIdent(name);
    out.push({ name, hint });
  }
  return hasStar ? undefined : out;
}

/** Rewrites `CAST(x AS <exasol type>)` / `CONVERT(<type>, x)` / `x::<type>` type spellings to DuckDB storage types. */
function rewriteCastTypes(sig: Tok[], all: Tok[]): void {
  for (let i = 0; i < sig.length; i++) {
    const k = keyword(sig[i]);
    if ((k === 'CAST' || k === 'TRY_CAST') && sig[i + 1]?.text === '(') {
      let depth = 0;
      for (let j = i + 1; j < sig.length; j++) {
        const t = sig[j]!;
        if (t.text === '(') depth++;
        else if (t.text === ')') {
          depth--;
          if (depth === 0) break;
        } else if (depth === 1 && keyword(t) === 'AS') {
          const p = parseExaType(sig, j + 1);
          if (p) {
            replaceRange(sig, j + 1, p.end, storageType(p.type), all);
            // CAST('5-3' AS INTERVAL YEAR TO MONTH): Exasol interval text -> DuckDB interval text
            const lit = sig[i + 2]!;
            if (j === i + 3 && lit.kind === 'string' && p.type.type.startsWith('INTERVAL')) {
              const raw = lit.text.slice(1, -1).replace(/''/g, "'");
              const conv = p.type.type === 'INTERVAL YEAR TO MONTH' ? yearToMonthText(raw) : dayToSecondText(raw);
              if (conv !== undefined) lit.out = quoteString(conv);
            }
          }
          break;
        }
      }
    } else if (k === 'CONVERT' && sig[i + 1]?.text === '(') {
      const p = parseExaType(sig, i + 2);
      if (p) replaceRange(sig, i + 2, p.end, storageType(p.type), all);
    } else if (sig[i]!.text === '::') {
      const p = parseExaType(sig, i + 1);
      if (p) replaceRange(sig, i + 1, p.end, storageType(p.type), all);
    }
  }
}

/** End index (exclusive) of the primary expression starting at sig[i] (number, name, call, parenthesis). */
function primaryEnd(sig: Tok[], i: number): number {
  let j = i;
  if (sig[j]?.text === '-' || sig[j]?.text === '+') j++;
  const t = sig[j];
  if (!t) return i;
  const closeParen = (k: number): number => {
    let depth = 0;
    for (; k < sig.length; k++) {
      if (sig[k]!.text === '(') depth++;
      else if (sig[k]!.text === ')' && --depth === 0) return k + 1;
    }
    return sig.length;
  };
  if (t.text === '(') j = closeParen(j);
  else if (t.kind === 'number' || t.kind === 'string' || t.kind === 'param') j++;
  else if (t.kind === 'word' || t.kind === 'quoted') {
    j++;
    while (sig[j]?.text === '.' && sig[j + 1] && (sig[j + 1]!.kind === 'word' || sig[j + 1]!.kind === 'quoted')) j += 2;
    if (sig[j]?.text === '(') j = closeParen(j);
  } else return i;
  while (sig[j]?.text === '::' && sig[j + 1]) j += 2;
  return j;
}

/** Rewrites Exasol interval literals `INTERVAL '5-3' YEAR TO MONTH` / `INTERVAL '2 12:50:10.123' DAY TO SECOND`. */
function rewriteIntervalLiterals(sig: Tok[], all: Tok[]): void {
  for (let i = 0; i + 1 < sig.length; i++) {
    if (keyword(sig[i]) !== 'INTERVAL' || sig[i + 1]!.kind !== 'string') continue;
    const unit = keyword(sig[i + 2]);
    let j = i + 3;
    if (sig[j]?.text === '(') while (j < sig.length && sig[j]!.text !== ')') j++;
    if (sig[j]?.text === ')') j++;
    if (keyword(sig[j]) !== 'TO') continue;
    const unit2 = keyword(sig[j + 1]);
    let end = j + 2;
    if (sig[end]?.text === '(') {
      while (end < sig.length && sig[end]!.text !== ')') end++;
      end++;
    }
    const raw = sig[i + 1]!.text.slice(1, -1).replace(/''/g, "'");
    const conv = unit === 'YEAR' && unit2 === 'MONTH' ? yearToMonthText(raw) : unit === 'DAY' && unit2 === 'SECOND' ? dayToSecondText(raw) : undefined;
    if (conv !== undefined) replaceRange(sig, i, end, `CAST(${quoteString(conv)} AS INTERVAL)`, all);
  }
}

/** Start index of the primary expression that ends at sig[end] (inclusive), or -1. */
function primaryStart(sig: Tok[], end: number): number {
  let j = end;
  while (j >= 2 && sig[j - 1]?.text === '::') j -= 2; // x::TYPE
  const t = sig[j];
  if (!t) return -1;
  if (t.text === ')') {
    let depth = 0;
    for (; j >= 0; j--) {
      if (sig[j]!.text === ')') depth++;
      else if (sig[j]!.text === '(' && --depth === 0) break;
    }
    if (j < 0) return -1;
    if (sig[j - 1] && (sig[j - 1]!.kind === 'word' || sig[j - 1]!.kind === 'quoted')) j--;
  } else if (t.kind !== 'number' && t.kind !== 'string' && t.kind !== 'word' && t.kind !== 'quoted' && t.kind !== 'param') return -1;
  while (j >= 2 && sig[j - 1]!.text === '.' && (sig[j - 2]!.kind === 'word' || sig[j - 2]!.kind === 'quoted')) j -= 2;
  return j;
}

const ARITHMETIC = new Set(['+', '-', '*', '/', '%', '::']);

/**
 * Exasol's `||` treats NULL as the empty string ('a' || NULL = 'a'); DuckDB's gives NULL. Chains of
 * simple operands `x || y || z` become `CONCAT(x, y, z)`; chains touching arithmetic (where operator
 * precedence would matter) are left alone.
 */
function rewriteConcat(sig: Tok[], all: Tok[]): void {
  for (let i = 0; i < sig.length; i++) {
    if (sig[i]!.text !== '||') continue;
    const first = primaryStart(sig, i - 1);
    if (first < 0 || ARITHMETIC.has(sig[first - 1]?.text ?? '') || sig[first - 1]?.text === '||') continue;
    const bars: number[] = [];
    let j = i;
    let end = -1;
    let ok = true;
    while (sig[j]?.text === '||') {
      bars.push(j);
      const e = primaryEnd(sig, j + 1);
      if (e <= j + 1) {
        ok = false;
        break;
      }
      end = e;
      j = e;
    }
    if (!ok || ARITHMETIC.has(sig[end]?.text ?? '')) continue;
    if (sig[first]!.text === '-' || sig[first]!.text === '+') continue;
    sig[first]!.out = 'CONCAT(' + sig[first]!.out;
    for (const b of bars) sig[b]!.out = ',';
    sig[end - 1]!.out = sig[end - 1]!.out + ')';
    i = end - 1;
  }
}

/** Makes `a / b` raise "division by zero" like Exasol (DuckDB returns NULL): `a / EXA_NZ(b)`. */
function guardDivisions(sig: Tok[], all: Tok[]): void {
  for (let i = 0; i < sig.length; i++) {
    if (sig[i]!.kind !== 'punct' || sig[i]!.text !== '/') continue;
    const end = primaryEnd(sig, i + 1);
    if (end <= i + 1) continue;
    sig[i + 1]!.out = 'EXA_NZ(' + sig[i + 1]!.out;
    sig[end - 1]!.out = sig[end - 1]!.out + ')';
  }
}

/** Marker the session replaces with the name of an IDENTITY column's sequence (`..._<k>__`). */
export const IDENTITY_PLACEHOLDER = '__EXA_IDENTITY_SEQ_';

/** Parses CREATE TABLE / ADD COLUMN column definitions in `sig[from..to)` and rewrites their types. */
function columnDefs(sig: Tok[], from: number, to: number, all: Tok[]): ColumnDef[] {
  const defs: ColumnDef[] = [];
  const identityCount = { n: 0 };
  let depth = 0;
  let itemStart = from;
  const handle = (a: number, b: number): void => {
    const first = sig[a];
    if (!first) return;
    const k = keyword(first);
    if (first.kind === 'word' && ['CONSTRAINT', 'PRIMARY', 'FOREIGN', 'UNIQUE', 'CHECK', 'DISTRIBUTE', 'PARTITION', 'LIKE'].includes(k)) return;
    if (first.kind !== 'word' && first.kind !== 'quoted') return;
    const p = parseExaType(sig, a + 1);
    if (!p || p.end > b) return;
    let storage = storageType(p.type);
    if ((p.type.type === 'VARCHAR' || p.type.type === 'CHAR') && (p.type.size ?? 0) < 2000000) {
      // Exasol refuses over-long strings (22001); DuckDB's VARCHAR has no length
      storage += ` CHECK (length(${quoteIdent(identifierName(first))}) <= ${p.type.size})`;
    }
    replaceRange(sig, a + 1, p.end, storage, all);
    let notNull = false;
    let identity = false;
    let defaultText: string | null = null;
    for (let j = p.end; j < b; j++) {
      const kk = keyword(sig[j]);
      if (kk === 'NOT' && keyword(sig[j + 1]) === 'NULL') notNull = true;
      if (kk === 'PRIMARY') notNull = true;
      if (kk === 'IDENTITY') {
        identity = true;
        // DuckDB has no IDENTITY columns: a sequence default (the session creates the sequence)
        replaceRange(sig, j, j + 1, `DEFAULT nextval('${IDENTITY_PLACEHOLDER}${identityCount.n++}__')`, all);
        // Exasol allows a start value: IDENTITY(1000) -- not supported, skip its parentheses
      }
      if (kk === 'DEFAULT' && j + 1 < b) {
        let e = j + 1;
        while (e < b && !['NOT', 'NULL', 'PRIMARY', 'CONSTRAINT', 'IDENTITY', 'COMMENT'].includes(keyword(sig[e]))) e++;
        defaultText = sig.slice(j + 1, e).map((t) => t.text).join(' ');
      }
      if (kk === 'COMMENT' && keyword(sig[j + 1]) === 'IS') replaceRange(sig, j, Math.min(j + 3, b), '', all);
    }
    defs.push({ name: identifierName(first), type: p.type, notNull, defaultText, identity });
  };
  for (let i = from; i < to; i++) {
    const t = sig[i]!;
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (depth === 0 && t.text === ',') {
      handle(itemStart, i);
      itemStart = i + 1;
    }
  }
  handle(itemStart, to);
  return defs;
}

/** Reads `[schema.]name` at `i`: returns names and the index after. */
function qualifiedName(sig: Tok[], i: number): { schema: string; name: string; end: number; offset: number } | undefined {
  const a = sig[i];
  if (!a || (a.kind !== 'word' && a.kind !== 'quoted')) return undefined;
  if (sig[i + 1]?.text === '.' && sig[i + 2] && (sig[i + 2]!.kind === 'word' || sig[i + 2]!.kind === 'quoted')) {
    return { schema: identifierName(a), name: identifierName(sig[i + 2]!), end: i + 3, offset: a.offset };
  }
  return { schema: '', name: identifierName(a), end: i + 1, offset: a.offset };
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
      else if (k === 'CURRENT_SCHEMA') t.out = ctx.currentSchema === '' ? 'CAST(NULL AS VARCHAR)' : quoteString(ctx.currentSchema);
      else if (k === 'CURRENT_USER' || k === 'USER') t.out = quoteString(ctx.userName);
      else if (k === 'SYSDATE') t.out = 'CURRENT_DATE';
      else if (k === 'SYSTIMESTAMP' || k === 'LOCALTIMESTAMP') t.out = 'CAST(CURRENT_TIMESTAMP AS TIMESTAMP)';
    }
  }
  const verb = keyword(sig[0]) || (sig[0]?.text === '(' ? 'SELECT' : '');
  const base = { verb, paramCount: paramOffsets.length, paramOffsets };
  const finish = (kind: StatementKind, extra: Partial<Translation> = {}): Translation => ({
    kind,
    sql: all.map((t) => t.out).join(''),
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
  rewriteCastTypes(sig, all);
  rewriteIntervalLiterals(sig, all);
  guardDivisions(sig, all);
  rewriteConcat(sig, all);
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
    return finish('alterSession', { setting: { name, value } });
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
