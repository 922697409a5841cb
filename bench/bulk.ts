/**
 * The bulk bench case (issue 14): an emulator in its own process with BB.SRC of `rows` rows x 4 columns
 * (DECIMAL(18,0) with 18-digit IDs, VARCHAR(20), DOUBLE, TIMESTAMP); each measurement in a fresh SDK process
 * (bench/bulk-child.ts), reps interleaved:
 * - import: `rows` rows through the HTTP transport (bulkImport) vs prepared-statement batches over WebSocket
 *   (on `preparedRows` rows when that is smaller: the prepared path is compared by rows/s);
 * - export: the same rows through the HTTP transport (exportRows) vs `session.rows()`.
 * Reports median rows/s, the ratios (targets: import >= 5x, export >= 3x) and the SDK process's peak RSS of the
 * HTTP-transport runs (target <= 200 MB). `npm run bench -- --bulk` adds it, `--bulk-only` runs just it;
 * `node --import tsx bench/bulk.ts [--reps N] [--rows N] [--prepared-rows N]` alone.
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { runBenchChild, spawnBench } from './child';
import { median, round } from './stats';

/** Settings of {@link runBulkBench}. */
export interface BulkBenchOptions {
  reps: number;
  rows: number;
  /** Rows of the prepared-statement import (rows/s compared). */
  preparedRows: number;
  log: (line: string) => void;
}

/** Medians and ratios of the bulk case. */
export interface BulkBenchSummary {
  rows: number;
  preparedRows: number;
  reps: number;
  rowsPerSec: Record<string, number>;
  importVsPrepared: number;
  exportVsRows: number;
  peakRssMb: Record<string, number>;
  targets: { importVsPrepared: boolean; exportVsRows: boolean; peakRss: boolean };
}

const MODES = ['import-http', 'import-prepared', 'export-http', 'export-rows'] as const;
type Mode = (typeof MODES)[number];

/** Runs the case; see the file comment. */
export async function runBulkBench(o: BulkBenchOptions): Promise<BulkBenchSummary> {
  const child = spawnBench('bulk-emulator-main.ts', ['--rows', String(o.rows)]);
  const lines = createInterface({ input: child.stdout! });
  const exited = once(child, 'exit');
  try {
    const url = await Promise.race([
      once(lines, 'line').then(([l]) => (JSON.parse(String(l)) as { url: string }).url),
      exited.then(() => {
        throw new Error('bulk bench emulator exited before printing its URL');
      }),
    ]);
    o.log(`bulk: emulator ${url}, BB.SRC ${o.rows} rows x 4 columns; prepared INSERT batches measured on ${o.preparedRows} rows (rows/s compared)`);
    const rps: Record<Mode, number[]> = { 'import-http': [], 'import-prepared': [], 'export-http': [], 'export-rows': [] };
    const rss: Record<Mode, number[]> = { 'import-http': [], 'import-prepared': [], 'export-http': [], 'export-rows': [] };
    for (let rep = 0; rep < o.reps; rep++) {
      for (let k = 0; k < MODES.length; k++) {
        const mode = MODES[(k + rep) % MODES.length]!;
        const n = mode === 'import-prepared' ? o.preparedRows : o.rows;
        const r = await runBenchChild<{ ms: number; rowsPerSec: number; cpuMs?: number; peakRssMb: number; error?: string }>('bulk-child.ts', [url, mode, String(n)], 1_800_000);
        if (r.error !== undefined) throw new Error(r.error);
        rps[mode].push(r.rowsPerSec);
        rss[mode].push(r.peakRssMb);
        o.log(`rep ${rep + 1} bulk-${mode.padEnd(16)} ${`${(r.rowsPerSec / 1e6).toFixed(3)}M rows/s`.padStart(16)}  ${String(round(r.ms, 0)).padStart(7)} ms  SDK CPU ${String(round(r.cpuMs ?? NaN, 0)).padStart(7)} ms  peak RSS ${round(r.peakRssMb, 0)} MB  rows ${n}`);
      }
    }
    const rowsPerSec = Object.fromEntries(MODES.map((m) => [m, round(median(rps[m]), 0)])) as Record<Mode, number>;
    const peakRssMb = Object.fromEntries(MODES.map((m) => [m, round(Math.max(...rss[m]), 0)])) as Record<Mode, number>;
    const importVsPrepared = round(rowsPerSec['import-http'] / rowsPerSec['import-prepared'], 2);
    const exportVsRows = round(rowsPerSec['export-http'] / rowsPerSec['export-rows'], 2);
    const summary: BulkBenchSummary = {
      rows: o.rows,
      preparedRows: o.preparedRows,
      reps: o.reps,
      rowsPerSec,
      importVsPrepared,
      exportVsRows,
      peakRssMb,
      targets: { importVsPrepared: importVsPrepared >= 5, exportVsRows: exportVsRows >= 3, peakRss: Math.max(peakRssMb['import-http'], peakRssMb['export-http']) <= 200 },
    };
    o.log(
      `bulk: import ${rowsPerSec['import-http']} rows/s (HTTP) vs ${rowsPerSec['import-prepared']} rows/s (prepared, ${o.preparedRows} rows) = ${importVsPrepared}x (target >= 5x); ` +
        `export ${rowsPerSec['export-http']} rows/s (HTTP) vs ${rowsPerSec['export-rows']} rows/s (rows()) = ${exportVsRows}x (target >= 3x); ` +
        `peak RSS import ${peakRssMb['import-http']} MB, export ${peakRssMb['export-http']} MB (target <= 200 MB)`,
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
  const rows = get('--rows', 10_000_000);
  runBulkBench({ reps: get('--reps', 3), rows, preparedRows: get('--prepared-rows', Math.min(rows, 500_000)), log: (l) => console.log(l) }).then(
    (s) => console.log(JSON.stringify(s)),
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
