/**
 * IS_NUMBER / IS_DATE / IS_TIMESTAMP (optional format model, a string literal), IS_BOOLEAN, IS_DSINTERVAL and
 * IS_YMINTERVAL (docs.exasol.com, IS_*): TRUE when the string converts to the type (as TO_NUMBER, TO_DATE,
 * TO_TIMESTAMP, a BOOLEAN cast, TO_DSINTERVAL, TO_YMINTERVAL would take it), FALSE when not, NULL for NULL.
 * Without a format model dates and timestamps follow the default NLS formats (YYYY-MM-DD, YYYY-MM-DD HH24:MI:SS.FF6).
 */
import { keyword } from '../lexer';
import type { Tok } from '../rewrite/tokens';
import { compileError, findCalls, literalArg, replaceTokens, textOf } from './calls';
import { strptimePattern } from './format-models';
import { numberFormat } from './number-formats';

const q = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const NAMES = new Set(['IS_NUMBER', 'IS_DATE', 'IS_TIMESTAMP', 'IS_BOOLEAN', 'IS_DSINTERVAL', 'IS_YMINTERVAL']);
const TAKES_FORMAT = new Set(['IS_NUMBER', 'IS_DATE', 'IS_TIMESTAMP']);

/** The check of the trimmed text `t` (not NULL) for one function and format model. */
function check(name: string, t: string, fmt: string | undefined): string {
  switch (name) {
    case 'IS_NUMBER': {
      if (fmt === undefined) return `TRY_CAST(${t} AS DOUBLE) IS NOT NULL AND regexp_matches(${t}, '\\d')`;
      const f = numberFormat(fmt);
      const digits = `^[+-]?\\d{0,${f.int}}${f.frac > 0 ? `(\\.\\d{0,${f.frac}})?` : ''}$`;
      return `regexp_matches(replace(${t}, ',', ''), ${q(digits)}) AND regexp_matches(${t}, '\\d')`;
    }
    case 'IS_DATE':
      return fmt === undefined ? `TRY_CAST(${t} AS DATE) IS NOT NULL AND regexp_matches(${t}, '^\\d{1,4}-\\d{1,2}-\\d{1,2}$')` : `try_strptime(${t}, ${q(strptimePattern(fmt))}) IS NOT NULL`;
    case 'IS_TIMESTAMP':
      return fmt === undefined
        ? `TRY_CAST(${t} AS TIMESTAMP) IS NOT NULL AND regexp_matches(${t}, '^\\d{1,4}-\\d{1,2}-\\d{1,2}( \\d{1,2}:\\d{1,2}(:\\d{1,2}(\\.\\d{1,9})?)?)?$')`
        : `try_strptime(${t}, ${q(strptimePattern(fmt))}) IS NOT NULL`;
    case 'IS_BOOLEAN':
      return `lower(${t}) IN ('1', 't', 'true', '0', 'f', 'false')`;
    case 'IS_DSINTERVAL':
      return `regexp_full_match(${t}, '[+-]?\\d+\\s+([01]?\\d|2[0-3]):[0-5]?\\d:[0-5]?\\d(\\.\\d*)?')`;
    default: // IS_YMINTERVAL
      return `regexp_full_match(${t}, '[+-]?\\d+-(0?\\d|1[01])')`;
  }
}

/** Rewrites the IS_* calls into CASE expressions. */
export function rewriteTypeChecks(sig: Tok[], all: Tok[], sqlText: string): void {
  for (const c of findCalls(sig, NAMES)) {
    const name = keyword(sig[c.name]);
    const max = TAKES_FORMAT.has(name) ? 2 : 1;
    if (c.args.length < 1 || c.args.length > max) throw compileError(sqlText, sig[c.name]!, `function ${name} takes ${max === 2 ? 'a string and an optional format model' : 'one string'}`);
    let fmt: string | undefined;
    if (c.args.length === 2) {
      fmt = literalArg(sig, c.args[1]);
      if (fmt === undefined) throw compileError(sqlText, sig[c.name]!, `the emulator needs a string literal as format model of ${name}`);
    }
    const x = textOf(sig, all, ...c.args[0]!);
    let test: string;
    try {
      test = check(name, `trim(CAST((${x}) AS VARCHAR))`, fmt);
    } catch (e) {
      throw compileError(sqlText, sig[c.name]!, `${name}: ${(e as Error).message}`);
    }
    replaceTokens(sig, all, c.name, c.close + 1, `CASE WHEN (${x}) IS NULL THEN NULL ELSE coalesce(${test}, FALSE) END`);
  }
}
