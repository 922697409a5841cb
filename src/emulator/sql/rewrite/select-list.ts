/**
 * The main select list of a query: splits it into items, names unaliased expressions by their text
 * (`COUNT(*)`, `2`) as Exasol does, and notes types known from an item's form (literals, CAST).
 */
import type { DataType } from '../../../protocol';
import type { SelectItem } from '../dialect';
import { identifierName, keyword, quoteIdent } from '../lexer';
import { decimalType, parseExaType } from '../types';
import type { Tok } from './tokens';

const END_OF_SELECT_LIST = new Set(['FROM', 'INTO', 'WHERE', 'GROUP', 'ORDER', 'LIMIT', 'UNION', 'EXCEPT', 'INTERSECT', 'MINUS', 'HAVING', 'QUALIFY', 'WINDOW', 'OFFSET']);
const NOT_AN_ALIAS = new Set(['YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE', 'SECOND', 'END', 'NULL', 'TRUE', 'FALSE', 'CURRENT_DATE', 'CURRENT_TIMESTAMP', 'CURRENT_SESSION', 'CURRENT_SCHEMA', 'CURRENT_USER', 'SYSDATE', 'SYSTIMESTAMP', 'LOCALTIMESTAMP', 'DISTINCT', 'ALL']);

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

/** Index of the parenthesis closing the one at `open`, or -1. */
function closes(sig: Tok[], open: number): number {
  let depth = 0;
  for (let i = open; i < sig.length; i++) {
    if (sig[i]!.text === '(') depth++;
    else if (sig[i]!.text === ')' && --depth === 0) return i;
  }
  return -1;
}

/**
 * The type of an interval literal `INTERVAL '5' DAY`, `INTERVAL '1-2' YEAR(3) TO MONTH`, `INTERVAL '1.5' SECOND(2, 1)`:
 * Exasol's defaults are a leading precision of 2 and 3 fraction digits; undefined for any other form.
 */
function intervalLiteralType(sig: Tok[]): DataType | undefined {
  if (keyword(sig[0]) !== 'INTERVAL' || sig[1]?.kind !== 'string') return undefined;
  const units: string[] = [];
  const args: number[][] = [];
  for (let i = 2; i < sig.length; i++) {
    const k = keyword(sig[i]);
    if (['YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE', 'SECOND'].includes(k)) {
      units.push(k);
      args.push([]);
    } else if (k === 'TO' && units.length === 1) continue;
    else if (sig[i]!.text === '(' && units.length > 0) {
      for (i++; i < sig.length && sig[i]!.text !== ')'; i++) if (sig[i]!.kind === 'number') args[args.length - 1]!.push(Number(sig[i]!.text));
      if (sig[i]?.text !== ')') return undefined;
    } else return undefined;
  }
  if (units.length === 0 || units.length > 2) return undefined;
  if (units[0] === 'YEAR' || units[0] === 'MONTH') return { type: 'INTERVAL YEAR TO MONTH', precision: args[0]![0] ?? 2 };
  const last = args[args.length - 1]!;
  const fraction = units[units.length - 1] !== 'SECOND' ? 3 : units.length === 1 ? (last[1] ?? 3) : (last[0] ?? 3);
  return { type: 'INTERVAL DAY TO SECOND', precision: args[0]![0] ?? 2, fraction };
}

/** The type an item's form tells (a literal, a CAST, CURRENT_SESSION, TO_YMINTERVAL), or undefined. */
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
  const interval = intervalLiteralType(sig);
  if (interval) return interval;
  // TO_YMINTERVAL / NUMTOYMINTERVAL: DuckDB has one INTERVAL type, Exasol's result is a YEAR TO MONTH interval
  if (['TO_YMINTERVAL', 'NUMTOYMINTERVAL'].includes(keyword(sig[0])) && sig[1]?.text === '(' && closes(sig, 1) === sig.length - 1) {
    return { type: 'INTERVAL YEAR TO MONTH', precision: 9 };
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

/** The type of a literal item: {@link literalHint}'s, or DECIMAL(p,s) of an exact numeric literal (`2.50`). */
function literalType(expr: Tok[]): DataType | undefined {
  const hint = literalHint(expr);
  if (hint) return hint;
  const negative = expr.length === 2 && expr[0]!.text === '-';
  const t = expr.length === 1 || negative ? expr[expr.length - 1]! : undefined;
  const m = t?.kind === 'number' ? /^(\d*)\.(\d*)$/.exec(t.text) : null;
  if (!m) return undefined;
  const int = m[1]!.replace(/^0+/, '').length;
  const scale = m[2]!.length;
  return int + scale <= 36 ? decimalType(Math.max(1, int + scale), scale) : undefined;
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
