// Seeded fuzz of the SDK against a fake Exasol server: every case runs a normal session (login,
// a query over several column types with values beyond 2^53, fetches, close) with exactly one
// reply mutated (login key, login reply, any reply after login, execute, fetch, closeResultSet).
// The session must either succeed with sane values or reject with an ExasolError, within a
// bound, without unhandled rejections. SDK_FUZZ_CASES raises the case count (default 5000).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mulberry32 } from '../bench/rng';
import * as sdk from '../src/node';
import { PASSWORD, TOKEN } from './support/hostile-cases';
import { findSecret, insaneValue, leftoverResources, resourceCounts, settleWithin, watchUnhandled } from './support/hostile-harness';
import { mutate } from './support/hostile-mutate';
import { startHostileServer, type Phase, type Plan } from './support/hostile-server';

const SEED = 0x5eed_2024;
const CASES = Number(process.env.SDK_FUZZ_CASES ?? 5000);
const CASE_BOUND_MS = 3000;

type Session = sdk.Session;

/** A query that "succeeded" with values or bookkeeping the contract forbids. */
class InsaneSuccess extends Error {}

interface Outcome {
  value?: { chunks: number; rows: number };
  error?: unknown;
}

/** Reads the query through query$ and checks chunk bookkeeping and every value. */
function readAll(s: Session, sql: string): Promise<{ chunks: number; rows: number }> {
  return new Promise((resolve, reject) => {
    let chunks = 0;
    let rows = 0;
    let total: number | undefined;
    let problem: string | undefined;
    const note = (p: string) => (problem ??= p);
    s.query$(sql).subscribe({
      next: (c) => {
        try {
          check(c);
        } catch (e) {
          note(`chunk not inspectable: ${(e as Error).message}`);
        }
      },
      error: reject,
      complete: () => {
        if (total !== undefined && rows !== total) note(`${rows} rows delivered, totalRows ${total}`);
        if (problem !== undefined) reject(new InsaneSuccess(problem));
        else resolve({ chunks, rows });
      },
    });
    function check(c: sdk.ResultChunk): void {
      chunks++;
      if (total === undefined) total = c.totalRows;
      else if (c.totalRows !== total) note(`totalRows changed from ${total} to ${c.totalRows}`);
      if (c.offset !== rows) note(`chunk offset ${c.offset}, expected ${rows}`);
      if (!Number.isSafeInteger(c.totalRows) || c.totalRows < 0) note(`totalRows ${c.totalRows}`);
      rows += c.rows.length;
      const doubles = c.columns.map((col) => col.dataType?.type === 'DOUBLE');
      for (const row of c.rows) {
        if (typeof row !== 'object' || row === null) {
          note(`a row is ${row === null ? 'null' : typeof row}`);
          continue;
        }
        const values = Array.isArray(row) ? row : c.columns.map((col) => (row as Record<string, unknown>)[col.name]);
        values.forEach((v, i) => {
          const bad = insaneValue(v, doubles[i] === true);
          if (bad !== undefined) note(`column ${c.columns[i]?.name}: ${bad}`);
        });
      }
    }
  });
}

async function session(url: string, compression: boolean, token: boolean, sql: string, holder: { s?: Session }): Promise<{ chunks: number; rows: number }> {
  const s = await sdk.connect({
    url,
    compression,
    connectTimeout: 1500,
    commandTimeout: 1500,
    idleTimeout: 2500,
    ...(token ? { accessToken: TOKEN } : { user: 'sys', password: PASSWORD }),
  });
  holder.s = s;
  return readAll(s, sql);
}

