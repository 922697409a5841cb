/**
 * Division with Exasol's result types: `a / b` of two exact numbers is a DECIMAL, computed exactly
 * (never through a DOUBLE) and rounded half away from zero; with a DOUBLE (or a string) on either side
 * it stays a DOUBLE. DuckDB divides DECIMALs as DOUBLEs, and its operand types are only known once the
 * statement is bound, so this happens in two steps:
 *  1. {@link markDivisions} (on the finished DuckDB text) writes every `a / b` as `EXA_DIV(a, b)` (a
 *     macro dividing as DOUBLE, with Exasol's division-by-zero error) and gives plain integer literals
 *     their Exasol type (`100` is DECIMAL(3,0));
 *  2. {@link resolveDivisions} asks DuckDB's binder for the operand types of each EXA_DIV call, innermost
 *     first, and replaces it by the exact DECIMAL division of {@link divisionType}, or by the DOUBLE one.
 *
 * The result type rule is the emulator's assumption (docs.exasol.com does not document one; see the
 * README's fidelity notes): scale max(6, s1 + p2 + 1), integer digits p1 - s1 + s2, capped at 36 digits
 * by giving up scale down to 6.
 */
import { keyword, significant, tokenize } from '../lexer';
import { primaryEnd, primaryStart, type Tok } from '../rewrite/tokens';
import { derivedType, MAX_DECIMAL_PRECISION } from '../types';
import { asDouble, resolveCalls, TEXT_TYPE, type Binder } from './probe-calls';

/** Precision and scale of a DECIMAL. */
export interface Dec {
  p: number;
  s: number;
}

/** The emulator's result type of DECIMAL(p1,s1) / DECIMAL(p2,s2). */
export function divisionType(a: Dec, b: Dec): Dec {
  const int = a.p - a.s + b.s;
  let s = Math.max(6, a.s + b.p + 1);
  if (int + s <= MAX_DECIMAL_PRECISION) return { p: int + s, s };
  s = Math.max(MAX_DECIMAL_PRECISION - int, Math.min(s, 6));
  return { p: MAX_DECIMAL_PRECISION, s: Math.min(s, MAX_DECIMAL_PRECISION) };
}

/** Index of the CASE that the END at sig[end] closes, or -1. */
export function caseStart(sig: Tok[], end: number): number {
  let depth = 0;
  for (let j = end; j >= 0; j--) {
    const k = keyword(sig[j]);
    if (k === 'END') depth++;
    else if (k === 'CASE' && --depth === 0) return j;
  }
  return -1;
}

/** End (exclusive) of the CASE expression starting at sig[i], or i. */
export function caseEnd(sig: Tok[], i: number): number {
  let depth = 0;
  for (let j = i; j < sig.length; j++) {
    const k = keyword(sig[j]);
    if (k === 'CASE') depth++;
    else if (k === 'END' && --depth === 0) return j + 1;
  }
  return i;
}

/** Words that can stand before a parenthesis without being a function name. */
const NOT_A_FUNCTION = new Set([
  'SELECT', 'WHERE', 'AND', 'OR', 'NOT', 'ON', 'WHEN', 'THEN', 'ELSE', 'CASE', 'BY', 'IN', 'AS', 'FROM', 'HAVING', 'DISTINCT', 'ALL', 'ANY',
  'SOME', 'EXISTS', 'BETWEEN', 'LIKE', 'IS', 'SET', 'VALUES', 'JOIN', 'USING', 'OVER', 'LIMIT', 'OFFSET', 'RETURN', 'QUALIFY', 'WITH',
]);

/** Start of the operand ending at sig[end]: a primary or a CASE ... END. */
export function operandStart(sig: Tok[], end: number): number {
  if (keyword(sig[end]) === 'END') return caseStart(sig, end);
  const start = primaryStart(sig, end);
  return start >= 0 && sig[start + 1]?.text === '(' && NOT_A_FUNCTION.has(keyword(sig[start])) ? start + 1 : start;
}

/** End (exclusive) of the operand starting at sig[i]. */
export function operandEnd(sig: Tok[], i: number): number {
  const j = sig[i]?.text === '-' || sig[i]?.text === '+' ? i + 1 : i;
  return keyword(sig[j]) === 'CASE' ? caseEnd(sig, j) : primaryEnd(sig, i);
}

const isOp = (t: Tok | undefined, op: string): boolean => t !== undefined && t.kind === 'punct' && t.text === op;

/** Whether sig[i] is one half of DuckDB's integer division `//`. */
function halfOfIntegerDivision(sig: Tok[], i: number): boolean {
  const t = sig[i]!;
  const prev = sig[i - 1];
  const next = sig[i + 1];
  return (isOp(prev, '/') && prev!.offset + 1 === t.offset) || (isOp(next, '/') && t.offset + 1 === next!.offset);
}

