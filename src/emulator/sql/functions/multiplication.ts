/**
 * Multiplication with Exasol's result type: DECIMAL(p1,s1) * DECIMAL(p2,s2) is DECIMAL(min(36, p1 + p2), s1 + s2),
 * exact. DuckDB keeps a product of two DECIMALs of up to 18 digits in 18 digits (INT * INT is DECIMAL(18,0) there and
 * fails beyond 18 digits, where Exasol's DECIMAL(36,0) holds it and is sent as a string), and caps others at 38.
 * The operand types are only known to DuckDB's binder, so, as for divisions (division.ts):
 *  1. {@link markMultiplications} writes every binary `a * b` whose operands are not both literals as `EXA_MUL(a, b)`;
 *  2. {@link resolveMultiplications} asks the binder for the operand types of each call, innermost first, and writes
 *     the widened product where DuckDB's type differs (p1 + p2 > 18), the plain `*` elsewhere. A product beyond 36
 *     digits fails with 22002 (numeric value out of range).
 * The resolved text is remembered per schema and statement text until the next DDL, so a repeated statement binds once.
 */
import { keyword, significant, tokenize } from '../lexer';
import type { Tok } from '../rewrite/tokens';
import { MAX_DECIMAL_PRECISION } from '../types';
import { asDouble, resolveCalls, textArithmetic } from './probe-calls';
import { exactType, operandEnd, operandStart, type Binder, type Dec } from './division';
import { numericLiteralType } from './datetime-arithmetic';

/** The macro the marked text binds against while calls are resolved one by one. */
export const MULTIPLICATION_MACROS: string[] = ['CREATE OR REPLACE MACRO main.EXA_MUL(a, b) AS a * b'];

/** Words after which `*` is no operator (`SELECT *`, `DISTINCT *`). */
const NOT_AN_OPERAND = new Set(['SELECT', 'DISTINCT', 'ALL', 'BY', 'AND', 'OR', 'NOT', 'WHEN', 'THEN', 'ELSE', 'ON', 'WHERE', 'HAVING', 'AS', 'RETURNING', 'EXCLUDE', 'REPLACE', 'FROM']);
/** Operators binding tighter than `*` or of the same rank that make the operand extent unclear. */
const TIGHTER = new Set(['/', '%', '^', '**', '::', '[', '.', '!', '<<', '>>', '&', '|']);
/** A literal operand (already typed by typeLiteralArithmetic): DuckDB's type is Exasol's there. */
const LITERAL = /^(\d+(\.\d*)?|CAST\(\d+ AS DECIMAL\(\d+,0\)\))$/;

/** Whether the `*` at sig[i] is a binary multiplication. */
function binaryStar(sig: Tok[], i: number): boolean {
  const t = sig[i]!;
  if (t.kind !== 'punct' || t.text !== '*') return false;
  const p = sig[i - 1];
  const n = sig[i + 1];
  if (p === undefined || n === undefined || n.text === '*' || p.text === '*') return false;
  if (n.text === ')' || n.text === ',' || n.text === ';' || (n.kind === 'word' && NOT_AN_OPERAND.has(keyword(n)))) return false;
  if (p.kind === 'number' || p.kind === 'string' || p.kind === 'quoted' || p.kind === 'param' || p.text === ')') return true;
  return p.kind === 'word' && !NOT_AN_OPERAND.has(keyword(p));
}

/** Step 1: binary `a * b` as `EXA_MUL(a, b)` (a chain `a * b * c` nests from the left). */
export function markMultiplications(sql: string): string {
  if (!sql.includes('*')) return sql;
  const all: Tok[] = tokenize(sql).map((t) => ({ ...t, out: t.text }));
  const sig = significant(all) as Tok[];
  const text = (a: number, b: number): string => sql.slice(sig[a]!.offset, sig[b - 1]!.offset + sig[b - 1]!.text.length).replace(/\s+/g, ' ');
  let changed = false;
  for (let i = 1; i + 1 < sig.length; i++) {
    if (!binaryStar(sig, i)) continue;
    const end = operandEnd(sig, i + 1);
    if (end <= i + 1 || TIGHTER.has(sig[end]?.text ?? '')) continue;
    // the left operand: the chain of earlier products (a * b * c is (a * b) * c)
    let start = operandStart(sig, i - 1);
    while (start > 1 && sig[start - 1]!.text === '*' && binaryStar(sig, start - 1)) start = operandStart(sig, start - 2);
    if (start < 0 || TIGHTER.has(sig[start - 1]?.text ?? '') || !standsAlone(sig[start - 1])) continue;
    if (LITERAL.test(text(operandStart(sig, i - 1), i)) && LITERAL.test(text(i + 1, end))) continue;
    sig[start]!.out = 'EXA_MUL(' + sig[start]!.out;
    sig[i]!.out = ',';
    sig[end - 1]!.out += ')';
    changed = true;
  }
  return changed ? all.map((t) => t.out).join('') : sql;
}

