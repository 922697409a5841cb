#!/usr/bin/env node
// `npm start`: the query console on the embedded emulator (demo seed). Ctrl+C stops both servers.
import { packageVersion, startConsole } from './console-server.mjs';

const verbose = process.argv.includes('--verbose');
const app = await startConsole({
  port: 8080,
  emulatorPort: 8563,
  log: (line) => { if (verbose || line.startsWith('building')) console.error(line); },
}).catch((e) => {
  console.error(`could not start the console: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});

console.log(`exasol-ws ${packageVersion()} query console`);
console.log(`  console:  ${app.url}`);
console.log(`  emulator: ${app.emulatorUrl}  (user sys, password exasol, demo seed)`);
console.log('Press Ctrl+C to stop.');

let stopping = false;
const stop = (signal) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping ...`);
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  app.close().then(() => process.exit(0), (e) => {
    console.error(e);
    process.exit(1);
  });
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
