// The SDK against a hostile fake Exasol server: for every case one misbehaviour at one phase
// (test/support/hostile-cases.ts). Each case asserts the exact error class, a time bound, no
// unhandled rejection, no secret in any error, and no handle left open once everything is closed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import * as sdk from '../src/node';
import { hostileCases, PASSWORD, TOKEN, type HostileCase, type Outcome } from './support/hostile-cases';
import { findSecret, leftoverResources, resourceCounts, settleWithin, watchUnhandled } from './support/hostile-harness';
import { expectedRow } from './support/hostile-replies';
import { startHostileServer } from './support/hostile-server';

type Session = sdk.Session;

const CLASSES: Record<Exclude<Outcome, 'ok'>, abstract new (...args: never[]) => sdk.ExasolError> = {
  ConnectionError: sdk.ConnectionError,
  TimeoutError: sdk.TimeoutError,
  ProtocolError: sdk.ProtocolError,
  AuthError: sdk.AuthError,
  SqlError: sdk.SqlError,
  AbortError: sdk.AbortError,
};

function describe(err: unknown): string {
  if (!(err instanceof Error)) return `non-error ${typeof err}: ${String(err).slice(0, 120)}`;
  const kind = err instanceof sdk.ExasolError ? '' : ' (not an ExasolError)';
  return `${err.constructor.name}/${err.name}${kind}: ${err.message.slice(0, 160)}`;
}

interface Collected {
  rows: Record<string, unknown>[];
}

async function collectBig(s: Session): Promise<{ count: number; last: unknown }> {
  return new Promise((resolve, reject) => {
    let count = 0;
    let last: unknown;
    s.query$('SELECT BIG').subscribe({
      next: (chunk) => {
        count += chunk.rows.length;
        if (chunk.rows.length > 0) last = chunk.rows[chunk.rows.length - 1];
      },
      error: reject,
      complete: () => resolve({ count, last }),
    });
  });
}

async function runOp(c: HostileCase, url: string, state: { session?: Session }): Promise<unknown> {
  const s = await sdk.connect({
    url,
    connectTimeout: c.connectTimeout ?? 1000,
    commandTimeout: c.commandTimeout ?? 1000,
    idleTimeout: c.idleTimeout ?? 5000,
    compression: c.compression ?? false,
    ...(c.token ? { accessToken: TOKEN } : { user: 'sys', password: PASSWORD }),
  });
  state.session = s;
  switch (c.op) {
    case 'connect':
      return s.info;
    case 'query':
      return s.query('SELECT SMALL');
    case 'queryBig': {
      const r = await s.query('SELECT BIG');
      return { count: r.rows.length, last: r.rows[r.rows.length - 1] };
    }
    case 'rows': {
      let count = 0;
      let last: unknown;
      for await (const row of s.rows('SELECT BIG')) {
        count++;
        last = row;
      }
      return { count, last };
    }
    case 'query$':
      return collectBig(s);
    case 'prepared':
      return s.query('SELECT SMALL WHERE ID > ?', [0]);
    case 'execute':
      return s.execute('DELETE FROM T');
    case 'close':
      await s.query('SELECT SMALL');
      await s.close();
      if (!s.closed) throw new Error('session.closed is false after close()');
      return 'closed';
    case 'idle':
      try {
        await s.execute('DELETE FROM T');
      } catch (e) {
        if (!(e instanceof sdk.ProtocolError)) throw e;
      }
      await sleep(300);
      if (!s.closed) throw new Error('the session is still open 300 ms after the misbehaviour');
      return s.execute('DELETE FROM T');
    case 'abortBefore': {
      const ac = new AbortController();
      ac.abort();
      return s.query('SELECT SMALL', { signal: ac.signal });
    }
    case 'abortExecute':
    case 'abortFetch': {
      const ac = new AbortController();
      const t = setTimeout(() => ac.abort(), 200);
      try {
        return c.op === 'abortExecute' ? await s.query('SELECT SMALL', { signal: ac.signal }) : await s.query('SELECT BIG', { signal: ac.signal });
      } finally {
        clearTimeout(t);
      }
    }
    case 'abortBetween': {
      const ac = new AbortController();
      let n = 0;
      for await (const _row of s.rows('SELECT BIG', { signal: ac.signal })) if (++n === 500) ac.abort();
      return { count: n };
    }
  }
}

