/**
 * One measurement of the parallel bench case, in a fresh process: `parallel-child <url> <mode> <rows>`
 * reads `SELECT * FROM PB.PBENCH ORDER BY ID` serially (`serial`: session.chunks) or through the
 * sub-connections (`arrival` / `result`: session.parallel.chunks, sub-connections opened inside the
 * timed call), touching every value column by column. Checks the row count and the exact ID sum;
 * prints `{mode, rows, ms, cpuMs, rowsPerSec}` (`cpuMs`: this process's CPU time during the read).
 */
import { connect, type ResultChunk } from '../src/node';

async function main(): Promise<void> {
  const [url, mode, rowsArg] = process.argv.slice(2);
  const expected = Number(rowsArg);
  if (!url || !['serial', 'arrival', 'result'].includes(mode ?? '') || !Number.isInteger(expected)) throw new Error('usage: parallel-child <url> <serial|arrival|result> <rows>');
  const s = await connect({ url, user: 'sys', password: 'exasol' });
  try {
    const sql = 'SELECT * FROM PB.PBENCH ORDER BY ID';
    // untimed warm-up of the code paths
    for await (const _ of s.chunks('SELECT * FROM PB.PBENCH WHERE ID < 20000 ORDER BY ID')) void _;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const chunks: AsyncIterable<ResultChunk> = mode === 'serial' ? s.chunks(sql) : s.parallel.chunks(sql, { order: mode as 'arrival' | 'result' });
    let rows = 0;
    let idSum = 0n;
    let chars = 0;
    for await (const c of chunks) {
      const n = c.data[0]?.length ?? 0;
      rows += n;
      const ids = c.data[0]!;
      let part = 0;
      for (let i = 0; i < n; i++) part += ids[i] as number;
      idSum += BigInt(part);
      const names = c.data[1]!;
      for (let i = 0; i < n; i++) chars += (names[i] as string).length;
      const amounts = c.data[2]!;
      const ts = c.data[3]!;
      for (let i = 0; i < n; i++) chars += (amounts[i] as string).length + (ts[i] as string).length;
    }
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const wantSum = (BigInt(expected) * BigInt(expected - 1)) / 2n;
    if (rows !== expected || idSum !== wantSum) throw new Error(`${mode}: read ${rows} rows with ID sum ${idSum}, expected ${expected} and ${wantSum}`);
    process.stdout.write(JSON.stringify({ mode, rows, ms, cpuMs, rowsPerSec: rows / (ms / 1000), chars }) + '\n');
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