/** Start of the left operand of the `/` at sig[i]: the whole multiplicative chain before it (`a * b / c`). */
function leftOperand(sig: Tok[], i: number): number {
  let end = i - 1;
  for (;;) {
    const start = operandStart(sig, end);
    if (start < 0) return -1;
    const before = sig[start - 1];
    if ((isOp(before, '*') || isOp(before, '%') || isOp(before, '/')) && !halfOfIntegerDivision(sig, start - 1)) {
      end = start - 2;
      continue;
    }
    return start;
  }
}

/** A plain integer literal gets its Exasol type (digits, scale 0); DuckDB would call it INTEGER. */
function typeLiteral(t: Tok): void {
  if (t.kind !== 'number' || !/^\d+$/.test(t.text)) return;
  const digits = t.text.replace(/^0+(?=\d)/, '').length;
  if (digits <= MAX_DECIMAL_PRECISION) t.out = t.out.replace(t.text, `CAST(${t.text} AS DECIMAL(${digits},0))`);
}

/**
 * `99999 * 99999`, `2147483647 + 1`: integer literals on both sides of `*`, `+` or `-` get their Exasol
 * type (DECIMAL(digits,0)), so DuckDB computes a DECIMAL wide enough (DECIMAL(10,0) here) instead of
 * overflowing its INTEGER (Exasol's 60 * 60 * 24 * 365 * 1000 is 31536000000, not an error).
 */
export function typeLiteralArithmetic(sql: string): string {
  if (!/\d\s*[*+-]\s*\d/.test(sql)) return sql;
  const all: Tok[] = tokenize(sql).map((t) => ({ ...t, out: t.text }));
  const sig = significant(all) as Tok[];
  let changed = false;
  const integer = (t: Tok | undefined): boolean => t !== undefined && t.kind === 'number' && /^\d+$/.test(t.text);
  for (let i = 1; i + 1 < sig.length; i++) {
    if (!(isOp(sig[i], '*') || isOp(sig[i], '+') || isOp(sig[i], '-')) || !integer(sig[i - 1]) || !integer(sig[i + 1])) continue;
    if (laterArgument(sig, i - 1) || ['LIMIT', 'OFFSET'].includes(keyword(sig[i - 2]))) continue; // ROUND(x, 1 + 1) wants an INTEGER
    // a literal bound tighter to its other side (x // 7 + 1, 2 + 3::INT, 1 + 2 % 3) keeps DuckDB's type
    if (TIGHTER.has(sig[i - 2]?.text ?? '') || TIGHTER.has(sig[i + 2]?.text ?? '') || (!isOp(sig[i], '*') && sig[i + 2]?.text === '*')) continue;
    for (const t of [sig[i - 1]!, sig[i + 1]!]) if (t.out === t.text) typeLiteral(t);
    // DuckDB keeps a product of two DECIMALs of up to 18 digits in 18 digits: widen the left one beyond
    const digits = (t: Tok): number => t.text.replace(/^0+(?=\d)/, '').length;
    const wide = digits(sig[i - 1]!) + digits(sig[i + 1]!);
    if (isOp(sig[i], '*') && wide > 18 && wide <= MAX_DECIMAL_PRECISION) sig[i - 1]!.out = `CAST(${sig[i - 1]!.text} AS DECIMAL(${wide},0))`;
    changed = true;
  }
  return changed ? all.map((t) => t.out).join('') : sql;
}

/** Operators (and brackets) binding tighter than `+`/`-`/`*` or working on integers only. */
const TIGHTER = new Set(['/', '%', '::', '^', '**', '<<', '>>', '&', '|', '[', ']', '.', '!']);

/** Functions whose later arguments DuckDB takes as INTEGERs only (digits, lengths, offsets). */
const INTEGER_PARAMETERS = new Set(['ROUND', 'TRUNC', 'TRUNCATE', 'SUBSTR', 'SUBSTRING', 'LEFT', 'RIGHT', 'REPEAT', 'LAG', 'LEAD', 'NTILE', 'NTH_VALUE', 'LPAD', 'RPAD']);

/** Whether sig[k] is in the second or a later argument of a call of {@link INTEGER_PARAMETERS}. */
function laterArgument(sig: Tok[], k: number): boolean {
  let depth = 0;
  let comma = false;
  for (let j = k - 1; j >= 0; j--) {
    const t = sig[j]!.text;
    if (t === ')') depth++;
    else if (t === '(') {
      if (depth === 0) return comma && INTEGER_PARAMETERS.has(keyword(sig[j - 1]));
      depth--;
    } else if (t === ',' && depth === 0) comma = true;
  }
  return false;
}

