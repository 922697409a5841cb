/**
 * Exasol functions DuckDB has no building blocks for, as scalar functions written in TypeScript and registered on
 * the DuckDB instance (every connection sees them): the SHA-512 digest (HASH_SHA512 / HASHTYPE_SHA512) and the
 * phonetic codes SOUNDEX and COLOGNE_PHONETIC (functions/phonetic.ts). Each takes text and gives text; NULL in,
 * NULL out.
 */
import { createHash } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { cologne, soundex } from './phonetic';

/** One text -> text function: its DuckDB name and what it computes. */
const TEXT_FUNCTIONS: [string, (s: string) => string | null][] = [
  ['exa_sha512', (s) => createHash('sha512').update(s, 'utf8').digest('hex')],
  ['exa_soundex', soundex],
  ['exa_cologne', cologne],
];

/** Registers the functions on a connection of the instance (once per instance). */
export function registerUdfs(duck: typeof import('@duckdb/node-api'), con: DuckDBConnection): void {
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
    con.registerScalarFunction(f);
  }
}
