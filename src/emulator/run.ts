/**
 * `exasol-emulator --run "<command>"`: runs a command (through the shell) against a running emulator
 * and reports how it ended. The command gets the emulator's address in its environment
 * ({@link fixtureEnv}); signals the CLI receives are forwarded to the command's process group.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { RunningEmulator } from './index';

/** Signals forwarded to the command. */
export const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * The environment a `--run` command gets (names documented in the README):
 * `EXASOL_URL` (`ws://127.0.0.1:<port>` or `wss://...`), `EXASOL_HOST`, `EXASOL_PORT`, `EXASOL_USER`,
 * `EXASOL_PASSWORD`, `EXASOL_DSN` (Exasol's connection string, `host:port`, with TLS `host/<fingerprint>:port`),
 * with TLS `EXASOL_FINGERPRINT` (64 upper-case hex digits), with several nodes `EXASOL_URLS` (comma-separated).
 * Variables of these names that are not set here are removed from the inherited environment.
 */
export function fixtureEnv(emu: RunningEmulator, user: string, password: string): Record<string, string | undefined> {
  const host = new URL(emu.url).hostname;
  const fp = emu.fingerprint;
  return {
    EXASOL_URL: emu.url,
    EXASOL_URLS: emu.urls.length > 1 ? emu.urls.join(',') : undefined,
    EXASOL_HOST: host,
    EXASOL_PORT: String(emu.port),
    EXASOL_USER: user,
    EXASOL_PASSWORD: password,
    EXASOL_FINGERPRINT: fp,
    EXASOL_DSN: fp === undefined ? `${host}:${emu.port}` : `${host}/${fp}:${emu.port}`,
  };
}

/** Longest the CLI waits, after the shell exited, for the rest of the command's process group to end, ms. */
export const GROUP_GRACE_MS = 2000;

/** Resolves once process group `pgid` has no member left, or after `ms`. */
async function groupGone(pgid: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    if (Date.now() >= until) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** How the command ended, as a process exit code: its own code, or 128 + the number of the signal that ended it. */
function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  const n = signal === null ? undefined : (constants.signals as Record<string, number>)[signal];
  return 128 + (n ?? 1);
}

/**
 * Runs `command` through the shell with `env` added to this process's environment (undefined values
 * removed), stdio inherited. On POSIX the command gets a process group of its own, and SIGINT, SIGTERM
 * and SIGHUP sent to this process are forwarded to that group (each time they arrive), so a shell
 * command's children get them too; after the shell exits, the rest of the group gets up to
 * {@link GROUP_GRACE_MS} to end. Resolves with the shell's exit code (127 when it cannot start).
 */
export function runCommand(command: string, env: Record<string, string | undefined>): Promise<number> {
  const merged: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete merged[k];
    else merged[k] = v;
  }
  const posix = process.platform !== 'win32';
  return new Promise<number>((resolve) => {
    const child = spawn(command, { shell: true, stdio: 'inherit', env: merged, detached: posix });
    const forward = (signal: NodeJS.Signals): void => {
      try {
        if (posix && child.pid !== undefined) process.kill(-child.pid, signal);
        else child.kill(signal);
      } catch {
        /* already gone */
      }
    };
    const handlers = FORWARDED_SIGNALS.map((s) => [s, () => forward(s)] as const);
    for (const [s, h] of handlers) process.on(s, h);
    const done = (code: number): void => {
      for (const [s, h] of handlers) process.off(s, h);
      resolve(code);
    };
    child.once('error', (e) => {
      process.stderr.write(`exasol-emulator: cannot run the command: ${e.message}\n`);
      done(127);
    });
    child.once('exit', (code, signal) => {
      // the shell is gone; let what it started (and what got a forwarded signal) finish first, briefly
      const pid = child.pid;
      void (posix && pid !== undefined ? groupGone(pid, GROUP_GRACE_MS) : Promise.resolve()).then(() => done(exitCodeOf(code, signal)));
    });
  });
}
