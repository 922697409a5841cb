#!/usr/bin/env node
/**
 * `exasol-emulator` command line: starts an emulator and serves until SIGINT/SIGTERM/SIGHUP, then
 * closes it (clients get close frame 1001) and exits 0 within about two seconds.
 *
 * exasol-emulator [--port 8563] [--host 127.0.0.1] [--tls] [--cert file --key file] [--nodes N]
 *                 [--seed demo] [--db file.duckdb] [--max-protocol 3] [--version 8.29.11]
 *                 [--console | --console-root dir] [--exit-on-stdin-end] [--run "<command>"]
 *
 * The FIRST stdout line is the URL (`ws://127.0.0.1:8563`); with TLS a `fingerprint <64 hex>` line
 * follows; with several nodes a `node <url>` line per node; with `--console` (the query console on the same
 * port) a `console <http(s) url>` line.
 *
 * With `--run`, nothing is printed: the command runs through the shell with the emulator's address in
 * its environment (run.ts), then the emulator stops and the CLI exits with the command's exit code.
 * The port defaults to 0 (a free one) there.
 */
import { constants } from 'node:os';
import type { EmulatorOptions, RunningEmulator } from './index';
import { assertPeers, DUCKDB_PEER, MissingPeerError, SELFSIGNED_PEER, type Peer } from './peers';
import { fixtureEnv, runCommand } from './run';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundledConsoleRoot } from './web';

/** What the command line asks for: emulator options and CLI-only switches. */
export interface CliOptions extends EmulatorOptions {
  /** `--exit-on-stdin-end`: shut down when stdin ends (for a parent process that pipes it and may die). */
  exitOnStdinEnd?: boolean;
  /** `--run "<command>"`: run it against the emulator, then stop and exit with its code. */
  run?: string;
  /** `--help` / `-h`: print the options and exit 0; nothing starts. */
  help?: boolean;
}

/** Parses the command line into emulator options; throws with a usage hint on bad input. */
export function parseCliArgs(argv: string[]): CliOptions {
  const opts: CliOptions = {};
  let cert: string | undefined;
  let key: string | undefined;
  const int = (flag: string, v: string | undefined): number => {
    if (v === undefined || !/^\d+$/.test(v)) throw new Error(`${flag} needs a non-negative integer`);
    return Number(v);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--port': opts.port = int(a, next()); break;
      case '--host': opts.host = next(); break;
      case '--tls': opts.tls = true; break;
      case '--cert': cert = next(); break;
      case '--key': key = next(); break;
      case '--nodes': opts.nodes = int(a, next()); break;
      case '--seed': {
        const v = next();
        if (v !== 'demo') throw new Error(`--seed supports only 'demo', got ${v}`);
        opts.seed = 'demo';
        break;
      }
      case '--db': opts.database = next(); break;
      case '--max-protocol': opts.maxProtocolVersion = int(a, next()); break;
      case '--version': opts.version = next(); break;
      case '--database-name': opts.databaseName = next(); break;
      case '--exit-on-stdin-end': opts.exitOnStdinEnd = true; break;
      case '--run': {
        const v = next();
        if (v.trim() === '') throw new Error('--run needs a command');
        opts.run = v;
        break;
      }
      case '--console': opts.console = { root: bundledConsoleRoot(dirname(fileURLToPath(import.meta.url))) ?? 'dist/console' }; break;
      case '--console-root': opts.console = { root: next() }; break;
      case '--help': case '-h': opts.help = true; break;
      default:
        throw new Error(`unknown option ${a}`);
    }
  }
  if ((cert === undefined) !== (key === undefined)) throw new Error('--cert and --key go together');
  if (cert !== undefined && key !== undefined) opts.tls = { cert, key };
  if (opts.port === undefined) opts.port = opts.run === undefined ? 8563 : 0;
  return opts;
}

const USAGE =
  'usage: exasol-emulator [--port 8563] [--host 127.0.0.1] [--tls] [--cert file --key file] [--nodes N] [--seed demo] [--db file.duckdb] [--max-protocol 1-5] [--version X.Y.Z] [--database-name NAME] [--console | --console-root dir] [--exit-on-stdin-end] [--run "<command>"] [--help]';

/** What `--help` prints: the usage line and what each option does. */
const HELP = `exasol-emulator: an Exasol WebSocket server (protocol v1-v5) on DuckDB, for development and tests.
${USAGE}
  --port N              port for WebSocket, HTTP-transport tunnels and the console (default 8563; 0 = any free port;
                        with --run the default is 0)
  --host ADDR           address to listen on (default 127.0.0.1)
  --tls                 serve wss:// with a fresh self-signed certificate (its SHA-256 fingerprint is printed)
  --cert F --key F      serve wss:// with this PEM certificate and key
  --nodes N             emulate a cluster of N nodes (1-64) on consecutive addresses from --host: 127.0.0.1,
                        127.0.0.2, ... (default 1)
  --seed demo           load the demo schema RETAIL (CUSTOMERS, PRODUCTS, ORDERS, ORDER_ITEMS, EVENTS)
  --db FILE             keep the data in this DuckDB file (default: in memory)
  --max-protocol N      highest protocol version the server accepts, 1-5 (default 3)
  --version X.Y.Z       the Exasol release to report (default 8.29.11; 8.32.0 with --max-protocol 4 or 5)
  --database-name NAME  the database name to report (default DB1)
  --console             also serve the query console over HTTP on the same port
  --console-root DIR    serve the console from DIR
  --exit-on-stdin-end   stop when stdin ends (for a parent process that pipes it)
  --run "COMMAND"       run COMMAND with EXASOL_URL, EXASOL_USER and EXASOL_PASSWORD set, then stop and exit with
                        its code
  --help, -h            print this and exit
Users: sys / exasol. The first stdout line is the WebSocket URL.
`;

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Longest the CLI waits for a clean close after a signal before it exits anyway, ms. */
export const EXIT_DEADLINE_MS = 1800;

