// The CLI: first stdout line is the URL, a fingerprint line follows with --tls, bad options fail
// with a usage message, and SIGINT/SIGTERM end it with exit code 0 within 2 s whatever its clients do;
// `npm start` (scripts/start.mjs) forwards the signals and exits 0 within 3 s, leaving no process behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { Agent as HttpAgent, get as httpGet } from 'node:http';
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
    assert.ok(ms < 2000, `exit took ${ms.toFixed(0)} ms; stderr: ${cli.stderr()}`);
    assert.doesNotMatch(cli.stderr(), /exiting anyway/, 'the clean close finished before the deadline');
    assert.deepEqual([await idle.closed, await busy.closed], [1001, 1001], `close codes (idle, busy) after ${ms.toFixed(0)} ms`);
    for (const s of [halfOpen, halfHeaders, deaf]) s.destroy();
  });
}

test('a second signal while closing exits at once (128 + signal number)', async () => {
  const cli = startCli(['--port', '0']);
  const url = await cli.nextLine();
  // a client that ignores the close frame holds the close for the close-handshake wait (400 ms)
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

/** Process ids of every descendant of `pid` (Linux /proc). */
function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      parentOf.set(Number(e), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* gone meanwhile */
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [child, parent] of parentOf) if (parent === p) {
      out.push(child);
      walk(child);
    }
  };
  walk(pid);
  return out;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Starts `command` (npm start or scripts/start.mjs) on free ports, without a build, in its own process group. */
async function launchStart(command: string[]) {
  const child = spawn(command[0]!, [...command.slice(1), '--port', '0', '--emulator-port', '0', '--no-build'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group, like a terminal's foreground job
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, sig) => r({ code, signal: sig })));
  for (let i = 0; i < 1200 && !out.includes('Press Ctrl+C') && child.exitCode === null; i++) await sleep(50);
  assert.match(out, /Press Ctrl\+C/, `not started; stderr: ${err}`);
  const tree = descendants(child.pid!);
  assert.ok(tree.length >= 1, 'the emulator runs in a child process');
  // one URL: the console on the emulator's own port; WebSocket clients use the same host and port
  const consoleUrl = /^ +(http:\/\/\S+\/)$/m.exec(out)![1]!;
  return {
    child,
    exited,
    tree,
    stderr: () => err,
    consoleUrl,
    emulatorUrl: consoleUrl.replace(/^http/, 'ws').replace(/\/$/, ''),
    /** Kills whatever is left of the process group. */
    cleanup: () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    },
  };
}

/** Waits (bounded) until none of `pids` is alive; returns those still alive. */
async function survivors(pids: number[], ms: number): Promise<number[]> {
  for (let i = 0; i < ms / 20 && pids.some(alive); i++) await sleep(20);
  return pids.filter(alive);
}

/**
 * `npm start` with a browser-like HTTP keep-alive connection to the console page (on the emulator's port), a half-open one and a logged-in
 * WebSocket client; then `signal` to `target` ('group' = the whole process group, as a terminal's Ctrl+C does).
 * Expects the start script to exit 0 and no process of the tree left, all within 3 s.
 */
async function npmStartStops(command: string[], signal: NodeJS.Signals, target: 'group' | 'process', viaNpm = false): Promise<void> {
  const app = await launchStart(command);
  try {
    const ws = await WireClient.connect(app.emulatorUrl);
    const agent = new HttpAgent({ keepAlive: true });
    const page = await new Promise<string>((resolve, reject) => {
      httpGet(app.consoleUrl, { agent }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve(body));
      }).on('error', reject);
    });
    assert.match(page, /<title>exasol-ws query console<\/title>/);
    const halfOpen = await rawTcp(Number(new URL(app.consoleUrl).port));
    const t0 = performance.now();
    process.kill(target === 'group' ? -app.child.pid! : app.child.pid!, signal);
    let timer: NodeJS.Timeout | undefined;
    const end = await Promise.race([app.exited, new Promise<'hung'>((r) => (timer = setTimeout(() => r('hung'), 10000)))]);
    clearTimeout(timer);
    assert.notEqual(end, 'hung', 'no exit within 10 s');
    if (end === 'hung') return;
    // npm's own shell dies of the terminal's signal at once and npm then re-raises it; the script itself exits 0
    if (viaNpm) assert.ok(end.code === 0 || end.signal === signal, `npm exit ${JSON.stringify(end)}`);
    else assert.deepEqual(end, { code: 0, signal: null }, `exit; stderr: ${app.stderr()}`);
    assert.deepEqual(await survivors(app.tree, 3000), [], 'processes left behind');
    const ms = performance.now() - t0;
    assert.ok(ms < 3000, `everything stopped only after ${ms.toFixed(0)} ms`);
    assert.equal(await ws.closed, 1001);
    agent.destroy();
    halfOpen.destroy();
  } finally {
    app.cleanup();
  }
}

const linux = existsSync('/proc/self/stat');
test('npm start: Ctrl+C (SIGINT to the process group) stops everything within 3 s', { skip: !linux && 'needs /proc' }, async () => {
  await npmStartStops(['npm', 'start', '--'], 'SIGINT', 'group', true);
});

test('scripts/start.mjs: SIGTERM to the script alone is forwarded; exit 0, no child left', { skip: !linux && 'needs /proc' }, async () => {
  await npmStartStops([process.execPath, 'scripts/start.mjs'], 'SIGTERM', 'process');
});

test('scripts/start.mjs: SIGINT to the script alone is forwarded; exit 0, no child left', { skip: !linux && 'needs /proc' }, async () => {
  await npmStartStops([process.execPath, 'scripts/start.mjs'], 'SIGINT', 'process');
});

test('scripts/start.mjs killed outright (SIGKILL): the emulator child stops by itself', { skip: !linux && 'needs /proc' }, async () => {
  const app = await launchStart([process.execPath, 'scripts/start.mjs']);
  try {
    const ws = await WireClient.connect(app.emulatorUrl);
    app.child.kill('SIGKILL');
    assert.deepEqual(await survivors(app.tree, 3000), [], 'the emulator outlived its parent');
    assert.equal(await ws.closed, 1001);
  } finally {
    app.cleanup();
  }
});

test('--help prints every option and exits 0 without starting a server; an unknown option exits 2 with the usage', async () => {
  const help = startCli(['--help']);
  const lines: string[] = [];
  for (let l = await help.nextLine(); l !== undefined; l = await help.nextLine()) lines.push(l);
  const out = lines.join('\n');
  assert.equal(await help.exited, 0, help.stderr());
  assert.match(out, /^exasol-emulator: /);
  for (const flag of ['--port', '--host', '--tls', '--cert', '--nodes', '--seed', '--db', '--max-protocol', '--version', '--database-name', '--console', '--exit-on-stdin-end', '--run', '--help']) {
    assert.match(out, new RegExp(`\\n  ${flag}\\b`), `help explains ${flag}`);
  }
  const bad = startCli(['--bogus']);
  assert.equal(await bad.exited, 2);
  assert.match(bad.stderr(), /unknown option --bogus\nusage: exasol-emulator/);
});

test('npm start -- --help prints its options and exits 0 without building or starting anything', async () => {
  const child = spawn(process.execPath, ['scripts/start.mjs', '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  assert.equal(code, 0);
  for (const flag of ['--port', '--tls', '--no-build', '--verbose', '--help']) assert.match(out, new RegExp(`\\n  ${flag}\\b`));
});
