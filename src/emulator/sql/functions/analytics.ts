/**
 * Exasol's inverse distribution and ratio functions, rewritten to DuckDB's (tests: test/emulator-sql-functions.test.ts):
 *  - `PERCENTILE_CONT(p) WITHIN GROUP (ORDER BY x [ASC|DESC]) [OVER (PARTITION BY ...)]` -> `quantile_cont(x, p)`, also as
 *    an analytic function (DuckDB refuses WITHIN GROUP with OVER); the interpolated value is a DOUBLE (an assumption:
 *    docs.exasol.com names no result type; DuckDB's DECIMAL result would cut the interpolation to the column's scale);
 *  - `PERCENTILE_DISC(p) WITHIN GROUP (...)` -> `quantile_disc(x, p)`: one of the values, of their type;
 *  - `MEDIAN(x)` -> `quantile_cont(x, 0.5)`, the documented alias PERCENTILE_CONT(0.5) (a DOUBLE, as above);
 *  - `RATIO_TO_REPORT(x) OVER (...)` -> x over the sum of x in the window, a DOUBLE (the docs' example shows 0.15714286).
 *  - `AGG(x) KEEP (DENSE_RANK FIRST|LAST ORDER BY y [ASC|DESC]) [OVER (...)]`: AGG over the rows whose y is the first (last)
 *    in that order, through DuckDB lists: `{min or max of y, list of (x, y)}`, filtered to that y, aggregated. One ORDER BY
 *    key; NULL y values never rank first or last.
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
  rewriteKeep(sig, all, sqlText);
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
  // MEDIAN(x) "is an alias for PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY x)" (docs.exasol.com): interpolated, a DOUBLE
  // like PERCENTILE_CONT (DuckDB's median keeps a DECIMAL's scale: 1 and 4 of an INT column gave 2, not 2.5)
  for (const c of findCalls(sig, new Set(['MEDIAN']))) {
    if (c.args.length !== 1 || !/MEDIAN$/i.test(sig[c.name]!.out)) continue; // a KEEP rewrite took it already
    let [from] = c.args[0]!;
    if (keyword(sig[from]) === 'ALL') from++; // "Specifying ALL has no effect"
    replaceTokens(sig, all, c.name, c.close + 1, `quantile_cont(CAST(${textOf(sig, all, from, c.args[0]![1])} AS DOUBLE), 0.5)`);
  }
}

/** Aggregates KEEP is emulated for, by their DuckDB list_aggregate names. */
const KEEP_AGGREGATES: Record<string, string> = { MAX: 'max', MIN: 'min', SUM: 'sum', AVG: 'avg', COUNT: 'count', MEDIAN: 'median', STDDEV: 'stddev', VARIANCE: 'var_samp' };

/** `AGG(x) KEEP (DENSE_RANK FIRST|LAST ORDER BY y [ASC|DESC] [NULLS ...]) [OVER (...)]` (see the file comment). */
function rewriteKeep(sig: Tok[], all: Tok[], sqlText: string): void {
  for (const c of findCalls(sig, new Set(Object.keys(KEEP_AGGREGATES)))) {
    const k = c.close + 1;
    if (keyword(sig[k]) !== 'KEEP') continue;
    const close = sig[k + 1]?.text === '(' ? closing(sig, k + 1) : -1;
    const rank = keyword(sig[k + 3]);
    if (close < 0 || keyword(sig[k + 2]) !== 'DENSE_RANK' || (rank !== 'FIRST' && rank !== 'LAST') || keyword(sig[k + 4]) !== 'ORDER' || keyword(sig[k + 5]) !== 'BY') {
      throw compileError(sqlText, sig[k]!, 'KEEP needs (DENSE_RANK FIRST|LAST ORDER BY ...)');
    }
    let end = close;
    if (keyword(sig[end - 2]) === 'NULLS') end -= 2;
    let desc = false;
    if (keyword(sig[end - 1]) === 'DESC' || keyword(sig[end - 1]) === 'ASC') desc = keyword(sig[--end]) === 'DESC';
    const keys = sig.slice(k + 6, end);
    let depth = 0;
    if (keys.some((t) => (t.text === '(' ? (depth++, false) : t.text === ')' ? (depth--, false) : depth === 0 && t.text === ','))) {
      throw compileError(sqlText, sig[k]!, 'KEEP is emulated for one ORDER BY expression');
    }
    if (c.args.length !== 1 || sig[c.args[0]![0]]!.text === '*' || keyword(sig[c.args[0]![0]]) === 'DISTINCT') {
      throw compileError(sqlText, sig[c.name]!, 'KEEP is emulated for an aggregate of one expression');
    }
    const x = textOf(sig, all, ...c.args[0]!);
    const y = textOf(sig, all, k + 6, end);
    let last = close;
    let over = '';
    if (keyword(sig[close + 1]) === 'OVER' && sig[close + 2]?.text === '(') {
      last = closing(sig, close + 2);
      if (last < 0) continue;
      over = ` OVER ${textOf(sig, all, close + 2, last + 1)}`;
    }
    const pick = (rank === 'FIRST') !== desc ? 'min' : 'max';
    const agg = KEEP_AGGREGATES[keyword(sig[c.name])]!;
    replaceTokens(
      sig,
      all,
      c.name,
      last + 1,
      `list_transform([{'m': ${pick}(${y})${over}, 'l': list({'x': ${x}, 'y': ${y}})${over}}], ` +
        `lambda __k: list_aggregate(list_transform(list_filter(__k.l, lambda __e: __e.y = __k.m), lambda __e: __e.x), '${agg}'))[1]`,
    );
  }
}
