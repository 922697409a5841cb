/**
 * Peak memory of streaming a huge result through the SDK, in its own process so the RSS is the
 * client's alone: `stream-child.mjs <url> <table> <rows|query$>`, default session options. The
 * consumer touches every value (./tally.ts) and keeps nothing. RSS is sampled every 10 ms and the
 * kernel's high-water mark (VmHWM) is read at the end; prints
 * `{mode, rows, ms, rowsPerSec, peakRssMb, sampledPeakRssMb, baselineRssMb}`.
 */
import { peakRssMb } from './peak-rss';
import { runSdkMode, type BenchSession, type SdkMode } from './sdk-cases';
import { sdkConnect } from './sdk-client';

async function main(): Promise<void> {
  const [url, table, modeArg] = process.argv.slice(2);
  if (!url || !table || (modeArg !== 'rows' && modeArg !== 'query$')) throw new Error('usage: stream-child <url> <table> <rows|query$>');
  const mode: SdkMode = modeArg;
  const session = await sdkConnect(url);
  try {
    const baselineRssMb = process.memoryUsage().rss / 2 ** 20;
    let sampled = 0;
    const sampler = setInterval(() => {
      sampled = Math.max(sampled, process.memoryUsage().rss);
    }, 10);
    try {
      const r = await runSdkMode(session as unknown as BenchSession, mode, `SELECT * FROM ${table}`);
      const result = {
        mode,
        rows: r.tally.rows,
        ms: r.ms,
        rowsPerSec: r.tally.rows / (r.ms / 1000),
        peakRssMb: peakRssMb(),
        sampledPeakRssMb: sampled / 2 ** 20,
        baselineRssMb,
      };
      process.stdout.write(JSON.stringify(result) + '\n');
    } finally {
      clearInterval(sampler);
    }
  } finally {
    await session.close();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stdout.write(JSON.stringify({ error: String(e instanceof Error ? e.stack : e) }) + '\n');
    process.exit(1);
  },
);
