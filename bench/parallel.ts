/**
 * The parallel bench case (issue 10): a 3-node emulator (own process) whose replies are held back
 * by `latencyMs`, one query of `rows` rows read serially and in parallel over 3 sub-connections
 * (arrival and result order), each measurement in a fresh process, reps interleaved; reports the
 * medians and the ratio serial/parallel (target >= 2.5x at 10 ms). `npm run bench -- --parallel`
 * adds it to the bench; `node --import tsx bench/parallel.ts [--reps N] [--latency MS] [--rows N]`
 * runs it alone.
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
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
  /** Median CPU milliseconds per mode of the reading process (`client`) and of the emulator process (`server`, Linux only, else null). */
  cpuMs: Record<string, { client: number; server: number | null }>;
  /**
   * The most any parallel read could gain on this machine: the serial read's wall time over the
   * larger of the parallel read's CPU time in the client and in the server (each a single JS
   * thread), i.e. what remains when every millisecond of latency is hidden. Below the 2.5x target,
   * the read is bounded by CPU, not by latency, and more cores (client or server) are needed.
   */
  cpuBoundLimit: number | null;
}

/** CPU milliseconds (user + system) a process has used so far, from /proc (Linux); null elsewhere. */
function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    // Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // clock ticks (USER_HZ = 100 on Linux)
  } catch {
    return null;
  }
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
    const clientCpu: Record<string, number[]> = { serial: [], arrival: [], result: [] };
    const serverCpu: Record<string, number[]> = { serial: [], arrival: [], result: [] };
    for (let rep = 0; rep < o.reps; rep++) {
      for (let k = 0; k < MODES.length; k++) {
        const mode = MODES[(k + rep) % MODES.length]!;
        const s0 = processCpuMs(child.pid);
        const r = await runBenchChild<{ ms: number; cpuMs: number; rowsPerSec: number; error?: string }>('parallel-child.ts', [url, mode, String(o.rows)], 300_000);
        if (r.error !== undefined) throw new Error(r.error);
        const s1 = processCpuMs(child.pid);
        const server = s0 === null || s1 === null ? null : s1 - s0;
        times[mode]!.push(r.ms);
        clientCpu[mode]!.push(r.cpuMs);
        if (server !== null) serverCpu[mode]!.push(server);
        o.log(
          `rep ${rep + 1} parallel-${mode.padEnd(8)} ${`${(r.rowsPerSec / 1e6).toFixed(3)}M rows/s`.padStart(16)}  ${String(round(r.ms, 0)).padStart(5)} ms` +
            `  CPU client ${round(r.cpuMs, 0)} ms, server ${server === null ? '-' : `${round(server, 0)} ms (whole child run)`}`,
        );
      }
    }
    const medianMs = Object.fromEntries(MODES.map((m) => [m, round(median(times[m]!), 0)]));
    const cpuMs = Object.fromEntries(
      MODES.map((m) => [m, { client: round(median(clientCpu[m]!), 0), server: serverCpu[m]!.length ? round(median(serverCpu[m]!), 0) : null }]),
    );
    const bound = (m: 'arrival' | 'result') => {
      const c = cpuMs[m]!;
      return c.server === null ? null : medianMs.serial! / Math.max(c.client, c.server);
    };
    const limits = [bound('arrival'), bound('result')].filter((x): x is number => x !== null);
    const cpuBoundLimit = limits.length ? round(Math.max(...limits), 2) : null;
    const summary: ParallelBenchSummary = {
      latencyMs: o.latencyMs,
      rows: o.rows,
      reps: o.reps,
      medianMs,
      speedupArrival: round(medianMs.serial! / medianMs.arrival!, 2),
      speedupResult: round(medianMs.serial! / medianMs.result!, 2),
      cpuMs,
      cpuBoundLimit,
    };
    o.log(
      `parallel: median serial ${medianMs.serial} ms, arrival order ${medianMs.arrival} ms (${summary.speedupArrival}x), result order ${medianMs.result} ms (${summary.speedupResult}x); target >= 2.5x`,
    );
    o.log(
      `parallel: median CPU ms (client/server): ${MODES.map((m) => `${m} ${cpuMs[m]!.client}/${cpuMs[m]!.server ?? '-'}`).join(', ')}; ` +
        `CPU-bound limit of any parallel read here: ${cpuBoundLimit ?? '-'}x (serial wall time / the larger single-thread CPU time of a parallel read)`,
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
