// Parallel reads through sub-connections, against 3-node emulators over real sockets: protocol v3
// (enterParallel) and v5 (requestParallelConnections + sessionId), with and without compression
// and TLS; result order identical to the serial read, arrival order the same multiset with
// consistent share offsets; cancel mid-read, abort, a share failing mid-read (its socket cut by a
// proxy); raw sub-connection commands; sub-connections closed with the main session.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { AbortError, ConnectionError, connect, InputError, TimeoutError, type ConnectOptions, type ParallelChunk, type Row, type Session } from '../src/node';

const ROWS = 12_000;
const SQL = 'SELECT ID, NAME, AMOUNT FROM PAR.T ORDER BY ID';
const emus: Record<string, RunningEmulator> = {};

async function seed(e: RunningEmulator, tls?: ConnectOptions['tls']): Promise<void> {
  const s = await connect({ url: e.url, user: 'sys', password: 'exasol', tls });
  await s.execute('CREATE SCHEMA PAR');
  await s.execute('CREATE TABLE PAR.T (ID DECIMAL(18,0), NAME VARCHAR(40), AMOUNT DECIMAL(12,2))');
  // IDs beyond 2^53 (exact digits must survive), names and scaled decimals
  await s.execute(`INSERT INTO PAR.T SELECT 9007199254740000 + I * 3, 'name-' || I, CAST(I AS DECIMAL(12,2)) / 100 FROM range(${ROWS}) t(I)`);
  await s.close();
}

before(async () => {
  emus.v3 = await startEmulator({ nodes: 3 });
  emus.v5 = await startEmulator({ nodes: 3, maxProtocolVersion: 5 });
  emus.tls = await startEmulator({ nodes: 3, maxProtocolVersion: 5, tls: true });
  await seed(emus.v3);
  await seed(emus.v5);
  await seed(emus.tls, { fingerprint: emus.tls.fingerprint });
});
after(async () => {
  await Promise.all(Object.values(emus).map((e) => e.close()));
});

function open(e: RunningEmulator, extra: Partial<ConnectOptions> = {}): Promise<Session> {
  return connect({ url: e.url, user: 'sys', password: 'exasol', fetchSize: 16 * 1024, ...(e.fingerprint ? { tls: { fingerprint: e.fingerprint } } : {}), ...extra } as ConnectOptions);
}

