#!/usr/bin/env node
// `npm start`: the emulator (demo seed) serving the query console on its own port. Ctrl+C stops it.
//
//   npm start [-- --verbose] [--port 8563] [--tls] [--no-build] [--help]
//
// `--port 0` takes any free port (another port is used when free, else any free port); `--tls` serves wss:// and
// the page over https:// with a self-signed certificate; `--no-build` serves dist/ as it is. SIGINT/SIGTERM/SIGHUP
// are forwarded to the emulator process, and the script exits 0 once it is down (within about 3 s; repeated
// signals while stopping are ignored).
import { packageVersion, startConsole } from './console-server.mjs';

/** Longest the stop may take before the script gives up and exits 1 (the emulator gets SIGKILL after 2.5 s). */
const STOP_DEADLINE_MS = 4_000;

function parseArgs(argv) {
  const o = { verbose: false, build: true, port: 8563, tls: false };
  const port = (flag, v) => {
    if (v === undefined || !/^\d+$/.test(v) || Number(v) > 65535) throw new Error(`${flag} needs a port number (0 = any free port)`);
    return Number(v);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--verbose') o.verbose = true;
    else if (a === '--no-build') o.build = false;
    else if (a === '--tls') o.tls = true;
    // --emulator-port: the old name, from when the page had a port of its own
    else if (a === '--port' || a === '--emulator-port') o.port = port(a, argv[++i]);
    else if (a === '--help' || a === '-h') o.help = true;
    else throw new Error(`unknown option ${a} (known: --verbose, --port N, --tls, --no-build, --help)`);
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
if (opts.help) {
  console.log(`npm start [-- options]: the query console on the emulator (demo seed; user sys, password exasol).
  --port N     the emulator's port for WebSocket and the console page (default 8563; another free port when taken;
               0 = any free port)
  --tls        serve wss:// and the page over https:// with a self-signed certificate
  --no-build   serve dist/ as it is (no npm run build first)
  --verbose    print the build's and the emulator's own log lines
  --help, -h   print this and exit`);
  process.exit(0);
}

// signals that arrive while starting are remembered and handled once the server is up
let pending;
const early = (signal) => (pending ??= signal);
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, early);

const app = await startConsole({
  port: opts.port,
  tls: opts.tls,
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
    console.error('the emulator did not stop in time');
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
  console.log(`exasol-ws ${packageVersion()} query console on the emulator (demo seed, user sys, password exasol):`);
  console.log(`  ${app.url}`);
  if (opts.tls) console.log('  (self-signed certificate: accept it in the browser once; SDK clients use wss:// on the same port)');
  else console.log('  (SDK clients connect to the same host and port with ws://)');
  console.log('Press Ctrl+C to stop.');
}
