/**
 * The benchmark's table: 4 columns (DECIMAL(18,0), VARCHAR(20) UTF8, DOUBLE, TIMESTAMP), rows
 * generated deterministically from a fixed seed, each value already as its JSON token the way a real
 * Exasol server writes it (wire-quirks.md §5-§9: DECIMAL(18,0) as a bare number, TIMESTAMP with 6
 * fraction digits, empty string never sent because it is NULL).
 */
import type { ColumnInfo } from '../src/protocol';
import { rowRandom } from './rng';

/** Seed of every benchmark data set (fixed: runs are comparable). */
export const BENCH_SEED = 20261122;

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

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function timestampToken(ms: number): string {
  const d = new Date(ms);
  return (
    `"${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)} ` +
    `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.${pad(d.getUTCMilliseconds(), 3)}000"`
  );
}

/**
 * The JSON tokens of row `index` (one per column, in column order), e.g.
 * `['1000004321', '"Kx ä9"', '-12345.6789', '"2023-04-05 06:07:08.123000"']`.
 * Deterministic in (seed, index) only.
 */
export function rowTokens(index: number, seed = BENCH_SEED): string[] {
  const r = rowRandom(seed, index);
  // DECIMAL(18,0): increasing, unique ids with 10-13 digits (safe integers).
  const id = String(1_000_000_000 + index * 1000 + Math.floor(r() * 1000));
  let name = 'null';
  if (r() >= NULL_SHARE) {
    const len = 1 + Math.floor(r() * 20);
    let s = '';
    for (let k = 0; k < len; k++) s += ALPHABET[Math.floor(r() * ALPHABET.length)];
    name = JSON.stringify(s);
  }
  const amount = r() < NULL_SHARE ? 'null' : JSON.stringify((r() - 0.5) * 2e6);
  const created = r() < NULL_SHARE ? 'null' : timestampToken(TS_BASE_MS + Math.floor(r() * TS_SPAN_MS));
  return [id, name, amount, created];
}
