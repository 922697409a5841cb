/**
 * `datetime + INTERVAL '...' YEAR|MONTH [TO MONTH]` (and `-`): Exasol keeps a DATE a DATE (as ADD_MONTHS does,
 * a day past the new month's end becoming its last day); DuckDB's `date + interval` is a TIMESTAMP. The sum
 * is written `EXA_ADD_YM(x, interval)` / `EXA_SUB_YM(x, interval)`, a macro overloaded by the type of x.
 * Only literal intervals and TO_YMINTERVAL / NUMTOYMINTERVAL calls are recognised (the type of an interval column is
 * not known to the token rewrite),
 * and only a left operand that stands alone (`a - d + INTERVAL ...` keeps DuckDB's arithmetic: a TIMESTAMP).
 * Day-to-second intervals keep DuckDB's TIMESTAMP result (docs.exasol.com documents no result type for them).
 */
import { keyword } from '../lexer';
import { primaryStart, type Tok } from './tokens';

/** The macros (overloaded by argument type: a DuckDB storage v1.4.0 feature, so they go with the typed macros). */
export const INTERVAL_MACROS: string[] = ['ADD', 'SUB'].map((op) => {
  const o = op === 'ADD' ? '+' : '-';
  return (
    `CREATE OR REPLACE MACRO main.EXA_${op}_YM(d DATE, i) AS CAST(d ${o} i AS DATE), (d TIMESTAMP, i) AS d ${o} i, ` +
    `(d TIMESTAMP_NS, i) AS make_timestamp_ns(epoch_ns(CAST(CAST(d AS TIMESTAMP) ${o} i AS TIMESTAMP_NS)) + (epoch_ns(d) - epoch_ns(CAST(CAST(d AS TIMESTAMP) AS TIMESTAMP_NS)))), ` +
    `(d, i) AS d ${o} i`
  );
});

/** Tokens that may stand right before a left operand that stands alone. */
const BEFORE = new Set(['(', ',', '=', '<', '>', '<=', '>=', '<>', '!=']);
const BEFORE_WORDS = new Set(['SELECT', 'WHERE', 'AND', 'OR', 'NOT', 'WHEN', 'THEN', 'ELSE', 'ON', 'HAVING', 'SET', 'BETWEEN', 'DISTINCT', 'ALL', 'VALUES', 'RETURN', 'BY']);
/** Tokens that may follow the interval (anything binding tighter than `+` must not). */
const AFTER_PUNCT = new Set([')', ',', '=', '<', '>', '<=', '>=', '<>', '!=', ';', '+', '-']);

/** End (exclusive) of a year-month interval literal starting at sig[i], or -1. */
function yearMonthLiteral(sig: Tok[], i: number): number {
  // TO_YMINTERVAL(...) / NUMTOYMINTERVAL(...) are year-month intervals too
  if ((keyword(sig[i]) === 'TO_YMINTERVAL' || keyword(sig[i]) === 'NUMTOYMINTERVAL') && sig[i + 1]?.text === '(') {
    let depth = 0;
    for (let k = i + 1; k < sig.length; k++) {
      if (sig[k]!.text === '(') depth++;
      else if (sig[k]!.text === ')' && --depth === 0) return k + 1;
    }
    return -1;
  }
  if (keyword(sig[i]) !== 'INTERVAL' || sig[i + 1]?.kind !== 'string') return -1;
  const unit = keyword(sig[i + 2]);
  if (unit !== 'YEAR' && unit !== 'MONTH') return -1;
  let j = i + 3;
  if (sig[j]?.text === '(') {
    while (j < sig.length && sig[j]!.text !== ')') j++;
    j++;
  }
  if (keyword(sig[j]) === 'TO') {
    if (unit !== 'YEAR' || keyword(sig[j + 1]) !== 'MONTH') return -1;
    j += 2;
  }
  return j;
}

/** Rewrites `x + INTERVAL '..' YEAR|MONTH` and `x - ...` (run after the interval literals are rewritten: only `out` texts changed, the tokens are still there). */
export function rewriteYearMonthArithmetic(sig: Tok[]): void {
  for (let i = 1; i < sig.length; i++) {
    const op = sig[i]!;
    if (op.kind !== 'punct' || (op.text !== '+' && op.text !== '-')) continue;
    const end = yearMonthLiteral(sig, i + 1);
    if (end < 0) continue;
    const after = sig[end];
    if (after !== undefined && !(after.kind === 'word' || AFTER_PUNCT.has(after.text))) continue;
    const start = primaryStart(sig, i - 1);
    if (start < 0) continue;
    const before = sig[start - 1];
    if (before !== undefined && !BEFORE.has(before.text) && !(before.kind === 'word' && BEFORE_WORDS.has(keyword(before)))) continue;
    sig[start]!.out = `EXA_${op.text === '+' ? 'ADD' : 'SUB'}_YM(` + sig[start]!.out;
    op.out = ',';
    sig[end - 1]!.out += ')';
    i = end - 1;
  }
}
