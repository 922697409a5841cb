/**
 * Peak memory of streaming a huge result through the SDK, in its own process so the RSS is the
 * client's alone: `node --import tsx bench/stream-child.ts <url> <table> <fetchBytes>`. The consumer
 * counts rows and drops them. RSS is sampled every 10 ms and the kernel's high-water mark (VmHWM) is
 * read at the end; prints `{rows, ms, rowsPerSec, peakRssMb, sampledPeakRssMb, baselineRssMb}`.
 */
import { sdkConnect, streamQuery } from './sdk-client';
import { peakRssMb } from './peak-rss';

async function main(): Promise<void> {
  const [url, table, fetchArg] = process.argv.slice(2);
  if (!url || !table || !fetchArg) throw new Error('usage: stream-child.ts <url> <table> <fetchBytes>');
  const session = await sdkConnect(url, Number(fetchArg));
  try {
    const baselineRssMb = process.memoryUsage().rss / 2 ** 20;
    let sampled = 0;
    const sampler = setInterval(() => {
      sampled = Math.max(sampled, process.memoryUsage().rss);
    }, 10);
    try {
      let checksum = 0;
      const r = await streamQuery(session, table, (c) => {
        // drop the rows; look at one value per chunk so the chunk is not dead code
        if (c.rows.length > 0 && c.rows[0]!.ID !== undefined) checksum++;
      });
      const result = {
        rows: r.rows,
        ms: r.ms,
        rowsPerSec: r.rows / (r.ms / 1000),
        chunks: checksum,
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
