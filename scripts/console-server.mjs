// The query console's start-up path, shared by `npm start` (scripts/start.mjs) and the browser tests:
// build the browser bundle when it is missing or stale, start the emulator with the demo seed in a child
// process, and serve demo/ plus dist/ from a small node:http static server on 127.0.0.1.
import { spawnSync } from 'node:child_process';
import { createServer as createNetServer } from 'node:net';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CONTENT_TYPES, newestMtime, repoRoot, startEmulatorProcess as startEmulatorChild, startStaticServer as serveStatic } from './servers.mjs';

export { repoRoot };
const demoRoot = join(repoRoot, 'demo');
const distRoot = join(repoRoot, 'dist');

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

/**
 * Builds dist/ with `npx rollup -c` when the browser bundle is missing or older than src/.
 * Returns what was done; throws when the build fails.
 */
export function ensureBuild({ log = () => {} } = {}) {
  const bundle = findBrowserBundle();
  const stale = bundle === undefined ||
    statSync(join(repoRoot, bundle.src.slice(1))).mtimeMs < newestMtime(join(repoRoot, 'src'));
  if (!stale) return 'up to date';
  if (!existsSync(join(repoRoot, 'rollup.config.mjs'))) {
    if (bundle) return 'stale, but no rollup.config.mjs to rebuild with';
    throw new Error('dist/ has no browser bundle and rollup.config.mjs is missing: cannot build the SDK');
  }
  log('building the SDK bundles (npx rollup -c) ...');
  const r = spawnSync('npx', ['rollup', '-c', '--silent'], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npx rollup -c failed (exit ${r.status ?? r.signal})`);
  if (!findBrowserBundle()) throw new Error('rollup finished but dist/ holds no browser bundle');
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
 * through tsx) and resolves `{ url, pid, close() }` once it printed its URL.
 */
export function startEmulatorProcess({ port = 0, host = '127.0.0.1', log = () => {} } = {}) {
  return startEmulatorChild({ cli: 'auto', port, host, seed: 'demo', log });
}

/**
 * Starts the static server for demo/ and dist/ and answers /config.json with the connection defaults the
 * console pre-fills. Resolves `{ url, server, close() }` (`url` ends with '/').
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
 * Starts the whole console: bundle (built if needed), emulator (demo seed) and static server.
 * `port`/`emulatorPort`: 0 = any free port; numbers other than 0 are used when free, else any free port.
 * Resolves `{ url, emulatorUrl, emulatorPid, close(signal?) }`; `close()` stops both servers, passing `signal`
 * (default SIGTERM) on to the emulator process.
 */
export async function startConsole({ port = 0, emulatorPort = 0, host = '127.0.0.1', build = true, log = () => {} } = {}) {
  if (build) ensureBuild({ log });
  const emulator = await startEmulatorProcess({ port: await pickPort(emulatorPort, host), host, log });
  let web;
  try {
    web = await startStaticServer({
      port: await pickPort(port, host),
      host,
      config: () => ({ url: emulator.url, user: 'sys', password: 'exasol' }),
    });
  } catch (e) {
    await emulator.close();
    throw e;
  }
  let closing;
  const close = (signal) => (closing ??= Promise.all([web.close(), emulator.close(signal)]).then(() => undefined));
  return { url: web.url, emulatorUrl: emulator.url, emulatorPid: emulator.pid, close };
}

/** The package version (shown in logs). */
export function packageVersion() {
  return JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version;
}
