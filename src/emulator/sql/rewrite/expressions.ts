/**
 * Expression rewrites: Exasol type spellings in CAST/CONVERT/::, interval literals, `||` with NULL as
 * the empty string (division: functions/division.ts).
 */
import type { DataType } from '../../../protocol';
import { keyword, quoteString } from '../lexer';
import { dayToSecondText, yearToMonthText } from '../params';
import { needsTimestampCut, parseExaType, storageType, timestampPrecision } from '../types';
import { primaryEnd, primaryStart, replaceRange, type Tok } from './tokens';

/**
 * Rewrites `CAST(x AS <exasol type>)` / `CONVERT(<type>, x)` / `x::<type>` type spellings to DuckDB storage
 * types. Returns the value ranges [from, to) of the casts to CHAR/VARCHAR (and a CHAR's size), for {@link wrapTextCasts}.
 */
export function rewriteCastTypes(sig: Tok[], all: Tok[]): TextCast[] {
  const textCasts: TextCast[] = [];
  for (let i = 0; i < sig.length; i++) {
    const k = keyword(sig[i]);
    if ((k === 'CAST' || k === 'TRY_CAST') && sig[i + 1]?.text === '(') {
      let depth = 0;
      for (let j = i + 1; j < sig.length; j++) {
        const t = sig[j]!;
        if (t.text === '(') depth++;
        else if (t.text === ')') {
          depth--;
          if (depth === 0) break;
        } else if (depth === 1 && keyword(t) === 'AS') {
          const p = parseExaType(sig, j + 1);
          if (p) {
            replaceRange(sig, j + 1, p.end, storageType(p.type), all);
            // to text as Exasol converts without a format: wrapped later, outside what rewriteConcat adds
            if ((p.type.type === 'VARCHAR' || p.type.type === 'CHAR') && j > i + 2) textCasts.push([i + 2, j, i, charSize(p.type), p.type.size]);
            // CAST(x AS TIMESTAMP(3)): the storage type keeps 6 (or 9) digits, the digits after p are dropped
            if (needsTimestampCut(p.type) && sig[p.end]?.text === ')') {
              sig[i]!.out = 'EXA_TS_CUT(' + sig[i]!.out;
              sig[p.end]!.out = `), ${timestampPrecision(p.type)})`;
            }
            // CAST('5-3' AS INTERVAL YEAR TO MONTH): Exasol interval text -> DuckDB interval text
            const lit = sig[i + 2]!;
            if (j === i + 3 && lit.kind === 'string' && p.type.type.startsWith('INTERVAL')) {
              const raw = lit.text.slice(1, -1).replace(/''/g, "'");
              const conv = p.type.type === 'INTERVAL YEAR TO MONTH' ? yearToMonthText(raw) : dayToSecondText(raw);
              if (conv !== undefined) lit.out = quoteString(conv);
            }
          }
          break;
        }
      }
    } else if (k === 'CONVERT' && sig[i + 1]?.text === '(') {
      // CONVERT(type, x) = CAST(x AS type): the type moves behind the value
      const p = parseExaType(sig, i + 2);
      const close = p && sig[p.end]?.text === ',' ? closeOf(sig, i + 1) : -1;
      if (p && close > p.end + 1) {
        replaceRange(sig, i + 2, p.end + 1, '', all);
        sig[i]!.out = sig[i]!.out.replace(/CONVERT$/i, 'CAST');
        sig[close]!.out = ` AS ${storageType(p.type)}` + sig[close]!.out;
        if (p.type.type === 'VARCHAR' || p.type.type === 'CHAR') textCasts.push([p.end + 1, close, i, charSize(p.type), p.type.size]);
      } else if (p) replaceRange(sig, i + 2, p.end, storageType(p.type), all);
    } else if (sig[i]!.text === '::') {
      const p = parseExaType(sig, i + 1);
      if (p) replaceRange(sig, i + 1, p.end, storageType(p.type), all);
    }
  }
  return textCasts;
}

/** A cast to text: the value's range [from, to), the index of its CAST / CONVERT, for CHAR(n) n, and the type's size. */
export type TextCast = [number, number, number, number?, number?];

