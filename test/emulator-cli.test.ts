// The CLI: first stdout line is the URL, a fingerprint line follows with --tls, bad options fail
// with a usage message, and SIGINT/SIGTERM end it with exit code 0 within 2 s whatever its clients do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { connect as tcpConnect, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { WireClient } from './support/wire-client';

function startCli(args: string[], stdin: 'ignore' | 'pipe' = 'ignore') {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/emulator/cli.ts', ...args], { stdio: [stdin, 'pipe', 'pipe'] });
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

/** A statement that runs for minutes unless interrupted. */
const CROSS_JOIN = 'SELECT COUNT(*) FROM range(100000) a, range(100000) b, range(1000) c';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Opens a raw TCP connection (error events swallowed). */
function rawTcp(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = tcpConnect(port, '127.0.0.1', () => resolve(s));
    s.on('error', () => undefined);
    s.once('error', reject);
  });
}

/** A raw socket that completes the WebSocket upgrade and then never answers anything (not even the close frame). */
async function deafWebSocket(port: number): Promise<Socket> {
  const s = await rawTcp(port);
  let got = '';
  s.on('data', (d) => (got += d.toString('latin1')));
  s.write(
    'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  );
  for (let i = 0; i < 200 && !got.includes('\r\n\r\n'); i++) await sleep(10);
  assert.match(got, /^HTTP\/1\.1 101/);
  return s;
}

/** Sends `signal` and returns the exit code and the time to exit (ms). */
async function stopWith(child: ChildProcess, exited: Promise<number | null>, signal: NodeJS.Signals): Promise<{ code: number | null; ms: number }> {
  const t0 = performance.now();
  child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([exited, new Promise<'hung'>((r) => (timer = setTimeout(() => r('hung'), 10000)))]);
  clearTimeout(timer);
  if (code === 'hung') {
    child.kill('SIGKILL');
    assert.fail(`no exit within 10 s of ${signal}`);
  }
  return { code, ms: performance.now() - t0 };
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`${signal}: exits 0 within 2 s with idle clients, a running statement and half-open connections`, async () => {
    const cli = startCli(['--port', '0']);
    const url = await cli.nextLine();
    const port = Number(new URL(url).port);
    const idle = await WireClient.connect(url);
    const busy = await WireClient.connect(url);
    busy.send({ command: 'execute', sqlText: CROSS_JOIN });
    const halfOpen = await rawTcp(port);
    const halfHeaders = await rawTcp(port);
    halfHeaders.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const deaf = await deafWebSocket(port);
    await sleep(400); // the cross join is running now
    const { code, ms } = await stopWith(cli.child, cli.exited, signal);
    assert.equal(code, 0, cli.stderr());
    assert.ok(ms < 2000, `exit took ${ms.toFixed(0)} ms`);
    assert.doesNotMatch(cli.stderr(), /exiting anyway/, 'the clean close finished before the deadline');
    assert.equal(await idle.closed, 1001);
    assert.equal(await busy.closed, 1001);
    for (const s of [halfOpen, halfHeaders, deaf]) s.destroy();
  });
}

test('a second signal while closing exits at once (128 + signal number)', async () => {
  const cli = startCli(['--port', '0']);
  const url = await cli.nextLine();
  // a client that ignores the close frame holds the close for the close-handshake wait (250 ms)
  const deaf = await deafWebSocket(Number(new URL(url).port));
  cli.child.kill('SIGTERM');
  await sleep(50);
  const { code } = await stopWith(cli.child, cli.exited, 'SIGINT');
  assert.equal(code, 130);
  deaf.destroy();
});

test('--exit-on-stdin-end: the CLI stops cleanly when its parent goes away (stdin ends)', async () => {
  const cli = startCli(['--port', '0', '--exit-on-stdin-end'], 'pipe');
  const url = await cli.nextLine();
  const c = await WireClient.connect(url);
  cli.child.stdin!.end();
  assert.equal(await cli.exited, 0);
  assert.equal(await c.closed, 1001);
});
