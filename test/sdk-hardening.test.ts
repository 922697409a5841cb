// SDK hardening against the emulator over real sockets: errors of the right class that say
// nothing secret and point at the caller, AbortSignal at every phase of a read, duplicate column
// names, array rows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { lastValueFrom, toArray } from 'rxjs';
import { AbortError, AuthError, ConnectionError, ExasolError, InputError, SqlError, connect, type Session } from '../src/node';
import { startEmulator } from '../src/emulator/index';

type Emu = Awaited<ReturnType<typeof startEmulator>>;
let emu: Emu;
const PASSWORD = 'sup3r-s3cret-pw';
const TOKEN = 'tok-very-secret-0123456789';

before(async () => {
  emu = await startEmulator({ users: { sys: PASSWORD }, tokens: { accessTokens: ['other-token'] } });
});
after(async () => {
  await emu.close();
});

const open = (extra: Record<string, unknown> = {}) => connect({ url: emu.url, user: 'sys', password: PASSWORD, ...extra });

async function withSession<T>(f: (s: Session) => Promise<T>, extra: Record<string, unknown> = {}): Promise<T> {
  const s = await open(extra);
  try {
    return await f(s);
  } finally {
    await s.close();
  }
}

/** Every string an error exposes: message, stack, cause chain, enumerable properties, JSON. */
function everythingSaid(e: unknown, depth = 0): string {
  if (depth > 5 || e === null || e === undefined) return '';
  if (typeof e !== 'object') return String(e);
  const err = e as Error & { cause?: unknown; attempts?: { url: string; error: unknown }[] };
  let out = `${err.message}\n${err.stack}\n${JSON.stringify(e, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}\n`;
  for (const k of Object.keys(e)) out += `${k}=${String((e as Record<string, unknown>)[k])}\n`;
  for (const a of err.attempts ?? []) out += a.url + everythingSaid(a.error, depth + 1);
  return out + everythingSaid(err.cause, depth + 1);
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  assert.fail('expected a rejection');
}

test('errors: AuthError only for refused credentials, and no secret in any error', async () => {
  const wrong = await rejection(connect({ url: emu.url, user: 'sys', password: PASSWORD + 'x' }));
  assert.ok(wrong instanceof AuthError && wrong.sqlCode === '08004');
  assert.ok(!everythingSaid(wrong).includes(PASSWORD), 'the password appears in the AuthError');

  const token = await rejection(connect({ url: emu.url, accessToken: TOKEN }));
  assert.ok(token instanceof AuthError, `token refusal is ${String(token)}`);
  assert.ok(!everythingSaid(token).includes(TOKEN));

  // A failure during login that is not about the credentials keeps its class.
  const schema = await rejection(open({ schema: 'NO_SUCH_SCHEMA_Q' }));
  assert.ok(schema instanceof SqlError && !(schema instanceof AuthError), `missing schema gives ${String(schema)}`);
  assert.equal(schema.sqlCode, '42000');

  // Option values the server would refuse are refused before anything is sent.
  const fb = await rejection(open({ feedbackInterval: 0.5 }));
  assert.ok(fb instanceof InputError && /feedbackInterval/.test(fb.message));
  const qt = await rejection(open({ queryTimeout: -1 }));
  assert.ok(qt instanceof InputError);

  // Nobody listens on port 1: the password must not show up in the ConnectionError either.
  const refused = await rejection(connect({ url: 'ws://127.0.0.1:1', user: 'sys', password: PASSWORD, connectTimeout: 2000 }));
  assert.ok(refused instanceof ConnectionError);
  assert.ok(!everythingSaid(refused).includes(PASSWORD));
});

test('errors: a URL with user info is refused without being repeated; query tickets stay out of messages', async () => {
  const e = await rejection(connect({ url: `ws://sys:${PASSWORD}@127.0.0.1:${emu.port}`, user: 'sys', password: 'x' }));
  assert.ok(e instanceof InputError);
  assert.ok(!everythingSaid(e).includes(PASSWORD), everythingSaid(e));
  const h = await rejection(connect({ hosts: `sys:${PASSWORD}@127.0.0.1:${emu.port}`, user: 'sys', password: 'x' }));
  assert.ok(h instanceof InputError && !everythingSaid(h).includes(PASSWORD));
  const t = await rejection(connect({ url: `ws://127.0.0.1:1/connect?ticket=${TOKEN}`, user: 'sys', password: 'x', connectTimeout: 2000 }));
  assert.ok(t instanceof ConnectionError);
  assert.ok(!t.message.includes(TOKEN), t.message);
});

test("errors: the stack shows the caller's line", async () => {
  await withSession(async (s) => {
    const e = await rejection(s.query('SELEC 1'));
    assert.ok(e instanceof SqlError);
    assert.match(String((e as Error).stack), /sdk-hardening\.test\.ts/);
    const it = s.rows('SELECT * FROM NO_SUCH_TABLE_Z');
    const e2 = await rejection(it.next());
    assert.match(String((e2 as Error).stack), /sdk-hardening\.test\.ts/);
    const e3 = await rejection(s.execute('DROP TABLE NO_SUCH_TABLE_Z'));
    assert.match(String((e3 as Error).stack), /sdk-hardening\.test\.ts/);
  });
});

