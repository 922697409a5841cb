// Streams a 3,000,000-row result through rows() and checks the client's heap stays bounded. The
// emulator runs in a child process so only the client's memory is measured in this process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { connect } from '../src/node';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

test('3M rows stream in bounded memory (heap growth < 150 MB)', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/emulator/cli.ts', '--port', '0', '--host', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const rl = createInterface({ input: child.stdout! });
      rl.once('line', (l) => resolve(l.trim()));
      child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
    });
    const s = await connect({ url, user: 'sys', password: 'exasol', fetchSize: 2 * 1024 * 1024 });
    try {
      gc();
      const base = process.memoryUsage().heapUsed;
      let peak = 0;
      let n = 0;
      let sum = 0n;
      for await (const row of s.rows('SELECT range AS I, CAST(range AS VARCHAR(20)) AS S FROM range(3000000)')) {
        sum += BigInt(row.I as number | bigint);
        n++;
        if (n % 100000 === 0) {
          gc(); // live memory only: what the stream holds, not garbage waiting for collection
          peak = Math.max(peak, process.memoryUsage().heapUsed - base);
        }
      }
      assert.equal(n, 3000000);
      assert.equal(sum, (2999999n * 3000000n) / 2n);
      assert.ok(peak < 150 * 1024 * 1024, `heap grew by ${Math.round(peak / 1048576)} MB`);
      console.log(`# heap growth peak ${Math.round(peak / 1048576)} MB over 3M rows`);
    } finally {
      await s.close();
    }
  } finally {
    child.kill('SIGTERM');
  }
});
