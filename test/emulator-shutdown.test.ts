// RunningEmulator.close() with clients still connected: it ends every session within a second —
// idle clients, clients in the middle of login, a client running a long statement (or a "$SLEEP"), a client that never
// answers the close handshake, TCP clients that never finished the HTTP upgrade or the TLS handshake —
// and leaves no handles or timers behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect as tcpConnect, type Socket } from 'node:net';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../src/emulator/index';
import { WireClient } from './support/wire-client';

/** What close() must take at most, with clients connected (ms). */
const CLOSE_BOUND_MS = 1000;
/** A statement that runs for minutes unless interrupted. */
const CROSS_JOIN = 'SELECT COUNT(*) FROM range(100000) a, range(100000) b, range(1000) c';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Active resources as a multiset of names. */
function resources(): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of process.getActiveResourcesInfo()) m.set(r, (m.get(r) ?? 0) + 1);
  return m;
}

/** Waits (bounded) until no more resources are active than in `baseline`; fails naming the extra ones. */
async function assertNoLeftovers(baseline: Map<string, number>): Promise<void> {
  let extra: string[] = [];
  for (let i = 0; i < 50; i++) {
    // the client ends of the sockets close a moment after the server ends
    extra = [...resources()].filter(([k, n]) => n > (baseline.get(k) ?? 0)).map(([k, n]) => `${k} x${n - (baseline.get(k) ?? 0)}`);
    if (extra.length === 0) return;
    await new Promise((r) => setImmediate(r));
    await sleep(20);
  }
  assert.deepEqual(extra, [], 'handles or timers left behind after close()');
}

/** Closes the emulator, asserting it settles within the bound; returns the time it took. */
async function timedClose(emu: RunningEmulator): Promise<number> {
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<'hung'>((r) => (timer = setTimeout(() => r('hung'), CLOSE_BOUND_MS * 5)));
  const outcome = await Promise.race([emu.close().then(() => 'closed' as const), bound]);
  clearTimeout(timer);
  const ms = performance.now() - t0;
  assert.equal(outcome, 'closed', 'close() did not resolve');
  assert.ok(ms < CLOSE_BOUND_MS, `close() took ${ms.toFixed(0)} ms`);
  return ms;
}

/** A raw TCP connection that records what it receives and when it is closed. */
function rawSocket(port: number): Promise<{ socket: Socket; received: () => Buffer; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', () => undefined);
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    socket.once('connect', () => resolve({ socket, received: () => Buffer.concat(chunks), closed }));
    socket.once('error', reject);
  });
}

const UPGRADE_REQUEST =
  'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n';

/** The close code of the first close frame after the HTTP 101 response, or undefined. */
function closeCodeAfterUpgrade(bytes: Buffer): number | undefined {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0 || !bytes.subarray(0, end).toString('latin1').startsWith('HTTP/1.1 101')) return undefined;
  const frame = bytes.subarray(end + 4);
  if (frame.length < 4 || frame[0] !== 0x88) return undefined; // FIN + opcode 8 (close), unmasked
  return frame.readUInt16BE(2);
}

async function withEmulator(options: EmulatorOptions, body: (emu: RunningEmulator) => Promise<void>): Promise<void> {
  const baseline = resources();
  const emu = await startEmulator(options);
  try {
    await body(emu);
  } finally {
    // bounded, so that a close() that hangs fails this test instead of stalling the file
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([emu.close(), new Promise((r) => (timer = setTimeout(r, CLOSE_BOUND_MS * 5)))]);
    clearTimeout(timer);
  }
  assert.equal(emu.sessionCount(), 0, 'sessions left after close()');
  await assertNoLeftovers(baseline);
}

test('close() with idle logged-in clients sends 1001 "going away" to each and resolves promptly', async () => {
  await withEmulator({ nodes: 2 }, async (emu) => {
    const clients = [
      await WireClient.connect(emu.urls[0]),
      await WireClient.connect(emu.urls[0], { useCompression: true }),
      await WireClient.connect(emu.urls[1], { protocolVersion: 1 }),
    ];
    assert.equal(emu.sessionCount(), 3);
    await timedClose(emu);
    assert.deepEqual(await Promise.all(clients.map((c) => c.closed)), [1001, 1001, 1001]);
  });
});

test('close() ends clients in the middle of login (before the login command, awaiting credentials)', async () => {
  await withEmulator({}, async (emu) => {
    const fresh = await WireClient.open(emu.url);
    const awaiting = await WireClient.open(emu.url);
    const key = await awaiting.ok({ command: 'login', protocolVersion: 3 });
    assert.ok(key.responseData.publicKeyPem);
    await timedClose(emu);
    assert.deepEqual(await Promise.all([fresh.closed, awaiting.closed]), [1001, 1001]);
  });
});

