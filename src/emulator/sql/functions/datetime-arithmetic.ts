/**
 * `datetime + n` and `datetime - n` with a number of days, as Exasol computes them under its default
 * TIMESTAMP_ARITHMETIC_BEHAVIOR = 'INTERVAL' (docs.exasol.com, Arithmetic Operators): the number is
 * rounded to an integer and that many whole days are added, like ADD_DAYS; a DATE stays a DATE, a
 * TIMESTAMP a TIMESTAMP. DuckDB adds integers to DATEs only, and refuses TIMESTAMP + n and DATE + 1.5.
 *
 * Sums and differences of exact numbers get Exasol's result type too (see {@link sumType}): DuckDB keeps
 * DECIMAL(18,0) + 1 in 18 digits and casts DECIMAL(18,0) + DECIMAL(10,5) to DECIMAL(18,5), where Exasol
 * has DECIMAL(19,0) and DECIMAL(24,5).
 *
 * The operand types are only known to DuckDB's binder, so:
 *  1. {@link markAdditions} writes each binary `a + b` / `a - b` as `EXA_ADD(a, b)` / `EXA_SUB(a, b)`;
 *  2. {@link resolveAdditions} asks the binder for the operand types of each call, innermost first, and
 *     writes `ADD_DAYS(...)` where a DATE/TIMESTAMP meets a number, the exact sum where a DECIMAL meets an
 *     exact number, the plain operator elsewhere.
 * The resolved text is remembered per schema and statement text until the next DDL, so a repeated
 * statement binds once.
 */
import { keyword, significant, tokenize } from '../lexer';
import type { Tok } from '../rewrite/tokens';
import { asDouble, NUMERIC_TYPE, resolveCalls, TEXT_TYPE, textArithmetic } from './probe-calls';
import { MAX_DECIMAL_PRECISION } from '../types';
import { exactType, operandEnd, operandStart, type Binder, type Dec } from './division';

/**
 * Macros the marked text binds against while calls are resolved one by one: any argument types, a NULL
 * (the arguments are used, so DuckDB binds them and a probe inside one is reached).
 */
export const ADDITION_MACROS: string[] = [
  'CREATE OR REPLACE MACRO main.EXA_ADD(a, b) AS CASE WHEN a IS NULL AND b IS NULL THEN NULL END',
  'CREATE OR REPLACE MACRO main.EXA_SUB(a, b) AS CASE WHEN a IS NULL AND b IS NULL THEN NULL END',
];

const DATETIME = /^(DATE|TIMESTAMP)/;
const NUMBER = NUMERIC_TYPE;

const TEXT = TEXT_TYPE;

/**
 * Whether a DuckDB binder error is `+`/`-` refused between a DATE/TIMESTAMP and a number, or between a string and a
 * number ('5' + 1: Exasol converts the string).
 */
export function isDatetimeArithmeticError(message: string): boolean {
  const m =
    /No function matches the given name and argument types '([+-])\((.*)\)'/.exec(message) ??
    /Could not choose a best candidate function for the function call "([+-])\((.*)\)"/.exec(message);
  if (!m) return false;
  const types = m[2]!.split(/,(?![^(]*\))/).map((s) => s.trim());
  if (types.length !== 2) return false;
  return (types.some((t) => DATETIME.test(t)) && types.some((t) => NUMBER.test(t))) || (types.some((t) => TEXT.test(t)) && types.every((t) => TEXT.test(t) || NUMBER.test(t)));
}

/** Words after which `+`/`-` is a sign, not an operator. */
const BEFORE_EXPRESSION = new Set([
  'SELECT', 'WHERE', 'AND', 'OR', 'NOT', 'WHEN', 'THEN', 'ELSE', 'ON', 'BY', 'HAVING', 'RETURN', 'SET', 'CASE', 'IS', 'BETWEEN', 'LIKE',
  'DISTINCT', 'ALL', 'ANY', 'SOME', 'LIMIT', 'OFFSET', 'INTERVAL', 'IN', 'VALUES', 'AS', 'QUALIFY', 'EXISTS',
]);
const MULTIPLICATIVE = new Set(['*', '/', '%']);
/** Punctuation that may stand right before a left operand or right after a right operand. */
const BOUNDARY = new Set(['(', ')', ',', '=', '<', '>', '<=', '>=', '<>', '!=', '||', ';']);

const isOperator = (t: Tok | undefined, op?: string): boolean => t !== undefined && t.kind === 'punct' && (op === undefined ? t.text === '+' || t.text === '-' : t.text === op);