async function runCase(c: HostileCase): Promise<void> {
  const baseline = resourceCounts();
  const unhandled = watchUnhandled();
  const server = await startHostileServer({ plan: c.phase !== undefined && c.act !== undefined ? { phase: c.phase, act: c.act, nth: c.nth } : undefined });
  const state: { session?: Session } = {};
  const failures: string[] = [];
  const errors: unknown[] = [];
  try {
    const t0 = performance.now();
    const r = await settleWithin(runOp(c, server.url, state), 10_000);
    const elapsed = Math.round(performance.now() - t0);
    if ('hang' in r) failures.push(`did not settle within 10 s (expected ${c.expect})`);
    else if (!r.ok) errors.push(r.error);
    if ('hang' in r) {
      // reported above
    } else if (c.expect === 'ok') {
      if (!r.ok) failures.push(`expected success, got ${describe(r.error)}`);
      else {
        try {
          c.check?.(r.value);
        } catch (e) {
          failures.push(`wrong value: ${(e as Error).message}`);
        }
      }
    } else if (r.ok) {
      failures.push(`expected ${c.expect}, but the operation succeeded`);
    } else {
      const err = r.error as sdk.ExasolError;
      if (!(err instanceof CLASSES[c.expect]) || err.name !== c.expect) failures.push(`expected ${c.expect}, got ${describe(err)}`);
      else if (c.sqlCode !== undefined && err.sqlCode !== c.sqlCode) failures.push(`expected sqlCode ${c.sqlCode}, got ${String(err.sqlCode)}`);
    }
    const bound = c.bound ?? 2000;
    if (!('hang' in r) && elapsed > bound) failures.push(`settled after ${elapsed} ms (bound ${bound} ms)`);
    const s = state.session;
    if (s !== undefined && failures.length === 0 && !('hang' in r)) {
      if (c.expect === 'ProtocolError' || c.expect === 'ConnectionError') {
        if (!s.closed) failures.push(`session.closed is false after a ${c.expect}`);
        const f = await settleWithin(s.execute('DELETE FROM T'), 3000);
        if ('hang' in f) failures.push('a call after the failure hangs');
        else if (f.ok) failures.push('a call after the failure succeeded');
        else {
          errors.push(f.error);
          if (!(f.error instanceof sdk.ConnectionError)) failures.push(`a call after the failure: expected ConnectionError, got ${describe(f.error)}`);
        }
      }
      if (c.usableAfter) {
        const f = await settleWithin(s.query('SELECT SMALL'), 3000);
        if ('hang' in f) failures.push('session not usable afterwards: query hangs');
        else if (!f.ok) failures.push(`session not usable afterwards: ${describe(f.error)}`);
        else if ((f.value as Collected).rows.length !== 3) failures.push('session not usable afterwards: wrong row count');
      }
    }
  } finally {
    if (state.session !== undefined) {
      const closed = await settleWithin(state.session.close(), 5000);
      if ('hang' in closed) failures.push('session.close() hangs');
      else if (!closed.ok) failures.push(`session.close() rejected: ${describe(closed.error)}`);
    }
    await server.close();
    const left = await leftoverResources(baseline);
    unhandled.stop();
    if (left.length > 0) failures.push(`handles left open: ${left.join(', ')}`);
    for (const u of unhandled.list) failures.push(`unhandled rejection/exception: ${describe(u)}`);
    for (const e of errors) {
      const where = findSecret(e, [PASSWORD, TOKEN]);
      if (where !== undefined) failures.push(`secret leaked in ${where}`);
    }
  }
  assert.deepEqual(failures, [], `${c.name}:\n  ${failures.join('\n  ')}`);
}

const cases = hostileCases(expectedRow);

test('the hostile case table is large enough', () => {
  assert.ok(cases.length >= 60, `only ${cases.length} cases`);
  assert.equal(new Set(cases.map((c) => c.name)).size, cases.length, 'case names are unique');
});

for (const c of cases) test(c.name, () => runCase(c));