/** Waits (bounded) until the emulator has `n` connections left. */
async function connectionsSettle(e: RunningEmulator, n: number): Promise<void> {
  for (let i = 0; i < 200 && e.sessionCount() !== n; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(e.sessionCount(), n, 'sub-connections closed');
}

const key = (r: Row) => BigInt(r.ID as number | bigint);
/** Rows as plain objects (each decoder builds rows on a prototype of its own). */
const plain = (rows: Row[]) => rows.map((r) => ({ ...r }));

for (const [name, compression] of [
  ['v3', false],
  ['v3', true],
  ['v5', false],
  ['v5', true],
  ['tls', false],
  ['tls', true],
] as const) {
  test(`${name}${compression ? ', compressed' : ''}: parallel rows equal the serial read (result order) and its multiset (arrival order)`, async () => {
    const e = emus[name]!;
    const s = await open(e, { compression });
    assert.equal(s.info.protocolVersion, name === 'v3' ? 3 : 5);
    const serial = plain((await s.query(SQL)).rows);
    assert.equal(serial.length, ROWS);
    assert.equal(serial[ROWS - 1]!.ID, 9007199254740000n + BigInt((ROWS - 1) * 3));

    const ordered = await s.parallel.query(SQL);
    assert.deepEqual(plain(ordered.rows), serial);

    const chunks: ParallelChunk[] = [];
    for await (const c of s.parallel.chunks(SQL, { order: 'arrival' })) chunks.push(c);
    const shares = new Set(chunks.map((c) => c.share));
    assert.equal(shares.size, 3, 'all three shares delivered');
    assert.ok(chunks.length > 6, 'several chunks per share');
    for (const c of chunks) {
      // each chunk's rows sit at its offset in the serial result
      assert.deepEqual(plain(c.rows), serial.slice(c.offset, c.offset + c.rows.length));
      assert.equal(c.totalRows, ROWS);
    }
    const arrived = plain(chunks.flatMap((c) => c.rows)).sort((a, b) => (key(a) < key(b) ? -1 : 1));
    assert.deepEqual(arrived, serial);
    await connectionsSettle(e, 1);
    await s.close();
    await connectionsSettle(e, 0);
  });
}

test('query$ in result order: offsets ascend without gaps; rowMode array', async () => {
  const s = await open(emus.v5);
  const { lastValueFrom, toArray } = await import('rxjs');
  const chunks = await lastValueFrom(s.parallel.query$(SQL, { rowMode: 'array' }).pipe(toArray()));
  let at = 0;
  for (const c of chunks) {
    assert.equal(c.offset, at);
    at += c.rows.length;
    assert.ok(Array.isArray(c.rows[0]));
  }
  assert.equal(at, ROWS);
  await s.close();
});

test('a group opened once serves several reads and raw lock-step commands; closing the session closes it', async () => {
  const e = emus.v5;
  const s = await open(e);
  const g = await s.openSubConnections();
  assert.equal(g.size, 3);
  assert.equal(g.via, 'requestParallelConnections');
  assert.equal(s.attributes$.value.autocommit, false, 'autocommit is off while sub-connections are open');
  for (let i = 0; i < 2; i++) assert.equal((await s.parallel.query(SQL, { subConnections: g })).rows.length, ROWS);
  assert.equal(g.closed, false);
  // raw: a handle from the main connection read share by share
  const r = await s.parallel.query('SELECT COUNT(*) AS N FROM PAR.T', { subConnections: g });
  assert.equal(r.rows[0]!.N, ROWS);
  const offsets = await g.all<{ rowOffset: number }>({ command: 'getHosts', hostIp: '127.0.0.1' });
  assert.equal(offsets.length, 3);
  assert.equal(e.sessionCount(), 4);
  await s.close();
  assert.equal(g.closed, true);
  await connectionsSettle(e, 0);
});

test('closing the group restores autocommit; v3 servers are asked with enterParallel', async () => {
  const s = await open(emus.v3);
  const g = await s.openSubConnections({ count: 2 });
  assert.equal(g.via, 'enterParallel');
  assert.equal(g.size, 2);
  await g.close();
  assert.equal((await s.getAttributes()).autocommit, true);
  await s.close();
  await connectionsSettle(emus.v3, 0);
});

test('breaking out of a read mid-way closes every handle and sub-connection; the session goes on', async () => {
  const e = emus.v5;
  const s = await open(e);
  let seen = 0;
  for await (const c of s.parallel.chunks(SQL, { order: 'arrival' })) {
    seen += c.rows.length;
    if (seen > 2000) break;
  }
  assert.ok(seen < ROWS);
  await connectionsSettle(e, 1);
  assert.equal((await s.query('SELECT 1 AS X')).rows[0]!.X, 1);
  await s.close();
});

test('an AbortSignal mid-read rejects with AbortError and closes everything', async () => {
  const e = emus.v5;
  const s = await open(e);
  const ac = new AbortController();
  let n = 0;
  await assert.rejects(
    (async () => {
      for await (const _row of s.parallel.rows(SQL, { signal: ac.signal })) if (++n === 500) ac.abort();
    })(),
    AbortError,
  );
  await connectionsSettle(e, 1);
  await s.close();
});

/**
 * A TCP proxy to `target`; `cutAfter` bytes from the server, it drops both sides. With `hang`, it
 * passes the server's first chunk (the WebSocket handshake reply) and then nothing either way, and
 * reads nothing more from the client (a hung node: not even a close frame is answered).
 */
async function proxy(target: string, cutAfter = Infinity, hang = false): Promise<{ address: string; server: Server; close(): Promise<void> }> {
  const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = tcpConnect(port, host);
    sockets.add(client).add(upstream);
    let passed = 0;
    let hung = false;
    upstream.on('data', (d: Buffer) => {
      passed += d.length;
      if (hung) return;
      if (hang) {
        client.write(d);
        hung = true;
        client.pause();
        return;
      }
      if (passed > cutAfter) {
        client.destroy();
        upstream.destroy();
      } else client.write(d);
    });
    client.on('data', (d: Buffer) => hung || upstream.write(d));
    for (const sock of [client, upstream]) {
      sock.on('error', () => undefined);
      sock.on('close', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address() as { port: number };
  return {
    address: `127.0.0.1:${addr.port}`,
    server,
    close: () =>
      new Promise<void>((r) => {
        for (const sock of sockets) sock.destroy();
        server.close(() => r());
      }),
  };
}

test('a share whose connection is cut mid-read fails the read with ConnectionError; every other handle is closed', async () => {
  const e = emus.v5;
  const nodes = e.urls.map((u) => new URL(u).host);
  const proxies = [await proxy(nodes[0]!), await proxy(nodes[1]!, 60_000), await proxy(nodes[2]!)];
  try {
    const s = await open(e);
    await assert.rejects(s.parallel.query(SQL, { hosts: proxies.map((p) => p.address) }), ConnectionError);
    await connectionsSettle(e, 1);
    // the main session is unharmed
    assert.equal((await s.parallel.query('SELECT COUNT(*) AS N FROM PAR.T')).rows[0]!.N, ROWS);
    await s.close();
  } finally {
    await Promise.all(proxies.map((p) => p.close()));
  }
});

test('a node that hangs after the WebSocket handshake: the read fails with TimeoutError within connectTimeout, nothing left open', async () => {
  const e = emus.v5;
  const nodes = e.urls.map((u) => new URL(u).host);
  const proxies = [await proxy(nodes[0]!), await proxy(nodes[1]!, Infinity, true), await proxy(nodes[2]!)];
  try {
    const s = await open(e, { connectTimeout: 800 });
    const t0 = Date.now();
    await assert.rejects(s.parallel.query(SQL, { hosts: proxies.map((p) => p.address) }), TimeoutError);
    const ms = Date.now() - t0;
    assert.ok(ms < 2000, `the read failed after ${ms} ms (connectTimeout 800)`);
    assert.equal((await s.parallel.query('SELECT COUNT(*) AS N FROM PAR.T')).rows[0]!.N, ROWS);
    await s.close();
  } finally {
    await Promise.all(proxies.map((p) => p.close()));
  }
  await connectionsSettle(e, 0);
});

test('small results come inline from the main connection; DML gives a row count; bad options are InputErrors', async () => {
  const s = await open(emus.v5);
  const small = await s.parallel.query('SELECT ID FROM PAR.T ORDER BY ID LIMIT 5');
  assert.equal(small.rows.length, 5);
  const chunks = [];
  for await (const c of s.parallel.chunks('SELECT ID FROM PAR.T ORDER BY ID LIMIT 5')) chunks.push(c);
  assert.equal(chunks.length, 1);
  assert.equal(chunks[0]!.share, -1);
  const dml = await s.parallel.query('UPDATE PAR.T SET NAME = NAME WHERE ID < 0');
  assert.equal(dml.rowCount, 0);
  await assert.rejects(s.parallel.query(SQL, { buffer: 0 }), InputError);
  await assert.rejects(s.parallel.query(SQL, { order: 'sideways' as never }), InputError);
  await assert.rejects(s.openSubConnections({ count: 0 }), InputError);
  await assert.rejects(s.openSubConnections({ hosts: ['no port'] }), InputError);
  await s.close();
  await connectionsSettle(emus.v5, 0);
});

test('v5 session: TIMESTAMP(p) columns carry their precision and exactly p fraction digits', async () => {
  const s = await open(emus.v5);
  const r = await s.query("SELECT CAST('2024-01-01 12:34:56.123456' AS TIMESTAMP(6)) A, CAST('2024-01-01 12:34:56.7' AS TIMESTAMP(0)) B, CAST('2024-01-01 12:34:56.123456' AS TIMESTAMP(9)) C");
  assert.deepEqual(r.columns.map((c) => c.sqlType), ['TIMESTAMP(6)', 'TIMESTAMP(0)', 'TIMESTAMP(9)']);
  assert.deepEqual({ ...r.rows[0] }, { A: '2024-01-01 12:34:56.123456', B: '2024-01-01 12:34:56', C: '2024-01-01 12:34:56.123456000' });
  await s.close();
  const old = await connect({ url: emus.v5.url, user: 'sys', password: 'exasol', protocolVersion: 3 });
  assert.equal(old.info.protocolVersion, 3);
  const o = await old.query("SELECT CAST('2024-01-01 12:34:56.123456' AS TIMESTAMP(6)) A");
  assert.equal(o.columns[0]!.sqlType, 'TIMESTAMP');
  assert.equal(o.rows[0]!.A, '2024-01-01 12:34:56.123456');
  await old.close();
  await assert.rejects(connect({ url: emus.v5.url, user: 'sys', password: 'exasol', protocolVersion: 6 as never }), InputError);
});