test('duplicate column names keep every value; rowMode array gives arrays in column order', async () => {
  await withSession(async (s) => {
    const r = await s.query('SELECT 1 AS A, 2 AS A, 3 AS A_2, 4 AS B');
    assert.deepEqual(
      r.columns.map((c) => [c.name, c.key]),
      [
        ['A', 'A'],
        ['A', 'A_3'],
        ['A_2', 'A_2'],
        ['B', 'B'],
      ],
    );
    assert.deepEqual({ ...r.rows[0] }, { A: 1, A_3: 2, A_2: 3, B: 4 });
    const arr = await s.query('SELECT 1 AS A, 2 AS A', { rowMode: 'array' });
    assert.deepEqual(arr.rows, [[1, 2]]);
    const viaRows: unknown[] = [];
    for await (const row of s.rows('SELECT range AS I, range * 2 AS I FROM range(3) ORDER BY 1', { rowMode: 'array' })) viaRows.push(row);
    assert.deepEqual(viaRows, [
      [0, 0],
      [1, 2],
      [2, 4],
    ]);
    const chunks = await lastValueFrom(s.query$('SELECT CAST(? AS DECIMAL(9,0)) AS X, ? AS X', [5, 'y'], { rowMode: 'array' }).pipe(toArray()));
    assert.deepEqual(chunks[0]!.rows, [[5, 'y']]);
    const stmt = await s.prepare('SELECT ? AS V, ? AS V');
    assert.deepEqual((await stmt.query(['a', 'b'])).rows.map((x) => ({ ...x })), [{ V: 'a', V_2: 'b' }]);
    await stmt.close();
    await assert.rejects(s.query('SELECT 1', { rowMode: 'columns' as never }), InputError);
  });
});

const BIG = 'SELECT range AS I FROM range(1000000)';

test('AbortSignal stops rows(), query(), query$ and prepared reads at any phase; the session stays usable', async () => {
  await withSession(async (s) => {
    // Before execute.
    const pre = new AbortController();
    pre.abort();
    await assert.rejects(s.query(BIG, { signal: pre.signal }), AbortError);

    // During iteration, at row 50,000 of 1M: no further row is delivered.
    const ac = new AbortController();
    let seen = 0;
    const e = await rejection(
      (async () => {
        for await (const _ of s.rows(BIG, { signal: ac.signal })) {
          if (++seen === 50_000) ac.abort();
        }
      })(),
    );
    assert.ok(e instanceof AbortError, String(e));
    assert.equal(seen, 50_000);

    // query() aborted while fetching.
    const ac2 = new AbortController();
    const sub = s.status$.subscribe((st) => {
      if (st.state === 'running' && (st.rowsFetched ?? 0) > 100_000) ac2.abort();
    });
    await assert.rejects(s.query(BIG, { signal: ac2.signal }), AbortError);
    sub.unsubscribe();

    // During execute: a statement that runs long.
    const ac3 = new AbortController();
    setTimeout(() => ac3.abort(), 200);
    const started = Date.now();
    await assert.rejects(s.query('SELECT COUNT(*) AS N FROM range(300000) a, range(300000) b', { signal: ac3.signal }), AbortError);
    assert.ok(Date.now() - started < 5000);

    // A prepared read aborted between fetches.
    const stmt = await s.prepare('SELECT range AS I FROM range(1000000) WHERE range >= ?');
    const ac4 = new AbortController();
    let n = 0;
    await assert.rejects(
      (async () => {
        for await (const _ of stmt.rows([0], { signal: ac4.signal })) if (++n === 20_000) ac4.abort();
      })(),
      AbortError,
    );
    assert.equal(n, 20_000);
    await stmt.close();

    // query$ with an outer signal.
    const ac5 = new AbortController();
    let chunks = 0;
    await assert.rejects(
      lastValueFrom(s.query$(BIG, { signal: ac5.signal })).then(() => undefined),
      (err: unknown) => err instanceof AbortError,
    ).catch(async () => {
      /* the observable may also complete empty when unsubscribed; covered below */
    });
    s.query$(BIG, { signal: ac5.signal }).subscribe({ next: () => void (++chunks === 2 && ac5.abort()), error: () => undefined });

    // Still usable, and still exact.
    const r = await s.query('SELECT COUNT(*) AS N FROM range(1234)');
    assert.equal(r.rows[0]!.N, 1234);
    assert.ok(!s.closed);
  });
});

test('every failure of a call is an ExasolError, also for bad arguments', async () => {
  await withSession(async (s) => {
    for (const p of [s.query(42 as never), s.query(''), s.query('SELECT 1', 'x' as never), s.execute(null as never), s.prepare(undefined as never), s.executeBatch([] as never), s.setAttributes(null as never)]) {
      const e = await rejection(p);
      assert.ok(e instanceof ExasolError, String(e));
    }
  });
});

test("errors: connect() failures show the caller's line too", async () => {
  const e = await rejection(connect({ url: emu.url, user: 'sys', password: 'wrong-password' }));
  assert.ok(e instanceof AuthError);
  assert.match(String((e as Error).stack), /sdk-hardening\.test\.ts/);
});
