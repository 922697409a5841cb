// Fidelity: the official @exasol/exasol-driver-ts 0.8.0's ExasolPool against the emulator: parallel
// queries over several sessions, reuse after multi-block results, replacement of a driver whose socket
// closed (in a command and while idle), drain/clear and async disposal.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { connected, driverTs, recordingFactory, rejection, sleep } from './support/driver-ts';

let emu: RunningEmulator;
before(async () => {
  emu = await startEmulator();
  const d = await connected(emu.url);
  await d.execute('CREATE SCHEMA DRV_POOL');
  await d.execute('CREATE TABLE DRV_POOL.T AS SELECT CAST(range AS DECIMAL(9,0)) AS X FROM range(2000)');
  await d.close();
  await sessions(0); // the server frees a closed session a moment after the client's close
});
after(async () => {
  await emu.close();
});

/** Waits until the emulator counts `n` live connections (or 3 s pass). */
async function sessions(n: number): Promise<number> {
  for (let i = 0; i < 150 && emu.sessionCount() !== n; i++) await sleep(20);
  return emu.sessionCount();
}

test('driver-ts pool: parallel queries run on up to maximumPoolSize sessions; drain and clear end them', async () => {
  const base = await sessions(0);
  const pool = new driverTs.ExasolPool(recordingFactory([]), { url: emu.url, user: 'sys', password: 'exasol', minimumPoolSize: 0, maximumPoolSize: 3 });
  const results = await Promise.all(
    Array.from({ length: 9 }, (_, i) => pool.query(`SELECT ${i} AS I, CURRENT_SESSION AS S, COUNT(*) AS N FROM DRV_POOL.T a, DRV_POOL.T b WHERE a.X <= ${i}`)),
  );
  const rows = results.map((r) => r.getRows()[0]!);
  assert.deepEqual(rows.map((r) => r.I), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual(rows.map((r) => r.N), rows.map((_, i) => (i + 1) * 2000));
  const distinct = new Set(rows.map((r) => r.S));
  assert.ok(distinct.size >= 2 && distinct.size <= 3, `${distinct.size} sessions`);
  assert.equal(await sessions(base + distinct.size), base + distinct.size);
  await pool.drain();
  await pool.clear();
  assert.equal(await sessions(base), base);
});

test('driver-ts pool: a pooled connection is reused after a multi-block result (handle fetched and closed)', async () => {
  const pool = new driverTs.ExasolPool(recordingFactory([]), { url: emu.url, user: 'sys', password: 'exasol', minimumPoolSize: 1, maximumPoolSize: 1 });
  try {
    const a = await pool.query('SELECT X FROM DRV_POOL.T ORDER BY X');
    const b = await pool.query('SELECT X FROM DRV_POOL.T ORDER BY X');
    assert.equal(a.getRows().length, 2000);
    assert.equal(b.getRows().length, 2000);
    assert.equal(b.getRows()[1999]!.X, 1999);
  } finally {
    await pool.drain();
    await pool.clear();
  }
});

test('driver-ts pool: a driver whose socket closes during a command fails that query (E-EDJS-36) and is replaced', async () => {
  const sockets: WebSocket[] = [];
  const pool = new driverTs.ExasolPool(recordingFactory(sockets), { url: emu.url, user: 'sys', password: 'exasol', minimumPoolSize: 0, maximumPoolSize: 1 });
  try {
    const running = rejection(pool.query('SELECT COUNT(*) AS N FROM range(200000) a, range(200000) b'));
    await sleep(300);
    sockets.at(-1)!.terminate();
    const err = await running;
    assert.ok(err instanceof Error);
    assert.match(err.message, /^E-EDJS-36: Socket closed:/);
    assert.deepEqual((await pool.query('SELECT 1 AS X')).getRows(), [{ X: 1 }]);
    assert.equal(sockets.length, 2);
  } finally {
    await pool.drain();
    await pool.clear();
  }
});

test('driver-ts pool: a driver whose socket the server closed while idle is replaced on the next borrow', async () => {
  const own = await startEmulator();
  const sockets: WebSocket[] = [];
  const pool = new driverTs.ExasolPool(recordingFactory(sockets), { url: own.url, user: 'sys', password: 'exasol', minimumPoolSize: 0, maximumPoolSize: 1 });
  try {
    const first = (await pool.query('SELECT CURRENT_SESSION AS S')).getRows()[0]!.S;
    await own.reset(); // the server ends every session (close frame 1001)
    for (let i = 0; i < 150 && sockets[0]!.readyState !== WebSocket.CLOSED; i++) await sleep(20);
    const second = (await pool.query('SELECT CURRENT_SESSION AS S')).getRows()[0]!.S;
    assert.notEqual(second, first);
    assert.equal(sockets.length, 2);
  } finally {
    await pool[Symbol.asyncDispose]();
    await own.close();
  }
});

test('driver-ts pool: SQL errors reach the caller and leave the pooled driver usable', async () => {
  const pool = new driverTs.ExasolPool(recordingFactory([]), { url: emu.url, user: 'sys', password: 'exasol', maximumPoolSize: 1 });
  try {
    await assert.rejects(pool.query('SELECT * FROM DRV_POOL.NOPE'), /^ExaError: E-EDJS-25: SQL error: code: '42000', message: 'object DRV_POOL\.NOPE not found/);
    assert.deepEqual((await pool.query('SELECT MAX(X) AS M FROM DRV_POOL.T')).getRows(), [{ M: 1999 }]);
  } finally {
    await pool.drain();
    await pool.clear();
  }
});

test('driver-ts pool: 100 queries at once over up to 10 compressed sessions', async () => {
  await sessions(0); // sessions of earlier tests are freed a moment after their clients closed
  const pool = new driverTs.ExasolPool(recordingFactory([]), {
    url: emu.url,
    user: 'sys',
    password: 'exasol',
    compression: true,
    minimumPoolSize: 1,
    maximumPoolSize: 10,
  });
  try {
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => pool.query(`SELECT X FROM DRV_POOL.T WHERE X = ${i}`)));
    assert.deepEqual(results.map((r) => r.getRows()[0]!.X), Array.from({ length: 100 }, (_, i) => i));
    assert.ok(emu.sessionCount() <= 10 + 1, `${emu.sessionCount()} sessions`);
  } finally {
    await pool.drain();
    await pool.clear();
  }
});
