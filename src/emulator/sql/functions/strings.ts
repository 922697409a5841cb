/**
 * Exasol string-function rules DuckDB's functions of the same name do not follow (docs.exasol.com):
 * SUBSTR's positions (0 is the first character; a start before the first or after the last character is
 * NULL), REPLACE's optional or NULL replacement (deletes) and NULL search string (the string unchanged),
 * and the empty string being NULL also for what a function returns: `TRIM('  ')` is NULL, so
 * `LENGTH(TRIM('  '))` is NULL and `NVL(TRIM('  '), 'x')` is 'x'.
 */
import { keyword } from '../lexer';
import type { Tok } from '../rewrite/tokens';
import { findCalls, textOf, replaceTokens } from './calls';

const str = (x: string): string => `CAST(${x} AS VARCHAR)`;

/** SUBSTR(s, p [, n]) with Exasol's positions; `''` results are NULL. */
const substr = (n: string | undefined): string => {
  const len = `length(${str('s')})`;
  const start = `CASE WHEN p = 0 THEN 1 WHEN p < 0 THEN ${len} + p + 1 ELSE p END`;
  const count = n === undefined ? '' : `, CASE WHEN ${n} < 0 THEN 0 ELSE CAST(${n} AS BIGINT) END`;
  return `CASE WHEN ${start} < 1 THEN NULL ELSE nullif(substr(${str('s')}, CAST(${start} AS BIGINT)${count}), '') END`;
};

/** REPLACE(s, t, r): a NULL search string gives s unchanged; `''` results are NULL. */
const replace = (r: string): string =>
  `CASE WHEN s IS NULL THEN NULL WHEN t IS NULL THEN ${str('s')} ELSE nullif(replace(${str('s')}, ${str('t')}, ${r}), '') END`;

/** Macros behind {@link rewriteStrings} (idempotent). */
export const STRING_MACROS: string[] = [
  `CREATE OR REPLACE MACRO main.EXA_SUBSTR(s, p) AS ${substr(undefined)}, (s, p, n) AS ${substr('n')}`,
  `CREATE OR REPLACE MACRO main.EXA_REPLACE(s, t) AS ${replace("''")}, (s, t, r) AS ${replace(`coalesce(${str('r')}, '')`)}`,
];

/** Calls whose DuckDB result may be `''` where Exasol's is NULL; wrapped in `nullif(..., '')`. */
const EMPTY_IS_NULL = new Set(['TRIM', 'LTRIM', 'RTRIM', 'LEFT', 'RIGHT', 'TRANSLATE', 'REPEAT', 'EXA_LPAD', 'EXA_RPAD', 'LPAD', 'RPAD', 'REGEXP_SUBSTR', 'EXA_REGEXP_REPLACE', 'REGEXP_REPLACE', 'CONCAT']);

/**
 * SUBSTR / SUBSTRING / MID -> EXA_SUBSTR (also `SUBSTRING(s FROM p [FOR n])`), REPLACE -> EXA_REPLACE,
 * and `nullif(call, '')` around the calls of {@link EMPTY_IS_NULL}. Runs last among the function
 * rewrites: a call an earlier pass already replaced (its tokens emptied) is left alone; text an earlier
 * pass wrapped around a call (CAST's EXA_STR) is kept.
 */
export function rewriteStrings(sig: Tok[], all: Tok[]): void {
  for (const c of findCalls(sig, new Set(['SUBSTR', 'SUBSTRING', 'MID', 'REPLACE']))) {
    const name = sig[c.name]!;
    if (!name.out.toUpperCase().endsWith(keyword(name)) || !sig[c.close]!.out.startsWith(')')) continue;
    if (keyword(name) === 'REPLACE') {
      name.out = name.out.replace(/[A-Z_]+$/i, 'EXA_REPLACE');
      continue;
    }
    const from = sig.findIndex((t, k) => k > c.open && k < c.close && keyword(t) === 'FROM' && depthAt(sig, c.open, k) === 1);
    if (from < 0) {
      name.out = name.out.replace(/[A-Z_]+$/i, 'EXA_SUBSTR');
      continue;
    }
    const forAt = sig.findIndex((t, k) => k > from && k < c.close && keyword(t) === 'FOR' && depthAt(sig, c.open, k) === 1);
    const s = textOf(sig, all, c.open + 1, from);
    const p = textOf(sig, all, from + 1, forAt < 0 ? c.close : forAt);
    const n = forAt < 0 ? '' : `, ${textOf(sig, all, forAt + 1, c.close)}`;
    replaceTokens(sig, all, c.name, c.close + 1, `EXA_SUBSTR(${s}, ${p}${n})`);
  }
  for (const c of findCalls(sig, EMPTY_IS_NULL)) {
    const name = sig[c.name]!;
    const close = sig[c.close]!;
    if (!/[A-Z_]+$/i.test(name.out) || !close.out.startsWith(')')) continue;
    name.out = name.out.replace(/[A-Z_]+$/i, (f) => `nullif(${f}`);
    // text an earlier pass put after the call (`)` of a CAST's EXA_STR) stays after it
    close.out = "), '')" + close.out.slice(1);
  }
}

/** Parenthesis depth just before sig[k], counted from the `(` at sig[open] (1 = directly inside it). */
function depthAt(sig: Tok[], open: number, k: number): number {
  let depth = 0;
  for (let j = open; j < k; j++) {
    if (sig[j]!.text === '(') depth++;
    else if (sig[j]!.text === ')') depth--;
  }
  return depth;
}
