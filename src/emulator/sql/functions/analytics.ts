/**
 * Exasol's inverse distribution and ratio functions, rewritten to DuckDB's (tests: test/emulator-sql-functions.test.ts):
 *  - `PERCENTILE_CONT(p) WITHIN GROUP (ORDER BY x [ASC|DESC]) [OVER (PARTITION BY ...)]` -> `quantile_cont(x, p)`, also as
 *    an analytic function (DuckDB refuses WITHIN GROUP with OVER); the interpolated value is a DOUBLE (an assumption:
 *    docs.exasol.com names no result type; DuckDB's DECIMAL result would cut the interpolation to the column's scale);
 *  - `PERCENTILE_DISC(p) WITHIN GROUP (...)` -> `quantile_disc(x, p)`: one of the values, of their type;
 *  - `RATIO_TO_REPORT(x) OVER (...)` -> x over the sum of x in the window, a DOUBLE (the docs' example shows 0.15714286).
 * DESC orders give the percentile 1 - p of the ascending order.
 */
import { keyword } from '../lexer';
import type { Tok } from '../rewrite/tokens';
import { closing, compileError, findCalls, replaceTokens, textOf } from './calls';

/** The macro behind RATIO_TO_REPORT (no `/` in the rewritten text: division.ts would mark it). */
export const ANALYTIC_MACROS: string[] = ['CREATE OR REPLACE MACRO main.EXA_RATIO(a, b) AS CAST(a AS DOUBLE) / b'];

/** Rewrites PERCENTILE_CONT / PERCENTILE_DISC and RATIO_TO_REPORT calls. */
export function rewriteAnalytics(sig: Tok[], all: Tok[], sqlText: string): void {
  for (const c of findCalls(sig, new Set(['PERCENTILE_CONT', 'PERCENTILE_DISC']))) {
    const name = keyword(sig[c.name]);
    const w = c.close + 1;
    if (keyword(sig[w]) !== 'WITHIN' || keyword(sig[w + 1]) !== 'GROUP' || sig[w + 2]?.text !== '(' || keyword(sig[w + 3]) !== 'ORDER' || keyword(sig[w + 4]) !== 'BY') {
      throw compileError(sqlText, sig[c.name]!, `${name} needs WITHIN GROUP (ORDER BY ...)`);
    }
    const groupClose = closing(sig, w + 2);
    if (c.args.length !== 1 || groupClose < 0) throw compileError(sqlText, sig[c.name]!, `${name} takes one percentile and one ORDER BY expression`);
    let end = groupClose;
    let desc = false;
    if (keyword(sig[end - 1]) === 'FIRST' || keyword(sig[end - 1]) === 'LAST') end -= 2; // NULLS FIRST|LAST: NULLs are ignored anyway
    if (keyword(sig[end - 1]) === 'DESC' || keyword(sig[end - 1]) === 'ASC') desc = keyword(sig[--end]) === 'DESC';
    const x = textOf(sig, all, w + 5, end);
    const p = textOf(sig, all, ...c.args[0]!);
    const q = desc ? `1 - (${p})` : p;
    const text = name === 'PERCENTILE_CONT' ? `quantile_cont(CAST(${x} AS DOUBLE), ${q})` : `quantile_disc(${x}, ${q})`;
    replaceTokens(sig, all, c.name, groupClose + 1, text);
  }
  for (const c of findCalls(sig, new Set(['RATIO_TO_REPORT']))) {
    const over = c.close + 1;
    if (keyword(sig[over]) !== 'OVER' || sig[over + 1]?.text !== '(' || c.args.length !== 1) {
      throw compileError(sqlText, sig[c.name]!, 'RATIO_TO_REPORT takes one argument and is an analytic function (OVER (...))');
    }
    const overClose = closing(sig, over + 1);
    if (overClose < 0) continue;
    const x = textOf(sig, all, ...c.args[0]!);
    const window = textOf(sig, all, over + 1, overClose + 1);
    replaceTokens(sig, all, c.name, overClose + 1, `EXA_RATIO(${x}, SUM(${x}) OVER ${window})`);
  }
}
