#!/usr/bin/env node
// `npm start`: the query console on the embedded emulator (demo seed). Ctrl+C stops both servers.
//
//   npm start [-- --verbose] [--port 8080] [--emulator-port 8563] [--no-build]
//
// `--port`/`--emulator-port` 0 take any free port (other ports are used when free, else any free port);
// `--no-build` serves dist/ as it is. SIGINT/SIGTERM/SIGHUP are forwarded to the emulator process, and the
// script exits 0 once both servers are down (within about 3 s; repeated signals while stopping are ignored).
import { packageVersion, startConsole } from './console-server.mjs';

/** Longest the stop may take before the script gives up and exits 1 (the emulator gets SIGKILL after 2.5 s). */
const STOP_DEADLINE_MS = 4_000;

function parseArgs(argv) {
  const o = { verbose: false, build: true, port: 8080, emulatorPort: 8563 };
  const port = (flag, v) => {
    if (v === undefined || !/^\d+$/.test(v) || Number(v) > 65535) throw new Error(`${flag} needs a port number (0 = any free port)`);
    return Number(v);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--verbose') o.verbose = true;
    else if (a === '--no-build') o.build = false;
    else if (a === '--port') o.port = port(a, argv[++i]);
    else if (a === '--emulator-port') o.emulatorPort = port(a, argv[++i]);
    else throw new Error(`unknown option ${a} (known: --verbose, --port N, --emulator-port N, --no-build)`);
  }
  return o;
}

let opts;
try {
  opts = parseArgs(process.argv.slice(2));
} catch (e) {
  console.error(`npm start: ${e.message}`);
  process.exit(2);
}

// signals that arrive while starting are remembered and handled once the servers are up
let pending;
const early = (signal) => (pending ??= signal);
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, early);

const app = await startConsole({
  port: opts.port,
  emulatorPort: opts.emulatorPort,
  build: opts.build,
  log: (line) => { if (opts.verbose || line.startsWith('building')) console.error(line); },
}).catch((e) => {
  console.error(`could not start the console: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});

let stopping = false;
const stop = (signal) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping ...`);
  const force = setTimeout(() => {
    console.error('the servers did not stop in time');
    process.exit(1);
  }, STOP_DEADLINE_MS);
  force.unref();
  app.close(signal === 'SIGHUP' ? 'SIGTERM' : signal).then(() => process.exit(0), (e) => {
    console.error(e);
    process.exit(1);
  });
};
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.off(s, early);
  process.on(s, () => stop(s));
}
if (pending) stop(pending);
else {
  console.log(`exasol-ws ${packageVersion()} query console`);
  console.log(`  console:  ${app.url}`);
  console.log(`  emulator: ${app.emulatorUrl}  (user sys, password exasol, demo seed)`);
  console.log('Press Ctrl+C to stop.');
}