/** n of a CHAR(n) type, undefined for other types. */
const charSize = (t: DataType): number | undefined => (t.type === 'CHAR' ? (t.size ?? 1) : undefined);

/** Index of the `)` closing the `(` at sig[open], or -1. */
function closeOf(sig: Tok[], open: number): number {
  let depth = 0;
  for (let k = open; k < sig.length; k++) {
    if (sig[k]!.text === '(') depth++;
    else if (sig[k]!.text === ')' && --depth === 0) return k;
  }
  return -1;
}

/** Aggregate and window functions: DuckDB cannot pick a typed macro overload (EXA_STR's) for their calls. */
const AGGREGATE_CALLS = new Set([
  'MIN', 'MAX', 'SUM', 'AVG', 'COUNT', 'FIRST_VALUE', 'LAST_VALUE', 'ANY_VALUE', 'LISTAGG', 'GROUP_CONCAT', 'MEDIAN', 'STDDEV', 'STDDEV_POP',
  'STDDEV_SAMP', 'VARIANCE', 'VAR_POP', 'VAR_SAMP', 'MUL', 'EVERY', 'SOME', 'ANY', 'PERCENTILE_CONT', 'PERCENTILE_DISC', 'LAG', 'LEAD',
  'NTH_VALUE', 'ROW_NUMBER', 'RANK', 'DENSE_RANK', 'NTILE', 'CUME_DIST', 'PERCENT_RANK', 'RATIO_TO_REPORT', 'APPROXIMATE_COUNT_DISTINCT',
  'CORR', 'COVAR_POP', 'COVAR_SAMP', 'GROUPING', 'GROUPING_ID',
]);

/**
 * The text around an operand sig[from..to) that makes it Exasol's text (`macro`, a macro overloaded by type: EXA_STR
 * by default): an aggregate or window call (`MAX(name) || 'x'`) goes through a lambda, whose parameter has a type
 * DuckDB can pick the overload by.
 */
export function strWrap(sig: Tok[], from: number, to: number, macro = 'EXA_STR'): [string, string] {
  for (let k = from; k < to; k++) {
    const w = keyword(sig[k]);
    if (w === 'OVER' || ((AGGREGATE_CALLS.has(w) || w.startsWith('REGR_')) && sig[k + 1]?.text === '(')) {
      return ['list_transform([', `], lambda __exa_s: ${macro}(__exa_s))[1]`];
    }
  }
  return [`${macro}(`, ')'];
}

/**
 * `CAST(x AS VARCHAR(n) | CHAR(n))` -> `CAST(EXA_FIT(EXA_STR(x), n) AS ...)`: the value as Exasol's text without a
 * format (TIMESTAMPs with 6 fraction digits); a text longer than n fails with 22001 (string data, right truncation). Runs after rewriteConcat, so the wrapper stays outside its CONCAT.
 */
export function wrapTextCasts(sig: Tok[], ranges: TextCast[]): void {
  for (const [from, to, cast, size, max] of ranges) {
    // CHAR(n) read as text (an operand of ||, LENGTH's argument) is blank-padded to n characters (docs.exasol.com,
    // String data types); elsewhere the value stays unpadded, as stored CHAR values are (the wire pads them; see
    // char-padding.ts). EXA_CHARPAD never cuts a longer value.
    const asText = (sig[cast]!.out.includes('EXA_STR(') || sig[cast]!.out.includes('list_transform([')) || (keyword(sig[cast - 2]) === 'LENGTH' && sig[cast - 1]?.text === '(');
    const pad = size !== undefined && asText;
    const [open, close] = strWrap(sig, from, to);
    // a longer text does not fit: 22001, as when it is stored (EXA_FIT)
    const fit = max !== undefined ? ['EXA_FIT(', `, ${max})`] : ['', ''];
    sig[from]!.out = (pad ? 'EXA_CHARPAD(' : '') + fit[0] + open + sig[from]!.out;
    sig[to - 1]!.out += close + fit[1] + (pad ? `, ${size})` : '');
  }
}

/**
 * Rewrites `TIMESTAMP '... .123456789'` literals with 7-9 fraction digits to DuckDB's `TIMESTAMP_NS`
 * literals (its TIMESTAMP literal keeps microseconds only).
 */
