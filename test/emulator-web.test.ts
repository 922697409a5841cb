// The console on the emulator's own port (`console: { root }`): a GET serves the folder's files with a strict CSP
// and the right content types, WebSocket logins on the same port keep working, nothing outside the folder can be
// reached (encoded dots and separators, symbolic links, dot files, unknown types), and without the option a GET
// still gets 426 and no file is read. Plain HTTP and TLS, over real sockets on 127.0.0.1.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { pathBelow } from '../src/emulator/web';
import { WireClient } from './support/wire-client';

const SECRET = 'TOP-SECRET-4711';
let dir: string;
let site: string;
let emu: RunningEmulator;

interface Reply { status: number; headers: Record<string, string | string[] | undefined>; body: string }

/** One request with the path sent exactly as given (no normalisation by the client). */
function get(url: string, path: string, method = 'GET'): Promise<Reply> {
  const u = new URL(url);
  const request = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method, rejectUnauthorized: false, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d) => (body += d)).on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.setTimeout(10_000, () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end();
  });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'exasol-web-'));
  site = join(dir, 'site');
  mkdirSync(join(site, 'sub'), { recursive: true });
  writeFileSync(join(site, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(site, 'app.js'), 'export const x = 1;\n');
  writeFileSync(join(site, 'style.css'), 'body { color: red }\n');
  writeFileSync(join(site, 'data.json'), '{"a":1}');
  writeFileSync(join(site, 'notes.md'), SECRET);
  writeFileSync(join(site, '.env'), SECRET);
  writeFileSync(join(site, 'sub', 'index.html'), '<p>sub</p>');
  writeFileSync(join(dir, 'secret.txt'), SECRET);
  symlinkSync(join(dir, 'secret.txt'), join(site, 'link.txt'));
  emu = await startEmulator({ console: { root: site } });
});

after(async () => {
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('GET / serves index.html with a strict CSP, nosniff and the page URL', async () => {
  assert.equal(emu.consoleUrl, `http://127.0.0.1:${emu.port}/`);
  const r = await get(emu.consoleUrl!, '/');
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(r.body, '<!doctype html><title>console</title>');
  const csp = String(r.headers['content-security-policy']);
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /unsafe-eval/);
  // the only 'unsafe-inline' is for style attributes (they cannot run code)
  assert.deepEqual(csp.split('; ').filter((d) => d.includes('unsafe')), ["style-src-attr 'unsafe-inline'"]);
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
});

test('content types follow the extension; HEAD has no body; a folder serves its index.html', async () => {
  const cases: [string, string][] = [['/app.js', 'text/javascript; charset=utf-8'], ['/style.css', 'text/css; charset=utf-8'], ['/data.json', 'application/json; charset=utf-8']];
  for (const [path, type] of cases) {
    const r = await get(emu.consoleUrl!, path);
    assert.equal(r.status, 200, path);
    assert.equal(r.headers['content-type'], type, path);
  }
  const head = await get(emu.consoleUrl!, '/app.js', 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.body, '');
  assert.equal(head.headers['content-length'], String(Buffer.byteLength('export const x = 1;\n')));
  assert.equal((await get(emu.consoleUrl!, '/sub/')).body, '<p>sub</p>');
  assert.equal((await get(emu.consoleUrl!, '/app.js?v=1#x')).status, 200);
});

test('nothing outside the folder, no dot file, no unknown type and no symbolic link out is served', async () => {
  const attempts = [
    '/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/%2e%2e%2fsecret.txt', '/%2E%2E%2Fsecret.txt',
    '/sub/../../secret.txt', '/sub/%2e%2e/%2e%2e/secret.txt', '/..%5csecret.txt', '/..\\secret.txt', '//secret.txt',
    `/${'../'.repeat(12)}etc/passwd`, '/link.txt', '/.env', '/%2eenv', '/notes.md', '/app.js%00.html', '/%', '/sub/%2e/../../secret.txt',
    'secret.txt', '/sub//../../secret.txt',
  ];
  for (const path of attempts) {
    const r = await get(emu.consoleUrl!, path);
    assert.ok(r.status === 404 || r.status === 400, `${path}: status ${r.status}`);
    assert.ok(!r.body.includes(SECRET), `${path} leaked the secret`);
    assert.ok(!r.body.includes('root:'), `${path} leaked /etc/passwd`);
  }
});

test('pathBelow maps plain paths into the folder and refuses every escape', () => {
  assert.equal(pathBelow('/srv/c', '/'), '/srv/c/index.html');
  assert.equal(pathBelow('/srv/c', '/a/b.js'), '/srv/c/a/b.js');
  assert.equal(pathBelow('/srv/c', '/a/'), '/srv/c/a/index.html');
  for (const p of ['/../x', '/a/../../x', '/%2e%2e/x', '/a%2fb', '/a%5cb', '/.git/config', '//x', 'x', '/a\u0000b', '/%E0%A4%A'])
    assert.equal(pathBelow('/srv/c', p), undefined, p);
});

test('only GET and HEAD', async () => {
  for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
    const r = await get(emu.consoleUrl!, '/', method);
    assert.equal(r.status, 405, method);
    assert.equal(r.headers.allow, 'GET, HEAD');
  }
});

