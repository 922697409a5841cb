// Seeded fuzz of the SDK against a fake Exasol server: every case runs a normal session (login,
// a query over several column types with values beyond 2^53, fetches, close) with exactly one
// reply mutated (login key, login reply, any reply after login, execute, fetch, closeResultSet,
// the prepared-statement commands). Each case reads through one public API, picked at random:
// query$, rows() (to the end, or left after a few rows), chunks(), query(), or a prepared
// statement through query(sql, params). The session must either succeed with sane values or
// reject with an ExasolError, within a bound, without unhandled rejections. Half of the compressed
// sessions use the browser's codec (CompressionStream out, DecompressionStream in, both asynchronous).
// SDK_FUZZ_CASES raises the case count (default 5000), SDK_FUZZ_SEED picks another fixed seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mulberry32 } from '../bench/rng';
import * as sdk from '../src/node';
import { nodePlatform } from '../src/platform/node';
import { browserCodec } from '../src/platform/browser-zlib';
import { PASSWORD, TOKEN } from './support/hostile-cases';
import { findSecret, insaneValue, leftoverResources, resourceCounts, settleWithin, watchUnhandled } from './support/hostile-harness';
import { mutate } from './support/hostile-mutate';
import { startHostileServer, type Phase, type Plan } from './support/hostile-server';

const SEED = Number(process.env.SDK_FUZZ_SEED ?? 0x5eed_2024);
const CASES = Number(process.env.SDK_FUZZ_CASES ?? 5000);
const CASE_BOUND_MS = 3000;

type Session = sdk.Session;

/** A query that "succeeded" with values or bookkeeping the contract forbids. */
class InsaneSuccess extends Error {}

interface Outcome {
  value?: { chunks: number; rows: number };
  error?: unknown;
}

/** Checks what a read handed out: chunk bookkeeping (where the API shows chunks) and every value. */
class Checker {
  chunks = 0;
  rows = 0;
  #total: number | undefined;
  problem: string | undefined;
  note(p: string): void {
    this.problem ??= p;
  }
  chunk(c: sdk.ResultChunk): void {
    try {
      this.chunks++;
      if (this.#total === undefined) this.#total = c.totalRows;
      else if (c.totalRows !== this.#total) this.note(`totalRows changed from ${this.#total} to ${c.totalRows}`);
      if (c.offset !== this.rows) this.note(`chunk offset ${c.offset}, expected ${this.rows}`);
      if (!Number.isSafeInteger(c.totalRows) || c.totalRows < 0) this.note(`totalRows ${c.totalRows}`);
      for (const row of c.rows) this.row(row, c.columns);
    } catch (e) {
      this.note(`chunk not inspectable: ${(e as Error).message}`);
    }
  }
  /** Checks one row; without `columns` (rows() shows none) a number beyond 2^53 passes, as in a DOUBLE column. */
  row(row: unknown, columns?: readonly sdk.Column[]): void {
    this.rows++;
    if (typeof row !== 'object' || row === null) return this.note(`a row is ${row === null ? 'null' : typeof row}`);
    const values = Array.isArray(row) ? row : (columns ?? []).map((col) => (row as Record<string, unknown>)[col.key]);
    values.forEach((v, i) => {
      const bad = insaneValue(v, columns === undefined || columns[i]?.dataType?.type === 'DOUBLE');
      if (bad !== undefined) this.note(`column ${columns?.[i]?.name ?? i}: ${bad}`);
    });
  }
  /** The outcome of a read that ended normally. */
  done(): { chunks: number; rows: number } {
    if (this.#total !== undefined && this.chunks > 0 && this.rows !== this.#total && this.complete) this.note(`${this.rows} rows delivered, totalRows ${this.#total}`);
    if (this.problem !== undefined) throw new InsaneSuccess(this.problem);
    return { chunks: this.chunks, rows: this.rows };
  }
  /** False when the reader stopped early on purpose (rows() left after a few rows). */
  complete = true;
}

/** The public reading APIs a case can go through. */
type Api = 'query$' | 'rows' | 'rows-early' | 'chunks' | 'query' | 'prepared';
const APIS: readonly Api[] = ['query$', 'query$', 'rows', 'rows-early', 'chunks', 'query', 'prepared'];

/** Reads the query through `api`, checking what it hands out. */
async function readAll(s: Session, sql: string, api: Api): Promise<{ chunks: number; rows: number }> {
  const k = new Checker();
  switch (api) {
    case 'query$':
      await new Promise<void>((resolve, reject) => {
        s.query$(sql).subscribe({ next: (c) => k.chunk(c), error: reject, complete: resolve });
      });
      break;
    case 'chunks':
      for await (const c of s.chunks(sql)) k.chunk(c);
      break;
    case 'rows':
    case 'rows-early': {
      // rows() shows neither chunks nor columns: every value is checked, but not against its type
      let n = 0;
      for await (const row of s.rows(sql, { rowMode: 'array' })) {
        k.row(row);
        if (api === 'rows-early' && ++n === 3) {
          k.complete = false;
          break;
        }
      }
      break;
    }
    case 'query': {
      const r = await s.query(sql);
      for (const row of r.rows) k.row(row, r.columns);
      break;
    }
    case 'prepared': {
      const r = await s.query(`${sql} WHERE ID = ?`, [1]);
      for (const row of r.rows) k.row(row, r.columns);
      break;
    }
  }
  return k.done();
}

/** Node's platform with the browser's zlib codec. */
const browserZlib = { ...nodePlatform, codec: browserCodec };

async function session(url: string, compression: boolean | 'browser', token: boolean, sql: string, api: Api, holder: { s?: Session }): Promise<{ chunks: number; rows: number }> {
  const s = await sdk.connectWith(compression === 'browser' ? browserZlib : nodePlatform, {
    url,
    compression: compression !== false,
    connectTimeout: 1500,
    commandTimeout: 1500,
    idleTimeout: 2500,
    ...(token ? { accessToken: TOKEN } : { user: 'sys', password: PASSWORD }),
  });
  holder.s = s;
  return readAll(s, sql, api);
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
      const compression = rnd() < 0.25 ? (rnd() < 0.5 ? 'browser' : true) : false;
      const token = rnd() < 0.15;
      const sql = rnd() < 0.7 ? 'SELECT FUZZ' : 'SELECT INLINE';
      const api = pick(APIS);
      const phase = api === 'prepared'
        ? pick<Phase>(['loginKey', 'afterLogin', 'afterLogin', 'createPreparedStatement', 'createPreparedStatement', 'executePreparedStatement', 'executePreparedStatement', 'fetch', 'closeResultSet', 'closePreparedStatement'])
        : pick<Phase>(['loginKey', 'credentials', 'afterLogin', 'afterLogin', 'execute', 'execute', 'fetch', 'fetch', 'closeResultSet']);
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
      const label = () => `#${i} ${api} ${phase}${nth > 1 ? `#${nth}` : ''} ${sql}${compression === 'browser' ? ' compressed (browser codec)' : compression ? ' compressed' : ''}${token ? ' token' : ''}: ${what}`;
      const before = unhandled.list.length;
      const holder: { s?: Session } = {};
      const r = await settleWithin(session(server.url, compression, token, sql, api, holder), CASE_BOUND_MS);
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
