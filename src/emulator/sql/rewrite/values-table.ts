/**
 * Exasol's VALUES table in a FROM clause without parentheses: `FROM VALUES 1, 2, 3 AS t(a)`, `FROM VALUES (1, 'a'),
 * (2, 'b')`, `FROM VALUES ((1, 2), (3, 4))` (one parenthesised list of rows) become DuckDB's `FROM (VALUES (1), (2),
 * (3)) AS t(a)`. A single parenthesised list of scalars is one row (`FROM VALUES (1, 2, 3)`). Only the boundary
 * tokens change, so earlier rewrites inside the values stay.
 */
import { keyword } from '../lexer';
import { clauseEnd, type Tok } from './tokens';

/** Where the list of values ends (exclusive) at depth 0. */
const STOP = new Set(['AS', 'WHERE', 'GROUP', 'ORDER', 'LIMIT', 'UNION', 'EXCEPT', 'MINUS', 'INTERSECT', 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'NATURAL', 'QUALIFY', 'HAVING', 'ON', 'CONNECT', 'START', 'PREFERRING', 'WINDOW']);
/** Words that continue an expression (a word after an item that is none of these is an alias). */
const CONTINUES = new Set(['AND', 'OR', 'IS', 'NOT', 'LIKE', 'BETWEEN', 'IN', 'NULL', 'ESCAPE', 'REGEXP_LIKE', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'DIV', 'MOD']);

/** Index after the parenthesis group opening at `open`. */
function groupEnd(sig: Tok[], open: number): number {
  let depth = 0;
  for (let k = open; k < sig.length; k++) {
    if (sig[k]!.text === '(') depth++;
    else if (sig[k]!.text === ')' && --depth === 0) return k + 1;
  }
  return sig.length;
}

/** Splits sig[from..to) at depth-0 commas into [start, end) ranges. */
function splitItems(sig: Tok[], from: number, to: number): [number, number][] {
  const items: [number, number][] = [];
  let depth = 0;
  let start = from;
  for (let k = from; k < to; k++) {
    const t = sig[k]!.text;
    if (t === '(') depth++;
    else if (t === ')') depth--;
    else if (t === ',' && depth === 0) {
      items.push([start, k]);
      start = k + 1;
    }
  }
  items.push([start, to]);
  return items;
}

/** True when sig[a..b) is exactly one parenthesis group. */
const isGroup = (sig: Tok[], a: number, b: number): boolean => sig[a]?.text === '(' && groupEnd(sig, a) === b;

/** Rewrites every `FROM VALUES ...` without parentheses in place. */
export function rewriteValuesTables(sig: Tok[]): void {
  for (let i = 0; i + 2 < sig.length; i++) {
    if (keyword(sig[i]) !== 'FROM' || keyword(sig[i + 1]) !== 'VALUES') continue;
    const start = i + 2;
    // the list ends at a clause keyword, or at a word that follows a complete item without a comma (an alias)
    const end = clauseEnd(sig, start, (t, j) => {
      if (t.kind !== 'word' || j === start || sig[j - 1]!.text === ',') return false;
      const k = keyword(t);
      const prev = sig[j - 1]!;
      const itemEnd = prev.kind === 'number' || prev.kind === 'string' || prev.kind === 'quoted' || prev.text === ')' || (prev.kind === 'word' && !CONTINUES.has(keyword(prev)));
      return STOP.has(k) || (itemEnd && !CONTINUES.has(k));
    });
    if (end === start) continue;
    let items = splitItems(sig, start, end);
    if (items.length === 1 && isGroup(sig, start, end)) {
      const inner = splitItems(sig, start + 1, end - 1);
      if (inner.every(([a, b]) => isGroup(sig, a, b))) {
        // ((1, 2), (3, 4)): a parenthesised list of rows
        sig[start]!.out = '';
        sig[end - 1]!.out = '';
        items = inner;
      }
    }
    for (const [a, b] of items) {
      if (a >= b || isGroup(sig, a, b)) continue;
      sig[a]!.out = '(' + sig[a]!.out;
      sig[b - 1]!.out += ')';
    }
    sig[i + 1]!.out = '(VALUES';
    sig[end - 1]!.out += ')';
    i = end - 1;
  }
}
