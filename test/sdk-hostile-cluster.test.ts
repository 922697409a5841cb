// The SDK's cluster features against a hostile fake cluster (test/support/hostile-cluster-server.ts):
// getHosts, requestParallelConnections / enterParallel, sub-logins and parallel reads, one
// misbehaviour at one phase per case (test/support/hostile-cluster-cases.ts); then the pool against
// sessions that die between acquires. Each case asserts the exact error class, a time bound, no
// unhandled rejection, no secret in an error, no value changed, no socket or timer left open, the
// server's sub-connections all gone, and the main session usable with its autocommit restored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import * as sdk from '../src/node';
import { clusterCases, PAR_ROWS, type ClusterCase } from './support/hostile-cluster-cases';
import { startHostileCluster, type ClusterPlan, type HostileCluster } from './support/hostile-cluster-server';
import { findSecret, leftoverResources, resourceCounts, settleWithin, watchUnhandled } from './support/hostile-harness';
import { expectedRow } from './support/hostile-replies';
import { PASSWORD, TOKEN } from './support/hostile-cases';

type Session = sdk.Session;

function describe(err: unknown): string {
  if (!(err instanceof Error)) return `non-error ${typeof err}: ${String(err).slice(0, 120)}`;
  const kind = err instanceof sdk.ExasolError ? '' : ' (not an ExasolError)';
  return `${err.constructor.name}/${err.name}${kind}: ${err.message.slice(0, 160)}`;
}

const KEYS = ['ID', 'BIGV', 'AMOUNT', 'HUGE', 'D'];

/** A full SELECT PAR result: every row, in ID order, with its exact values. */
function exact(v: unknown): void {
  const rows = v as Record<string, unknown>[];
  if (rows.length !== PAR_ROWS) throw new Error(`expected ${PAR_ROWS} rows, got ${rows.length}`);
  for (let i = 0; i < rows.length; i++) {
    const want = expectedRow(i);
    for (const k of KEYS) if (rows[i]![k] !== want[k]) throw new Error(`row ${i} ${k}: expected ${String(want[k])}, got ${String(rows[i]![k])} (${typeof rows[i]![k]})`);
  }
}

function connectTo(url: string, c: { compression?: boolean; token?: boolean }): Promise<Session> {
  return sdk.connect({
    url, connectTimeout: 1000, commandTimeout: 1000, idleTimeout: 5000, compression: c.compression ?? false,
    ...(c.token ? { accessToken: TOKEN } : { user: 'sys', password: PASSWORD }),
  });
}

async function runOp(c: ClusterCase, s: Session): Promise<unknown> {
  switch (c.op) {
    case 'open': {
      const g = await s.openSubConnections();
      const r = { size: g.size, token: g.token, via: g.via };
      await g.close();
      return r;
    }
    case 'read':
      return (await s.parallel.query('SELECT PAR')).rows;
    case 'arrival': {
      const rows = (await s.parallel.query('SELECT PAR', { order: 'arrival' })).rows;
      return [...rows].sort((a, b) => (a.ID as number) - (b.ID as number));
    }
    case 'abortOpen':
    case 'abortRead': {
      const ac = new AbortController();
      const t = setTimeout(() => ac.abort(), 300);
      try {
        if (c.op === 'abortRead') return await s.parallel.query('SELECT PAR', { signal: ac.signal });
        return await (await s.openSubConnections({ signal: ac.signal })).close();
      } finally {
        clearTimeout(t);
      }
    }
    case 'rows': {
      const rows: Record<string, unknown>[] = [];
      for await (const r of s.parallel.rows('SELECT PAR')) rows.push(r);
      return rows;
    }
  }
}

/** Waits (bounded) until `f()` holds. */
async function until(f: () => boolean, ms = 1500): Promise<boolean> {
  const end = Date.now() + ms;
  while (!f() && Date.now() < end) await sleep(20);
  return f();
}

