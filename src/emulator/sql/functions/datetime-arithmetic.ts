/**
 * `datetime + n` and `datetime - n` with a number of days, as Exasol computes them under its default
 * TIMESTAMP_ARITHMETIC_BEHAVIOR = 'INTERVAL' (docs.exasol.com, Arithmetic Operators): the number is
 * rounded to an integer and that many whole days are added, like ADD_DAYS; a DATE stays a DATE, a
 * TIMESTAMP a TIMESTAMP. DuckDB adds integers to DATEs only, and refuses TIMESTAMP + n and DATE + 1.5.
 *
 * The operand types are only known to DuckDB's binder, so statements are handled only when their text
 * fails to bind with DuckDB's error for exactly that (see {@link isDatetimeArithmeticError}); then:
 *  1. {@link markAdditions} writes each binary `a + b` / `a - b` as `EXA_ADD(a, b)` / `EXA_SUB(a, b)`;
 *  2. {@link resolveAdditions} asks the binder for the operand types of each call, innermost first, and
 *     writes `ADD_DAYS(...)` where a DATE/TIMESTAMP meets a number, the plain operator elsewhere.
 */
import { keyword, significant, tokenize } from '../lexer';
import type { Tok } from '../rewrite/tokens';
import { resolveCalls } from './probe-calls';
import { operandEnd, operandStart, type Binder } from './division';

/**
 * Macros the marked text binds against while calls are resolved one by one: any argument types, a NULL
 * (the arguments are used, so DuckDB binds them and a probe inside one is reached).
 */
export const ADDITION_MACROS: string[] = [
  'CREATE OR REPLACE MACRO main.EXA_ADD(a, b) AS CASE WHEN a IS NULL AND b IS NULL THEN NULL END',
  'CREATE OR REPLACE MACRO main.EXA_SUB(a, b) AS CASE WHEN a IS NULL AND b IS NULL THEN NULL END',
];

const DATETIME = /^(DATE|TIMESTAMP)/;
const NUMBER = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|DECIMAL|DOUBLE|FLOAT)/;

/** Whether a DuckDB binder error is `+`/`-` refused between a DATE/TIMESTAMP and a number. */
export function isDatetimeArithmeticError(message: string): boolean {
  const m = /No function matches the given name and argument types '([+-])\((.*)\)'/.exec(message);
  if (!m) return false;
  const types = m[2]!.split(/,(?![^(]*\))/).map((s) => s.trim());
  return types.length === 2 && types.some((t) => DATETIME.test(t)) && types.some((t) => NUMBER.test(t));
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

/** Step 2: every EXA_ADD/EXA_SUB call as ADD_DAYS (a DATE/TIMESTAMP and a number) or the plain operator. */
export function resolveAdditions(sql: string, bind: Binder): Promise<string> {
  return resolveCalls(sql, new Set(['EXA_ADD', 'EXA_SUB']), bind, (name, a, b, types) => {
    const plus = name === 'EXA_ADD';
    // TIMESTAMP WITH TIME ZONE (CURRENT_TIMESTAMP, NOW()): whole days as an interval; the rest through ADD_DAYS
    const days = (d: string, type: string, n: string): string =>
      /WITH TIME ZONE/.test(type) ? `(${d} + CAST(${n} AS INTEGER) * INTERVAL 1 DAY)` : `ADD_DAYS(${d}, ${n})`;
    if (types && DATETIME.test(types[0]) && NUMBER.test(types[1])) return days(a, types[0], `${plus ? '' : '-'}(${b})`);
    if (types && plus && NUMBER.test(types[0]) && DATETIME.test(types[1])) return days(b, types[1], a);
    return `((${a}) ${plus ? '+' : '-'} (${b}))`;
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

/**
 * The statement text with its datetime +/- numbers rewritten when DuckDB refuses it for exactly that
 * (one extra bind); texts that bind are remembered in `plain` under `key` (the caller's schema and the
 * text), so a repeated statement pays the bind once.
 */
export async function resolveDatetimeArithmetic(sql: string, bind: Binder, plain: Set<string>, key: string): Promise<string> {
  if (plain.has(key)) return sql;
  const message = await bind(sql);
  if (message !== undefined && isDatetimeArithmeticError(message)) return resolveAdditions(markAdditions(sql), bind);
  if (message === undefined) {
    if (plain.size >= 1000) plain.clear();
    plain.add(key);
  }
  return sql;
}
