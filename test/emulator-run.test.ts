// `exasol-emulator --run "<command>"`: the command gets the emulator's address (and fingerprint with TLS) in its
// environment, the CLI exits with the command's exit code (128 + n when a signal ended it) after stopping the
// emulator, forwards SIGTERM/SIGINT to the command, and refuses a missing command.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect as tcpConnect } from 'node:net';

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI from source; `onStdout` sees the output as it comes (for signal tests). */
function cli(args: string[], env: NodeJS.ProcessEnv = process.env, onStdout?: (soFar: string, pid: number) => void): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/emulator/cli.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI did not exit within 60 s; stdout: ${stdout} stderr: ${stderr}`));
    }, 60000);
    child.stdout.on('data', (d) => {
      stdout += d;
      onStdout?.(stdout, child.pid!);
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const PROBE = 'node --import tsx test/support/run-probe.ts';

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = tcpConnect(port, '127.0.0.1', () => {
      s.destroy();
      resolve(false);
    });
    s.on('error', () => resolve(true));
  });
}

test('--run exports the address, runs the command, stops the emulator and exits with its code', async () => {
  const r = await cli(['--run', `${PROBE} 7`], { ...process.env, EXASOL_FINGERPRINT: 'STALE' });
  assert.equal(r.code, 7, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
  assert.equal(out.answer, 42);
  const port = Number(out.env.EXASOL_PORT);
  assert.ok(port > 0 && port !== 8563, 'a free port by default');
  assert.deepEqual(out.env, {
    EXASOL_URL: `ws://127.0.0.1:${port}`,
    EXASOL_HOST: '127.0.0.1',
    EXASOL_PORT: String(port),
    EXASOL_USER: 'sys',
    EXASOL_PASSWORD: 'exasol',
    EXASOL_DSN: `127.0.0.1:${port}`,
    EXASOL_FINGERPRINT: null, // an inherited one is removed
    EXASOL_URLS: null,
  });
  assert.ok(await refused(port), 'the emulator is stopped when the CLI exits');
});

test('--run with --tls exports the fingerprint; the command pins it', async () => {
  const r = await cli(['--tls', '--run', PROBE]);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
  assert.equal(out.answer, 42);
  assert.match(out.env.EXASOL_URL, /^wss:\/\/127\.0\.0\.1:\d+$/);
  assert.match(out.env.EXASOL_FINGERPRINT, /^[0-9A-F]{64}$/);
  assert.equal(out.env.EXASOL_DSN, `127.0.0.1/${out.env.EXASOL_FINGERPRINT}:${out.env.EXASOL_PORT}`);
});

test('--run passes on a death by signal as 128 + n, and 0 as 0', async () => {
  assert.equal((await cli(['--run', 'kill -TERM $$'])).code, 143);
  assert.equal((await cli(['--run', 'true'])).code, 0);
  assert.equal((await cli(['--run', 'exit 3'])).code, 3);
});

test('--run forwards SIGTERM and SIGINT to the command and exits with what it returns', async () => {
  const script = `process.on('SIGTERM', () => { console.log('got SIGTERM'); process.exit(5); }); process.on('SIGINT', () => { console.log('got SIGINT'); process.exit(6); }); console.log('ready'); setInterval(() => {}, 1000);`;
  // `exec`: the command's own process gets the signal and its exit code is passed on
  for (const [signal, code] of [['SIGTERM', 5], ['SIGINT', 6]] as const) {
    let sent = false;
    const r = await cli(['--run', `exec node -e "${script}"`], process.env, (soFar, pid) => {
      if (!sent && soFar.includes('ready')) {
        sent = true;
        process.kill(pid, signal);
      }
    });
    assert.equal(r.code, code, r.stderr);
    assert.match(r.stdout, new RegExp(`ready\\ngot ${signal}\\n`));
  }
  // without exec the shell dies of the signal (143), and its child got the signal too and finished first
  let sent = false;
  const r = await cli(['--run', `node -e "${script}"; echo after`], process.env, (soFar, pid) => {
    if (!sent && soFar.includes('ready')) {
      sent = true;
      process.kill(pid, 'SIGTERM');
    }
  });
  assert.equal(r.code, 143, r.stderr);
  assert.match(r.stdout, /ready\ngot SIGTERM\n$/);
});

test('--run needs a command', async () => {
  const r = await cli(['--run']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--run needs a value[\s\S]*usage/);
  const blank = await cli(['--run', '  ']);
  assert.equal(blank.code, 2);
  assert.match(blank.stderr, /--run needs a command/);
});