async function runCase(c: ClusterCase): Promise<void> {
  const baseline = resourceCounts();
  const unhandled = watchUnhandled();
  const server: HostileCluster = await startHostileCluster({ maxProtocolVersion: c.maxProtocolVersion, plan: c.plan, hosts: c.hosts });
  let session: Session | undefined;
  const failures: string[] = [];
  const errors: unknown[] = [];
  try {
    session = await connectTo(server.url, c);
    const t0 = performance.now();
    const r = await settleWithin(runOp(c, session), 10_000);
    const elapsed = Math.round(performance.now() - t0);
    if ('hang' in r) failures.push(`did not settle within 10 s (expected ${c.expect})`);
    else if (c.expect === 'ok') {
      if (!r.ok) failures.push(`expected success, got ${describe(r.error)}`);
      else {
        try {
          c.check?.(r.value);
        } catch (e) {
          failures.push(`wrong value: ${(e as Error).message}`);
        }
      }
    } else if (r.ok) failures.push(`expected ${c.expect}, but the operation succeeded`);
    else {
      errors.push(r.error);
      const cls = (sdk as unknown as Record<string, abstract new (...a: never[]) => Error>)[c.expect]!;
      if (!(r.error instanceof cls) || (r.error as Error).name !== c.expect) failures.push(`expected ${c.expect}, got ${describe(r.error)}`);
      else if (c.says !== undefined && !c.says.test(`${(r.error as Error).message} ${String(((r.error as Error).cause as Error | undefined)?.message)}`)) failures.push(`the error does not say ${c.says}: ${describe(r.error)}`);
    }
    if (!('hang' in r) && elapsed > (c.bound ?? 2000)) failures.push(`settled after ${elapsed} ms (bound ${c.bound ?? 2000} ms)`);
    if (plansFired(c) && server.fired() !== 1) failures.push('the misbehaviour never fired');
    if (!(await until(() => server.count('sub') === 0))) failures.push(`${server.count('sub')} sub-connections still open on the server`);
    if (!session.closed && !('hang' in r)) {
      // the main session must be left as it was: usable, autocommit back on
      if (!(await until(() => session!.attributes$.value.autocommit === true))) failures.push('autocommit not restored');
      const f = await settleWithin(session.query('SELECT SMALL'), 3000);
      if ('hang' in f) failures.push('main session not usable afterwards: hangs');
      else if (!f.ok) failures.push(`main session not usable afterwards: ${describe(f.error)}`);
      else if (f.value.rows.length !== 3) failures.push('main session not usable afterwards: wrong row count');
    } else if (c.plan?.on !== 'main' && c.expect !== 'ok') failures.push('a sub-connection failure closed the main session');
  } finally {
    if (session !== undefined) {
      const closed = await settleWithin(session.close(), 5000);
      if ('hang' in closed) failures.push('session.close() hangs');
    }
    await server.close();
    const left = await leftoverResources(baseline);
    unhandled.stop();
    if (left.length > 0) failures.push(`handles left open: ${left.join(', ')}`);
    for (const u of unhandled.list) failures.push(`unhandled rejection/exception: ${describe(u)}`);
    for (const e of errors) if (findSecret(e, [PASSWORD, TOKEN]) !== undefined) failures.push('secret leaked in an error');
  }
  assert.deepEqual(failures, [], `${c.name}:\n  ${failures.join('\n  ')}`);
}

const plansFired = (c: ClusterCase) => c.plan !== undefined;

const cases = clusterCases(exact);
test('the cluster case table is large enough and named uniquely', () => {
  assert.ok(cases.length >= 50, `only ${cases.length} cases`);
  assert.equal(new Set(cases.map((c) => c.name)).size, cases.length);
});
for (const c of cases) test(`cluster: ${c.name}`, () => runCase(c));

// --- the pool: sessions that die between acquires, while lent, while being reset, or never open ---

interface PoolScenario {
  name: string;
  plan?: ClusterPlan;
  pool?: sdk.PoolOptions;
  /** Runs against the pool; returns what went wrong. */
  run(pool: sdk.Pool, server: HostileCluster): Promise<string[]>;
}

/** One query on a lease; the error (described) or undefined. */
async function tryQuery(pool: sdk.Pool): Promise<string | undefined> {
  const r = await settleWithin(pool.query('SELECT SMALL'), 4000);
  if ('hang' in r) return 'pool.query hangs';
  if (!r.ok) return describe(r.error);
  return r.value.rows.length === 3 ? undefined : `wrong row count ${r.value.rows.length}`;
}

