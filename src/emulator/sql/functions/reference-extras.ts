/**
 * Smaller gaps between DuckDB and docs.exasol.com's function reference, each a documented fact:
 *  - YEAR / MONTH / DAY / HOUR / MINUTE / WEEK "can also be applied on strings" (usage notes): a string argument is
 *    read as a TIMESTAMP first (DuckDB's functions take only dates and timestamps).
 *  - RANDOM([m, n]): a DOUBLE in [0, 1), or in [m, n) with bounds.
 *  - TRUNCATE(number [, n]): TRUNC's other name (`TRUNC[ATE]`).
 *  - FIRST_VALUE(x) / LAST_VALUE(x) without OVER are aggregate functions in Exasol: a value of the group (DuckDB's
 *    first / last; which row is not defined, as the docs say for the aggregate form).
 *  - numbers (and other non-strings) as the string argument of LENGTH, UPPER, LOWER, TRIM, REVERSE, LEFT, ... are converted
 *    to their text, as Exasol converts them (`LENGTH(12345)` = 5): EXA_TXT keeps a string as it is (a CHAR column
 *    unpadded, as other functions see it) and writes anything else as EXA_STR does (dates.ts: the same overloads); LENGTH's argument goes through
 *    EXA_STR itself, so a CHAR(n) column counts its n characters (char-padding.ts).
 *  - `FIRST_VALUE(x) IGNORE NULLS OVER (...)` (also RESPECT NULLS, LAST_VALUE, NTH_VALUE, LAG, LEAD): Exasol writes the
 *    null treatment after the parentheses (changelog 12113's example), DuckDB inside them.
 */
import { keyword } from '../lexer';
import type { Tok } from '../rewrite/tokens';
import { findCalls, replaceTokens, textOf } from './calls';
import { strWrap } from '../rewrite/expressions';

const M = (sql: string): string => `CREATE OR REPLACE MACRO main.${sql}`;

/** The typed macros (sysviews.ts makes them temporary macros in old database files, as dates.ts's). */
export const REFERENCE_TYPED_MACROS: string[] = [
  // a string argument of a date part function, read as a TIMESTAMP; anything else as it is
  M(`EXA_DT_ARG(x VARCHAR) AS CAST(trim(x) AS TIMESTAMP), (x) AS x`),
];

/** String functions whose first argument Exasol converts to a string (the rest of the arguments are left as they are). */
const TEXT_ARGUMENT = new Set([
  'LENGTH', 'CHARACTER_LENGTH', 'CHAR_LENGTH', 'UPPER', 'LOWER', 'UCASE', 'LCASE', 'REVERSE', 'REPEAT', 'LEFT', 'RIGHT', 'TRANSLATE',
  'ASCII', 'INITCAP', 'SOUNDEX', 'UNICODE', 'COLOGNE_PHONETIC', 'BIT_LENGTH', 'TRIM', 'LTRIM', 'RTRIM',
]);

/** The untyped macros (idempotent). */
export const REFERENCE_MACROS: string[] = [
  M(`EXA_RANDOM() AS random(), (m, n) AS CAST(m AS DOUBLE) + random() * (CAST(n AS DOUBLE) - CAST(m AS DOUBLE))`),
];

const DATE_PARTS = new Set(['YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE', 'WEEK']);
const NULL_TREATMENT = new Set(['FIRST_VALUE', 'LAST_VALUE', 'NTH_VALUE', 'LAG', 'LEAD']);
const AGGREGATE_FORMS: ReadonlyMap<string, string> = new Map([
  ['FIRST_VALUE', 'first'],
  ['LAST_VALUE', 'last'],
]);

/** Whether the call at sig[i] is a type's or an interval literal's precision (`INTERVAL DAY(2) TO SECOND`, `'5' YEAR(3)`). */
function isTypePrecision(sig: Tok[], i: number, close: number): boolean {
  const prev = sig[i - 1];
  return keyword(prev) === 'INTERVAL' || keyword(prev) === 'TO' || prev?.kind === 'string' || keyword(sig[close + 1]) === 'TO';
}

/** Applies the rewrites listed in the file comment. */
export function rewriteReferenceExtras(sig: Tok[], all: Tok[]): void {
  for (const c of findCalls(sig, TEXT_ARGUMENT)) {
    // TRIM(LEADING 'x' FROM s) and the like keep DuckDB's own form
    if (c.args.length === 0 || sig.slice(c.open, c.close).some((t) => ['FROM', 'LEADING', 'TRAILING', 'BOTH'].includes(keyword(t)))) continue;
    const [a, b] = c.args[0]!;
    if (b === a + 1 && sig[a]!.kind === 'string') continue; // a string literal already is one
    const [open, close] = strWrap(sig, a, b, keyword(sig[c.name]) === 'LENGTH' ? 'EXA_STR' : 'EXA_TXT');
    sig[a]!.out = open + sig[a]!.out;
    sig[b - 1]!.out += close;
  }
  for (const c of findCalls(sig, DATE_PARTS)) {
    if (c.args.length !== 1 || isTypePrecision(sig, c.name, c.close) || sig[c.name]!.out === '') continue;
    const x = textOf(sig, all, ...c.args[0]!);
    replaceTokens(sig, all, c.name, c.close + 1, `${keyword(sig[c.name]).toLowerCase()}(EXA_DT_ARG(${x}))`);
  }
  for (const c of findCalls(sig, new Set(['RANDOM']))) sig[c.name]!.out = sig[c.name]!.out.replace(/RANDOM$/i, 'EXA_RANDOM');
  for (const c of findCalls(sig, new Set(['TRUNCATE']))) sig[c.name]!.out = sig[c.name]!.out.replace(/TRUNCATE$/i, 'TRUNC');
  for (const c of findCalls(sig, NULL_TREATMENT)) {
    const k = keyword(sig[c.close + 1]);
    if ((k !== 'IGNORE' && k !== 'RESPECT') || keyword(sig[c.close + 2]) !== 'NULLS' || c.args.length === 0) continue;
    sig[c.close + 1]!.out = '';
    sig[c.close + 2]!.out = '';
    sig[c.close]!.out = ` ${k} NULLS` + sig[c.close]!.out;
  }
  for (const c of findCalls(sig, new Set(AGGREGATE_FORMS.keys()))) {
    const nulls = ['IGNORE', 'RESPECT'].includes(keyword(sig[c.close + 1])) && keyword(sig[c.close + 2]) === 'NULLS' ? 2 : 0;
    if (keyword(sig[c.close + 1 + nulls]) === 'OVER' || c.args.length !== 1) continue;
    sig[c.name]!.out = sig[c.name]!.out.replace(/[A-Z_]+$/i, AGGREGATE_FORMS.get(keyword(sig[c.name]))!);
  }
}
