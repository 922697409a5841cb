/**
 * The emulator's web page (the "Server Web Interface"): with the `console` option, a plain GET on the
 * emulator's HTTP(S) port serves the files of one folder (the query console and the SDK bundle it loads),
 * while WebSocket upgrades on the same port go on to the sessions. Without the option a GET gets 426, as before.
 *
 * Only GET and HEAD; only regular files below the folder (no `..`, no encoded separators or NUL, no symbolic
 * link leading out of it, no dot files); every response carries a strict Content-Security-Policy and
 * `nosniff`, with the content type taken from a fixed list of extensions. In an HTML file, {@link NONCE_PLACEHOLDER}
 * is replaced with a fresh random nonce that the response's CSP allows for style elements only (the editor mounts
 * its style sheet that way); scripts are only ever the folder's own files.
 */
import { randomBytes } from 'node:crypto';
import { realpath, readFile, stat } from 'node:fs/promises';
import { statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, isAbsolute, join, resolve, sep } from 'node:path';

/** What to serve on the emulator's port: the folder of the console (its `index.html` answers `/`). */
export interface ConsoleOptions {
  /** Folder whose files are served (absolute, or relative to the working directory). */
  root: string;
}

/** Content types by file extension; files of other types are not served. */
export const WEB_CONTENT_TYPES: Readonly<Record<string, string>> = {
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
  '.woff2': 'font/woff2',
};

/**
 * Content-Security-Policy of every response: the page's own scripts, style sheets and images only, and WebSockets to
 * any server (the user may point the console at another database). No inline or evaluated script, no frames. Style
 * elements need the page's nonce (see {@link NONCE_PLACEHOLDER}); style attributes are allowed (they cannot run code;
 * the browser's editing of the SQL editor's contenteditable area sets them).
 */
export const WEB_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self' ws: wss:",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Text in an HTML file that is replaced with the response's style nonce. */
export const NONCE_PLACEHOLDER = '{{CSP_NONCE}}';

const HEADERS = {
  'content-security-policy': WEB_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

/** A request handler for plain (non-upgrade) HTTP requests. */
export type WebHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Checks the option and resolves the folder's real path; throws a clear error when it is not a folder. */
export function resolveConsoleRoot(options: ConsoleOptions): string {
  if (typeof options?.root !== 'string' || options.root === '') throw new TypeError('console.root must name a folder');
  const root = isAbsolute(options.root) ? options.root : resolve(options.root);
  let isDir = false;
  try {
    isDir = statSync(root).isDirectory();
  } catch {
    throw new Error(`console.root ${root} does not exist (build the console with \`npm run build\`)`);
  }
  if (!isDir) throw new Error(`console.root ${root} is not a folder`);
  if (!statSync(join(root, 'index.html'), { throwIfNoEntry: false })?.isFile()) throw new Error(`console.root ${root} has no index.html`);
  return root;
}

/**
 * The path below `root` that a request path names, or undefined when it is not a plain path inside `root`:
 * percent-encoded separators, backslashes, NUL, `.`/`..` segments and dot files are all refused.
 */
export function pathBelow(root: string, urlPath: string): string | undefined {
  if (!urlPath.startsWith('/')) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (/%2f|%5c/i.test(urlPath) || decoded.includes('\\') || decoded.includes('\0')) return undefined;
  const segments = decoded.split('/').slice(1);
  if (segments.some((s, i) => s.startsWith('.') || (s === '' && i < segments.length - 1))) return undefined;
  const rel = segments.join(sep);
  const file = rel === '' ? join(root, 'index.html') : join(root, rel.endsWith(sep) ? `${rel}index.html` : rel);
  return file.startsWith(root + sep) ? file : undefined;
}

/** Creates the handler that serves `root` (checked with {@link resolveConsoleRoot} first). */
export function createWebHandler(root: string): WebHandler {
  let realRoot: Promise<string> | undefined;
  const send = (req: IncomingMessage, res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}) => {
    res.writeHead(status, { ...HEADERS, 'content-type': type, 'content-length': String(Buffer.byteLength(body)), 'cache-control': 'no-cache', ...extra });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  const text = 'text/plain; charset=utf-8';
  return (req, res) => {
    void (async () => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(req, res, 405, text, 'method not allowed\n', { allow: 'GET, HEAD' });
      const rawPath = (req.url ?? '/').split('?')[0].split('#')[0];
      const file = pathBelow(root, rawPath);
      const type = file === undefined ? undefined : WEB_CONTENT_TYPES[extname(file).toLowerCase()];
      if (file === undefined || type === undefined) return send(req, res, 404, text, 'not found\n');
      try {
        realRoot ??= realpath(root);
        const [base, real] = await Promise.all([realRoot, realpath(file)]);
        if (!real.startsWith(base + sep) || !(await stat(real)).isFile()) return send(req, res, 404, text, 'not found\n');
        const body = await readFile(real);
        if (type.startsWith('text/html') && body.includes(NONCE_PLACEHOLDER)) {
          const nonce = randomBytes(18).toString('base64');
          const csp = WEB_CSP.replace("style-src 'self'", `style-src 'self' 'nonce-${nonce}'`);
          return send(req, res, 200, type, body.toString('utf8').replaceAll(NONCE_PLACEHOLDER, nonce), { 'content-security-policy': csp });
        }
        send(req, res, 200, type, body);
      } catch {
        send(req, res, 404, text, 'not found\n');
      }
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  };
}

/**
 * The console built next to the running emulator module: `dist/console/` beside `dist/cli.mjs`, or, when the
 * emulator runs from its sources (`src/emulator/`), the repository's `dist/console/`. Undefined when neither exists.
 */
export function bundledConsoleRoot(moduleDir: string): string | undefined {
  for (const dir of [join(moduleDir, 'console'), join(moduleDir, '..', '..', 'dist', 'console')]) {
    if (statSync(join(dir, 'index.html'), { throwIfNoEntry: false })?.isFile()) return resolve(dir);
  }
  return undefined;
}
