/**
 * `VALUES 1, 2, 3` (Exasol: a row per value when the rows are not parenthesised; docs.exasol.com, VALUES in a FROM
 * clause) -> `VALUES (1), (2), (3)`, the form DuckDB takes. A list whose first item starts with `(` is left as it
 * is (`VALUES (1, 'a'), (2, 'b')`).
 */
import { keyword } from '../lexer';
import type { Tok } from './tokens';

/** Words that end a VALUES list at its own level. */
const END = new Set(['ORDER', 'UNION', 'EXCEPT', 'INTERSECT', 'MINUS', 'LIMIT', 'AS', 'WHERE', 'GROUP']);

/** Parenthesises the rows of every `VALUES a, b, ...` list. */
export function rewriteValuesRows(sig: Tok[]): void {
  for (let i = 0; i + 1 < sig.length; i++) {
    if (keyword(sig[i]) !== 'VALUES' || sig[i]!.kind !== 'word' || sig[i + 1]!.text === '(' || sig[i - 1]?.text === '.') continue;
    let depth = 0;
    let start = i + 1;
    let k = i + 1;
    const wrap = (from: number, to: number): void => {
      if (to <= from) return;
      sig[from]!.out = '(' + sig[from]!.out;
      sig[to - 1]!.out += ')';
    };
    for (; k < sig.length; k++) {
      const t = sig[k]!;
      if (t.text === '(') depth++;
      else if (t.text === ')') {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0 && t.text === ',') {
        wrap(start, k);
        start = k + 1;
      } else if (depth === 0 && (t.text === ';' || (t.kind === 'word' && END.has(keyword(t)) && k > start))) break;
    }
    wrap(start, k);
    i = k;
  }
}
