/**
 * `npm run bench:reset`: how long `RunningEmulator.reset()` takes on the demo seed (1.4M rows) in the
 * cases a test suite meets: nothing written, own tables created, a small seed table written, the
 * 1M-row seed table written (its first write copies it aside once; each reset copies it back). Each
 * case: a write through the SDK (untimed), then a timed reset(); median and max of `--reps N` (default 15).
 * Also checks after every reset that the seed's row counts are back. The last stdout line is JSON.
 */
import { connect } from '../src/node';
import { startEmulator } from '../src/emulator/index';

const repsArg = process.argv.indexOf('--reps');
const reps = repsArg >= 0 ? Number(process.argv[repsArg + 1]) : 15;
if (!Number.isInteger(reps) || reps < 1) throw new Error('--reps needs a positive integer');

const CASES: { id: string; sql: string[] }[] = [
  { id: 'nothing written', sql: [] },
  { id: 'own schema + table', sql: ['CREATE SCHEMA T', 'CREATE TABLE T.X (A INT)', 'INSERT INTO T.X VALUES (1)'] },
  { id: 'CUSTOMERS (10k) updated', sql: ["UPDATE RETAIL.CUSTOMERS SET NAME = 'x' WHERE CUSTOMER_ID < 100"] },
  { id: 'EVENTS (1M) deleted from', sql: ['DELETE FROM RETAIL.EVENTS WHERE EVENT_ID < 1000'] },
];

const emu = await startEmulator({ seed: 'demo' });
const results: { id: string; medianMs: number; maxMs: number; firstWriteMs: number }[] = [];
try {
  const counts = async (): Promise<string> => {
    const s = await connect({ url: emu.url, user: 'sys', password: 'exasol' });
    const { rows } = await s.query('SELECT (SELECT COUNT(*) FROM RETAIL.EVENTS) E, (SELECT COUNT(*) FROM RETAIL.CUSTOMERS) C, (SELECT COUNT(*) FROM EXA_ALL_SCHEMAS) S FROM DUAL');
    await s.close();
    return JSON.stringify(rows[0]);
  };
  const seed = await counts();
  for (const c of CASES) {
    const times: number[] = [];
    let firstWriteMs = 0;
    for (let i = 0; i < reps; i++) {
      const s = await connect({ url: emu.url, user: 'sys', password: 'exasol' });
      const w0 = performance.now();
      for (const sql of c.sql) await s.execute(sql);
      if (i === 0) firstWriteMs = performance.now() - w0;
      await s.close();
      const t0 = performance.now();
      await emu.reset();
      times.push(performance.now() - t0);
      if ((await counts()) !== seed) throw new Error(`${c.id}: the seed is not back after reset`);
    }
    times.sort((a, b) => a - b);
    const r = { id: c.id, medianMs: +times[times.length >> 1]!.toFixed(1), maxMs: +times[times.length - 1]!.toFixed(1), firstWriteMs: +firstWriteMs.toFixed(1) };
    results.push(r);
    console.log(`${r.id.padEnd(28)} reset median ${String(r.medianMs).padStart(7)} ms  max ${String(r.maxMs).padStart(7)} ms  (first write incl. copy ${r.firstWriteMs} ms)`);
  }
} finally {
  await emu.close();
}
console.log(JSON.stringify({ reps, results }));