/** Words after which an operand starts an expression. */
const BEFORE_WORDS = new Set([
  'SELECT', 'WHERE', 'AND', 'OR', 'NOT', 'WHEN', 'THEN', 'ELSE', 'ON', 'BY', 'HAVING', 'RETURN', 'SET', 'CASE', 'IS', 'BETWEEN', 'LIKE',
  'DISTINCT', 'ALL', 'ANY', 'SOME', 'LIMIT', 'OFFSET', 'IN', 'VALUES', 'QUALIFY', 'EXISTS',
]);

/**
 * Whether an operand after `before` starts a term of its own: not a unit after a value (`INTERVAL 1 DAY * n`), not a
 * signed operand (`-a * b` stays DuckDB's), not one bound to a tighter operator.
 */
function standsAlone(before: Tok | undefined): boolean {
  if (before === undefined) return true;
  if (before.kind === 'word') return BEFORE_WORDS.has(keyword(before));
  if (before.kind === 'punct') return ['(', ',', '+', '=', '<', '>', '<=', '>=', '<>', '!=', '||'].includes(before.text);
  return false;
}

/** Whether a DuckDB text still needs {@link resolveMultiplications}. */
export const hasMultiplications = (sql: string): boolean => sql.includes('EXA_MUL(');

/**
 * Exasol's type of an operand: a numeric literal is the smallest DECIMAL holding its value (`2` DECIMAL(1,0), which
 * DuckDB calls INTEGER; `1.50` DECIMAL(2,1), which DuckDB calls DECIMAL(3,2)), else the bound type.
 */
function operandType(text: string, duckType: string): Dec | undefined {
  const literal = /^(INTEGER|BIGINT|HUGEINT|DECIMAL)/.test(duckType) ? numericLiteralType(text) : undefined;
  return literal ?? exactType(duckType);
}

/** Whether DuckDB's type of an operand differs from Exasol's (a literal DuckDB types otherwise). */
const retyped = (t: Dec, duckType: string): boolean => {
  const d = exactType(duckType);
  return d === undefined || d.p !== t.p || d.s !== t.s;
};

/** Step 2: every EXA_MUL call as Exasol's exact product or the plain operator; `cache` maps `key` to the result. */
export async function resolveMultiplications(sql: string, bind: Binder, cache: Map<string, string>, key: string): Promise<string> {
  const known = cache.get(key);
  if (known !== undefined) return known;
  const out = await resolveCalls(sql, new Set(['EXA_MUL']), bind, (_name, a, b, types) => {
    // a string operand is read as a number: a DOUBLE product (as in a division; an assumption)
    if (types && textArithmetic(types)) return `(${asDouble(a, types[0])} * ${asDouble(b, types[1])})`;
    // only where a DECIMAL takes part: integer products (LENGTH(s) * 2) stay DuckDB integers, which its functions want
    const decimal = types !== undefined && types.some((t) => /^DECIMAL/.test(t));
    const ta = decimal ? operandType(a, types[0]) : undefined;
    const tb = decimal ? operandType(b, types[1]) : undefined;
    // DuckDB's product differs where it caps at 18 digits or where an operand's type is not Exasol's
    if (types && ta && tb && (ta.p + tb.p > 18 || retyped(ta, types[0]) || retyped(tb, types[1])) && ta.s + tb.s <= MAX_DECIMAL_PRECISION) {
      const p = Math.min(MAX_DECIMAL_PRECISION, ta.p + tb.p);
      return `CAST(CAST(${a} AS DECIMAL(38,${ta.s})) * CAST(${b} AS DECIMAL(${tb.p},${tb.s})) AS DECIMAL(${p},${ta.s + tb.s}))`;
    }
    return `((${a}) * (${b}))`;
  });
  if (cache.size >= 1000) cache.clear();
  cache.set(key, out);
  return out;
}
