/**
 * LISTAGG and GROUP_CONCAT (docs.exasol.com): both become DuckDB's string_agg.
 * `LISTAGG([DISTINCT] x [, delimiter] [ON OVERFLOW ERROR | TRUNCATE ['filler'] [WITH|WITHOUT COUNT]]) [WITHIN GROUP (ORDER BY ...)]`,
 * delimiter default '' (none; the overflow clause is accepted, results past 2,000,000 characters are neither refused nor cut); `GROUP_CONCAT([DISTINCT] x [ORDER BY ...] [SEPARATOR sep])`, separator default ','.
 * Both also work as analytic functions (`OVER (...)`).
 */
import { keyword } from '../lexer';
import type { Tok } from '../rewrite/tokens';
import { closing, compileError, findCalls, replaceTokens, textOf } from './calls';

/** Index of the first top-level token in sig[from..to) with keyword `word`, or -1. */
function topLevel(sig: Tok[], from: number, to: number, word: string): number {
  let depth = 0;
  for (let k = from; k < to; k++) {
    const t = sig[k]!;
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (depth === 0 && keyword(t) === word) return k;
  }
  return -1;
}

/** Rewrites LISTAGG and GROUP_CONCAT calls. */
export function rewriteAggregates(sig: Tok[], all: Tok[], sqlText: string): void {
  for (const call of findCalls(sig, new Set(['LISTAGG', 'GROUP_CONCAT']))) {
    const at = sig[call.name]!;
    const name = keyword(at);
    if (call.args.length === 0) throw compileError(sqlText, at, `function ${name} needs an argument`);
    let distinct = '';
    let [from] = call.args[0]!;
    if (keyword(sig[from]) === 'DISTINCT' || keyword(sig[from]) === 'ALL') {
      distinct = keyword(sig[from]) === 'DISTINCT' ? 'DISTINCT ' : '';
      from++;
    }
    if (name === 'LISTAGG') {
      if (call.args.length > 2) throw compileError(sqlText, at, 'function LISTAGG takes an expression and a delimiter');
      const exprEnd = call.args.length === 2 ? call.args[0]![1] : call.close;
      let sep = "''";
      let clauseEnd = call.close;
      const on = topLevel(sig, from, call.close, 'ON');
      if (on >= 0) {
        const words = sig.slice(on, call.close).map((t) => (t.kind === 'string' ? "'...'" : keyword(t))).join(' ');
        // the clause only matters past VARCHAR's 2,000,000 characters, an overflow the emulator does not check
        if (!/^ON OVERFLOW (ERROR|TRUNCATE( '\.\.\.')?( (WITH|WITHOUT) COUNT)?)$/.test(words)) {
          throw compileError(sqlText, sig[on]!, `LISTAGG ${words} is not a valid ON OVERFLOW clause`);
        }
        clauseEnd = on;
      }
      const expr = textOf(sig, all, from, Math.min(exprEnd, clauseEnd));
      if (call.args.length === 2) sep = textOf(sig, all, call.args[1]![0], Math.min(call.args[1]![1], clauseEnd));
      let end = call.close + 1;
      let order = '';
      if (keyword(sig[end]) === 'WITHIN' && keyword(sig[end + 1]) === 'GROUP' && sig[end + 2]?.text === '(') {
        const close = closing(sig, end + 2);
        order = ' ' + textOf(sig, all, end + 3, close);
        end = close + 1;
      }
      replaceTokens(sig, all, call.name, end, `string_agg(${distinct}${expr}, coalesce(${sep}, '')${order})`);
    } else {
      const to = call.close;
      const sepAt = topLevel(sig, from, to, 'SEPARATOR');
      const orderAt = topLevel(sig, from, sepAt >= 0 ? sepAt : to, 'ORDER');
      const exprEnd = orderAt >= 0 ? orderAt : sepAt >= 0 ? sepAt : to;
      const expr = textOf(sig, all, from, exprEnd);
      const order = orderAt >= 0 ? ' ' + textOf(sig, all, orderAt, sepAt >= 0 ? sepAt : to) : '';
      const sep = sepAt >= 0 ? textOf(sig, all, sepAt + 1, to) : "','";
      replaceTokens(sig, all, call.name, call.close + 1, `string_agg(${distinct}${expr}, coalesce(${sep}, '')${order})`);
    }
  }
}
