// The session pool and session.transaction against the emulator over real sockets: the max bound
// under 200 concurrent callers (counted by the emulator), acquire/release and `await using`, reset
// on release, broken sessions replaced, acquire timeout and abort, idle reaping, close with
// sessions in use; transactions commit, roll back and restore autocommit, also on pooled sessions.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { AbortError, ConnectionError, connect, createPool, InputError, TimeoutError, type ConnectOptions } from '../src/node';

let emu: RunningEmulator;
const OPTS: ConnectOptions = { url: '', user: 'sys', password: 'exasol' };
before(async () => {
  emu = await startEmulator({});
  OPTS.url = emu.url;
  const s = await connect(OPTS);
  await s.execute('CREATE SCHEMA POOL');
  await s.execute('CREATE TABLE POOL.T (ID DECIMAL(18,0))');
  await s.close();
});
after(async () => {
  await emu.close();
});

async function settle(n: number): Promise<void> {
  for (let i = 0; i < 200 && emu.sessionCount() !== n; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(emu.sessionCount(), n);
}

test('a pool not used yet: zero counts, nothing opened; closed before first use it refuses acquire; closed while loading too', async () => {
  const idle = createPool(OPTS, { max: 2 });
  assert.deepEqual(idle.stats, { open: 0, idle: 0, inUse: 0, waiting: 0, created: 0 });
  assert.equal(idle.closed, false);
  await idle.close();
  assert.equal(idle.closed, true);
  await assert.rejects(idle.acquire(), (e: unknown) => e instanceof ConnectionError && /pool is closed/.test((e as Error).message));
  assert.equal(idle.stats.created, 0);
  // An acquire that waits for the pool's machinery to load, then finds the pool closed.
  const racing = createPool(OPTS, { max: 2 });
  const waiting = racing.acquire();
  const closing = racing.close();
  await assert.rejects(waiting, ConnectionError);
  await closing;
  assert.equal(racing.stats.inUse, 0);
  await settle(0);
});

test('200 concurrent callers with max 10: never more than 10 sessions, no call lost', async () => {
  const pool = createPool(OPTS, { max: 10 });
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, emu.sessionCount())), 1);
  try {
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => pool.query(`SELECT ${i} AS N`)));
    results.forEach((r, i) => assert.equal(r.rows[0]!.N, i));
    assert.ok(pool.stats.created <= 10, `created ${pool.stats.created}`);
    assert.ok(pool.stats.created >= 2, 'callers were served concurrently');
    assert.ok(peak <= 10, `peak ${peak} connections`);
    assert.equal(pool.stats.waiting, 0);
  } finally {
    clearInterval(sampler);
    await pool.close();
  }
  await settle(0);
});

test('acquire/release with await using; a released session is reset (transaction rolled back, attributes restored)', async () => {
  const pool = createPool(OPTS, { max: 1 });
  {
    await using lease = await pool.acquire();
    await lease.session.setAutocommit(false);
    await lease.session.execute('INSERT INTO POOL.T VALUES (1)');
    await lease.session.execute('OPEN SCHEMA POOL');
  }
  const again = await pool.acquire();
  assert.equal(pool.stats.created, 1, 'the same session came back');
  const attrs = await again.session.getAttributes();
  assert.equal(attrs.autocommit, true);
  assert.equal(attrs.currentSchema ?? '', '');
  assert.equal((await again.session.query('SELECT COUNT(*) AS N FROM POOL.T')).rows[0]!.N, 0, 'the insert was rolled back');
  await again.release();
  await again.release(); // idempotent
  await pool.close();
  await settle(0);
});

test('a broken session is discarded; waiting callers time out or abort; close waits for leases, then closes them', async () => {
  const pool = createPool(OPTS, { max: 1, acquireTimeout: 300, healthCheckAfter: 0 });
  const a = await pool.acquire();
  await assert.rejects(pool.acquire(), TimeoutError);
  const ac = new AbortController();
  const aborted = pool.acquire({ signal: ac.signal });
  ac.abort();
  await assert.rejects(aborted, AbortError);
  await a.session.close(); // broken while lent
  await a.release();
  const b = await pool.acquire();
  assert.notEqual(b.session, a.session);
  assert.equal(pool.stats.created, 2);
  const closing = pool.close(100);
  await assert.rejects(pool.acquire(), ConnectionError);
  await closing;
  assert.equal(b.session.closed, true, 'a lease still out is closed after the timeout');
  await b.release();
  await settle(0);
  assert.throws(() => createPool(OPTS, { max: 0 }), InputError);
  assert.throws(() => createPool(OPTS, { min: 3, max: 2 }), InputError);
});

test('min sessions are opened up front; idle ones above min are closed after idleTimeout', async () => {
  const pool = createPool(OPTS, { max: 4, min: 1, idleTimeout: 100 });
  const leases = await Promise.all([pool.acquire(), pool.acquire(), pool.acquire()]);
  await Promise.all(leases.map((l) => l.release()));
  // the min session may still have been opening when the three were asked for
  assert.ok(pool.stats.idle >= 3 && pool.stats.idle <= 4, `idle ${pool.stats.idle}`);
  for (let i = 0; i < 100 && pool.stats.idle > 1; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(pool.stats.idle, 1, 'min stays open');
  await pool.close();
  await settle(0);
});

test('session.transaction commits on success, rolls back on error, restores autocommit; works on pooled sessions', async () => {
  const s = await connect(OPTS);
  await s.transaction(async (tx) => {
    assert.equal(tx.attributes$.value.autocommit, false);
    await tx.execute('INSERT INTO POOL.T VALUES (10)');
  });
  assert.equal(s.attributes$.value.autocommit, true);
  const boom = new Error('boom');
  await assert.rejects(
    s.transaction(async (tx) => {
      await tx.execute('INSERT INTO POOL.T VALUES (11)');
      throw boom;
    }),
    (e) => e === boom,
  );
  assert.equal((await s.getAttributes()).autocommit, true);
  assert.deepEqual((await s.query('SELECT ID FROM POOL.T ORDER BY ID', { rowMode: 'object' })).rows.map((r) => r.ID), [10]);
  const pool = createPool(OPTS, { max: 2 });
  const n = await pool.transaction(async (tx) => tx.execute('INSERT INTO POOL.T VALUES (12)'));
  assert.equal(n, 1);
  assert.equal((await pool.query('SELECT COUNT(*) AS N FROM POOL.T')).rows[0]!.N, 2);
  await assert.rejects(s.transaction('nope' as never), InputError);
  await pool.close();
  await s.execute('DELETE FROM POOL.T');
  await s.close();
  await settle(0);
});
