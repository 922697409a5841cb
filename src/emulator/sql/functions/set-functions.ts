/**
 * Set (aggregate, also analytic) functions of Exasol's reference under DuckDB's names (docs.exasol.com): EVERY(cond)
 * -> bool_and, SOME(cond) / ANY(cond) -> bool_or (not after a comparison operator, where `= ANY (subquery)` is
 * the quantified comparison), MUL(x) -> product of the values as DOUBLE PRECISION ("the return type of this
 * function is always DOUBLE PRECISION"), APPROXIMATE_COUNT_DISTINCT(x) -> approx_count_distinct. DISTINCT / ALL
 * and OVER (...) pass through.
 */
import { keyword } from '../lexer';
import type { Tok } from '../rewrite/tokens';
import { findCalls } from './calls';

const RENAMES: Record<string, string> = { EVERY: 'bool_and', SOME: 'bool_or', ANY: 'bool_or', MUL: 'product', APPROXIMATE_COUNT_DISTINCT: 'approx_count_distinct' };
const COMPARISONS = new Set(['=', '<', '>', '<=', '>=', '<>', '!=', '^=']);

/** Renames the set-function calls. */
export function rewriteSetFunctions(sig: Tok[]): void {
  for (const c of findCalls(sig, new Set(Object.keys(RENAMES)))) {
    const name = keyword(sig[c.name]);
    if ((name === 'SOME' || name === 'ANY') && COMPARISONS.has(sig[c.name - 1]?.text ?? '')) continue;
    if ((name === 'SOME' || name === 'ANY') && keyword(sig[c.open + 1]) === 'SELECT') continue;
    sig[c.name]!.out = sig[c.name]!.out.replace(/[A-Z_]+$/i, RENAMES[name]!);
    // MUL: multiplied as DOUBLE PRECISION
    if (name === 'MUL') {
      const first = c.open + 1;
      const skip = keyword(sig[first]) === 'DISTINCT' || keyword(sig[first]) === 'ALL' ? first + 1 : first;
      if (skip < c.close) {
        sig[skip]!.out = 'CAST(' + sig[skip]!.out;
        sig[c.close - 1]!.out += ' AS DOUBLE)';
      }
    }
  }
}
