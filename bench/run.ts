/**
 * `npm run bench`: compares, in one run, interleaved, for 1M rows x 4 columns served by the replay
 * server (its own process): (a) the floor, plain `ws` + `JSON.parse`; (b) this SDK's `query$` with
 * typed decoding; (c) @exasol/exasol-driver-ts 0.8.0 with its default fetch size. Each measurement
 * runs in a fresh process after an untimed warm-up query. Then it streams 10M rows through `query$`
 * in a child process and reports that process's peak RSS.
 *
 * Options: `--reps N` (default 5), `--fetch-bytes N` (floor and SDK, default: the SDK's default fetch size),
 * `--no-driver`, `--no-stream`. The last stdout line is the JSON summary.
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { spawnBench, runBenchChild, bundleBenchScripts } from './child';
import type { ClientName, ClientResult } from './client-child';
import { DRIVER_TS_DEFAULT_FETCH_BYTES } from './driver-ts-client';
import { BENCH_FETCH_BYTES } from './sdk-client';
import { median, spread, round } from './stats';

const TABLE = 'BENCH_1M';
const WARMUP_TABLE = 'BENCH_100K';
const STREAM_TABLE = 'BENCH_10M';

interface Options {
  reps: number;
  fetchBytes: number;
  driver: boolean;
  stream: boolean;
}

function parseOptions(argv: string[]): Options {
  const o: Options = { reps: 5, fetchBytes: BENCH_FETCH_BYTES, driver: true, stream: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n <= 0) throw new Error(`${a} needs a positive integer`);
      return n;
    };
    if (a === '--reps') o.reps = num();
    else if (a === '--fetch-bytes') o.fetchBytes = num();
    else if (a === '--no-driver') o.driver = false;
    else if (a === '--no-stream') o.stream = false;
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

/** Starts the replay server process; resolves with its URL and a stop function. */
async function startServer(prepare: string[]): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawnBench('replay-server-main.ts', ['--prepare', prepare.join(',')]);
  const lines = createInterface({ input: child.stdout! });
  const exited = once(child, 'exit');
  const first = await Promise.race([
    once(lines, 'line').then(([l]) => String(l)),
    exited.then(() => {
      throw new Error('replay server exited before printing its URL');
    }),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('replay server: no URL within 120 s')), 120_000).unref()),
  ]);
  const { url } = JSON.parse(first) as { url: string };
  let stats = '';
  lines.on('line', (l) => (stats = l));
  return {
    url,
    stop: async () => {
      child.stdin!.end();
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
      if (stats) console.log(`server ${stats}`);
    },
  };
}

