// Streaming against the emulator over real sockets: exact integers beyond 2^53 wherever they land
// (inline or fetched, plain or compressed, behind text columns holding look-alike digits), through
// every reading API (rows, chunks with columnar data, query$, query, prepared), with the fetch
// running ahead and its size adapting.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { lastValueFrom, toArray } from 'rxjs';
import { connect, type Session, type Value } from '../src/node';
import { startEmulator } from '../src/emulator/index';
import { ExactIntegers } from '../src/protocol';

type Emu = Awaited<ReturnType<typeof startEmulator>>;
let emu: Emu;
const N = 30_000;
const BASE = 900719925474099300n; // beyond 2^53: neighbours share one double

/** The exact ID of row i (ordered by K): every 1000th is an 18-digit value beyond 2^53, negative every 2000th. */
function idOf(i: number): bigint | number {
  if (i % 1000 !== 0) return i;
  return i % 2000 === 0 ? -(BASE + BigInt(i)) : BASE + BigInt(i);
}

before(async () => {
  emu = await startEmulator({});
  const s = await connect({ url: emu.url, user: 'sys', password: 'exasol' });
  await s.execute('CREATE SCHEMA STREAMING');
  await s.execute('CREATE TABLE STREAMING.T (K DECIMAL(9,0), S VARCHAR(40), ID DECIMAL(18,0))');
  // S holds the digits of a different ID with the same double value, and sits before ID in every reply.
  await s.execute(
    `INSERT INTO STREAMING.T SELECT range, CAST(${BASE} + range + 1 AS VARCHAR(40)),
       CASE WHEN range % 2000 = 0 THEN -(${BASE} + range) WHEN range % 1000 = 0 THEN ${BASE} + range ELSE range END
     FROM range(${N})`,
  );
  await s.close();
});
after(async () => {
  await emu.close();
});

function checkIds(ids: readonly Value[], from = 0): void {
  for (let i = 0; i < ids.length; i++) {
    const want = idOf(from + i);
    if (ids[i] !== want) assert.fail(`row ${from + i}: expected ${String(want)} (${typeof want}), got ${String(ids[i])} (${typeof ids[i]})`);
  }
}

const SQL = 'SELECT K, S, ID FROM STREAMING.T ORDER BY K';

for (const compression of [false, true]) {
  test(`exact integers beyond 2^53 through every API, fetch ahead and adaptive (compression ${compression})`, async () => {
    const s: Session = await connect({ url: emu.url, user: 'sys', password: 'exasol', compression, fetchSize: 64 * 1024 });
    try {
      const all = await s.query(SQL);
      assert.equal(all.rows.length, N);
      checkIds(all.rows.map((r) => r.ID!));

      const viaRows: Value[] = [];
      for await (const r of s.rows(SQL)) viaRows.push(r.ID!);
      checkIds(viaRows);

      let seen = 0;
      let chunks = 0;
      for await (const c of s.chunks(SQL)) {
        assert.equal(c.offset, seen);
        assert.equal(c.data.length, 3);
        checkIds(c.data[2]!, c.offset);
        assert.equal(c.data[0]!.length, c.data[2]!.length);
        seen += c.data[2]!.length;
        chunks++;
      }
      assert.equal(seen, N);
      assert.ok(chunks > 3, `only ${chunks} chunks: the fetch size did not bound them`);

      const emitted = await lastValueFrom(s.query$(SQL, { rowMode: 'array' }).pipe(toArray()));
      checkIds(emitted.flatMap((c) => c.rows.map((r) => r[2]!)));

      const stmt = await s.prepare('SELECT K, S, ID FROM STREAMING.T WHERE K >= ? ORDER BY K');
      const prepared: Value[] = [];
      for await (const r of stmt.rows([1000])) prepared.push(r.ID!);
      checkIds(prepared, 1000);
      await stmt.close();

      // Breaking out early closes the result and leaves the session usable.
      for await (const c of s.chunks(SQL)) {
        if (c.data[2]!.length === 0) continue; // the header chunk of a result with a handle
        checkIds(c.data[2]!, c.offset);
        break;
      }
      assert.equal((await s.query('SELECT COUNT(*) AS N FROM STREAMING.T')).rows[0]!.N, N);
    } finally {
      await s.close();
    }
  });
}

test('ExactIntegers: digits in document order, strings and fractions skipped', () => {
  const text = '{"a":"x,123456789012345678,y","b":[1.23456789012345678e17,123456789012345678.5,-123456789012345679,123456789012345678]}';
  const exact = new ExactIntegers(text);
  assert.equal(exact.digitsOf(-123456789012345679), '-123456789012345679');
  assert.equal(exact.digitsOf(123456789012345678), '123456789012345678');
  assert.equal(exact.digitsOf(123456789012345678), undefined);
});

/** A WebSocket proxy on 127.0.0.1 that delays every server message by `ms` (order kept): a far server. */
async function delayingProxy(target: string, ms: number): Promise<{ url: string; close(): Promise<void> }> {
  const { WebSocketServer, WebSocket } = await import('ws');
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  const sockets = new Set<import('ws').WebSocket>();
  wss.on('connection', (client) => {
    const upstream = new WebSocket(target, { perMessageDeflate: false });
    sockets.add(client).add(upstream);
    const early: [import('ws').RawData, boolean][] = [];
    upstream.on('open', () => early.splice(0).forEach(([d, b]) => upstream.send(d, { binary: b })));
    client.on('message', (d, b) => (upstream.readyState === WebSocket.OPEN ? upstream.send(d, { binary: b }) : early.push([d, b])));
    upstream.on('message', (d, b) => setTimeout(() => client.readyState === WebSocket.OPEN && client.send(d, { binary: b }), ms));
    client.on('close', () => upstream.close());
    upstream.on('close', () => setTimeout(() => client.close(), ms));
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
  });
  await new Promise((r) => wss.once('listening', r));
  const { port } = wss.address() as import('node:net').AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.terminate();
        wss.close(() => resolve());
      }),
  };
}

test('a far server (every reply 6 ms late): fetches chained from the reply text and growing sizes keep values exact', async () => {
  const proxy = await delayingProxy(emu.url, 6);
  try {
    for (const compression of [false, true]) {
      const s = await connect({ url: proxy.url, user: 'sys', password: 'exasol', compression, fetchSize: 32 * 1024 });
      try {
        const viaRows: Value[] = [];
        for await (const r of s.rows(SQL)) viaRows.push(r.ID!);
        assert.equal(viaRows.length, N);
        checkIds(viaRows);
        const sizes: number[] = [];
        for await (const c of s.chunks(SQL)) {
          checkIds(c.data[2]!, c.offset);
          sizes.push(c.data[2]!.length);
        }
        assert.equal(sizes.reduce((a, b) => a + b, 0), N);
        // The consumer does almost nothing but wait for 32 KiB replies: the fetch size grows.
        assert.ok(Math.max(...sizes.slice(2)) >= 2 * sizes[1]!, `chunk sizes grow while the consumer waits: ${sizes.join(',')}`);
        const emitted = await lastValueFrom(s.query$(SQL).pipe(toArray()));
        checkIds(emitted.flatMap((c) => c.rows.map((r) => r.ID!)));
        // Breaking out while a chained fetch is on the wire leaves the session usable.
        for await (const _ of s.rows(SQL)) break;
        assert.equal((await s.query('SELECT COUNT(*) AS N FROM STREAMING.T')).rows[0]!.N, N);
      } finally {
        await s.close();
      }
    }
  } finally {
    await proxy.close();
  }
});
