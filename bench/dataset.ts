/**
 * The benchmark's table: 4 columns (DECIMAL(18,0), VARCHAR(20) UTF8, DOUBLE, TIMESTAMP), rows
 * generated deterministically from a fixed seed, each value already as its JSON token the way a real
 * Exasol server writes it (wire-quirks.md §5-§9: DECIMAL(18,0) as a bare number, TIMESTAMP with 6
 * fraction digits, empty string never sent because it is NULL).
 *
 * IDs are increasing 10-13 digit integers, except one row in every block of {@link BIG_ID_EVERY}
 * rows (at a seeded offset) whose ID has 18 digits, beyond 2^53: a bare JSON number token that
 * `JSON.parse` rounds and a lossless client must return exactly.
 */
import type { ColumnInfo } from '../src/protocol';
import { mixSeed, mulberry32, rowRandom } from './rng';

/** Seed of every benchmark data set (fixed: runs are comparable). */
export const BENCH_SEED = 20261122;

/** One row in this many has an 18-digit ID (beyond 2^53); exactly one per block of this many rows. */
export const BIG_ID_EVERY = 100_000;

/** The result columns of the benchmark query. */
export const BENCH_COLUMNS: readonly ColumnInfo[] = [
  { name: 'ID', dataType: { type: 'DECIMAL', precision: 18, scale: 0 } },
  { name: 'NAME', dataType: { type: 'VARCHAR', size: 20, characterSet: 'UTF8' } },
  { name: 'AMOUNT', dataType: { type: 'DOUBLE' } },
  { name: 'CREATED_AT', dataType: { type: 'TIMESTAMP', withLocalTimeZone: false, size: 8 } },
];

/** Number of columns of the benchmark table. */
export const BENCH_COLUMN_COUNT = BENCH_COLUMNS.length;

/** Share of NULLs in each nullable column (NAME, AMOUNT, CREATED_AT). */
const NULL_SHARE = 0.02;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 äöüßé-_."';
/** 2020-01-01T00:00:00Z in ms. */
const TS_BASE_MS = Date.UTC(2020, 0, 1);
/** Timestamps spread over about 6 years. */
const TS_SPAN_MS = 6 * 365 * 24 * 3600 * 1000;
/** Mixed into the seed for the choice and the digits of the big IDs (keeps the other values unchanged). */
const BIG_ID_SALT = 0x5bd1e995;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function timestampToken(ms: number, micros: number): string {
  const d = new Date(ms);
  return (
    `"${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)} ` +
    `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.${pad(micros, 6)}"`
  );
}

/** True when row `index` of a data set made with `seed` carries an 18-digit ID (one per block of {@link BIG_ID_EVERY}). */
export function isBigIdRow(index: number, seed = BENCH_SEED): boolean {
  const block = Math.floor(index / BIG_ID_EVERY);
  return index % BIG_ID_EVERY === mixSeed(seed ^ BIG_ID_SALT, block) % BIG_ID_EVERY;
}

/** The 18-digit ID of a big-ID row: first digit 1-9, then 17 seeded digits (always > 2^53, <= DECIMAL(18,0)'s maximum). */
function bigIdToken(index: number, seed: number): string {
  const r = mulberry32(mixSeed(seed ^ BIG_ID_SALT, index + 0x7fffffff));
  let s = String(1 + Math.floor(r() * 9));
  for (let k = 0; k < 17; k++) s += String(Math.floor(r() * 10));
  return s;
}

/**
 * The JSON tokens of row `index` (one per column, in column order), e.g.
 * `['1000004321', '"Kx ä9"', '-12345.6789', '"2023-04-05 06:07:08.123456"']`.
 * Deterministic in (seed, index) only.
 */
export function rowTokens(index: number, seed = BENCH_SEED): string[] {
  const r = rowRandom(seed, index);
  // DECIMAL(18,0): increasing, unique ids with 10-13 digits (safe integers), but see isBigIdRow.
  const small = String(1_000_000_000 + index * 1000 + Math.floor(r() * 1000));
  const id = isBigIdRow(index, seed) ? bigIdToken(index, seed) : small;
  let name = 'null';
  if (r() >= NULL_SHARE) {
    const len = 1 + Math.floor(r() * 20);
    let s = '';
    for (let k = 0; k < len; k++) s += ALPHABET[Math.floor(r() * ALPHABET.length)];
    name = JSON.stringify(s);
  }
  const amount = r() < NULL_SHARE ? 'null' : JSON.stringify((r() - 0.5) * 2e6);
  const created = r() < NULL_SHARE ? 'null' : timestampToken(TS_BASE_MS + Math.floor(r() * TS_SPAN_MS), Math.floor(r() * 1e6));
  return [id, name, amount, created];
}