function fmtRate(x: number): string {
  return `${(x / 1e6).toFixed(3)}M rows/s`;
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const clients: ClientName[] = o.driver ? ['floor', 'sdk', 'driver-ts'] : ['floor', 'sdk'];
  const sizes = [...new Set([o.fetchBytes, DRIVER_TS_DEFAULT_FETCH_BYTES])];
  const prepare = sizes.flatMap((n) => [`${TABLE}:${n}`, `${WARMUP_TABLE}:${n}`]);
  console.log(`bench: ${TABLE} (1,000,000 rows x DECIMAL(18,0), VARCHAR(20) UTF8, DOUBLE, TIMESTAMP), ${o.reps} interleaved reps`);
  console.log(`fetch numBytes: floor and sdk ${o.fetchBytes}, driver-ts ${DRIVER_TS_DEFAULT_FETCH_BYTES} (its default)`);
  const tPrep = performance.now();
  const isBundled = await bundleBenchScripts(['client-child.ts', 'stream-child.ts', 'replay-server-main.ts']);
  console.log(isBundled ? 'children run as esbuild bundles with plain node' : 'children run through tsx (esbuild not found)');
  const server = await startServer(prepare);
  console.log(`replay server ${server.url} ready (frames pre-serialized in ${round((performance.now() - tPrep) / 1000, 1)} s)`);

  const results = new Map<ClientName, ClientResult[]>(clients.map((c) => [c, []]));
  const failures = new Map<ClientName, string>();
  let stream: Record<string, number> | undefined;
  try {
    for (let rep = 0; rep < o.reps; rep++) {
      const order = clients.map((_, i) => clients[(i + rep) % clients.length]!);
      for (const client of order) {
        if (failures.has(client)) continue;
        const fetchArg = client === 'driver-ts' ? 'default' : String(o.fetchBytes);
        try {
          const r = await runBenchChild<ClientResult>('client-child.ts', [client, server.url, TABLE, fetchArg, WARMUP_TABLE], 180_000);
          results.get(client)!.push(r);
          console.log(`rep ${rep + 1} ${client.padEnd(9)} ${fmtRate(r.rowsPerSec).padStart(17)}  ${round(r.ms)} ms  peak RSS ${round(r.peakRssMb, 0)} MB  rows ${r.rows}  checksum ${r.checksum}`);
        } catch (e) {
          failures.set(client, String(e instanceof Error ? e.message : e));
          console.log(`rep ${rep + 1} ${client}: FAILED ${failures.get(client)}`);
        }
      }
    }
    if (o.stream && !failures.has('sdk')) {
      try {
        stream = await runBenchChild<Record<string, number>>('stream-child.ts', [server.url, STREAM_TABLE, String(o.fetchBytes)], 300_000);
        console.log(
          `stream ${STREAM_TABLE} through sdk query$: ${stream.rows} rows, ${fmtRate(stream.rowsPerSec!)}, peak RSS ${round(stream.peakRssMb!, 1)} MB ` +
            `(sampled ${round(stream.sampledPeakRssMb!, 1)} MB, after connect ${round(stream.baselineRssMb!, 1)} MB)`,
        );
      } catch (e) {
        console.log(`stream ${STREAM_TABLE}: FAILED ${String(e instanceof Error ? e.message : e)}`);
      }
    }
  } finally {
    await server.stop();
  }

  const summary = new Map<ClientName, number>();
  console.log('\nclient     median rows/s     spread (min..max, (max-min)/median)   median peak RSS   fetch numBytes');
  for (const client of clients) {
    const rs = results.get(client)!;
    if (rs.length === 0) {
      console.log(`${client.padEnd(10)} no result${failures.has(client) ? `: ${failures.get(client)}` : ''}`);
      continue;
    }
    const rates = rs.map((r) => r.rowsPerSec);
    const s = spread(rates);
    summary.set(client, median(rates));
    console.log(
      `${client.padEnd(10)} ${fmtRate(median(rates)).padStart(17)}   ${fmtRate(s.min)}..${fmtRate(s.max)}, ${round(s.relative * 100, 0)}%   ` +
        `${round(median(rs.map((r) => r.peakRssMb)), 0)} MB   ${rs[0]!.fetchBytes}`,
    );
  }
  const checksums = new Set([...results.values()].flat().map((r) => `${r.rows}/${r.checksum}`));
  console.log(checksums.size <= 1 ? `all clients saw the same rows (rows/checksum ${[...checksums][0] ?? '-'})` : `WARNING: clients disagree on rows/checksum: ${[...checksums].join(' ')}`);

  const sdk = summary.get('sdk');
  const floor = summary.get('floor');
  const drv = summary.get('driver-ts');
  const out = {
    sdkRowsPerSec: sdk === undefined ? null : Math.round(sdk),
    floorRowsPerSec: floor === undefined ? null : Math.round(floor),
    driverTsRowsPerSec: drv === undefined ? null : Math.round(drv),
    sdkVsFloor: sdk !== undefined && floor !== undefined ? round(sdk / floor, 3) : null,
    sdkVsDriverTs: sdk !== undefined && drv !== undefined ? round(sdk / drv, 2) : null,
    stream10mPeakRssMb: stream?.peakRssMb === undefined ? null : round(stream.peakRssMb, 1),
  };
  console.log(`targets: sdkVsFloor >= 0.75 (${out.sdkVsFloor}), sdkVsDriverTs >= 4 (${out.sdkVsDriverTs}), stream10mPeakRssMb <= 200 (${out.stream10mPeakRssMb})`);
  console.log(JSON.stringify(out));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
