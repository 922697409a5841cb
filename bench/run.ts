/**
 * `npm run bench`: what users meet when they read 1M rows x 4 columns (BENCH_1M, one 18-digit ID
 * beyond 2^53 per 100,000 rows) from the replay server (its own process), in one run, interleaved:
 * the naive floor (`ws` + `JSON.parse`, 1 MiB fetches) against the SDK read through `rows()`,
 * `chunks()`, `query$`, columnar `chunk.data`, `await query()` and the `sql` tag with a value (a prepared
 * statement); the same with zlib compression and with added
 * reply latency; in headless Chromium (UMD bundle) against the browser's own WebSocket + JSON.parse;
 * the official @exasol/exasol-driver-ts; and the peak RSS of streaming 10M rows. Every measurement
 * runs in a fresh process after an untimed warm-up, and every client's tally of the values it
 * touched is checked against the data set's digit text (the SDK's IDs beyond 2^53 must be exact).
 *
 * Options: `--reps N` (default 5; 2 with --quick), `--quick` (fewer cases and reps, a smoke run),
 * `--no-browser`, `--no-driver`, `--no-stream`, `--latency MS` (default 10; 0 leaves the latency
 * cases out), `--only REGEX` (only the cases whose id matches, for development), `--budget-min M`
 * (default 14: after 3 reps, no rep is started that would end past M minutes), `--parallel` (adds
 * the parallel case of bench/parallel.ts: a 3-node emulator at `--latency` ms, 1M rows read serially
 * and through sub-connections; `--parallel-only` runs just that), `--bulk` (adds the bulk case of bench/bulk.ts:
 * 10M rows x 4 columns loaded and unloaded through the HTTP transport vs prepared batches and `rows()`;
 * `--bulk-only` runs just that; `--bulk-rows N` and `--prepared-rows N` change its sizes). The last stdout line
 * is the JSON summary.
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { startBrowserBench, type BrowserBench } from './browser-runner';
import { DRIVER_BIG_FETCH_BYTES, FLOOR_FETCH_BYTES, selectCases, type CaseSpec } from './cases';
import { spawnBench, runBenchChild, bundleBenchScripts } from './child';
import type { ChildReport } from './client-child';
import { DRIVER_TS_DEFAULT_FETCH_BYTES } from './driver-ts-client';
import { referenceTallies } from './reference';
import { report, type CaseOutcome, type StreamOutcome } from './report';
import { BENCH_FETCH_BYTES } from './sdk-client';
import { round } from './stats';
import { checkTally } from './tally';
import { runParallelBench } from './parallel';
import { runBulkBench } from './bulk';

const TABLE = 'BENCH_1M';
const TABLE_ROWS = 1_000_000;
const WARMUP_TABLE = 'BENCH_100K';
const STREAM_TABLE = 'BENCH_10M';
const CASE_TIMEOUT_MS = 180_000;

interface Options {
  reps: number;
  quick: boolean;
  browser: boolean;
  driver: boolean;
  stream: boolean;
  latencyMs: number;
  /** Only cases whose id matches (a regular expression). */
  only?: RegExp;
  /** Stop adding reps (after at least {@link MIN_REPS}) when the next one would end past this many minutes. */
  budgetMin: number;
  /** Run the parallel case (bench/parallel.ts) too / only. */
  parallel: 'no' | 'also' | 'only';
  /** Run the bulk case (bench/bulk.ts) too / only, with its row counts. */
  bulk: 'no' | 'also' | 'only';
  bulkRows: number;
  preparedRows: number | undefined;
}

/** Reps always run, whatever the time budget says (fewer only when --reps asks for fewer). */
const MIN_REPS = 3;