test('WebSocket logins on the same port keep working', async () => {
  assert.equal(emu.url, `ws://127.0.0.1:${emu.port}`);
  const c = await WireClient.open(emu.url);
  assert.equal((await c.login()).status, 'ok');
  await c.close();
});

test('without the console option a GET gets 426 and consoleUrl is undefined', async () => {
  const plain = await startEmulator();
  try {
    assert.equal(plain.consoleUrl, undefined);
    const r = await get(plain.url.replace('ws:', 'http:'), '/index.html');
    assert.equal(r.status, 426);
  } finally {
    await plain.close();
  }
});

test('a console root that is missing, a file, or has no index.html is refused at start with a clear error', async () => {
  await assert.rejects(startEmulator({ console: { root: join(dir, 'nope') } }), /console\.root .*nope does not exist/);
  await assert.rejects(startEmulator({ console: { root: join(dir, 'secret.txt') } }), /is not a folder/);
  await assert.rejects(startEmulator({ console: { root: dir } }), /has no index\.html/);
  await assert.rejects(startEmulator({ console: { root: '' } }), TypeError);
});

test('with TLS the page is served over https on the wss port', async () => {
  const secure = await startEmulator({ tls: true, console: { root: site } });
  try {
    assert.equal(secure.consoleUrl, `https://127.0.0.1:${secure.port}/`);
    const r = await get(secure.consoleUrl!, '/app.js');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.match(String(r.headers['content-security-policy']), /script-src 'self'/);
    const c = await WireClient.open(secure.url, { rejectUnauthorized: false });
    assert.equal((await c.login()).status, 'ok');
    await c.close();
  } finally {
    await secure.close();
  }
});

test('an HTML page gets a fresh style nonce per response, allowed in its CSP for styles only', async () => {
  writeFileSync(join(site, 'nonce.html'), '<meta name="csp-nonce" content="{{CSP_NONCE}}"><p>{{CSP_NONCE}}</p>');
  const a = await get(emu.consoleUrl!, '/nonce.html');
  const b = await get(emu.consoleUrl!, '/nonce.html');
  const nonceOf = (r: Reply) => /content="([A-Za-z0-9+/=]{24})"/.exec(r.body)?.[1];
  const na = nonceOf(a);
  assert.ok(na, a.body);
  assert.notEqual(na, nonceOf(b));
  assert.equal(a.body, `<meta name="csp-nonce" content="${na}"><p>${na}</p>`);
  const csp = String(a.headers['content-security-policy']);
  assert.match(csp, new RegExp(`style-src 'self' 'nonce-${na!.replace(/[+/]/g, '\\$&')}'`));
  assert.match(csp, /script-src 'self';/);
  // other files are sent as they are
  writeFileSync(join(site, 'plain.js'), '"{{CSP_NONCE}}"');
  assert.equal((await get(emu.consoleUrl!, '/plain.js')).body, '"{{CSP_NONCE}}"');
});