/** Whether the `+`/`-` at sig[i] is binary: something that ends an operand stands before it. */
function binary(sig: Tok[], i: number): boolean {
  const p = sig[i - 1];
  if (p === undefined) return false;
  if (p.kind === 'number' || p.kind === 'string' || p.kind === 'quoted' || p.kind === 'param' || p.text === ')') return true;
  return p.kind === 'word' && !BEFORE_EXPRESSION.has(keyword(p));
}

/** Start of the operand ending at sig[end] (a product of primaries), or -1 when it cannot be told. */
function leftStart(sig: Tok[], end: number): number {
  let start = operandStart(sig, end);
  while (start > 1 && MULTIPLICATIVE.has(sig[start - 1]!.text)) start = operandStart(sig, start - 2);
  if (start < 0) return -1;
  // a sign belongs to the operand (-1 + 2 is (-1) + 2)
  while (isOperator(sig[start - 1]) && !binary(sig, start - 1)) start--;
  const before = sig[start - 1];
  if (before === undefined || before.kind === 'word' || isOperator(before) || (before.kind === 'punct' && BOUNDARY.has(before.text))) return start;
  return -1;
}

/** End (exclusive) of the operand starting at sig[i] (a product of primaries), or -1 when it cannot be told. */
function rightEnd(sig: Tok[], i: number): number {
  let end = operandEnd(sig, i);
  if (end <= i) return -1;
  while (MULTIPLICATIVE.has(sig[end]?.text ?? '') && sig[end]!.kind === 'punct') {
    const next = operandEnd(sig, end + 1);
    if (next <= end + 1) return -1;
    end = next;
  }
  const after = sig[end];
  if (after === undefined || after.kind === 'word' || after.kind === 'quoted' || isOperator(after) || (after.kind === 'punct' && BOUNDARY.has(after.text))) return end;
  return -1;
}

/** Step 1: the first unmarked binary `a + b` / `a - b` as a call, repeatedly (left to right, so `a - b + c` nests). */
export function markAdditions(sql: string): string {
  const done = new Set<number>();
  for (let guard = 0; guard < 1000; guard++) {
    const all: Tok[] = tokenize(sql).map((t) => ({ ...t, out: t.text }));
    const sig = significant(all) as Tok[];
    let changed = false;
    for (let i = 1; i < sig.length; i++) {
      if (!isOperator(sig[i]) || done.has(sig[i]!.offset) || !binary(sig, i)) continue;
      const start = leftStart(sig, i - 1);
      const end = rightEnd(sig, i + 1);
      if (start < 0 || end < 0) {
        done.add(sig[i]!.offset);
        continue;
      }
      sig[start]!.out = `${sig[i]!.text === '+' ? 'EXA_ADD' : 'EXA_SUB'}(` + sig[start]!.out;
      sig[i]!.out = ',';
      sig[end - 1]!.out += ')';
      changed = true;
      break;
    }
    if (!changed) return sql;
    sql = all.map((t) => t.out).join('');
    // offsets of later tokens moved: what was skipped is skipped again at no cost (it fails the same checks)
    done.clear();
  }
  return sql;
}

/**
 * Exasol's type of DECIMAL(p1,s1) + DECIMAL(p2,s2) and of the difference (Exasol Solution Center SOL-79: the scale of
 * the more precise operand, one integer digit more than the wider integer part; (12,0) + (15,9) is (22,9)), at most
 * 36 digits (Exasol's largest DECIMAL; a value beyond them fails with 22002).
 */
export function sumType(a: Dec, b: Dec): Dec {
  const s = Math.max(a.s, b.s);
  return { p: Math.min(MAX_DECIMAL_PRECISION, Math.max(a.p - a.s, b.p - b.s) + 1 + s), s };
}

/**
 * Exasol's type of a numeric literal (docs.exasol.com, Numeric literals: the smallest DECIMAL that holds the value
 * exactly): `1` is DECIMAL(1,0), `1.0` DECIMAL(1,0), `2.50` DECIMAL(2,1), `0.05` DECIMAL(2,2); undefined for
 * anything else (an exponent makes a DOUBLE).
 */
export function numericLiteralType(text: string): Dec | undefined {
  const m = /^(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!m || (m[1] === '' && (m[2] ?? '') === '')) return undefined;
  const int = m[1]!.replace(/^0+/, '').length;
  const s = (m[2] ?? '').replace(/0+$/, '').length;
  return int + s <= MAX_DECIMAL_PRECISION ? { p: Math.max(1, int + s), s } : undefined;
}

