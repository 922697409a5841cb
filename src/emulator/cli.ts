#!/usr/bin/env node
/**
 * `exasol-emulator` command line: starts an emulator and serves until SIGINT/SIGTERM.
 *
 * exasol-emulator [--port 8563] [--host 127.0.0.1] [--tls] [--cert file --key file] [--nodes N]
 *                 [--seed demo] [--db file.duckdb] [--max-protocol 3] [--version 8.29.11]
 *
 * The FIRST stdout line is the URL (`ws://127.0.0.1:8563`); with TLS a `fingerprint <64 hex>` line
 * follows; with several nodes a `node <url>` line per node.
 */
import { startEmulator, type EmulatorOptions } from './index';

/** Parses the command line into emulator options; throws with a usage hint on bad input. */
export function parseCliArgs(argv: string[]): EmulatorOptions {
  const opts: EmulatorOptions = {};
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
      default:
        throw new Error(`unknown option ${a}`);
    }
  }
  if ((cert === undefined) !== (key === undefined)) throw new Error('--cert and --key go together');
  if (cert !== undefined && key !== undefined) opts.tls = { cert, key };
  if (opts.port === undefined) opts.port = 8563;
  return opts;
}

const USAGE =
  'usage: exasol-emulator [--port 8563] [--host 127.0.0.1] [--tls] [--cert file --key file] [--nodes N] [--seed demo] [--db file.duckdb] [--max-protocol 1|2|3] [--version X.Y.Z]';

/** Runs the CLI: start, print URL lines, serve until a signal, close cleanly. */
export async function main(argv: string[]): Promise<void> {
  let opts: EmulatorOptions;
  try {
    opts = parseCliArgs(argv);
  } catch (e) {
    process.stderr.write(`exasol-emulator: ${(e as Error).message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const emu = await startEmulator(opts);
  process.stdout.write(emu.url + '\n');
  if (emu.fingerprint !== undefined) process.stdout.write(`fingerprint ${emu.fingerprint}\n`);
  if (emu.urls.length > 1) for (const u of emu.urls) process.stdout.write(`node ${u}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await emu.close();
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`exasol-emulator: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
