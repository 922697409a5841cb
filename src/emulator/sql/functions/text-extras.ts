/**
 * Text functions of Exasol's reference DuckDB lacks (docs.exasol.com): INSERT(string, position, length, new_string),
 * UNICODECHR(code), DUMP(string [, format [, start [, length]]]), and the phonetic codes SOUNDEX / COLOGNE_PHONETIC (computed in TypeScript: functions/phonetic.ts,
 * registered by functions/udfs.ts). `INSERT(` is a call only inside an expression (the statement INSERT INTO
 * never has a `(` after its keyword), renamed to EXA_INSERT.
 */
import type { Tok } from '../rewrite/tokens';
import { findCalls } from './calls';

const M = (sql: string): string => `CREATE OR REPLACE MACRO main.${sql}`;
const str = (x: string): string => `CAST(${x} AS VARCHAR)`;

/**
 * INSERT: position 1 is the first character, a negative position counts from the end; 0 or a position outside
 * the string leaves it unchanged; a negative length or one past the end replaces the rest; NULL in any argument
 * gives NULL.
 */
const insert = (): string => {
  const len = `length(${str('s')})`;
  const start = `CASE WHEN p < 0 THEN ${len} + p + 1 ELSE p END`;
  return (
    `CASE WHEN s IS NULL OR p IS NULL OR n IS NULL OR t IS NULL THEN NULL WHEN ${start} < 1 OR ${start} > ${len} THEN ${str('s')} ` +
    `ELSE left(${str('s')}, CAST(${start} - 1 AS BIGINT)) || ${str('t')} || ` +
    `CASE WHEN n < 0 OR ${start} + n > ${len} THEN '' ELSE substr(${str('s')}, CAST(${start} + n AS BIGINT)) END END`
  );
};

/** The statements creating the text macros (idempotent). */
export const TEXT_MACROS: string[] = [
  M(`EXA_INSERT(s, p, n, t) AS ${insert()}`),
  // a code point outside Unicode is a 22002 data exception
  M(
    `UNICODECHR(n) AS CASE WHEN n IS NULL THEN NULL WHEN n < 0 OR n > 1114111 OR n <> trunc(n) THEN ` +
      `error('EXA[22002] data exception - numeric value out of range (UNICODECHR takes a code point from 0 to 1114111)') ELSE chr(CAST(n AS INTEGER)) END`,
  ),
  // a CHAR(n) value: blank-padded to n characters (a longer one is left as it is)
  M(`EXA_CHARPAD(s, n) AS CASE WHEN length(s) < n THEN rpad(s, CAST(n AS INTEGER), ' ') ELSE s END`),
  M(
    `EXA_DUMP(s, f, a, n) AS CASE WHEN s IS NULL THEN 'NULL' WHEN f NOT IN (8, 10, 16, 17) THEN error('EXA[22023] data exception - DUMP: invalid format ' || CAST(f AS VARCHAR)) ` +
      `ELSE exa_dump_bytes(${str('s')}, CAST(f AS INTEGER), CAST(coalesce(a, 1) AS INTEGER), CAST(coalesce(n, 0) AS INTEGER)) END`,
  ),
  // DUMP(s [, format [, start [, length]]]): NULL gives the text 'NULL'
  M(
    `DUMP(s) AS EXA_DUMP(s, 10, 1, 0), (s, f) AS EXA_DUMP(s, f, 1, 0), (s, f, a) AS EXA_DUMP(s, f, a, 0), (s, f, a, n) AS EXA_DUMP(s, f, a, n)`,
  ),
  M(`SOUNDEX(s) AS exa_soundex(${str('s')})`),
  M(`COLOGNE_PHONETIC(s) AS exa_cologne(${str('s')})`),
];

/** INSERT(...) calls -> EXA_INSERT(...). */
export function rewriteTextCalls(sig: Tok[]): void {
  for (const c of findCalls(sig, new Set(['INSERT']))) {
    if (c.name === 0) continue; // the statement, not a call
    sig[c.name]!.out = sig[c.name]!.out.replace(/[A-Z_]+$/i, 'EXA_INSERT');
  }
}
