/**
 * Runs the replay server in its own process (so its CPU and memory are not the client's).
 * Usage: `node --import tsx bench/replay-server-main.ts [--prepare TABLE:numBytes[:zlib],...] [--latency MS]`
 * (`:zlib` also compresses that chunk set; `--latency` delays every reply, see replay-server.ts).
 * Prints `{"url":...}` as its first stdout line once every requested chunk set is serialized.
 * Stops when its stdin closes (the parent went away) or on SIGTERM; then prints its stats.
 */
import { startReplayServer } from './replay-server';

function parsePrepare(argv: string[]): { table: string; numBytes: number; zlib: boolean }[] {
  const i = argv.indexOf('--prepare');
  if (i < 0 || !argv[i + 1]) return [];
  return argv[i + 1]!.split(',').map((item) => {
    const [table, n, z] = item.split(':');
    const numBytes = Number(n);
    if (!table || !Number.isInteger(numBytes) || numBytes <= 0 || (z !== undefined && z !== 'zlib')) throw new Error(`bad --prepare item: ${item}`);
    return { table, numBytes, zlib: z === 'zlib' };
  });
}

function parseLatency(argv: string[]): number {
  const i = argv.indexOf('--latency');
  const ms = i < 0 ? 0 : Number(argv[i + 1]);
  if (!Number.isInteger(ms) || ms < 0) throw new Error('--latency needs an integer >= 0');
  return ms;
}

const argv = process.argv.slice(2);
const server = await startReplayServer({ prepare: parsePrepare(argv), latencyMs: parseLatency(argv) });
process.stdout.write(JSON.stringify({ url: server.url }) + '\n');

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await server.close();
  process.stdout.write(JSON.stringify({ stats: server.stats() }) + '\n');
  process.exit(0);
}
process.stdin.on('end', () => void stop());
process.stdin.on('close', () => void stop());
process.stdin.resume();
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
