/**
 * The two local servers every start-up path needs, written once for `npm start` (plain Node) and the browser tests:
 * the Exasol emulator run through its CLI in a child process, and a static HTTP server. Both listen on 127.0.0.1
 * (port 0 = any free port) and are stopped by `close()`.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root. */
export const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** How long close() waits for the emulator to exit after the signal before it sends SIGKILL (the CLI exits within 2 s). */
const STOP_TIMEOUT_MS = 2_500;

/** Newest modification time (ms) of any file below `dir` (0 if none). */
export function newestMtime(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** The node arguments that run the emulator CLI: `cli` is 'auto', 'dist', 'src' or a path of a cli.mjs. */
function cliCommand(cli) {
  const built = join(repoRoot, 'dist', 'cli.mjs');
  const source = join(repoRoot, 'src', 'emulator', 'cli.ts');
  const fromSource = ['--import', 'tsx', source];
  if (cli === 'src') return fromSource;
  if (cli === 'auto') {
    // the build when it is at least as new as the emulator's sources, else the sources through tsx
    return existsSync(built) && statSync(built).mtimeMs >= newestMtime(join(repoRoot, 'src', 'emulator')) ? [built] : fromSource;
  }
  const file = cli === 'dist' ? built : cli;
  if (!existsSync(file)) throw new Error(`emulator CLI ${file} is missing (run \`npm run build\` first)`);
  return [file];
}

/**
 * Starts the emulator CLI in a child process and resolves once its first stdout line, the ws:// URL, arrived.
 * Rejects (and stops the process) when it exits first, prints something else, or stays silent past the timeout.
 * The child runs in its own process group, so a terminal's Ctrl+C reaches only this process, which forwards it
 * once through close(signal); it also shuts down by itself when this process dies (its stdin pipe ends).
 */
export function startEmulatorProcess({ cli = 'dist', port = 0, host = '127.0.0.1', seed, args = [], startTimeoutMs = 120_000, log = () => {} } = {}) {
  let command;
  try {
    command = cliCommand(cli);
  } catch (e) {
    return Promise.reject(e);
  }
  const argv = [...command, '--port', String(port), '--host', host, '--exit-on-stdin-end', ...(seed ? ['--seed', seed] : []), ...args];
  // own process group on POSIX (on Windows `detached` would open a console window instead)
  const child = spawn(process.execPath, argv, { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'], detached: process.platform !== 'win32' });
  child.stdin.on('error', () => undefined);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d) => {
    stderr = (stderr + d).slice(-8000);
    log(String(d).trimEnd());
  });
  const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
  const close = async (signal = 'SIGTERM') => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
    child.stdin.destroy();
  };
  return new Promise((res, rej) => {
    let out = '';
    let done = false;
    const finish = (err, url) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) void close().then(() => rej(err));
      else res({ url, pid: child.pid, stderr: () => stderr, close });
    };
    const timer = setTimeout(() => finish(new Error(`emulator did not print its URL within ${startTimeoutMs} ms; stderr:\n${stderr}`)), startTimeoutMs);
    child.stdout.setEncoding('utf8').on('data', (d) => {
      if (done) return log(String(d).trimEnd());
      out += d;
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      const first = out.slice(0, nl).trim();
      if (/^wss?:\/\/\S+$/.test(first)) finish(undefined, first);
      else finish(new Error(`emulator printed ${JSON.stringify(first)} instead of its URL; stderr:\n${stderr}`));
    });
    child.once('error', (e) => finish(e));
    void exited.then(({ code, signal }) => finish(new Error(`emulator exited (${code ?? signal}) before printing its URL; stderr:\n${stderr}`)));
  });
}

/** Content types of the files the servers hand out. */
export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** The file a request path names below `dir` (directories serve index.html), or undefined when it would leave `dir`. */
function fileBelow(dir, rest) {
  let decoded;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const file = normalize(join(dir, decoded));
  if (file !== dir && !file.startsWith(dir + sep)) return undefined;
  return existsSync(file) && statSync(file).isDirectory() ? join(file, 'index.html') : file;
}

/**
 * Serves directories over HTTP. `mounts` maps URL prefixes to directories (relative to the repository root or
 * absolute; the longest matching prefix wins), `routes` maps exact paths to functions returning `{ type, body }`,
 * `headers` are added to every response. Only GET and HEAD. Resolves `{ url, server, close() }`; `url` has no
 * trailing slash.
 */
export function startStaticServer({ mounts, routes = {}, headers = {}, port = 0, host = '127.0.0.1' }) {
  const table = Object.entries(mounts)
    .map(([prefix, dir]) => [prefix.endsWith('/') ? prefix : `${prefix}/`, resolve(repoRoot, dir)])
    .sort((a, b) => b[0].length - a[0].length);
  const server = createServer(async (req, res) => {
    const send = (status, type, body) => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const text = 'text/plain; charset=utf-8';
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, text, 'method not allowed');
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = routes[path];
    if (route) {
      const { type, body } = route();
      return send(200, type, body);
    }
    const mount = table.find(([prefix]) => path.startsWith(prefix) || `${path}/` === prefix);
    if (!mount) return send(404, text, 'not found');
    const file = fileBelow(mount[1], path.slice(mount[0].length));
    if (!file) return send(400, text, 'bad path');
    try {
      send(200, CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', await readFile(file));
    } catch {
      send(404, text, 'not found');
    }
  });
  return new Promise((res, rej) => {
    server.once('error', rej);
    server.listen(port, host, () => {
      server.off('error', rej);
      const close = () =>
        new Promise((r) => {
          server.closeAllConnections();
          server.close(() => r());
        });
      res({ url: `http://${host}:${server.address().port}`, server, close });
    });
  });
}
