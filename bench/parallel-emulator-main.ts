/**
 * The emulator of the parallel bench case, in its own process: 3 nodes (127.0.0.1-3), protocol v5,
 * every reply held back by `--latency MS`, and table PB.PBENCH of `--rows N` rows (ID DECIMAL(18,0),
 * NAME VARCHAR(20), AMOUNT DECIMAL(12,2), TS TIMESTAMP), all computed from the row number. Prints
 * `{"url": ...}` once ready; stops when its stdin ends.
 */
import { startEmulator } from '../src/emulator/index';
import { connect } from '../src/node';

async function main(): Promise<void> {
  const arg = (name: string, dflt: number) => {
    const i = process.argv.indexOf(name);
    const n = i < 0 ? dflt : Number(process.argv[i + 1]);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} needs an integer >= 0`);
    return n;
  };
  const latencyMs = arg('--latency', 10);
  const rows = arg('--rows', 1_000_000);
  const slow = await startEmulator({ nodes: 3, maxProtocolVersion: 5, latencyMs });
  const t = await connect({ url: slow.url, user: 'sys', password: 'exasol' });
  await t.execute("CREATE SCHEMA PB");
  await t.execute('CREATE TABLE PB.PBENCH (ID DECIMAL(18,0), NAME VARCHAR(20), AMOUNT DECIMAL(12,2), TS TIMESTAMP)');
  await t.execute(
    `INSERT INTO PB.PBENCH SELECT I, 'name-' || I, CAST(I % 100000 AS DECIMAL(12,2)) / 100, TIMESTAMP '2024-01-01 00:00:00' + TO_MICROSECONDS(I * 1000) FROM range(${rows}) t(I)`,
  );
  await t.close();
  process.stdout.write(JSON.stringify({ url: slow.url }) + '\n');
  process.stdin.resume();
  process.stdin.on('end', () => void slow.close().then(() => process.exit(0)));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
