/**
 * The main select list of a query: splits it into items, names unaliased expressions by their text
 * (`COUNT(*)`, `2`) as Exasol does, and notes types known from an item's form (literals, CAST).
 */
import type { DataType } from '../../../protocol';
import type { SelectItem } from '../dialect';
import { identifierName, keyword, quoteIdent } from '../lexer';
import { decimalType, parseExaType } from '../types';
import { callResultType } from '../functions/result-types';
import { jsonValueType } from '../functions/json';
import { closing } from '../functions/calls';
import { intervalLiteral } from './interval-literals';
import { numericLiteralType } from '../functions/datetime-arithmetic';
import type { Tok } from './tokens';

const END_OF_SELECT_LIST = new Set(['FROM', 'INTO', 'WHERE', 'GROUP', 'ORDER', 'LIMIT', 'UNION', 'EXCEPT', 'INTERSECT', 'MINUS', 'HAVING', 'QUALIFY', 'WINDOW', 'OFFSET']);
const NOT_AN_ALIAS = new Set(['YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE', 'SECOND', 'END', 'NULL', 'TRUE', 'FALSE', 'CURRENT_DATE', 'CURRENT_TIMESTAMP', 'CURRENT_SESSION', 'CURRENT_SCHEMA', 'CURRENT_USER', 'USER', 'SCOPE_USER', 'SESSIONTIMEZONE', 'DBTIMEZONE', 'CURRENT_STATEMENT', 'SYSDATE', 'SYSTIMESTAMP', 'LOCALTIMESTAMP', 'DISTINCT', 'ALL']);

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

/**
 * The type an expression's form tells (a literal, CAST, CONVERT, an interval literal, a call of documented result
 * type), or undefined when only DuckDB's binder can tell it.
 */
