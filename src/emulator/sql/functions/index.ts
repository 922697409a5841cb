/**
 * The Exasol functions and clauses analysts write first, rewritten for DuckDB (one file per family):
 * conversions with format models (conversions.ts), LISTAGG / GROUP_CONCAT (aggregates.ts), the
 * `x [NOT] REGEXP_LIKE p` predicate, `LIMIT offset, count`, ROWNUM, GREATEST/LEAST with NULL, EXTRACT (extract.ts), CONVERT_TZ with Exasol's zone spellings, and calls renamed to EXA_* macros (macros.ts).
 * Runs after the other rewrites, innermost call first, so nested calls compose.
 */
import { keyword } from '../lexer';
import { primaryEnd, primaryStart, type Tok } from '../rewrite/tokens';
import { rewriteAggregates } from './aggregates';
import { compileError, findCalls, literalArg, replaceTokens, textOf } from './calls';
import { rewriteConversions } from './conversions';
import { DATE_MACROS, rewriteDateTrunc, TYPED_MACROS as DATE_TYPED_MACROS } from './dates';
import { EXTRACT_MACROS, rewriteExtract } from './extract';
import { CONVERT_TZ_MACROS, convertTzOptions } from './convert-tz';
import { rewriteJsonValue } from './json';
import { rewriteTypeof, TYPEOF_MACROS } from './typeof';
import { REFERENCE_MACROS, REFERENCE_TYPED_MACROS, rewriteReferenceExtras } from './reference-extras';

/** The statements creating the macros overloaded by argument type (idempotent; see dates.ts). */
export const TYPED_MACROS: string[] = [...DATE_TYPED_MACROS, ...REFERENCE_TYPED_MACROS];
import { FUNCTION_MACROS as OTHER_MACROS, RENAMED_FUNCTIONS } from './macros';
import { rewriteStrings, STRING_MACROS } from './strings';
import { ADDITION_MACROS } from './datetime-arithmetic';
import { MULTIPLICATION_MACROS } from './multiplication';
import { ANALYTIC_MACROS, rewriteAnalytics } from './analytics';
import { SLEEP_MACROS } from './sleep';
import { BIT_MACROS, rewriteBits } from './bits';
import { HASH_MACROS, rewriteHashArguments } from './hashes';
import { rewriteTextCalls, TEXT_MACROS } from './text-extras';
import { DATE_EXTRA_MACROS } from './date-extras';
import { INTERVAL_FUNCTION_MACROS } from './interval-functions';
import { rewriteTypeChecks } from './type-checks';
import { rewriteSetFunctions } from './set-functions';

/** The statements creating every function macro (idempotent). */
export const FUNCTION_MACROS: string[] = [...OTHER_MACROS, ...DATE_MACROS, ...STRING_MACROS, ...ADDITION_MACROS, ...MULTIPLICATION_MACROS, ...ANALYTIC_MACROS, ...BIT_MACROS, ...HASH_MACROS, ...TEXT_MACROS, ...DATE_EXTRA_MACROS, ...INTERVAL_FUNCTION_MACROS, ...SLEEP_MACROS, ...REFERENCE_MACROS, ...EXTRACT_MACROS, ...TYPEOF_MACROS, ...CONVERT_TZ_MACROS];

/** Canonical IANA spelling of a zone name written in any case (EUROPE/BERLIN -> Europe/Berlin); UTC names -> UTC. */
function canonicalZone(zone: string): string | undefined {
  const z = zone.trim();
  if (/^(UTC|UNIVERSAL|GMT)$/i.test(z)) return 'UTC';
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: z }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** `x [NOT] REGEXP_LIKE pattern` (the whole string must match) and Oracle's `REGEXP_LIKE(x, pattern)`. */
function rewriteRegexpLike(sig: Tok[], all: Tok[], sqlText: string): void {
  for (let i = sig.length - 1; i >= 0; i--) {
    if (keyword(sig[i]) !== 'REGEXP_LIKE' || sig[i]!.kind !== 'word') continue;
    if (sig[i + 1]?.text === '(') {
      const calls = findCalls(sig, new Set(['REGEXP_LIKE'])).filter((c) => c.name === i);
      const c = calls[0];
      if (c === undefined || c.args.length !== 2) throw compileError(sqlText, sig[i]!, 'REGEXP_LIKE takes a string and a pattern');
      replaceTokens(sig, all, i, c.close + 1, `regexp_full_match(${textOf(sig, all, ...c.args[0]!)}, ${textOf(sig, all, ...c.args[1]!)})`);
      continue;
    }
    const not = keyword(sig[i - 1]) === 'NOT';
    const leftEnd = not ? i - 2 : i - 1;
    const left = primaryStart(sig, leftEnd);
    const right = primaryEnd(sig, i + 1);
    if (left < 0 || right <= i + 1) throw compileError(sqlText, sig[i]!, 'REGEXP_LIKE needs a string on its left and a pattern on its right');
    const text = `${not ? 'NOT ' : ''}regexp_full_match(${textOf(sig, all, left, leftEnd + 1)}, ${textOf(sig, all, i + 1, right)})`;
    replaceTokens(sig, all, left, right, text);
    i = left;
  }
}