/** Exasol's type of an operand: a numeric literal has its literal type (DuckDB calls `1` INTEGER), else the bound type's. */
function exactOperand(text: string, duckType: string): Dec | undefined {
  const literal = /^(INTEGER|BIGINT|HUGEINT|DECIMAL)/.test(duckType) ? numericLiteralType(text) : undefined;
  return literal ?? exactType(duckType);
}

/** The exact sum or difference of two exact operands in Exasol's type, or undefined when neither is a DECIMAL. */
function exactSum(plus: boolean, a: string, b: string, types: [string, string]): string | undefined {
  // only where a DECIMAL takes part: integer sums (LENGTH(s) + 1) stay DuckDB integers, which its functions want
  if (!types.some((t) => /^DECIMAL/.test(t))) return undefined;
  const ta = exactOperand(a, types[0]);
  const tb = exactOperand(b, types[1]);
  if (!ta || !tb) return undefined;
  const r = sumType(ta, tb);
  const wide = (x: string): string => `CAST(${x} AS DECIMAL(38,${r.s}))`;
  return `CAST(${wide(a)} ${plus ? '+' : '-'} ${wide(b)} AS DECIMAL(${r.p},${r.s}))`;
}

/** Step 2: every EXA_ADD/EXA_SUB call as ADD_DAYS (a DATE/TIMESTAMP and a number), the exact DECIMAL sum, or the plain operator. */
export function resolveAdditions(sql: string, bind: Binder): Promise<string> {
  return resolveCalls(sql, new Set(['EXA_ADD', 'EXA_SUB']), bind, (name, a, b, types) => {
    const plus = name === 'EXA_ADD';
    // TIMESTAMP WITH TIME ZONE (CURRENT_TIMESTAMP, NOW()): whole days as an interval; the rest through ADD_DAYS
    const days = (d: string, type: string, n: string): string =>
      /WITH TIME ZONE/.test(type) ? `(${d} + CAST(${n} AS INTEGER) * INTERVAL 1 DAY)` : `ADD_DAYS(${d}, ${n})`;
    if (types && DATETIME.test(types[0]) && NUMBER.test(types[1])) return days(a, types[0], `${plus ? '' : '-'}(${b})`);
    if (types && plus && NUMBER.test(types[0]) && DATETIME.test(types[1])) return days(b, types[1], a);
    // a string and a number (or two strings): the strings read as numbers, a DOUBLE (as in a division; an assumption)
    if (types && textArithmetic(types)) return `(${asDouble(a, types[0])} ${plus ? '+' : '-'} ${asDouble(b, types[1])})`;
    return (types && exactSum(plus, a, b, types)) ?? `((${a}) ${plus ? '+' : '-'} (${b}))`;
  });
}

const QUERY_OR_DML = new Set(['SELECT', 'WITH', 'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'VALUES', '(']);

/** Whether a DuckDB text is a query or DML statement with a binary `+`/`-` (so it may add days to a datetime). */
export function mayAddDays(sql: string): boolean {
  if (!sql.includes('+') && !sql.includes('-')) return false;
  const sig = significant(tokenize(sql)) as Tok[];
  if (!QUERY_OR_DML.has(sig[0]?.text === '(' ? '(' : keyword(sig[0]))) return false;
  return sig.some((t, i) => isOperator(t) && binary(sig, i));
}

/** Number of binary `+`/`-` in a text. */
function binaryAdditions(sql: string): number {
  const sig = significant(tokenize(sql)) as Tok[];
  return sig.filter((t, i) => isOperator(t) && binary(sig, i)).length;
}

/**
 * Most binary `+`/`-` a statement that binds as it is gets typed (one bind each, the first time its text runs): a
 * generated statement with hundreds of sums keeps DuckDB's types instead of paying a bind per sum (200 took ~1.5 s).
 */
export const MAX_TYPED_SUMS = 32;

/**
 * The statement text with its +/- typed as Exasol types them: datetime +/- numbers as days, DECIMAL sums in Exasol's
 * type (see the file comment). Resolved texts are remembered in `cache` under `key` (the caller's schema and the
 * text), so a repeated statement pays its binds once.
 */
export async function resolveDatetimeArithmetic(sql: string, bind: Binder, cache: Map<string, string>, key: string): Promise<string> {
  const known = cache.get(key);
  if (known !== undefined) return known;
  const message = await bind(sql);
  // a text that does not bind for another reason keeps its own error
  if (message !== undefined && !isDatetimeArithmeticError(message)) return sql;
  const out = message === undefined && binaryAdditions(sql) > MAX_TYPED_SUMS ? sql : await resolveAdditions(markAdditions(sql), bind);
  if (cache.size >= 1000) cache.clear();
  cache.set(key, out);
  return out;
}