export function literalHint(sig: Tok[]): DataType | undefined {
  if (sig.length === 1) {
    const t = sig[0]!;
    // the smallest DECIMAL holding the value (docs.exasol.com, Numeric literals): 1.0 is DECIMAL(1,0), sent as 1
    const n = t.kind === 'number' ? numericLiteralType(t.text) : undefined;
    if (n) return decimalType(n.p, n.s);
    if (t.kind === 'string') {
      const len = [...t.text.slice(1, -1).replace(/''/g, "'")].length;
      return len === 0 ? undefined : { type: 'CHAR', size: len, characterSet: 'UTF8' };
    }
    const k = keyword(t);
    if (k === 'CURRENT_SESSION') return decimalType(20, 0);
    if (k === 'CURRENT_SCHEMA' || k === 'CURRENT_USER' || k === 'USER') return { type: 'VARCHAR', size: 128, characterSet: 'UTF8' };
  }
  const negative = sig.length === 2 && sig[0]!.text === '-' && sig[1]!.kind === 'number' ? numericLiteralType(sig[1]!.text) : undefined;
  if (negative) return decimalType(negative.p, negative.s);
  const call = callResultType(sig) ?? jsonValueType(sig);
  if (call) return call;
  const interval = keyword(sig[0]) === 'INTERVAL' ? intervalLiteral(sig, 0, '') : undefined;
  if (interval && interval.end === sig.length) return interval.type;
  // CONVERT(type, x): the type CAST(x AS type) has
  if (keyword(sig[0]) === 'CONVERT' && sig[1]?.text === '(' && sig[sig.length - 1]?.text === ')') {
    const p = parseExaType(sig, 2);
    if (p && sig[p.end]?.text === ',' && closing(sig, 1) === sig.length - 1) return p.type;
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

/** Functions whose value is one of their argument's values, so of its declared type (VARCHAR(20) stays VARCHAR(20)). */
const VALUE_OF_ARGUMENT = new Set(['MIN', 'MAX', 'FIRST_VALUE', 'LAST_VALUE', 'ANY_VALUE']);

/**
 * The column whose declared type an item keeps: `MIN(col)`, `MAX(t.col)`, `FIRST_VALUE(col) [IGNORE NULLS] OVER (...)`
 * (resultset.ts uses it only when DuckDB's type is the column's storage type).
 */
function keptColumn(expr: Tok[]): string | undefined {
  if (!VALUE_OF_ARGUMENT.has(keyword(expr[0])) || expr[1]?.text !== '(') return undefined;
  const close = closing(expr, 1);
  const after = keyword(expr[close + 1]);
  if (close < 0 || (close !== expr.length - 1 && after !== 'OVER' && after !== 'IGNORE' && after !== 'RESPECT')) return undefined;
  let arg = expr.slice(2, close);
  if (['DISTINCT', 'ALL'].includes(keyword(arg[0]))) arg = arg.slice(1);
  const last = arg[arg.length - 1];
  const ref = arg.length % 2 === 1 && arg.every((t, i) => (i % 2 === 0 ? t.kind === 'word' || t.kind === 'quoted' : t.text === '.'));
  return ref && last ? identifierName(last) : undefined;
}

/** Splits the main select list of a query into items and adds aliases for unaliased expressions. */
export function analyseSelectList(sig: Tok[], all: Tok[]): SelectItem[] | undefined {
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
  const { items, end } = splitList(sig, start);
  const out: SelectItem[] = [];
  const exprs: Tok[][] = [];
  let hasStar = false;
  for (const item of items) {
    if (item.length === 0) return undefined;
    const last = item[item.length - 1]!;
    if (last.text === '*') hasStar = true;
    const { expr, alias } = aliased(item);
    exprs.push(expr);
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
    // an expression is no column: its alias must not pick up the declared type of a column of that name
    const kept = (hint ? undefined : keptColumn(expr)) ?? '';
    if (alias !== undefined) {
      out.push({ name: alias, hint, columnRef: kept });
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
    out.push({ name, hint, columnRef: kept });
  }
  if (hasStar) return undefined;
  unifyBranchHints(sig, end, out, exprs);
  return out;
}

/** The items of the select list starting at sig[start] (after SELECT), and the index where the list ends. */
function splitList(sig: Tok[], start: number): { items: Tok[][]; end: number } {
  if (keyword(sig[start]) === 'DISTINCT' || keyword(sig[start]) === 'ALL') start++;
  const items: Tok[][] = [];
  let cur: Tok[] = [];
  let depth = 0;
  let i = start;
  for (; i < sig.length; i++) {
    const t = sig[i]!;
    // GROUP ends the list, except in LISTAGG(...) WITHIN GROUP (ORDER BY ...)
    if (depth === 0 && ((END_OF_SELECT_LIST.has(keyword(t)) && !(keyword(t) === 'GROUP' && keyword(sig[i - 1]) === 'WITHIN')) || t.text === ';')) break;
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
  return { items, end: i };
}

/** An item split into its expression and its alias (with or without AS). */
function aliased(item: Tok[]): { expr: Tok[]; alias?: string } {
  const last = item[item.length - 1]!;
  const prev = item[item.length - 2];
  if (item.length >= 2 && (last.kind === 'word' || last.kind === 'quoted') && !NOT_AN_ALIAS.has(keyword(last))) {
    if (keyword(prev) === 'AS') return { expr: item.slice(0, -2), alias: identifierName(last) };
    if (prev !== undefined && prev.text !== '.' && (prev.text === ')' || prev.kind === 'word' || prev.kind === 'quoted' || prev.kind === 'number' || prev.kind === 'string' || prev.kind === 'param') && !['IS', 'NOT', 'AND', 'OR', 'LIKE', 'IN', 'BETWEEN', 'ELSE', 'THEN', 'WHEN', 'CASE'].includes(keyword(prev))) {
      return { expr: item.slice(0, -1), alias: identifierName(last) };
    }
  }
  return { expr: item };
}

const SET_OPERATORS = new Set(['UNION', 'EXCEPT', 'INTERSECT', 'MINUS']);

/**
 * A query with UNION / EXCEPT / INTERSECT / MINUS: a column's literal type holds only when every
 * branch has one; they are unified (DECIMAL: the widest integer part and scale; CHAR/VARCHAR: the
 * longest, VARCHAR if any is). Otherwise the column's type comes from DuckDB's (`SELECT 1 UNION ALL
 * SELECT 2.5` is not a DECIMAL(1,0)).
 */
function unifyBranchHints(sig: Tok[], from: number, out: SelectItem[], exprs: Tok[][]): void {
  let types: (DataType | undefined)[] | undefined;
  let depth = 0;
  for (let i = from; i < sig.length; i++) {
    const t = sig[i]!;
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    if (depth !== 0 || !SET_OPERATORS.has(keyword(t))) continue;
    let j = i + 1;
    if (keyword(sig[j]) === 'ALL' || keyword(sig[j]) === 'DISTINCT') j++;
    const branch = keyword(sig[j]) === 'SELECT' ? splitList(sig, j + 1).items : undefined;
    types ??= exprs.map(literalType);
    types = types.map((t, k) => {
      const other = branch && branch.length === out.length && branch[k]!.length > 0 ? literalType(aliased(branch[k]!).expr) : undefined;
      return t && other ? unify(t, other) : undefined;
    });
  }
  if (types) out.forEach((item, k) => (item.hint = types![k]));
}

/** The type of a literal item: {@link literalHint}'s (numeric literals included). */
function literalType(expr: Tok[]): DataType | undefined {
  return literalHint(expr);
}

/** The type holding values of both types, or undefined when there is no simple one. */
function unify(a: DataType, b: DataType): DataType | undefined {
  if (a.type === 'DECIMAL' && b.type === 'DECIMAL') {
    const s = Math.max(a.scale ?? 0, b.scale ?? 0);
    const int = Math.max((a.precision ?? 18) - (a.scale ?? 0), (b.precision ?? 18) - (b.scale ?? 0));
    return int + s <= 36 ? decimalType(int + s, s) : undefined;
  }
  const text = (t: DataType): boolean => t.type === 'CHAR' || t.type === 'VARCHAR';
  if (text(a) && text(b) && a.characterSet === b.characterSet) {
    return { type: a.type === 'CHAR' && b.type === 'CHAR' ? 'CHAR' : 'VARCHAR', size: Math.max(a.size ?? 0, b.size ?? 0), characterSet: a.characterSet };
  }
  return a.type === b.type && JSON.stringify(a) === JSON.stringify(b) ? a : undefined;
}
