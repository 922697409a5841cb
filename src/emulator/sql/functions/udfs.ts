/**
 * Exasol functions DuckDB has no building blocks for, as scalar functions written in TypeScript and registered on
 * the DuckDB instance (every connection sees them): the SHA-512 and Tiger digests (HASH_SHA512, HASH_TIGER and their HASHTYPE_*), the
 * phonetic codes SOUNDEX and COLOGNE_PHONETIC (functions/phonetic.ts) and DUMP's byte listing. NULL in, NULL out.
 */
import { createHash } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { cologne, soundex } from './phonetic';
import { tiger } from './tiger';

/** One text -> text function: its DuckDB name and what it computes. */
const TEXT_FUNCTIONS: [string, (s: string) => string | null][] = [
  ['exa_sha512', (s) => createHash('sha512').update(s, 'utf8').digest('hex')],
  ['exa_tiger', tiger],
  ['exa_soundex', soundex],
  ['exa_cologne', cologne],
];

/**
 * DUMP's text: `Len=<bytes> CharacterSet=UTF8: <byte>,<byte>...` for the UTF-8 bytes of the characters from `start`
 * (1-based; negative: counted from the right) on, `length` of them (0: all; negative: its absolute value), in octal
 * (8), decimal (10), hexadecimal (16), or as characters with multi-byte characters in hexadecimal (17). NULL when
 * the string has fewer characters than |start|.
 */
export function dump(s: string, format: number, start: number, length: number): string | null {
  const chars = [...s];
  const bytes = Buffer.byteLength(s, 'utf8');
  if (chars.length < Math.abs(start)) return null;
  const from = start < 0 ? chars.length + start : Math.max(start, 1) - 1;
  const n = Math.abs(length);
  const picked = chars.slice(from, n === 0 ? undefined : from + n);
  const part = (b: number): string => (format === 8 ? b.toString(8) : format === 16 ? b.toString(16) : String(b));
  const items =
    format === 17
      ? picked.flatMap((c) => (Buffer.byteLength(c, 'utf8') === 1 ? [c] : [...Buffer.from(c, 'utf8')].map((b) => b.toString(16))))
      : picked.flatMap((c) => [...Buffer.from(c, 'utf8')].map(part));
  return `Len=${bytes} CharacterSet=UTF8: ${items.join(',')}`;
}

/** Registers the functions on a connection of the instance (once per instance). */
export function registerUdfs(duck: typeof import('@duckdb/node-api'), con: DuckDBConnection): void {
  const register = (f: import('@duckdb/node-api').DuckDBScalarFunction): void => {
    con.registerScalarFunction(f);
    // the instance keeps its own copy of the definition
    f.destroySync();
  };
  register(
    duck.DuckDBScalarFunction.create({
      name: 'exa_dump_bytes',
      returnType: duck.VARCHAR,
      parameterTypes: [duck.VARCHAR, duck.INTEGER, duck.INTEGER, duck.INTEGER],
      mainFunction: (_info, input, output) => {
        const [s, f, a, n] = [0, 1, 2, 3].map((k) => input.getColumnVector(k));
        for (let i = 0; i < input.rowCount; i++) {
          const text = s!.getItem(i);
          output.setItem(i, text === null ? null : dump(String(text), Number(f!.getItem(i)), Number(a!.getItem(i)), Number(n!.getItem(i))));
        }
        output.flush();
      },
    }),
  );
  for (const [name, fn] of TEXT_FUNCTIONS) {
    const f = duck.DuckDBScalarFunction.create({
      name,
      returnType: duck.VARCHAR,
      parameterTypes: [duck.VARCHAR],
      mainFunction: (_info, input, output) => {
        const v = input.getColumnVector(0);
        for (let i = 0; i < input.rowCount; i++) {
          const s = v.getItem(i);
          output.setItem(i, s === null ? null : fn(String(s)));
        }
        output.flush();
      },
    });
    register(f);
  }
}