const poolScenarios: PoolScenario[] = [
  {
    name: 'pool: the idle session is reset (RST) between acquires -> the next acquire opens a working one',
    async run(pool, server) {
      const out: string[] = [];
      const a = await tryQuery(pool);
      if (a !== undefined) out.push(`first query: ${a}`);
      server.each('main', (c) => c.reset());
      await sleep(50);
      const b = await tryQuery(pool);
      if (b !== undefined) out.push(`after the reset: ${b}`);
      if (pool.stats.created !== 2) out.push(`created ${pool.stats.created} sessions, expected 2`);
      return out;
    },
  },
  {
    name: 'pool: the idle session freezes -> the health check times out and a new session is lent',
    pool: { healthCheckAfter: 0 },
    async run(pool, server) {
      const out: string[] = [];
      if ((await tryQuery(pool)) !== undefined) out.push('first query failed');
      server.each('main', (c) => c.freeze());
      const t0 = Date.now();
      const b = await tryQuery(pool);
      if (b !== undefined) out.push(`after the freeze: ${b}`);
      if (Date.now() - t0 > 2500) out.push(`took ${Date.now() - t0} ms (commandTimeout 1000)`);
      return out;
    },
  },
  {
    name: 'pool: the lent session is closed by the server -> ConnectionError to its user, the waiter gets a new session',
    pool: { max: 1 },
    async run(pool, server) {
      const out: string[] = [];
      const lease = await pool.acquire();
      const waiter = pool.query('SELECT SMALL');
      server.each('main', (c) => c.close(1011));
      const r = await settleWithin(lease.session.query('SELECT SMALL'), 3000);
      if ('hang' in r || r.ok || !(r.error instanceof sdk.ConnectionError)) out.push(`the lent session: expected ConnectionError, got ${'hang' in r ? 'a hang' : r.ok ? 'success' : describe(r.error)}`);
      await lease.release();
      const w = await settleWithin(waiter, 3000);
      if ('hang' in w) out.push('the waiter hangs');
      else if (!w.ok) out.push(`the waiter failed: ${describe(w.error)}`);
      return out;
    },
  },
  {
    name: 'pool: the connection is reset while release restores autocommit -> closed, the next lease is fresh',
    plan: { phase: 'setAttributes', on: 'main', nth: 2, act: (c) => c.reset() },
    async run(pool) {
      const out: string[] = [];
      const lease = await pool.acquire();
      await lease.session.setAutocommit(false);
      const rel = await settleWithin(lease.release(), 3000);
      if ('hang' in rel || !rel.ok) out.push('release hangs or rejects');
      const next = await pool.acquire();
      if (next.session === lease.session) out.push('the broken session was lent again');
      if (next.session.attributes$.value.autocommit !== true) out.push('the next lease has autocommit off');
      await next.release();
      return out;
    },
  },
  {
    name: 'pool: opening a session stalls at login -> TimeoutError within connectTimeout, slot freed, next acquire works',
    plan: { phase: 'loginKey', on: 'main', act: (c) => c.freeze() },
    async run(pool) {
      const out: string[] = [];
      const t0 = Date.now();
      const r = await settleWithin(pool.acquire(), 4000);
      if ('hang' in r || r.ok || !(r.error instanceof sdk.TimeoutError)) out.push(`expected TimeoutError, got ${'hang' in r ? 'a hang' : r.ok ? 'a lease' : describe(r.error)}`);
      if (Date.now() - t0 > 2000) out.push(`took ${Date.now() - t0} ms (connectTimeout 1000)`);
      if (pool.stats.open !== 0) out.push(`stats.open ${pool.stats.open} after a failed open`);
      const b = await tryQuery(pool);
      if (b !== undefined) out.push(`next query: ${b}`);
      return out;
    },
  },
];

for (const p of poolScenarios) {
  test(p.name, async () => {
    const baseline = resourceCounts();
    const unhandled = watchUnhandled();
    const server = await startHostileCluster({ plan: p.plan });
    const pool = sdk.createPool({ url: server.url, user: 'sys', password: PASSWORD, connectTimeout: 1000, commandTimeout: 1000, idleTimeout: 5000 }, { acquireTimeout: 3000, ...p.pool });
    const failures: string[] = [];
    try {
      const r = await settleWithin(p.run(pool, server), 10_000);
      if ('hang' in r) failures.push('the scenario hangs');
      else if (!r.ok) failures.push(`the scenario threw ${describe(r.error)}`);
      else failures.push(...r.value);
    } finally {
      if ('hang' in (await settleWithin(pool.close(2000), 5000))) failures.push('pool.close() hangs');
      await server.close();
      const left = await leftoverResources(baseline);
      unhandled.stop();
      if (left.length > 0) failures.push(`handles left open: ${left.join(', ')}`);
      for (const u of unhandled.list) failures.push(`unhandled rejection/exception: ${describe(u)}`);
    }
    assert.deepEqual(failures, [], `${p.name}:\n  ${failures.join('\n  ')}`);
  });
}
