// The browser ESM build's lazy chunks as shipped (dist/browser.mjs and dist/browser/*.mjs, copied to a temporary
// directory): a chunk that cannot be loaded fails the call that needs it with ConnectionError naming the cause,
// leaves the session usable, and is loaded by the next call once it is there (a chunk, once loaded, stays: each is
// taken away before anything here loads it). Covers the prepared-statement chunk
// (prepare(), queries with parameters), the sql tag's statement cache and the pool machinery. Needs `npm run build`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import { startEmulator } from '../src/emulator/index';
import type * as Browser from '../src/browser';

type Emu = Awaited<ReturnType<typeof startEmulator>>;
let emu: Emu;
let dir: string;
let sdk: typeof Browser;

before(async () => {
  const root = resolve('.');
  assert.ok(existsSync(join(root, 'dist/browser.mjs')), 'run `npm run build` first');
  dir = mkdtempSync(join(tmpdir(), 'exasol-ws-chunks-'));
  cpSync(join(root, 'dist/browser.mjs'), join(dir, 'browser.mjs'));
  cpSync(join(root, 'dist/browser'), join(dir, 'browser'), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  sdk = (await import(pathToFileURL(join(dir, 'browser.mjs')).href)) as typeof Browser;
  emu = await startEmulator({ tokens: { accessTokens: { 'token-1': 'sys' }, refreshTokens: [] } });
});
after(async () => {
  await emu?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

/** Runs `f` while the chunk `name` is missing, then puts it back. */
async function without<T>(name: string, f: () => Promise<T>): Promise<T> {
  const file = join(dir, 'browser', `${name}.mjs`);
  assert.ok(existsSync(file), `dist/browser/${name}.mjs exists`);
  renameSync(file, `${file}.away`);
  try {
    return await f();
  } finally {
    renameSync(`${file}.away`, file);
  }
}

const options = () => ({ url: emu.url, accessToken: 'token-1', createSocket: (url: string) => new WebSocket(url) as never });
/** The value of column X in the first row, as a number (a bound ? may come back typed VARCHAR). */
const x = (r: { rows: readonly unknown[] }) => Number((r.rows[0] as { X: unknown }).X);
const failedLoad = (e: unknown) => e instanceof sdk.ConnectionError && /^cannot load a part of exasol-ws: /.test((e as Error).message);

test('prepared statements: a missing chunk fails prepare() and a query with parameters with ConnectionError; the next call loads it', async () => {
  const s = await sdk.connect(options());
  try {
    await without('prepared-run', async () => {
      await assert.rejects(s.prepare('SELECT ?'), failedLoad);
      await assert.rejects(s.query('SELECT ? AS X', [1]), failedLoad);
      assert.equal(x(await s.query('SELECT 1 AS X')), 1);
    });
    const stmt = await s.prepare('SELECT ? AS X');
    assert.equal(x(await stmt.query([2])), 2);
    await stmt.close();
  } finally {
    await s.close();
  }
});

test('the sql tag with values and the pool: a missing chunk fails the call with ConnectionError; the next call loads it', async () => {
  const s = await sdk.connect(options());
  try {
    await without('statement-cache', () => assert.rejects(async () => s.sql`SELECT ${1} AS X`.query(), failedLoad));
    assert.equal(x(await s.sql`SELECT ${4} AS X`), 4);
  } finally {
    await s.close();
  }
  const pool = sdk.createPool(options(), { max: 1 });
  try {
    await without('pool-core', async () => {
      await assert.rejects(pool.query('SELECT 1 AS X'), failedLoad);
      await assert.rejects(pool.sql`SELECT ${1} AS X`.query(), failedLoad);
    });
    assert.equal(x(await pool.sql`SELECT ${5} AS X`), 5);
    assert.equal(pool.stats.open, 1);
  } finally {
    await pool.close();
  }
});