function parseOptions(argv: string[]): Options {
  const o: Options = { reps: 0, quick: false, browser: true, driver: true, stream: true, latencyMs: 10, budgetMin: 14, parallel: 'no', bulk: 'no', bulkRows: 10_000_000, preparedRows: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = (min: number) => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < min) throw new Error(`${a} needs an integer >= ${min}`);
      return n;
    };
    if (a === '--reps') o.reps = num(1);
    else if (a === '--quick') o.quick = true;
    else if (a === '--no-browser') o.browser = false;
    else if (a === '--no-driver') o.driver = false;
    else if (a === '--no-stream') o.stream = false;
    else if (a === '--latency') o.latencyMs = num(0);
    else if (a === '--only') o.only = new RegExp(argv[++i] ?? '');
    else if (a === '--budget-min') o.budgetMin = num(1);
    else if (a === '--parallel') o.parallel = 'also';
    else if (a === '--parallel-only') o.parallel = 'only';
    else if (a === '--bulk') o.bulk = 'also';
    else if (a === '--bulk-only') o.bulk = 'only';
    else if (a === '--bulk-rows') o.bulkRows = num(1);
    else if (a === '--prepared-rows') o.preparedRows = num(1);
    else throw new Error(`unknown option ${a} (options: --reps N, --quick, --no-browser, --no-driver, --no-stream, --latency MS, --only REGEX, --budget-min M, --parallel, --parallel-only, --bulk, --bulk-only, --bulk-rows N, --prepared-rows N)`);
  }
  if (o.reps === 0) o.reps = o.quick ? 2 : 5;
  return o;
}

/** Starts the replay server process; resolves with its URL and a stop function. */
async function startServer(prepare: string[]): Promise<{ url: Promise<string>; stop: () => Promise<void> }> {
  const child = spawnBench('replay-server-main.ts', ['--prepare', prepare.join(',')]);
  const lines = createInterface({ input: child.stdout! });
  const exited = once(child, 'exit');
  const url = Promise.race([
    once(lines, 'line').then(([l]) => (JSON.parse(String(l)) as { url: string }).url),
    exited.then(() => {
      throw new Error('replay server exited before printing its URL');
    }),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('replay server: no URL within 180 s')), 180_000).unref()),
  ]);
  let stats = '';
  void url.then(() => lines.on('line', (l) => (stats = l)), () => undefined);
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

