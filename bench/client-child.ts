/**
 * One measurement in its own process: `node --import tsx bench/client-child.ts <client> <url>
 * <table> <fetchBytes|default> [warmupTable]`, client one of floor | sdk | driver-ts. Runs the
 * warm-up query first (untimed, same client), then the measured one, and prints one JSON line:
 * `{client, rows, ms, rowsPerSec, checksum, peakRssMb, fetchBytes}`.
 */
import { floorQuery, type QueryMeasurement } from './floor-client';
import { sdkQuery, BENCH_FETCH_BYTES } from './sdk-client';
import { driverTsQuery, DRIVER_TS_DEFAULT_FETCH_BYTES } from './driver-ts-client';
import { peakRssMb } from './peak-rss';

/** The clients the benchmark compares. */
export type ClientName = 'floor' | 'sdk' | 'driver-ts';

/** The JSON line a client child prints. */
export interface ClientResult extends QueryMeasurement {
  client: ClientName;
  rowsPerSec: number;
  peakRssMb: number;
  fetchBytes: number;
}

async function once(client: ClientName, url: string, table: string, fetchBytes: number | undefined): Promise<QueryMeasurement> {
  switch (client) {
    case 'floor':
      return floorQuery(url, table, fetchBytes ?? BENCH_FETCH_BYTES);
    case 'sdk':
      return sdkQuery(url, table, fetchBytes ?? BENCH_FETCH_BYTES);
    case 'driver-ts':
      return driverTsQuery(url, table, fetchBytes);
  }
}

async function main(): Promise<void> {
  const [client, url, table, fetchArg, warmup] = process.argv.slice(2);
  if (client !== 'floor' && client !== 'sdk' && client !== 'driver-ts') throw new Error(`unknown client ${client}`);
  if (!url || !table) throw new Error('usage: client-child.ts <client> <url> <table> <fetchBytes|default> [warmupTable]');
  const fetchBytes = fetchArg === undefined || fetchArg === 'default' ? undefined : Number(fetchArg);
  if (warmup) await once(client, url, warmup, fetchBytes);
  const m = await once(client, url, table, fetchBytes);
  const result: ClientResult = {
    client,
    ...m,
    rowsPerSec: m.rows / (m.ms / 1000),
    peakRssMb: peakRssMb(),
    fetchBytes: fetchBytes ?? (client === 'driver-ts' ? DRIVER_TS_DEFAULT_FETCH_BYTES : BENCH_FETCH_BYTES),
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stdout.write(JSON.stringify({ error: String(e instanceof Error ? e.stack : e) }) + '\n');
    process.exit(1);
  },
);
