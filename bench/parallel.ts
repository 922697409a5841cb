/**
 * The parallel bench case (issue 10): a 3-node emulator (own process) whose replies are held back
 * by `latencyMs`, one query of `rows` rows read serially and in parallel over 3 sub-connections
 * (arrival and result order), each measurement in a fresh process, reps interleaved; reports the
 * medians and the ratio serial/parallel (target >= 2.5x at 10 ms). `npm run bench -- --parallel`
 * adds it to the bench; `node --import tsx bench/parallel.ts [--reps N] [--latency MS] [--rows N]`
 * runs it alone.
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { runBenchChild, spawnBench } from './child';
import { median, round } from './stats';

/** Settings of {@link runParallelBench}. */
export interface ParallelBenchOptions {
  reps: number;
  latencyMs: number;
  rows: number;
  log: (line: string) => void;
}

/** Medians (ms) per mode and the speed-ups over the serial read. */
export interface ParallelBenchSummary {
  latencyMs: number;
  rows: number;
  reps: number;
  medianMs: Record<string, number>;
  speedupArrival: number;
  speedupResult: number;
}

const MODES = ['serial', 'arrival', 'result'] as const;

/** Runs the case; see the file comment. */
export async function runParallelBench(o: ParallelBenchOptions): Promise<ParallelBenchSummary> {
  const child = spawnBench('parallel-emulator-main.ts', ['--latency', String(o.latencyMs), '--rows', String(o.rows)]);
  const lines = createInterface({ input: child.stdout! });
  const exited = once(child, 'exit');
  try {
    const url = await Promise.race([
      once(lines, 'line').then(([l]) => (JSON.parse(String(l)) as { url: string }).url),
      exited.then(() => {
        throw new Error('parallel bench emulator exited before printing its URL');
      }),
    ]);
    o.log(`parallel: 3-node emulator ${url}, ${o.latencyMs} ms reply latency, ${o.rows} rows x 4 columns`);
    const times: Record<string, number[]> = { serial: [], arrival: [], result: [] };
    for (let rep = 0; rep < o.reps; rep++) {
      for (let k = 0; k < MODES.length; k++) {
        const mode = MODES[(k + rep) % MODES.length]!;
        const r = await runBenchChild<{ ms: number; rowsPerSec: number; error?: string }>('parallel-child.ts', [url, mode, String(o.rows)], 300_000);
        if (r.error !== undefined) throw new Error(r.error);
        times[mode]!.push(r.ms);
        o.log(`rep ${rep + 1} parallel-${mode.padEnd(8)} ${`${(r.rowsPerSec / 1e6).toFixed(3)}M rows/s`.padStart(16)}  ${String(round(r.ms, 0)).padStart(5)} ms`);
      }
    }
    const medianMs = Object.fromEntries(MODES.map((m) => [m, round(median(times[m]!), 0)]));
    const summary: ParallelBenchSummary = {
      latencyMs: o.latencyMs,
      rows: o.rows,
      reps: o.reps,
      medianMs,
      speedupArrival: round(medianMs.serial! / medianMs.arrival!, 2),
      speedupResult: round(medianMs.serial! / medianMs.result!, 2),
    };
    o.log(
      `parallel: median serial ${medianMs.serial} ms, arrival order ${medianMs.arrival} ms (${summary.speedupArrival}x), result order ${medianMs.result} ms (${summary.speedupResult}x); target >= 2.5x`,
    );
    return summary;
  } finally {
    child.stdin!.end();
    const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(t);
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const get = (name: string, dflt: number) => {
    const i = process.argv.indexOf(name);
    return i < 0 ? dflt : Number(process.argv[i + 1]);
  };
  runParallelBench({ reps: get('--reps', 3), latencyMs: get('--latency', 10), rows: get('--rows', 1_000_000), log: (l) => console.log(l) }).then(
    (s) => console.log(JSON.stringify(s)),
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