function fmtLine(rep: number, spec: CaseSpec, r: ChildReport): string {
  if ('skipped' in r) return `rep ${rep} ${spec.id.padEnd(20)} skipped: ${r.skipped}`;
  return (
    `rep ${rep} ${spec.id.padEnd(20)} ${`${(r.rowsPerSec / 1e6).toFixed(3)}M rows/s`.padStart(16)}  ${String(round(r.ms, 0)).padStart(5)} ms` +
    `${r.peakRssMb === null ? '' : `  peak RSS ${round(r.peakRssMb, 0)} MB`}  rows ${r.rows}`
  );
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  if (o.parallel !== 'no') await bundleBenchScripts(['parallel-child.ts', 'parallel-emulator-main.ts']);
  const parallel = async () =>
    runParallelBench({ reps: Math.max(MIN_REPS, Math.min(o.reps, 5)), latencyMs: o.latencyMs || 10, rows: TABLE_ROWS, log: (s) => console.log(s) });
  if (o.bulk !== 'no') await bundleBenchScripts(['bulk-child.ts', 'bulk-emulator-main.ts']);
  const bulk = async () =>
    runBulkBench({
      reps: o.reps > 0 ? o.reps : o.quick ? 1 : 3,
      rows: o.bulkRows,
      preparedRows: o.preparedRows ?? Math.min(o.bulkRows, 500_000),
      log: (s) => console.log(s),
    });
  if (o.bulk === 'only') {
    console.log(JSON.stringify({ bulk: await bulk() }));
    return;
  }
  if (o.parallel === 'only') {
    console.log(JSON.stringify({ parallel: await parallel() }));
    return;
  }
  const cases = selectCases(o).filter((c) => !o.only || o.only.test(c.id));
  const log = (s: string) => console.log(s);
  log(`bench: ${TABLE} (1,000,000 rows x DECIMAL(18,0) with one 18-digit ID per 100,000 rows, VARCHAR(20) UTF8, DOUBLE, TIMESTAMP)`);
  log(`${o.reps} interleaved reps of ${cases.length} cases${o.quick ? ' (--quick)' : ''}; floor fetches ${FLOOR_FETCH_BYTES} bytes, the SDK its default ${BENCH_FETCH_BYTES}`);
  const tPrep = performance.now();
  const isBundled = await bundleBenchScripts(['client-child.ts', 'stream-child.ts', 'replay-server-main.ts']);
  log(isBundled ? 'children run as esbuild bundles with plain node' : 'children run through tsx (esbuild not found)');
  const sizes = new Set([FLOOR_FETCH_BYTES, BENCH_FETCH_BYTES, DRIVER_TS_DEFAULT_FETCH_BYTES]);
  if (cases.some((c) => c.id === 'driver-ts-5m')) sizes.add(DRIVER_BIG_FETCH_BYTES);
  const prepare = [...sizes].flatMap((n) => [`${TABLE}:${n}`, `${WARMUP_TABLE}:${n}`]);
  for (const n of new Set([FLOOR_FETCH_BYTES, BENCH_FETCH_BYTES])) prepare.push(`${TABLE}:${n}:zlib`, `${WARMUP_TABLE}:${n}:zlib`);
  if (o.stream) prepare.push(`${STREAM_TABLE}:${BENCH_FETCH_BYTES}`);
  const server = await startServer(prepare);
  const ref = referenceTallies(TABLE_ROWS);
  log(`reference from the digit text: ${ref.exact.bigIds} IDs beyond 2^53, exact idSum ${ref.exact.idSum}, as JSON.parse rounds them ${ref.rounded.idSum}`);

  const outcomes: CaseOutcome[] = cases.map((spec) => ({ spec, results: [], mismatches: [] }));
  const streams: StreamOutcome[] = [];
  let browser: BrowserBench | undefined;
  try {
    const url = await server.url;
    log(`replay server ${url} ready, reference computed (${round((performance.now() - tPrep) / 1000, 1)} s)`);
    if (o.browser) {
      try {
        browser = await startBrowserBench(log);
      } catch (e) {
        for (const c of outcomes) if (c.spec.runtime === 'chromium') c.failed = `browser setup: ${(e as Error).message}`;
        log(`browser cases left out: ${(e as Error).message}`);
      }
    }
    let slowestRepMs = 0;
    for (let rep = 0; rep < o.reps; rep++) {
      const elapsed = performance.now() - tPrep;
      const streamReserve = o.stream ? 2 * slowestRepMs : 0;
      if (rep >= Math.min(MIN_REPS, o.reps) && elapsed + slowestRepMs + streamReserve > o.budgetMin * 60_000) {
        log(`stopping after ${rep} reps: another rep (~${round(slowestRepMs / 1000, 0)} s) would pass the ${o.budgetMin}-minute budget (--budget-min)`);
        break;
      }
      const tRep = performance.now();
      for (let k = 0; k < outcomes.length; k++) {
        const c = outcomes[(k + rep) % outcomes.length]!;
        if (c.skipped || c.failed) continue;
        try {
          const r =
            c.spec.runtime === 'chromium'
              ? await browser!.measure(c.spec, url, TABLE, WARMUP_TABLE, CASE_TIMEOUT_MS)
              : await runBenchChild<ChildReport>('client-child.ts', [url, TABLE, WARMUP_TABLE, JSON.stringify(c.spec)], CASE_TIMEOUT_MS);
          log(fmtLine(rep + 1, c.spec, r));
          if ('skipped' in r) {
            c.skipped = r.skipped;
            continue;
          }
          c.results.push(r);
          const bad = checkTally(r.tally, ref, c.spec.client === 'sdk');
          if (bad.length) {
            c.mismatches.push(...bad);
            log(`  MISMATCH ${c.spec.id}: ${bad.join(', ')}`);
          }
        } catch (e) {
          c.failed = String(e instanceof Error ? e.message : e).slice(0, 500);
          log(`rep ${rep + 1} ${c.spec.id}: FAILED ${c.failed}`);
        }
      }
      slowestRepMs = Math.max(slowestRepMs, performance.now() - tRep);
    }
    if (o.stream) {
      for (const mode of o.quick ? (['rows'] as const) : (['rows', 'query$'] as const)) {
        try {
          const s = await runBenchChild<Omit<StreamOutcome, 'mode'>>('stream-child.ts', [url, STREAM_TABLE, mode], 300_000);
          streams.push({ mode, ...s });
          log(`stream ${STREAM_TABLE} through ${mode}: ${s.rows} rows, peak RSS ${round(s.peakRssMb!, 1)} MB`);
        } catch (e) {
          streams.push({ mode, failed: String(e instanceof Error ? e.message : e).slice(0, 500) });
        }
      }
    }
  } finally {
    await browser?.close();
    await server.stop();
  }
  const out: object = report(outcomes, streams, o.latencyMs, o.reps, log);
  if (o.parallel === 'also') Object.assign(out, { parallel: await parallel() });
  if (o.bulk === 'also') Object.assign(out, { bulk: await bulk() });
  log(`total ${round((performance.now() - tPrep) / 60_000, 1)} min`);
  console.log(JSON.stringify(out));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