test('close() interrupts a long-running statement (a big cross join) and does not wait for it', async () => {
  await withEmulator({}, async (emu) => {
    const c = await WireClient.connect(emu.url);
    const idle = await WireClient.connect(emu.url);
    c.send({ command: 'execute', sqlText: CROSS_JOIN });
    await sleep(400); // the statement is running in DuckDB now
    await timedClose(emu);
    assert.equal(await c.closed, 1001);
    assert.equal(await idle.closed, 1001);
    // DuckDB stopped: the process is (nearly) idle afterwards instead of running a join on every core
    const before = process.cpuUsage();
    const t0 = performance.now();
    await sleep(500);
    const used = process.cpuUsage(before);
    const share = (used.user + used.system) / 1000 / (performance.now() - t0);
    assert.ok(share < 0.5, `CPU use after close(): ${(share * 100).toFixed(0)}% of one core`);
  });
});

test('close() ends a "$SLEEP"(n) wait at once and leaves no timer behind', async () => {
  await withEmulator({}, async (emu) => {
    const c = await WireClient.connect(emu.url);
    c.send({ command: 'execute', sqlText: 'SELECT "$SLEEP"(600)' });
    await sleep(200);
    await timedClose(emu);
    assert.equal(await c.closed, 1001);
  });
});

test('a client that never answers the close frame is cut off after a short wait', async () => {
  await withEmulator({}, async (emu) => {
    const raw = await rawSocket(emu.port);
    raw.socket.write(UPGRADE_REQUEST);
    for (let i = 0; i < 100 && !raw.received().toString('latin1').includes('\r\n\r\n'); i++) await sleep(10);
    assert.match(raw.received().toString('latin1'), /^HTTP\/1\.1 101/);
    for (let i = 0; i < 100 && emu.sessionCount() === 0; i++) await sleep(10);
    assert.equal(emu.sessionCount(), 1);
    await timedClose(emu);
    await raw.closed;
    assert.equal(closeCodeAfterUpgrade(raw.received()), 1001);
  });
});

test('close() drops TCP clients that never finished the HTTP upgrade', async () => {
  await withEmulator({}, async (emu) => {
    const silent = await rawSocket(emu.port);
    const halfHeaders = await rawSocket(emu.port);
    halfHeaders.socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n');
    const plainHttp = await rawSocket(emu.port);
    plainHttp.socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
    for (let i = 0; i < 100 && !plainHttp.received().toString('latin1').includes('Exasol emulator'); i++) await sleep(10);
    assert.match(plainHttp.received().toString('latin1'), /^HTTP\/1\.1 426/);
    const c = await WireClient.connect(emu.url);
    await timedClose(emu);
    await Promise.all([silent.closed, halfHeaders.closed, plainHttp.closed]);
    assert.equal(await c.closed, 1001);
  });
});

test('with TLS: close() ends a wss session and drops a TCP client that never started the TLS handshake', async () => {
  await withEmulator({ tls: true }, async (emu) => {
    const c = await WireClient.connect(emu.url, {}, { rejectUnauthorized: false });
    const silent = await rawSocket(emu.port);
    await timedClose(emu);
    await silent.closed;
    assert.equal(await c.closed, 1001);
  });
});

test('everything at once, and close() is idempotent', async () => {
  await withEmulator({ seed: 'demo' }, async (emu) => {
    const running = await WireClient.connect(emu.url);
    running.send({ command: 'execute', sqlText: 'SELECT COUNT(*) FROM RETAIL.EVENTS a, RETAIL.EVENTS b' });
    const fetching = await WireClient.connect(emu.url);
    const r = await fetching.ok({ command: 'execute', sqlText: 'SELECT * FROM RETAIL.EVENTS' });
    assert.ok(r.responseData.results[0].resultSet.resultSetHandle >= 1);
    const idle = await WireClient.connect(emu.url, { useCompression: true });
    const login = await WireClient.open(emu.url);
    await login.ok({ command: 'login', protocolVersion: 2 });
    const silent = await rawSocket(emu.port);
    await sleep(300);
    const first = emu.close();
    assert.equal(emu.close(), first, 'a second close() returns the same promise');
    await timedClose(emu);
    assert.deepEqual(await Promise.all([running.closed, fetching.closed, idle.closed, login.closed]), [1001, 1001, 1001, 1001]);
    await silent.closed;
    // the port is free again
    const again = await startEmulator({ port: emu.port });
    assert.equal(again.port, emu.port);
    await again.close();
  });
});