/** `LIMIT offset, count` (MySQL form Exasol accepts) -> `LIMIT count OFFSET offset`. */
function rewriteLimit(sig: Tok[], all: Tok[]): void {
  for (let i = 0; i < sig.length; i++) {
    if (keyword(sig[i]) !== 'LIMIT') continue;
    const a = primaryEnd(sig, i + 1);
    if (a <= i + 1 || sig[a]?.text !== ',') continue;
    const b = primaryEnd(sig, a + 1);
    if (b <= a + 1) continue;
    const offset = textOf(sig, all, i + 1, a);
    const count = textOf(sig, all, a + 1, b);
    replaceTokens(sig, all, i, b, `LIMIT ${count} OFFSET ${offset}`);
  }
}

/** Whether sig[i] is a whole item of a select list (so it gets Exasol's column name). */
function wholeSelectItem(sig: Tok[], i: number): boolean {
  const next = sig[i + 1];
  if (next !== undefined && next.text !== ',' && keyword(next) !== 'FROM' && next.text !== ')') return false;
  if (sig[i - 1]?.text !== ',' && !['SELECT', 'DISTINCT', 'ALL'].includes(keyword(sig[i - 1]))) return false;
  let depth = 0;
  for (let j = i - 1; j >= 0; j--) {
    const t = sig[j]!;
    if (t.text === ')') depth++;
    else if (t.text === '(') {
      if (depth === 0) return false; // inside a call's arguments
      depth--;
    } else if (depth === 0) {
      const k = keyword(t);
      if (k === 'SELECT') return true;
      if (['FROM', 'WHERE', 'GROUP', 'ORDER', 'HAVING', 'ON', 'BY', 'QUALIFY'].includes(k)) return false;
    }
  }
  return false;
}

/** ROWNUM (the pseudo column numbering result rows from 1) -> ROW_NUMBER() OVER (); in WHERE DuckDB refuses it. */
function rewriteRownum(sig: Tok[]): void {
  for (let i = 0; i < sig.length; i++) {
    const t = sig[i]!;
    if (t.kind !== 'word' || keyword(t) !== 'ROWNUM' || sig[i - 1]?.text === '.') continue;
    t.out = 'CAST(ROW_NUMBER() OVER () AS DECIMAL(18, 0))' + (wholeSelectItem(sig, i) ? ' AS "ROWNUM"' : '');
  }
}

/**
 * SECOND(x [, p]) keeps p fraction digits (docs.exasol.com: "the optional second parameter defines the number of
 * digits after the decimal point"; SECOND(TIMESTAMP '2010-10-20 11:59:40.123', 2) = 40.12): DECIMAL(2 + p, p), the
 * digits after p dropped. Without p: 3 digits, the default TIMESTAMP precision (an assumption: the docs give no default).
 */
function rewriteSecond(sig: Tok[], all: Tok[], sqlText: string): void {
  for (const c of findCalls(sig, new Set(['SECOND']))) {
    // DAY TO SECOND(9) is a type, not a call
    // (an interval literal's SECOND(p, fp) is already rewritten: its tokens are empty)
    if (c.args.length < 1 || c.args.length > 2 || keyword(sig[c.name - 1]) === 'TO' || sig[c.name - 1]?.text === '.' || sig[c.name]!.out === '') continue;
    let p = 3;
    if (c.args.length === 2) {
      const [a, b] = c.args[1]!;
      const lit = b === a + 1 ? sig[a]!.text : '';
      if (!/^\d$/.test(lit)) throw compileError(sqlText, sig[c.name]!, 'SECOND: the precision must be a number from 0 to 9');
      p = Number(lit);
    }
    const x = textOf(sig, all, ...c.args[0]!);
    const kept = Math.min(p, 6);
    const micros = `date_part('microsecond', CAST(${x} AS TIMESTAMP))`;
    const scaled = `CAST(${micros} // ${10 ** (6 - kept)} AS DECIMAL(18, 0))${kept > 0 ? ` * CAST(${(10 ** -kept).toFixed(kept)} AS DECIMAL(${kept + 1}, ${kept}))` : ''}`;
    replaceTokens(sig, all, c.name, c.close + 1, `CAST(${scaled} AS DECIMAL(${2 + p}, ${p}))`);
  }
}