/**
 * Serves until SIGINT, SIGTERM or SIGHUP (or, with `--exit-on-stdin-end`, until stdin ends: the parent
 * that started the CLI is gone), then closes the emulator and exits 0. A close that has not finished
 * after {@link EXIT_DEADLINE_MS} exits 0 anyway (with a note on stderr); a second signal exits at once
 * with 128 + the signal number.
 */
function serveUntilStopped(emu: RunningEmulator, watchStdin: boolean): void {
  let stopping = false;
  const stop = (why: string, signalNumber?: number): void => {
    if (stopping) {
      if (signalNumber !== undefined) process.exit(128 + signalNumber);
      return;
    }
    stopping = true;
    const deadline = setTimeout(() => {
      process.stderr.write(`exasol-emulator: ${why}: close did not finish within ${EXIT_DEADLINE_MS} ms, exiting anyway\n`);
      process.exit(0);
    }, EXIT_DEADLINE_MS);
    deadline.unref();
    emu.close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`exasol-emulator: ${why}: close failed: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(0);
      },
    );
  };
  for (const s of SIGNALS) process.on(s, () => stop(s, constants.signals[s]));
  if (watchStdin) {
    process.stdin.on('end', () => stop('stdin ended'));
    process.stdin.on('error', () => stop('stdin failed'));
    process.stdin.resume();
  }
}

/** After `--run`: closes the emulator (at most {@link EXIT_DEADLINE_MS}) and exits with the command's code. */
async function stopThenExit(emu: RunningEmulator, code: number): Promise<never> {
  const deadline = setTimeout(() => {
    process.stderr.write(`exasol-emulator: close did not finish within ${EXIT_DEADLINE_MS} ms, exiting anyway\n`);
    process.exit(code);
  }, EXIT_DEADLINE_MS);
  deadline.unref();
  await emu.close().catch((e: unknown) => process.stderr.write(`exasol-emulator: close failed: ${e instanceof Error ? e.message : String(e)}\n`));
  process.exit(code);
}

/** Runs the CLI: start, print URL lines, serve until a signal, close cleanly (or with --run: run the command). */
export async function main(argv: string[]): Promise<void> {
  let opts: CliOptions;
  try {
    opts = parseCliArgs(argv);
  } catch (e) {
    process.stderr.write(`exasol-emulator: ${(e as Error).message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (opts.help === true) {
    process.stdout.write(HELP);
    return;
  }
  const { exitOnStdinEnd, run, help: _help, ...emulatorOptions } = opts;
  // every missing optional peer named in one message, before anything starts
  const peers: Peer[] = emulatorOptions.tls === true ? [DUCKDB_PEER, SELFSIGNED_PEER] : [DUCKDB_PEER];
  assertPeers(peers, emulatorOptions.tls === true ? 'exasol-emulator --tls needs its SQL engine and a certificate generator' : 'exasol-emulator needs its SQL engine');
  const { startEmulator, DEFAULT_USERS } = await import('./index');
  // a signal while starting (seeding can take a moment) ends the process at once: nothing is served yet
  const early = (signal: NodeJS.Signals): never => process.exit(run === undefined ? 0 : 128 + constants.signals[signal]);
  for (const s of SIGNALS) process.on(s, early);
  const emu = await startEmulator(emulatorOptions);
  if (run !== undefined) {
    const [user, password] = Object.entries(emulatorOptions.users ?? DEFAULT_USERS)[0]!;
    const running = runCommand(run, fixtureEnv(emu, user, password)); // its forwarding handlers are in place now
    for (const s of SIGNALS) process.off(s, early);
    const code = await running;
    await stopThenExit(emu, code);
    return;
  }
  // The stop handlers are in place before the URL is printed: a parent that signals as soon as it
  // reads the URL must never meet a moment without a handler (the default action kills the process).
  serveUntilStopped(emu, exitOnStdinEnd === true);
  for (const s of SIGNALS) process.off(s, early);
  process.stdout.write(emu.url + '\n');
  if (emu.fingerprint !== undefined) process.stdout.write(`fingerprint ${emu.fingerprint}\n`);
  if (emu.urls.length > 1) for (const u of emu.urls) process.stdout.write(`node ${u}\n`);
  if (emu.consoleUrl !== undefined) process.stdout.write(`console ${emu.consoleUrl}\n`);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`exasol-emulator: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = e instanceof MissingPeerError ? 3 : 1;
});
