/**
 * One measurement of the bulk bench case, in a fresh process: `bulk-child <url> <mode> <rows>`.
 * - `import-http`: `rows` generated rows (the shape of BB.SRC: bigint IDs, 18 digits in every 1000th row)
 *   loaded into BB.DST with bulkImport (HTTP transport);
 * - `import-prepared`: the same rows through a prepared INSERT over WebSocket, in batches of 10,000;
 * - `export-http`: BB.SRC (first `rows` rows) read with exportRows (HTTP transport), every value touched;
 * - `export-rows`: the same rows read with `session.rows()` over WebSocket, every value touched.
 * BB.DST is emptied before an import (untimed) and its row count checked after. Prints
 * `{mode, rows, ms, rowsPerSec, cpuMs, peakRssMb}` (CPU time of this SDK process during the measurement, user +
 * system: steadier than `ms` on a loaded machine; peak RSS of this SDK process, the kernel's VmHWM).
 */
import { connect } from '../src/node';
import { bulkImport, exportRows } from '../src/bulk/index';
import { peakRssMb } from './peak-rss';

const BATCH = 10_000;

const T0 = Date.UTC(2024, 0, 1);
const TWO = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
// rows are ~1 s apart: the date is formatted once per day, the time of day from integers (the generator is not
// what is measured; the values are those of `new Date(...).toISOString()`)
let lastDay = -1;
let dayText = '';

function row(i: number): [bigint | number, string, number, string] {
  const id = i % 1000 === 7 ? 900000000000000000n + BigInt(i) : i;
  // i * 1000003 microseconds = i seconds + 3i microseconds (integer arithmetic)
  const second = i + Math.floor((3 * i) / 1_000_000);
  const day = Math.floor(second / 86400);
  if (day !== lastDay) {
    lastDay = day;
    dayText = new Date(T0 + day * 86_400_000).toISOString().slice(0, 10) + ' ';
  }
  const s = second - day * 86400;
  const frac = String((3 * i) % 1_000_000);
  const ts = dayText + TWO[Math.floor(s / 3600)] + ':' + TWO[Math.floor(s / 60) % 60] + ':' + TWO[s % 60] + '.' + (frac.length === 6 ? frac : frac.padStart(6, '0'));
  return [id, `name-${i}`, i / 7, ts];
}

async function* generate(n: number) {
  for (let i = 0; i < n; i++) yield row(i);
}

async function main(): Promise<void> {
  const [url, mode, rowsArg] = process.argv.slice(2);
  const n = Number(rowsArg);
  if (!url || !['import-http', 'import-prepared', 'export-http', 'export-rows'].includes(mode ?? '') || !Number.isInteger(n)) throw new Error('usage: bulk-child <url> <mode> <rows>');
  const s = await connect({ url, user: 'sys', password: 'exasol', rowMode: 'array' });
  try {
    if (mode!.startsWith('import')) await s.execute('TRUNCATE TABLE BB.DST');
    const source = `(SELECT * FROM BB.SRC WHERE ID < ${n} OR ID >= 900000000000000000 AND ID < 900000000000000000 + ${n})`;
    let chars = 0;
    let got = 0;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    if (mode === 'import-http') {
      got = (await bulkImport(s, 'BB.DST', generate(n), { timeout: 600_000 })).rows;
    } else if (mode === 'import-prepared') {
      const ins = await s.prepare('INSERT INTO BB.DST VALUES (?, ?, ?, ?)');
      let batch: unknown[][] = [];
      for await (const r of generate(n)) {
        batch.push(r);
        if (batch.length === BATCH) {
          got += await ins.execute(batch as never);
          batch = [];
        }
      }
      if (batch.length > 0) got += await ins.execute(batch as never);
      await ins.close();
    } else if (mode === 'export-http') {
      for await (const r of exportRows(s, { query: `SELECT * FROM ${source}` }, { timeout: 600_000 })) {
        chars += r[0]!.length + r[1]!.length + r[2]!.length + r[3]!.length;
        got++;
      }
    } else {
      for await (const r of s.rows(`SELECT * FROM ${source}`, { rowMode: 'array' })) {
        chars += String(r[0]).length + (r[1] as string).length + String(r[2]).length + (r[3] as string).length;
        got++;
      }
    }
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    if (got !== n) throw new Error(`${mode}: ${got} rows, expected ${n}`);
    if (mode!.startsWith('import')) {
      const c = (await s.query('SELECT COUNT(*), COUNT(DISTINCT ID) FROM BB.DST')).rows[0]!;
      if (Number(c[0]) !== n || Number(c[1]) !== n) throw new Error(`${mode}: BB.DST holds ${c[0]} rows (${c[1]} distinct IDs), expected ${n}`);
    }
    process.stdout.write(JSON.stringify({ mode, rows: got, ms, rowsPerSec: got / (ms / 1000), cpuMs, peakRssMb: peakRssMb(), chars }) + '\n');
  } finally {
    await s.close();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stdout.write(JSON.stringify({ error: String(e instanceof Error ? e.stack : e) }) + '\n');
    process.exit(1);
  },
);
