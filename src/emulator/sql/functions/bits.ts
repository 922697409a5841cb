/**
 * Exasol's bit functions (docs.exasol.com, BIT_AND ... BIT_TO_NUM): numbers are unsigned 64-bit values (0 to
 * 18446744073709551615), bit positions and shift counts 0 to 63; the numeric results are DECIMAL(20,0),
 * BIT_CHECK's a BOOLEAN. DuckDB computes on UBIGINT. A value out of range is a 22002 data exception. NULL in, NULL
 * out. BIT_AND / BIT_OR / BIT_XOR with two arguments are renamed to EXA_BIT_* (DuckDB's names are aggregates);
 * BIT_TO_NUM's variable argument list is rewritten into one expression.
 */
import { keyword } from '../lexer';
import type { Tok } from '../rewrite/tokens';
import { compileError, findCalls, replaceTokens, textOf } from './calls';

const M = (sql: string): string => `CREATE OR REPLACE MACRO main.${sql}`;
const outOfRange = (what: string): string => `error('EXA[22002] data exception - numeric value out of range (${what})')`;

/** x as UBIGINT, or a 22002 error when it is not a whole number from 0 to 2^64-1. */
const u64 = (x: string): string =>
  `CASE WHEN ${x} IS NULL THEN NULL WHEN TRY_CAST(${x} AS UBIGINT) IS NULL OR ${x} <> trunc(${x}) THEN ${outOfRange('bit functions take numbers from 0 to 18446744073709551615')} ` +
  `ELSE CAST(${x} AS UBIGINT) END`;
/** A bit position / shift count as INTEGER, or a 22002 error when it is not 0..63. */
const pos = (n: string): string =>
  `CASE WHEN ${n} IS NULL THEN NULL WHEN ${n} < 0 OR ${n} > 63 OR ${n} <> trunc(${n}) THEN ${outOfRange('bit positions are 0 to 63')} ELSE CAST(${n} AS INTEGER) END`;
const dec = (x: string): string => `CAST(${x} AS DECIMAL(20, 0))`;

/** The statements creating the bit macros (idempotent). */
export const BIT_MACROS: string[] = [
  M(`EXA_U64(x) AS ${u64('x')}`),
  M(`EXA_BITPOS(n) AS ${pos('n')}`),
  // a << n keeping the low 64 bits (DuckDB's << refuses to overflow)
  M(`EXA_SHL(a, n) AS CASE WHEN n = 0 THEN a ELSE (a & ((CAST(1 AS UBIGINT) << (64 - n)) - CAST(1 AS UBIGINT))) << n END`),
  M(`EXA_BIT_AND(a, b) AS ${dec('EXA_U64(a) & EXA_U64(b)')}`),
  M(`EXA_BIT_OR(a, b) AS ${dec('EXA_U64(a) | EXA_U64(b)')}`),
  M(`EXA_BIT_XOR(a, b) AS ${dec('xor(EXA_U64(a), EXA_U64(b))')}`),
  M(`BIT_NOT(a) AS ${dec('~EXA_U64(a)')}`),
  M(`BIT_CHECK(a, n) AS ((EXA_U64(a) >> EXA_BITPOS(n)) & CAST(1 AS UBIGINT)) = 1`),
  M(`BIT_SET(a, n) AS ${dec('EXA_U64(a) | EXA_SHL(CAST(1 AS UBIGINT), EXA_BITPOS(n))')}`),
  M(`BIT_LSHIFT(a, n) AS ${dec('EXA_SHL(EXA_U64(a), EXA_BITPOS(n))')}`),
  M(`BIT_RSHIFT(a, n) AS ${dec('EXA_U64(a) >> EXA_BITPOS(n)')}`),
  // a rotation by n: the bits shifted out come back at the other end (by 0: the value itself)
  M(`EXA_ROTL(a, n) AS CASE WHEN n = 0 THEN a ELSE EXA_SHL(a, n) | (a >> (64 - n)) END`),
  M(`BIT_LROTATE(a, n) AS ${dec('EXA_ROTL(EXA_U64(a), EXA_BITPOS(n))')}`),
  M(`BIT_RROTATE(a, n) AS ${dec('EXA_ROTL(EXA_U64(a), (64 - EXA_BITPOS(n)) % 64)')}`),
  // one argument of BIT_TO_NUM: 0 or 1
  M(`EXA_BIT01(b) AS CASE WHEN b IS NULL THEN NULL WHEN b = 0 THEN CAST(0 AS UBIGINT) WHEN b = 1 THEN CAST(1 AS UBIGINT) ELSE ${outOfRange('BIT_TO_NUM takes 0 or 1')} END`),
];

/**
 * BIT_AND / BIT_OR / BIT_XOR (a, b) -> EXA_BIT_*(a, b); BIT_TO_NUM(b1, ..., bn) -> the number whose bits, highest
 * first, are b1..bn (at most 64; NULL when one is NULL).
 */
export function rewriteBits(sig: Tok[], all: Tok[], sqlText: string): void {
  for (const c of findCalls(sig, new Set(['BIT_AND', 'BIT_OR', 'BIT_XOR', 'BIT_TO_NUM']))) {
    const name = keyword(sig[c.name]);
    if (name !== 'BIT_TO_NUM') {
      if (c.args.length === 2) sig[c.name]!.out = sig[c.name]!.out.replace(/[A-Z_]+$/i, `EXA_${name}`);
      continue;
    }
    if (c.args.length < 1 || c.args.length > 64) throw compileError(sqlText, sig[c.name]!, 'BIT_TO_NUM takes 1 to 64 bits');
    const n = c.args.length;
    const terms = c.args.map((a, k) => `EXA_SHL(EXA_BIT01(${textOf(sig, all, ...a)}), ${n - 1 - k})`);
    replaceTokens(sig, all, c.name, c.close + 1, `CAST(${terms.join(' | ')} AS DECIMAL(20, 0))`);
  }
}