/** CONVERT_TZ(ts, 'from', 'to' [, options]): zone names in Exasol's spelling (any case) -> IANA names DuckDB knows; options: convert-tz.ts. */
function rewriteConvertTz(sig: Tok[], all: Tok[], sqlText: string): void {
  for (const c of findCalls(sig, new Set(['CONVERT_TZ']))) {
    if (c.args.length === 4) {
      const text = literalArg(sig, c.args[3]);
      const opts = text === undefined ? undefined : convertTzOptions(text);
      if (opts === undefined) throw compileError(sqlText, sig[c.name]!, 'CONVERT_TZ: the options must be one of the documented literals (e.g. \'INVALID SHIFT AMBIGUOUS ST\')');
      sig[c.name]!.out = sig[c.name]!.out.replace(/CONVERT_TZ$/i, 'EXA_CONVERT_TZ');
      const [a, b] = c.args[3]!;
      replaceTokens(sig, all, a, b, `'${opts[0]}', '${opts[1]}'`);
    } else if (c.args.length !== 3) throw compileError(sqlText, sig[c.name]!, 'CONVERT_TZ takes a timestamp, two time zone names and optional options');
    for (const arg of [c.args[1]!, c.args[2]!]) {
      const zone = literalArg(sig, arg);
      if (zone === undefined) continue;
      const iana = canonicalZone(zone);
      if (iana === undefined) throw compileError(sqlText, sig[arg[0]]!, `invalid time zone name '${zone}'`);
      sig[arg[0]]!.out = `'${iana}'`;
    }
  }
}

/**
 * DECODE(x, search1, result1 [, search2, result2 ...] [, default]) -> CASE: the first search equal to
 * x (NULL matches NULL) gives its result, else the default (NULL without one).
 */
function rewriteDecode(sig: Tok[], all: Tok[], sqlText: string): void {
  for (const c of findCalls(sig, new Set(['DECODE']))) {
    if (c.args.length < 3) throw compileError(sqlText, sig[c.name]!, 'function DECODE needs an expression, a search value and a result');
    const arg = (k: number): string => `(${textOf(sig, all, ...c.args[k]!)})`;
    let text = 'CASE';
    let k = 1;
    for (; k + 1 < c.args.length; k += 2) text += ` WHEN ${arg(0)} IS NOT DISTINCT FROM ${arg(k)} THEN ${arg(k + 1)}`;
    text += k < c.args.length ? ` ELSE ${arg(k)} END` : ' END';
    replaceTokens(sig, all, c.name, c.close + 1, text);
  }
}

/**
 * GREATEST / LEAST are NULL when one argument is NULL (docs.exasol.com usage notes); DuckDB's skip NULLs:
 * `CASE WHEN (a) IS NULL OR ... THEN NULL ELSE greatest(a, ...) END`.
 */
function rewriteGreatestLeast(sig: Tok[], all: Tok[]): void {
  for (const c of findCalls(sig, new Set(['GREATEST', 'LEAST']))) {
    if (c.args.length < 2) continue;
    const args = c.args.map((a) => textOf(sig, all, ...a));
    const name = keyword(sig[c.name]).toLowerCase();
    replaceTokens(sig, all, c.name, c.close + 1, `CASE WHEN ${args.map((a) => `(${a}) IS NULL`).join(' OR ')} THEN NULL ELSE ${name}(${args.join(', ')}) END`);
  }
}

/** Applies every function rewrite to a statement's tokens (after the type and expression rewrites). */
export function rewriteFunctions(sig: Tok[], all: Tok[], sqlText: string): void {
  rewriteConvertTz(sig, all, sqlText);
  for (const c of findCalls(sig, new Set(RENAMED_FUNCTIONS.keys()))) sig[c.name]!.out = sig[c.name]!.out.replace(/[A-Z_]+$/i, RENAMED_FUNCTIONS.get(keyword(sig[c.name]))!);
  rewriteReferenceExtras(sig, all);
  rewriteJsonValue(sig, all, sqlText);
  rewriteConversions(sig, all, sqlText);
  rewriteDecode(sig, all, sqlText);
  rewriteBits(sig, all, sqlText);
  rewriteHashArguments(sig, all);
  rewriteTextCalls(sig);
  rewriteTypeChecks(sig, all, sqlText);
  rewriteSetFunctions(sig);
  rewriteGreatestLeast(sig, all);
  rewriteDateTrunc(sig, all, sqlText);
  rewriteAggregates(sig, all, sqlText);
  rewriteAnalytics(sig, all, sqlText);
  rewriteExtract(sig, all);
  rewriteSecond(sig, all, sqlText);
  rewriteRegexpLike(sig, all, sqlText);
  rewriteLimit(sig, all);
  rewriteRownum(sig);
  rewriteStrings(sig, all);
  // last: its argument's text is final
  rewriteTypeof(sig, all);
}
