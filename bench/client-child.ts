/**
 * One Node measurement in its own process: `client-child.mjs <url> <table> <warmupTable> <caseJson>`
 * with a {@link CaseSpec} (runtime node). Runs the warm-up query first (untimed, same client and
 * session options), then the measured one, and prints one JSON line: a {@link ClientResult}, or
 * `{skipped}` when the SDK lacks the API the case needs.
 */
import type { CaseSpec } from './cases';
import { caseUrl, FLOOR_FETCH_BYTES } from './cases';
import { driverTsQuery } from './driver-ts-client';
import { floorQuery, type QueryMeasurement } from './floor-client';
import { peakRssMb } from './peak-rss';
import { SkipCase } from './sdk-cases';
import { sdkQuery } from './sdk-client';

/** The JSON line a client child (or the browser runner) reports for one measurement. */
export interface ClientResult extends QueryMeasurement {
  /** The case's id. */
  id: string;
  rowsPerSec: number;
  /** Peak RSS of the measuring process in MB (not measured in the browser: null). */
  peakRssMb: number | null;
}

/** What a measurement child prints: a result, or why the case cannot run. */
export type ChildReport = ClientResult | { id: string; skipped: string };

function measure(spec: CaseSpec, url: string, table: string): Promise<QueryMeasurement> {
  switch (spec.client) {
    case 'floor':
      return floorQuery(url, table, spec.fetchBytes ?? FLOOR_FETCH_BYTES, { compression: spec.compression === true });
    case 'sdk':
      return sdkQuery(url, table, spec.mode ?? 'rows', { compression: spec.compression === true, fetchBytes: spec.fetchBytes });
    case 'driver-ts':
      return driverTsQuery(url, table, spec.fetchBytes);
  }
}

async function main(): Promise<ChildReport> {
  const [base, table, warmup, json] = process.argv.slice(2);
  if (!base || !table || !warmup || !json) throw new Error('usage: client-child <url> <table> <warmupTable> <caseJson>');
  const spec = JSON.parse(json) as CaseSpec;
  const url = caseUrl(base, spec);
  try {
    await measure(spec, url, warmup);
  } catch (e) {
    if (e instanceof SkipCase) return { id: spec.id, skipped: e.message };
    throw e;
  }
  const m = await measure(spec, url, table);
  return { id: spec.id, ...m, rowsPerSec: m.rows / (m.ms / 1000), peakRssMb: peakRssMb() };
}

main().then(
  (r) => {
    process.stdout.write(JSON.stringify(r) + '\n');
    process.exit(0);
  },
  (e: unknown) => {
    process.stdout.write(JSON.stringify({ error: String(e instanceof Error ? e.stack : e) }) + '\n');
    process.exit(1);
  },
);
