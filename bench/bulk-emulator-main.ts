/**
 * The emulator of the bulk bench case, in its own process: one node, table BB.SRC of `--rows N` rows
 * (ID DECIMAL(18,0) with an 18-digit ID in every 1000th row, NAME VARCHAR(20), AMOUNT DOUBLE, TS TIMESTAMP),
 * computed from the row number, and an empty BB.DST of the same shape. Prints `{"url": ...}` once ready;
 * stops when its stdin ends. `--cpu-prof` on this process profiles the emulator's side of IMPORT/EXPORT.
 */
import { startEmulator } from '../src/emulator/index';
import { connect } from '../src/node';

async function main(): Promise<void> {
  const i = process.argv.indexOf('--rows');
  const rows = i < 0 ? 10_000_000 : Number(process.argv[i + 1]);
  if (!Number.isInteger(rows) || rows < 1) throw new Error('--rows needs an integer >= 1');
  const emu = await startEmulator({});
  const t = await connect({ url: emu.url, user: 'sys', password: 'exasol' });
  await t.execute('CREATE SCHEMA BB');
  await t.execute('CREATE TABLE BB.SRC (ID DECIMAL(18,0), NAME VARCHAR(20), AMOUNT DOUBLE, TS TIMESTAMP)');
  await t.execute(
    `INSERT INTO BB.SRC SELECT CASE WHEN I % 1000 = 7 THEN 900000000000000000 + I ELSE I END, 'name-' || I, I / 7.0, ` +
      `TIMESTAMP '2024-01-01 00:00:00' + TO_MICROSECONDS(I * 1000003) FROM range(${rows}) t(I)`,
  );
  await t.execute('CREATE TABLE BB.DST (ID DECIMAL(18,0), NAME VARCHAR(20), AMOUNT DOUBLE, TS TIMESTAMP)');
  await t.close();
  process.stdout.write(JSON.stringify({ url: emu.url }) + '\n');
  process.stdin.resume();
  process.stdin.on('end', () => void emu.close().then(() => process.exit(0)));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
