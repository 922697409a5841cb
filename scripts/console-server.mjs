// The query console's start-up path, shared by `npm start` (scripts/start.mjs) and the browser tests:
// build the browser bundle when it is missing or stale, start the emulator with the demo seed in a child
// process, and serve demo/ plus dist/ from a small node:http static server on 127.0.0.1.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (the folder holding package.json). */
export const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
const demoRoot = join(repoRoot, 'demo');
const distRoot = join(repoRoot, 'dist');

/** How long the emulator may take to print its URL (it seeds a 1M-row table first). */
const EMULATOR_START_TIMEOUT_MS = 120_000;
/** How long a stopping emulator may take before it is killed. */
const EMULATOR_STOP_TIMEOUT_MS = 5_000;

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

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

/** Newest modification time (ms) of any file below `dir` (0 if none). */
function newestMtime(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    const t = entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

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
 * Starts the emulator CLI (src/emulator/cli.ts through tsx) with the demo seed in a child process and waits
 * for the first stdout line, its ws:// URL. Resolves `{ url, close() }`.
 */
export function startEmulatorProcess({ port = 0, host = '127.0.0.1', log = () => {} } = {}) {
  const built = join(distRoot, 'cli.mjs');
  const source = join(repoRoot, 'src', 'emulator', 'cli.ts');
  // The built CLI when it is at least as new as the emulator's sources, else the sources through tsx.
  const useBuilt = existsSync(built) && statSync(built).mtimeMs >= newestMtime(join(repoRoot, 'src', 'emulator'));
  if (!useBuilt && !existsSync(source)) return Promise.reject(new Error(`emulator CLI not found: ${source}`));
  const command = useBuilt ? [built] : ['--import', 'tsx', source];
  const child = spawn(process.execPath, [...command, '--port', String(port), '--host', host, '--seed', 'demo'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderrTail = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => {
    stderrTail = (stderrTail + d).slice(-4000);
    log(String(d).trimEnd());
  });
  const exited = new Promise((res) => child.once('exit', (code, signal) => res({ code, signal })));
  const close = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), EMULATOR_STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((res, rej) => {
    let buf = '';
    let done = false;
    const finish = (err, url) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) {
        void close().then(() => rej(err));
      } else {
        res({ url, close, pid: child.pid });
      }
    };
    const timer = setTimeout(() => finish(new Error(`emulator did not print its URL within ${EMULATOR_START_TIMEOUT_MS} ms\n${stderrTail}`)),
      EMULATOR_START_TIMEOUT_MS);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d) => {
      if (done) { log(String(d).trimEnd()); return; }
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      const first = buf.slice(0, nl).trim();
      const m = /wss?:\/\/\S+/.exec(first);
      if (!m) finish(new Error(`emulator printed no URL on its first line: ${JSON.stringify(first)}\n${stderrTail}`));
      else finish(undefined, m[0]);
    });
    child.once('error', (e) => finish(e));
    void exited.then(({ code, signal }) =>
      finish(new Error(`emulator exited before it was ready (exit ${code ?? signal})\n${stderrTail}`)));
  });
}

/** Resolves a request path inside `root`, or undefined when it would leave it. */
function safeJoin(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const p = normalize(join(root, decoded));
  return p === root || p.startsWith(root + sep) ? p : undefined;
}

/**
 * Starts the static server for demo/ and dist/ and answers /config.json with the connection defaults the
 * console pre-fills. Resolves `{ url, server, close() }`.
 */
export function startStaticServer({ port = 0, host = '127.0.0.1', config }) {
  const server = createServer(async (req, res) => {
    const send = (status, type, body) => {
      res.writeHead(status, {
        'Content-Type': type,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': CSP,
        'Referrer-Policy': 'no-referrer',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain; charset=utf-8', 'method not allowed');
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/config.json') {
      return send(200, CONTENT_TYPES['.json'], JSON.stringify({ ...config(), sdk: findBrowserBundle() ?? null }));
    }
    const file = path.startsWith('/dist/')
      ? safeJoin(distRoot, path.slice('/dist/'.length))
      : safeJoin(demoRoot, path === '/' ? 'index.html' : path.slice(1));
    if (!file) return send(400, 'text/plain; charset=utf-8', 'bad path');
    try {
      const body = await readFile(file);
      send(200, CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', body);
    } catch {
      send(404, 'text/plain; charset=utf-8', 'not found');
    }
  });
  return new Promise((res, rej) => {
    server.once('error', rej);
    server.listen(port, host, () => {
      server.off('error', rej);
      const addr = server.address();
      const close = () => new Promise((r) => {
        server.closeAllConnections?.();
        server.close(() => r());
      });
      res({ url: `http://${host}:${addr.port}/`, server, close });
    });
  });
}

/**
 * Starts the whole console: bundle (built if needed), emulator (demo seed) and static server.
 * `port`/`emulatorPort`: 0 = any free port; numbers other than 0 are used when free, else any free port.
 * Resolves `{ url, emulatorUrl, close() }`; `close()` stops both servers.
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
  const close = () => (closing ??= Promise.all([web.close(), emulator.close()]).then(() => undefined));
  return { url: web.url, emulatorUrl: emulator.url, close };
}

/** The package version (shown in logs). */
export function packageVersion() {
  return JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version;
}
