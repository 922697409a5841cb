// The CLI: first stdout line is the URL, a fingerprint line follows with --tls, bad options fail
// with a usage message, and SIGTERM ends it cleanly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { WireClient } from './support/wire-client';

function startCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/emulator/cli.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const nextLine = async (ms = 30000) => {
    let t: NodeJS.Timeout | undefined;
    const r = await Promise.race([lines.next(), new Promise<never>((_, rej) => (t = setTimeout(() => rej(new Error(`no output; stderr: ${stderr}`)), ms)))]);
    clearTimeout(t);
    return r.value as string;
  };
  return { child, nextLine, exited, stderr: () => stderr };
}

test('prints the URL first, serves logins, and exits 0 on SIGTERM', async () => {
  const cli = startCli(['--port', '0']);
  try {
    const url = await cli.nextLine();
    assert.match(url, /^ws:\/\/127\.0\.0\.1:\d+$/);
    const c = await WireClient.connect(url);
    assert.equal((await c.ok({ command: 'execute', sqlText: 'SELECT 5' })).responseData.results[0].resultSet.data[0][0], 5);
    await c.close();
  } finally {
    cli.child.kill('SIGTERM');
  }
  assert.equal(await cli.exited, 0);
});

test('--tls prints a fingerprint line after the URL', async () => {
  const cli = startCli(['--port', '0', '--tls']);
  try {
    assert.match(await cli.nextLine(), /^wss:\/\//);
    assert.match(await cli.nextLine(), /^fingerprint [0-9A-F]{64}$/);
  } finally {
    cli.child.kill('SIGINT');
  }
  assert.equal(await cli.exited, 0);
});

test('an unknown option fails with a usage message', async () => {
  const cli = startCli(['--frobnicate']);
  assert.equal(await cli.exited, 2);
  assert.match(cli.stderr(), /unknown option --frobnicate[\s\S]*usage/);
});