/** Step 1: every `a / b` of a DuckDB statement text as `EXA_DIV(a, b)` (see the file comment). */
export function markDivisions(sql: string): string {
  if (!sql.includes('/')) return sql;
  const all: Tok[] = tokenize(sql).map((t) => ({ ...t, out: t.text }));
  const sig = significant(all) as Tok[];
  let changed = false;
  for (let i = 1; i < sig.length; i++) {
    if (!isOp(sig[i], '/') || halfOfIntegerDivision(sig, i)) continue;
    const end = operandEnd(sig, i + 1);
    if (end <= i + 1) continue;
    const start = leftOperand(sig, i);
    changed = true;
    if (start < 0) {
      // no left operand found (a subscript, ...): at least Exasol's division-by-zero error
      sig[i + 1]!.out = 'EXA_NZ(' + sig[i + 1]!.out;
      sig[end - 1]!.out += ')';
      continue;
    }
    if (start === i - 1) typeLiteral(sig[start]!);
    if (end === i + 2) typeLiteral(sig[i + 1]!);
    else if (end === i + 3 && (isOp(sig[i + 1], '-') || isOp(sig[i + 1], '+'))) typeLiteral(sig[i + 2]!);
    sig[start]!.out = 'EXA_DIV(' + sig[start]!.out;
    sig[i]!.out = ',';
    sig[end - 1]!.out += ')';
  }
  return changed ? all.map((t) => t.out).join('') : sql;
}

/** The Exasol DECIMAL type of a DuckDB type name as the binder prints it, or undefined when not exact. */
export function exactType(duck: string): Dec | undefined {
  const t = derivedType(duck.trim().replace(/_LITERAL$/, ''));
  return t.type === 'DECIMAL' ? { p: t.precision ?? 18, s: t.scale ?? 0 } : undefined;
}

const pow10 = (n: number): string => '1' + '0'.repeat(n);

/** The unscaled BIGINT of a DECIMAL(p,s) value known to be below 10^18 (s < 18). */
const unscaled64 = (x: string, s: number): string => (s === 0 ? `CAST(${x} AS BIGINT)` : `CAST(CAST(${x} AS DECIMAL(18,${s})) * ${pow10(s)} AS BIGINT)`);

/**
 * DuckDB text of a / b for DECIMAL operands, or undefined when the rule gives no usable type. The
 * quotient is computed on the unscaled integers: in 64 bits when the values are small enough (most
 * rows, fast), else by long division in 128 bits; then scaled to DECIMAL(p,s) without a DOUBLE.
 */
function exactDivision(a: string, ta: Dec, b: string, tb: Dec): string | undefined {
  const r = divisionType(ta, tb);
  const k = r.s + tb.s - ta.s;
  if (k < 0) return undefined;
  const slow = `EXA_Q128(EXA_UNSCALED(__d.a), EXA_UNSCALED(__d.b), ${k})`;
  const fastA = 18 - k - ta.s;
  const fastB = 18 - tb.s;
  const q64 = `EXA_Q64(${unscaled64('__d.a', ta.s)}, ${unscaled64('__d.b', tb.s)}, CAST(${pow10(k)} AS BIGINT))`;
  // the types alone may bound the values below 10^18: then 64 bits always do
  const q =
    ta.p + k <= 18 && tb.p <= 18
      ? q64
      : fastA >= 0 && fastB >= 1
      ? `CASE WHEN abs(__d.a) < ${pow10(fastA)} AND abs(__d.b) < ${pow10(fastB)} ` +
        `THEN CAST(${q64} AS HUGEINT) ELSE ${slow} END`
      : slow;
  const xa = `CAST(${a} AS DECIMAL(${ta.p},${ta.s}))`;
  const xb = `CAST(EXA_NZ(${b}) AS DECIMAL(${tb.p},${tb.s}))`;
  // operands written out where they are used (DuckDB evaluates them once; a lambda would be ~8x slower),
  // bound once through a lambda only when they are long (nested divisions would multiply the text)
  const quotient =
    xa.length + xb.length < 2000
      ? q.replace(/__d\.([ab])/g, (_m, w: string) => (w === 'a' ? xa : xb))
      : `list_transform([{'a': ${xa}, 'b': ${xb}}], lambda __d: ${q})[1]`;
  if (r.s === 0) return `CAST(${quotient} AS DECIMAL(${r.p},0))`;
  if (r.p + r.s <= 38) return `CAST(CAST(${quotient} AS DECIMAL(${r.p},0)) * CAST(0.${'0'.repeat(r.s - 1)}1 AS DECIMAL(${r.s},${r.s})) AS DECIMAL(${r.p},${r.s}))`;
  return `CAST(EXA_DECTEXT(${quotient}, ${r.s}) AS DECIMAL(${r.p},${r.s}))`;
}

export type { Binder } from './probe-calls';

/** Step 2: replaces every EXA_DIV call by the exact DECIMAL division or the DOUBLE one (see the file comment). */
export function resolveDivisions(sql: string, bind: Binder): Promise<string> {
  return resolveCalls(sql, new Set(['EXA_DIV']), bind, (_name, a, b, types) => {
    const ta = types && exactType(types[0]);
    const tb = types && exactType(types[1]);
    // a string operand is read as a number (a DOUBLE division)
    if (types && types.some((t) => TEXT_TYPE.test(t))) return `EXA_DDIV(${asDouble(a, types[0])}, ${asDouble(b, types[1])})`;
    return (ta && tb && exactDivision(a, ta, b, tb)) || `EXA_DDIV(${a}, ${b})`;
  });
}

/** Whether a DuckDB text still needs {@link resolveDivisions}. */
export const hasDivisions = (sql: string): boolean => sql.includes('EXA_DIV(');