export function rewriteTimestampLiterals(sig: Tok[]): void {
  for (let i = 0; i + 1 < sig.length; i++) {
    const lit = sig[i + 1]!;
    if (keyword(sig[i]) !== 'TIMESTAMP' || lit.kind !== 'string' || sig[i - 1]?.text === '.') continue;
    if (/\.\d{7,9}\s*'$/.test(lit.text)) sig[i]!.out = 'TIMESTAMP_NS';
  }
}

const ARITHMETIC = new Set(['+', '-', '*', '/', '%', '::']);

/**
 * Exasol's `||` treats NULL as the empty string ('a' || NULL = 'a'); DuckDB's gives NULL. Chains of
 * simple operands `x || y || z` become `CONCAT(EXA_STR(x), EXA_STR(y), EXA_STR(z))` (EXA_STR: a value as
 * Exasol's text, TIMESTAMPs with 6 fraction digits); chains touching arithmetic (where operator
 * precedence would matter) are left alone.
 */
export function rewriteConcat(sig: Tok[], all: Tok[]): void {
  for (let i = 0; i < sig.length; i++) {
    if (sig[i]!.text !== '||') continue;
    const first = primaryStart(sig, i - 1);
    if (first < 0 || ARITHMETIC.has(sig[first - 1]?.text ?? '') || sig[first - 1]?.text === '||') continue;
    const bars: number[] = [];
    let j = i;
    let end = -1;
    let ok = true;
    while (sig[j]?.text === '||') {
      bars.push(j);
      const e = primaryEnd(sig, j + 1);
      if (e <= j + 1) {
        ok = false;
        break;
      }
      end = e;
      j = e;
    }
    if (!ok || ARITHMETIC.has(sig[end]?.text ?? '')) continue;
    if (sig[first]!.text === '-' || sig[first]!.text === '+') continue;
    // each operand as text the way Exasol converts it (EXA_STR: TIMESTAMPs with 6 fraction digits)
    const starts = [first, ...bars.map((b) => b + 1)];
    const ends = [...bars, end];
    starts.forEach((a, k) => {
      const [open, close] = strWrap(sig, a, ends[k]!);
      sig[a]!.out = open + sig[a]!.out;
      sig[ends[k]! - 1]!.out += close;
    });
    // '' is NULL also for the result: NULL || NULL stays NULL inside the statement (NVL(NULL || NULL, 'x') = 'x')
    sig[first]!.out = 'nullif(CONCAT(' + sig[first]!.out;
    for (const b of bars) sig[b]!.out = ',';
    sig[end - 1]!.out = sig[end - 1]!.out + "), '')";
    i = end - 1;
  }
}

/**
 * `x [NOT] LIKE pattern` without ESCAPE gets `ESCAPE '\'`: Exasol's default LIKE escape character is
 * the backslash (session attribute defaultLikeEscapeCharacter, wire-quirks.md §4), so `'a_b' LIKE
 * 'a\_b'` matches only a literal underscore; DuckDB has no default escape character. A pattern that is
 * not a single operand (`LIKE 'a' || x`) is left as it is. `CREATE TABLE t [(]LIKE s` is no predicate.
 */
export function rewriteLikeEscape(sig: Tok[]): void {
  for (let i = 1; i < sig.length; i++) {
    if (keyword(sig[i]) !== 'LIKE' || sig[i]!.kind !== 'word') continue;
    // CREATE TABLE t LIKE s / CREATE TABLE t (LIKE s, ...): no predicate
    if (keyword(sig[i - 2]) === 'TABLE' || keyword(sig[i - 4]) === 'TABLE' || sig[i - 1]!.text === '(' || sig[i - 1]!.text === ',') continue;
    const end = primaryEnd(sig, i + 1);
    if (end <= i + 1) continue;
    const after = sig[end];
    if (keyword(after) === 'ESCAPE') continue;
    const boundary = after === undefined || after.kind === 'word' || after.text === ')' || after.text === ',' || after.text === ';';
    if (boundary) sig[end - 1]!.out += " ESCAPE '\\'";
  }
}