test(`fuzz: ${CASES} sessions with one mutated reply each (seed ${SEED.toString(16)})`, async () => {
  const baseline = resourceCounts();
  const unhandled = watchUnhandled();
  const server = await startHostileServer();
  const rnd = mulberry32(SEED);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const byClass = new Map<string, number>();
  const failures: string[] = [];
  const kinds = new Map<string, number>();
  let succeeded = 0;
  const t0 = Date.now();
  try {
    for (let i = 0; i < CASES; i++) {
      const compression = rnd() < 0.25;
      const token = rnd() < 0.15;
      const sql = rnd() < 0.7 ? 'SELECT FUZZ' : 'SELECT INLINE';
      const phase = pick<Phase>(['loginKey', 'credentials', 'afterLogin', 'afterLogin', 'execute', 'execute', 'fetch', 'fetch', 'closeResultSet']);
      const nth = phase === 'afterLogin' ? 1 + Math.floor(rnd() * 7) : phase === 'fetch' ? 1 + Math.floor(rnd() * 3) : 1;
      let what = '(reply not reached)';
      const caseRnd = mulberry32(Math.floor(rnd() * 2 ** 32));
      const plan: Plan = {
        phase,
        nth,
        act: (ctx) => {
          const m = mutate(ctx.normal ?? '{"status":"ok"}', caseRnd);
          what = m.what;
          ctx.send(m.text);
        },
      };
      server.arm(plan);
      const label = () => `#${i} ${phase}${nth > 1 ? `#${nth}` : ''} ${sql}${compression ? ' compressed' : ''}${token ? ' token' : ''}: ${what}`;
      const before = unhandled.list.length;
      const holder: { s?: Session } = {};
      const r = await settleWithin(session(server.url, compression, token, sql, holder), CASE_BOUND_MS);
      const out: Outcome = 'hang' in r ? {} : r.ok ? { value: r.value } : { error: r.error };
      if ('hang' in r) {
        failures.push(`${label()}: no outcome within ${CASE_BOUND_MS} ms`);
        kinds.set('hang', (kinds.get('hang') ?? 0) + 1);
      }
      else if (out.error !== undefined) {
        const e = out.error;
        if (e instanceof sdk.ExasolError) {
          byClass.set(e.name, (byClass.get(e.name) ?? 0) + 1);
          const leak = findSecret(e, [PASSWORD, TOKEN]);
          if (leak !== undefined) failures.push(`${label()}: secret leaked in ${leak}`);
        } else if (e instanceof InsaneSuccess) {
          failures.push(`${label()}: succeeded with insane values: ${e.message}`);
          kinds.set('insane success', (kinds.get('insane success') ?? 0) + 1);
        } else {
          kinds.set(`non-ExasolError ${e instanceof Error ? e.constructor.name : typeof e}`, (kinds.get(`non-ExasolError ${e instanceof Error ? e.constructor.name : typeof e}`) ?? 0) + 1);
          const name = e instanceof Error ? `${e.constructor.name}: ${e.message.slice(0, 140)}` : String(e);
          failures.push(`${label()}: rejected with a non-ExasolError ${name}`);
        }
      } else succeeded++;
      if (holder.s !== undefined) {
        const c = await settleWithin(holder.s.close(), CASE_BOUND_MS);
        if ('hang' in c) failures.push(`${label()}: close() hangs`);
        else if (!c.ok) failures.push(`${label()}: close() rejected`);
      }
      for (const u of unhandled.list.slice(before)) kinds.set('unhandled', (kinds.get('unhandled') ?? 0) + 1), failures.push(`${label()}: unhandled ${u instanceof Error ? `${u.name}: ${u.message.slice(0, 140)}` : String(u)}`);
    }
  } finally {
    await server.close();
    const left = await leftoverResources(baseline, 3000);
    unhandled.stop();
    if (left.length > 0) failures.push(`handles left open after the fuzz: ${left.join(', ')}`);
  }
  const classes = [...byClass].sort().map(([k, n]) => `${k}=${n}`).join(' ');
  console.log(`sdk-fuzz: cases=${CASES} succeeded=${succeeded} rejected{${classes}} failures=${failures.length}{${[...kinds].map(([k, n]) => `${k}=${n}`).join(' ')}} seconds=${((Date.now() - t0) / 1000).toFixed(1)}`);
  if (failures.length > 0) console.log(failures.slice(0, 40).join('\n'));
  assert.equal(failures.length, 0, `${failures.length} fuzz failures, first: ${failures.slice(0, 5).join(' | ')}`);
});
