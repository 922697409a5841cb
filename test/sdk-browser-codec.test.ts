// The browser's zlib codec (src/platform/browser-zlib.ts) in Node, which has the same
// CompressionStream and DecompressionStream: outgoing messages compressed natively (asynchronously,
// so the transport must keep their order) or, without CompressionStream, as stored blocks. Checked
// byte for byte with node:zlib, and over real sockets against the emulator with both paths.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { AbortError, ConnectionError, connectWith, type Session } from '../src/node';
import { nodePlatform } from '../src/platform/node';
import { browserCodec } from '../src/platform/browser-zlib';
import { inflateText, storedZlib } from '../src/platform/zlib';
import { startEmulator } from '../src/emulator/index';

type Emu = Awaited<ReturnType<typeof startEmulator>>;
let emu: Emu;
const browserLike = { ...nodePlatform, codec: browserCodec };

before(async () => {
  emu = await startEmulator({});
});
after(async () => {
  await emu.close();
});

/** Runs `fn` with the runtime's CompressionStream taken away (a browser from before 2023). */
async function withoutCompressionStream<T>(fn: () => Promise<T>): Promise<T> {
  const g = globalThis as { CompressionStream?: unknown };
  const saved = g.CompressionStream;
  delete g.CompressionStream;
  try {
    return await fn();
  } finally {
    g.CompressionStream = saved;
  }
}

/** Texts around the stored-block size (65535 bytes), multi-byte characters included. */
function texts(): string[] {
  const out = ['', 'x', '{"command":"execute","sqlText":"SELECT 1"}', 'ü€😀'.repeat(20000)];
  for (const n of [65534, 65535, 65536, 131070, 131071, 200001]) out.push('ab"c\\'.repeat(n).slice(0, n));
  return out;
}

test('stored blocks: node:zlib and the fflate inflater read them back exactly, one or many blocks', () => {
  for (const text of texts()) {
    const bytes = storedZlib(text);
    assert.equal(inflateSync(bytes).toString('utf8'), text, `length ${text.length}`);
    assert.equal(inflateText(bytes, 10_000_000), text);
    const size = Buffer.byteLength(text);
    assert.equal(bytes.length, size + 5 * Math.max(1, Math.ceil(size / 65535)) + 6, 'header, block headers, data, Adler-32');
  }
});

test('native compression: a promise of real zlib, smaller than the text, that node:zlib inflates', async () => {
  for (const text of texts()) {
    const out = browserCodec.deflate(text);
    assert.ok(out instanceof Promise, 'CompressionStream works asynchronously');
    const bytes = await out;
    assert.equal(inflateSync(bytes).toString('utf8'), text);
    if (text.length > 1000) assert.ok(bytes.length < Buffer.byteLength(text) / 4, `compressed ${bytes.length} of ${Buffer.byteLength(text)}`);
  }
});

test('without CompressionStream the codec answers synchronously with stored blocks', async () => {
  await withoutCompressionStream(async () => {
    const out = browserCodec.deflate('{"command":"disconnect"}');
    assert.ok(out instanceof Uint8Array);
    assert.equal(inflateSync(out).toString(), '{"command":"disconnect"}');
  });
});

/** `n` characters that compress poorly (a fixed-seed linear congruential sequence of letters). */
function noise(n: number): string {
  let x = 12345;
  let out = '';
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += String.fromCharCode(97 + ((x >>> 16) % 26));
  }
  return out;
}

/** A compressed session with the browser codec; long statements make each message several blocks. */
async function exercise(): Promise<void> {
  const s: Session = await connectWith(browserLike, { url: emu.url, user: 'sys', password: 'exasol', compression: true, fetchSize: 64 * 1024 });
  try {
    assert.equal(s.attributes$.value.compressionEnabled, true);
    const pad = ' '.repeat(150_000);
    // Many commands queued at once: each waits its turn, and every message must arrive whole and in order.
    const runs = Array.from({ length: 12 }, (_, i) => s.query(`SELECT ${i} AS N, '${'é'.repeat(i * 1000)}' AS T${i % 3 === 0 ? pad : ''}`));
    const results = await Promise.all(runs);
    results.forEach((r, i) => {
      assert.equal(Number(r.rows[0]!.N), i);
      assert.equal(r.rows[0]!.T, i === 0 ? null : 'é'.repeat(i * 1000)); // '' is NULL in Exasol
    });
    // An abort goes out of band while a statement runs; the session answers the next statement.
    const ac = new AbortController();
    const slow = s.query('SELECT "$SLEEP"(30) FROM DUAL', { signal: ac.signal });
    setTimeout(() => ac.abort(), 200);
    await assert.rejects(slow, AbortError);
    assert.equal(Number((await s.query(`SELECT 6 AS N${pad}`, { signal: AbortSignal.timeout(10_000) })).rows[0]!.N), 6);
    // An abort given while a long statement is still being compressed must not overtake it (the
    // server would run the statement's 30 s and the next statement would wait for it).
    const ac2 = new AbortController();
    const bigSql = `SELECT "$SLEEP"(30) FROM DUAL /* ${noise(1_000_000)} */`;
    // Aborted just after the statement was handed to the transport (its compression has only begun).
    const watch = s.status$.subscribe((st) => {
      if (st.state === 'running' && st.sql === bigSql) queueMicrotask(() => ac2.abort());
    });
    const slow2 = s.query(bigSql, { signal: ac2.signal });
    await assert.rejects(slow2, AbortError);
    watch.unsubscribe();
    const after = await s.query(`SELECT 7 AS N${pad}`, { signal: AbortSignal.timeout(10_000) });
    assert.equal(Number(after.rows[0]!.N), 7);
    // Rows fetched in many compressed replies.
    let n = 0;
    for await (const row of s.rows<{ X: number }>('SELECT range + 1 AS X FROM range(30000)')) n += Number(row.X) > 0 ? 1 : 0;
    assert.equal(n, 30000);
  } finally {
    await s.close();
  }
  assert.equal(s.closed, true);
}

test('a compressed session over a socket with native compression: queued, aborted and long messages arrive intact and in order', async () => {
  await exercise();
});

test('the same session without CompressionStream (stored blocks out, fflate in where DecompressionStream is missing too)', async () => {
  await withoutCompressionStream(exercise);
  const g = globalThis as { DecompressionStream?: unknown };
  const saved = g.DecompressionStream;
  delete g.DecompressionStream;
  try {
    await withoutCompressionStream(exercise);
  } finally {
    g.DecompressionStream = saved;
  }
});

test('a codec that cannot compress breaks the connection with ConnectionError, nothing unhandled', async () => {
  const unhandled: unknown[] = [];
  const watch = (e: unknown) => unhandled.push(e);
  process.on('unhandledRejection', watch);
  try {
    const failing = { ...nodePlatform, codec: { deflate: () => Promise.reject(new Error('no memory for the compressor')), inflate: browserCodec.inflate } };
    await assert.rejects(
      connectWith(failing, { url: emu.url, user: 'sys', password: 'exasol', compression: true, connectTimeout: 5000 }),
      (e: unknown) => e instanceof ConnectionError && /cannot send a compressed message: no memory for the compressor/.test(e.message),
    );
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(unhandled, []);
  } finally {
    process.off('unhandledRejection', watch);
  }
});
