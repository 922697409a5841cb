/**
 * Oracle's outer-join marker, which Exasol accepts: `FROM a, b WHERE a.x = b.y(+) AND ...` is `a LEFT JOIN b ON
 * a.x = b.y`. Handled for the plain form: a FROM list of tables (with aliases) separated by commas, a WHERE clause
 * of predicates joined by AND, each (+) after a column qualified by its table's name or alias. The table whose
 * columns carry (+) is joined with LEFT JOIN, the predicates naming it with (+) become its ON condition, the other
 * tables are joined first (CROSS JOIN, their conditions stay in WHERE). Anything else (OR at the top of WHERE, JOINs
 * or subqueries in the FROM list, an unqualified marked column) is left alone: DuckDB then reports a syntax error.
 */
import { keyword } from '../lexer';
import { clauseEnd, type Tok } from './tokens';

/** Words that end a WHERE clause of a query block. */
const AFTER_WHERE = new Set(['GROUP', 'HAVING', 'ORDER', 'LIMIT', 'QUALIFY', 'UNION', 'EXCEPT', 'INTERSECT', 'MINUS', 'WINDOW', 'OFFSET']);

/** The output text of sig[from..to) with the whitespace between, exactly as rewritten so far. */
function rawText(sig: Tok[], all: Tok[], from: number, to: number): string {
  if (to <= from) return '';
  const a = all.indexOf(sig[from]!);
  const b = all.indexOf(sig[to - 1]!);
  return all
    .slice(a, b + 1)
    .map((t) => t.out)
    .join('');
}

/** Splits sig[from..to) at top-level tokens matching `sep` into [from, to) ranges. */
function split(sig: Tok[], from: number, to: number, sep: (t: Tok) => boolean): [number, number][] {
  const out: [number, number][] = [];
  let depth = 0;
  let start = from;
  for (let k = from; k < to; k++) {
    const t = sig[k]!;
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (depth === 0 && sep(t)) {
      out.push([start, k]);
      start = k + 1;
    }
  }
  out.push([start, to]);
  return out;
}

const isMarker = (sig: Tok[], k: number): boolean => sig[k]?.text === '(' && sig[k + 1]?.text === '+' && sig[k + 2]?.text === ')';

/** Rewrites every query block whose WHERE clause holds a (+) marker (innermost blocks are not special-cased). */
export function rewriteOuterJoins(sig: Tok[], all: Tok[]): void {
  const first = sig.findIndex((_t, k) => isMarker(sig, k));
  if (first < 0) return;
  // the WHERE at the marker's depth before it, and the FROM before that
  let depth = 0;
  let where = -1;
  for (let k = first - 1; k >= 0; k--) {
    const t = sig[k]!;
    if (t.text === ')') depth++;
    else if (t.text === '(') {
      if (depth === 0) return;
      depth--;
    } else if (depth === 0 && keyword(t) === 'WHERE') {
      where = k;
      break;
    }
  }
  if (where < 0) return;
  let from = -1;
  depth = 0;
  for (let k = where - 1; k >= 0; k--) {
    const t = sig[k]!;
    if (t.text === ')') depth++;
    else if (t.text === '(') {
      if (depth === 0) return;
      depth--;
    } else if (depth === 0 && keyword(t) === 'FROM') {
      from = k;
      break;
    }
  }
  if (from < 0) return;
  const end = clauseEnd(sig, where + 1, (t) => AFTER_WHERE.has(keyword(t)));
  // FROM items: [schema.]table [[AS] alias]
  const items: { range: [number, number]; names: string[] }[] = [];
  for (const [a, b] of split(sig, from + 1, where, (t) => t.text === ',')) {
    const words = sig.slice(a, b).filter((t) => t.text !== '.' && keyword(t) !== 'AS');
    if (words.length === 0 || words.length > 3 || sig.slice(a, b).some((t) => t.kind !== 'word' && t.kind !== 'quoted' && t.text !== '.')) return;
    const plain = sig.slice(a, b).filter((t) => t.kind === 'word' || t.kind === 'quoted');
    const toks = sig.slice(a, b).filter((t) => keyword(t) !== 'AS');
    const hasAlias = toks.length >= 2 && toks[toks.length - 2]!.text !== '.';
    const table = hasAlias ? toks[toks.length - 2]! : toks[toks.length - 1]!;
    const alias = hasAlias ? toks[toks.length - 1]! : undefined;
    if (plain.some((t) => ['JOIN', 'ON', 'LATERAL'].includes(keyword(t)))) return;
    items.push({ range: [a, b], names: [table, alias].filter((t): t is Tok => t !== undefined).map((t) => t.out.replace(/"/g, '').toUpperCase()) });
  }
  const conjuncts = split(sig, where + 1, end, (t) => keyword(t) === 'AND');
  if (split(sig, where + 1, end, (t) => keyword(t) === 'OR' || keyword(t) === 'BETWEEN').length > 1) return;
  // which item each marked conjunct joins
  const on = new Map<number, [number, number][]>();
  const rest: [number, number][] = [];
  for (const c of conjuncts) {
    const marks: number[] = [];
    for (let k = c[0]; k < c[1]; k++) if (isMarker(sig, k)) marks.push(k);
    if (marks.length === 0) {
      rest.push(c);
      continue;
    }
    let item = -1;
    for (const m of marks) {
      if (sig[m - 2]?.text !== '.') return; // an unqualified marked column
      const q = sig[m - 3]!.out.replace(/"/g, '').toUpperCase();
      const idx = items.findIndex((it) => it.names.includes(q));
      if (idx < 0 || (item >= 0 && idx !== item)) return;
      item = idx;
    }
    for (const m of marks) for (const k of [m, m + 1, m + 2]) sig[k]!.out = '';
    on.set(item, [...(on.get(item) ?? []), c]);
  }
  const joined = items.map((_it, k) => k).filter((k) => on.has(k));
  const kept = items.map((_it, k) => k).filter((k) => !on.has(k));
  if (kept.length === 0) return;
  const itemText = (k: number): string => rawText(sig, all, ...items[k]!.range).trim();
  const cond = (cs: [number, number][]): string => cs.map((c) => `(${rawText(sig, all, ...c).trim()})`).join(' AND ');
  let text = ' ' + kept.map(itemText).join(' CROSS JOIN ');
  for (const k of joined) text += ` LEFT JOIN ${itemText(k)} ON ${cond(on.get(k)!)}`;
  text += rest.length > 0 ? ` WHERE ${cond(rest)} ` : ' ';
  // replace FROM's items through the end of WHERE
  const a = all.indexOf(sig[from + 1]!);
  const b = all.indexOf(sig[end - 1]!);
  for (let k = a; k <= b; k++) all[k]!.out = '';
  sig[from + 1]!.out = text;
}
