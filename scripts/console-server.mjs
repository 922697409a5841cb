// The query console's start-up path, shared by `npm start` (scripts/start.mjs) and the browser tests:
// build the SDK bundle and the console (dist/console/) when missing or stale, and start the emulator with the
// demo seed in a child process, serving the console on its own port (`--console-root dist/console`).
import { spawnSync } from 'node:child_process';
import { createServer as createNetServer } from 'node:net';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CONTENT_TYPES, newestMtime, repoRoot, startEmulatorProcess as startEmulatorChild, startStaticServer as serveStatic } from './servers.mjs';

export { repoRoot };
const demoRoot = join(repoRoot, 'demo');
const distRoot = join(repoRoot, 'dist');
const consoleRoot = join(distRoot, 'console');

/** Content-Security-Policy for every page: only our own scripts, WebSockets anywhere (the user picks the server). */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Finds the browser bundle in dist/: the UMD build (script tag, global `ExasolWS`) or else the ESM build. */
export function findBrowserBundle() {
  if (!existsSync(distRoot)) return undefined;
  const files = readdirSync(distRoot);
  const umd = ['exasol-ws.umd.min.js', 'exasol-ws.umd.js'].find((f) => files.includes(f)) ??
    files.find((f) => /umd.*\.js$/.test(f) && !f.endsWith('.map'));
  if (umd) return { src: `/dist/${umd}`, format: 'umd' };
  const esm = ['browser.mjs', 'browser.min.mjs', 'browser.js'].find((f) => files.includes(f));
  if (esm) return { src: `/dist/${esm}`, format: 'esm' };
  return undefined;
}

/** Newest modification time of what the console build is made from (the SDK's sources and demo/). */
function newestSource() {
  return Math.max(newestMtime(join(repoRoot, 'src')), newestMtime(demoRoot), statSync(join(repoRoot, 'rollup.console.mjs'), { throwIfNoEntry: false })?.mtimeMs ?? 0);
}

/**
 * Builds dist/ with `npx rollup -c` when the browser bundle or the console build (dist/console/) is missing or
 * older than src/ or demo/. Returns what was done; throws when the build fails.
 */
export function ensureBuild({ log = () => {} } = {}) {
  const bundle = findBrowserBundle();
  const consoleMain = join(consoleRoot, 'main.js');
  const stale = bundle === undefined || !existsSync(consoleMain) ||
    Math.min(statSync(join(repoRoot, bundle.src.slice(1))).mtimeMs, statSync(consoleMain).mtimeMs) < newestSource();
  if (!stale) return 'up to date';
  if (!existsSync(join(repoRoot, 'rollup.config.mjs'))) {
    if (bundle && existsSync(consoleMain)) return 'stale, but no rollup.config.mjs to rebuild with';
    throw new Error('dist/ has no console build and rollup.config.mjs is missing: cannot build it');
  }
  log('building the SDK bundles and the console (npx rollup -c) ...');
  const r = spawnSync('npx', ['rollup', '-c', '--silent'], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npx rollup -c failed (exit ${r.status ?? r.signal})`);
  if (!findBrowserBundle() || !existsSync(consoleMain)) throw new Error('rollup finished but dist/ holds no browser bundle or no console');
  return 'built';
}

/** Resolves `preferred` when that port is free on `host`, else 0 (let the OS pick). */
export function pickPort(preferred, host = '127.0.0.1') {
  if (!preferred) return Promise.resolve(0);
  return new Promise((res) => {
    const probe = createNetServer();
    probe.once('error', () => res(0));
    probe.listen(preferred, host, () => probe.close(() => res(preferred)));
  });
}

/**
 * Starts the emulator CLI with the demo seed in a child process (the build when it is current, else the sources
 * through tsx), serving the console in dist/console/ on its own port, and resolves `{ url, pid, close() }` once it
 * printed its URL. `tls` serves wss:// and https:// with a self-signed certificate.
 */
export function startEmulatorProcess({ port = 0, host = '127.0.0.1', tls = false, log = () => {} } = {}) {
  return startEmulatorChild({ cli: 'auto', port, host, seed: 'demo', args: ['--console-root', consoleRoot, ...(tls ? ['--tls'] : [])], log });
}

/**
 * The old separate static server for demo/ and dist/ (kept for callers that serve the unbuilt page next to another
 * server); answers /config.json with the connection defaults the console pre-fills. Resolves `{ url, server, close() }`.
 */
export async function startStaticServer({ port = 0, host = '127.0.0.1', config }) {
  const web = await serveStatic({
    mounts: { '/dist/': distRoot, '/': demoRoot },
    routes: { '/config.json': () => ({ type: CONTENT_TYPES['.json'], body: JSON.stringify({ ...config(), sdk: findBrowserBundle() ?? null }) }) },
    headers: { 'Content-Security-Policy': CSP, 'Referrer-Policy': 'no-referrer' },
    port,
    host,
  });
  return { ...web, url: `${web.url}/` };
}

/**
 * Starts the whole console: the build (made if needed) and the emulator (demo seed) serving the console on its own
 * port. `port`: 0 = any free port; another number is used when free, else any free port (`emulatorPort` is the old
 * name of the same option). Resolves `{ url, emulatorUrl, emulatorPid, close(signal?) }`: `url` is the page
 * (`http://host:port/`, https with `tls`), `emulatorUrl` the same port as ws:// (wss://); `close()` stops the
 * emulator, passing `signal` (default SIGTERM) on to it.
 */
export async function startConsole({ port, emulatorPort, host = '127.0.0.1', tls = false, build = true, log = () => {} } = {}) {
  if (build) ensureBuild({ log });
  const emulator = await startEmulatorProcess({ port: await pickPort(port ?? emulatorPort ?? 0, host), host, tls, log });
  const page = emulator.url.replace(/^ws/, 'http') + '/';
  let closing;
  const close = (signal) => (closing ??= emulator.close(signal).then(() => undefined));
  return { url: page, emulatorUrl: emulator.url, emulatorPid: emulator.pid, close };
}

/** The package version (shown in logs). */
export function packageVersion() {
  return JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version;
}
