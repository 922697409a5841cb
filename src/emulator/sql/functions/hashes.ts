/**
 * Exasol's hash functions (docs.exasol.com HASH_* / HASHTYPE_*): hex digests of the argument's text. HASH_* give
 * CHAR(n) of hex digits, HASHTYPE_* the HASHTYPE of the digest's size (functions/result-types.ts). Several
 * arguments are hashed as one text, their texts one after the other (Exasol concatenates the internal byte
 * representations: for strings the same bytes; numbers and dates hash as their text here, an approximation);
 * NULL only when every argument is NULL. SHA-512 and Tiger (functions/tiger.ts: Tiger/192, 3 passes, the hex of each
 * word's bytes lowest first, as its published test vectors print it: an assumption for Exasol) come from functions/udfs.ts.
 */
import { keyword } from '../lexer';
import type { Tok } from '../rewrite/tokens';
import { findCalls, replaceTokens, textOf } from './calls';

const M = (sql: string): string => `CREATE OR REPLACE MACRO main.${sql}`;
const str = (x: string): string => `CAST(${x} AS VARCHAR)`;

/** Digest function of each algorithm (DuckDB's, or the emulator's own). */
const DIGESTS: Record<string, string> = { MD5: 'md5', SHA1: 'sha1', SHA: 'sha1', SHA256: 'sha256', SHA512: 'exa_sha512', TIGER: 'exa_tiger' };

/** The statements creating the hash macros (idempotent). */
export const HASH_MACROS: string[] = Object.entries(DIGESTS).flatMap(([alg, fn]) => [M(`HASH_${alg}(x) AS ${fn}(${str('x')})`), M(`HASHTYPE_${alg}(x) AS ${fn}(${str('x')})`)]);

/** The hash function names (HASH_MD5 ... HASHTYPE_SHA512). */
export const HASH_FUNCTIONS: ReadonlySet<string> = new Set(Object.keys(DIGESTS).flatMap((alg) => [`HASH_${alg}`, `HASHTYPE_${alg}`]));

/** HASH_X(a, b, ...) -> `CASE WHEN a IS NULL AND b IS NULL ... THEN NULL ELSE HASH_X(concat(EXA_STR(a), ...)) END`. */
export function rewriteHashArguments(sig: Tok[], all: Tok[]): void {
  for (const c of findCalls(sig, HASH_FUNCTIONS)) {
    if (c.args.length < 2) continue;
    const args = c.args.map((a) => `(${textOf(sig, all, ...a)})`);
    const name = keyword(sig[c.name]);
    replaceTokens(sig, all, c.name, c.close + 1, `CASE WHEN ${args.map((a) => `${a} IS NULL`).join(' AND ')} THEN NULL ELSE ${name}(concat(${args.map((a) => `EXA_STR(${a})`).join(', ')})) END`);
  }
}
