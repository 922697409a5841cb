// The `sql` tagged template against the emulator: values bound as parameters (hostile text stays
// text), identifiers and lists, nesting, the prepared-statement cache (counted on the wire through
// a socket factory), every way to run it, and the templates it refuses. Also the per-session row
// mode and per-call value mode.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { lastValueFrom, toArray } from 'rxjs';
import { startEmulator } from '../src/emulator/index';
import { connect, createPool, InputError, SqlError, type ConnectOptions, type Session, type WebSocketLike } from '../src/node';

type Emu = Awaited<ReturnType<typeof startEmulator>>;
let emu: Emu;

before(async () => {
  emu = await startEmulator({});
});
after(async () => {
  await emu.close();
});

/** A socket factory that counts the commands the SDK sends. */
function countingSocket(counts: Map<string, number>) {
  return (url: string): WebSocketLike => {
    const ws = new WebSocket(url);
    const send = ws.send.bind(ws) as (d: unknown) => void;
    (ws as unknown as { send(d: unknown): void }).send = (d: unknown) => {
      if (typeof d === 'string') {
        const command = (JSON.parse(d) as { command?: string }).command ?? '(credentials)';
        counts.set(command, (counts.get(command) ?? 0) + 1);
      }
      send(d);
    };
    return ws as unknown as WebSocketLike;
  };
}

const open = (extra: Partial<ConnectOptions> = {}): Promise<Session> => connect({ url: emu.url, user: 'sys', password: 'exasol', ...extra } as ConnectOptions);

test('hostile values stay values: nothing is pasted into the SQL text', async () => {
  const s = await open();
  try {
    await s.execute('CREATE SCHEMA IF NOT EXISTS TPL');
    await s.execute('CREATE OR REPLACE TABLE TPL.T (ID DECIMAL(18,0), NAME VARCHAR(200))');
    const hostile = ["'); DROP TABLE TPL.T; --", "x' OR '1'='1", '"; DELETE FROM TPL.T; --', '? ?', '/* */ --', '9223372036854775807'];
    let id = 0n;
    for (const name of hostile) {
      const q = s.sql`INSERT INTO TPL.T VALUES (${++id}, ${name})`;
      assert.equal(q.text, 'INSERT INTO TPL.T VALUES (?, ?)');
      assert.deepEqual(q.params, [id, name]);
      assert.equal(await q.execute(), 1);
    }
    for (const name of hostile) {
      const r = await s.sql<{ ID: bigint | number; NAME: string }>`SELECT ID, NAME FROM TPL.T WHERE NAME = ${name}`;
      assert.equal(r.rows.length, 1, name);
      assert.equal(r.rows[0]!.NAME, name);
    }
    const all = await s.sql`SELECT COUNT(*) AS N FROM TPL.T`;
    assert.equal(Number(all.rows[0]!.N), hostile.length);
    // A big integer is bound exactly.
    const big = 9007199254740993n;
    await s.sql`INSERT INTO TPL.T VALUES (${big}, ${'big'})`.execute();
    const b = await s.sql`SELECT ID FROM TPL.T WHERE ID = ${big}`;
    assert.equal(b.rows[0]!.ID, big);
  } finally {
    await s.close();
  }
});

test('identifiers, lists and nested templates', async () => {
  const s = await open();
  try {
    await s.execute('CREATE SCHEMA IF NOT EXISTS TPL');
    const table = s.sql.id('TPL', 'we"ird name');
    assert.equal(table.quoted, '"TPL"."we""ird name"');
    await s.sql`CREATE OR REPLACE TABLE ${table} (K DECIMAL(9,0), V VARCHAR(10))`.execute();
    for (const [k, v] of [[1, 'a'], [2, 'b'], [3, 'c'], [4, 'd']] as const) await s.sql`INSERT INTO ${table} VALUES (${k}, ${v})`.execute();
    const ids = [1, 3, 4];
    const inList = await s.sql`SELECT V FROM ${table} WHERE K IN (${s.sql.list(ids)}) ORDER BY K`;
    assert.deepEqual(inList.rows.map((r) => r.V), ['a', 'c', 'd']);
    const cond = s.sql`K > ${1} AND V <> ${'c'}`;
    const nested = s.sql`SELECT V FROM ${table} WHERE ${cond} ORDER BY K`;
    assert.equal(nested.text, `SELECT V FROM "TPL"."we""ird name" WHERE K > ? AND V <> ? ORDER BY K`);
    assert.deepEqual((await nested).rows.map((r) => r.V), ['b', 'd']);
  } finally {
    await s.close();
  }
});

test('every way to run a template; awaiting runs it once; row and value modes per call and per session', async () => {
  const counts = new Map<string, number>();
  const s = await open({ createSocket: countingSocket(counts) });
  try {
    const q = s.sql`SELECT CAST(${9007199254740993n} AS DECIMAL(18,0)) AS A, ${'x'} AS B`;
    const first = await q;
    const second = await q;
    assert.equal(first, second, 'an awaited template runs once');
    assert.equal(first.rows[0]!.A, 9007199254740993n);
    const rows = [];
    for await (const r of q.rows({ rowMode: 'array' })) rows.push(r);
    assert.deepEqual(rows, [[9007199254740993n, 'x']]);
    const chunks = [];
    for await (const c of q.chunks()) chunks.push(c.data);
    assert.deepEqual(chunks, [[[9007199254740993n], ['x']]]);
    const emitted = await lastValueFrom(q.query$({ values: 'raw' }).pipe(toArray()));
    assert.equal(emitted[0]!.rows[0]!.A, '9007199254740993');
    assert.equal((await q.query({ values: 'raw' })).rows[0]!.A, '9007199254740993');
    // One text: prepared once, executed five times.
    assert.equal(counts.get('createPreparedStatement'), 1);
    assert.equal(counts.get('executePreparedStatement'), 5);
    // Without values the template is a plain statement.
    const plain = await s.sql`SELECT 1 AS ONE`;
    assert.equal(plain.rows[0]!.ONE, 1);
    assert.equal(counts.get('createPreparedStatement'), 1);
  } finally {
    await s.close();
  }
  const a = await connect({ url: emu.url, user: 'sys', password: 'exasol', rowMode: 'array' });
  try {
    const r = await a.query('SELECT 1 AS A, 2 AS B');
    assert.deepEqual(r.rows, [[1, 2]]);
    const t = await a.sql`SELECT CAST(${3} AS DECIMAL(9,0)) AS C`;
    assert.deepEqual(t.rows, [[3]]);
    const o = await a.query('SELECT 1 AS A', { rowMode: 'object' });
    assert.equal(o.rows[0]!.A, 1);
  } finally {
    await a.close();
  }
});

test('the statement cache is bounded: the least recently used text is closed and prepared again when used again', async () => {
  const counts = new Map<string, number>();
  const s = await open({ createSocket: countingSocket(counts), statementCacheSize: 2 });
  try {
    const run = (n: number) => (n === 1 ? s.sql`SELECT ${1} AS A` : n === 2 ? s.sql`SELECT ${2} AS B` : s.sql`SELECT ${3} AS C`).query();
    await run(1);
    await run(2);
    await run(1);
    assert.equal(counts.get('createPreparedStatement'), 2);
    await run(3); // evicts text 2
    await run(1);
    assert.equal(counts.get('createPreparedStatement'), 3);
    await run(2);
    assert.equal(counts.get('createPreparedStatement'), 4);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(counts.get('closePreparedStatement'), 2, 'evicted statements are closed');
    // A statement that fails on the server is dropped and prepared again next time.
    await s.execute('CREATE SCHEMA IF NOT EXISTS TPL');
    await s.execute('CREATE OR REPLACE TABLE TPL.D (X DECIMAL(9,0))');
    await s.execute('INSERT INTO TPL.D VALUES (0)');
    const div = (d: number) => s.sql`SELECT 1 / X + ${d} AS Q FROM TPL.D`.query();
    await assert.rejects(div(1), SqlError);
    const before = counts.get('createPreparedStatement')!;
    await s.execute('UPDATE TPL.D SET X = 2');
    const ok = await div(1);
    assert.ok(ok.rows.length === 1);
    assert.equal(counts.get('createPreparedStatement'), before + 1);
    // Caching off: every run prepares and closes.
  } finally {
    await s.close();
  }
  const counts0 = new Map<string, number>();
  const z = await open({ createSocket: countingSocket(counts0), statementCacheSize: 0 });
  try {
    for (let i = 0; i < 3; i++) await z.sql`SELECT ${i} AS A`;
    assert.equal(counts0.get('createPreparedStatement'), 3);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(counts0.get('closePreparedStatement'), 3);
  } finally {
    await z.close();
  }
});

test('templates it cannot bind faithfully are refused before anything is sent', async () => {
  const s = await open();
  try {
    const x = 'v';
    const refused: [() => unknown, RegExp][] = [
      [() => s.sql`SELECT '${x}' AS A`, /inside a quoted string/],
      [() => s.sql`SELECT "${x}" FROM DUAL`, /inside a quoted identifier/],
      [() => s.sql`SELECT 1 -- ${x}\n FROM DUAL`, /inside a comment/],
      [() => s.sql`SELECT /* ${x} */ 1`, /inside a comment/],
      [() => s.sql`SELECT * FROM T WHERE A = ? AND B = ${x}`, /bare \?/],
      [() => s.sql`SELECT ${undefined} AS A`, /undefined/],
      [() => s.sql`SELECT 'unterminated ${''}`, /inside a quoted string/],
      [() => s.sql.list([]), /non-empty/],
      [() => s.sql.id(''), /non-empty/],
      [() => s.sql.id(), /needs a name/],
      [() => (s.sql as unknown as (x: string) => unknown)('SELECT 1'), /tagged template/],
    ];
    for (const [make, why] of refused) assert.throws(make, (e: unknown) => e instanceof InputError && why.test(e.message));
    // Quotes and comments that close before the value are fine, and a doubled quote stays inside.
    const ok = await s.sql`SELECT 'it''s' AS A, /* c */ ${x} AS B -- done
    `;
    assert.deepEqual(ok.rows.map((r) => [r.A, r.B]), [["it's", 'v']]);
    // A value that does not fit its parameter type is an InputError from binding.
    await assert.rejects(s.sql`SELECT CAST(${'abc'} AS DECIMAL(9,0)) + ${'x'} AS N`.query(), Error);
  } finally {
    await s.close();
  }
});

test('the sql tag on a pool: values bound, rows typed, the session released after each run', async () => {
  const pool = createPool({ url: emu.url, user: 'sys', password: 'exasol' }, { max: 2 });
  try {
    await pool.execute('CREATE SCHEMA IF NOT EXISTS TPL');
    await pool.execute('CREATE OR REPLACE TABLE TPL.P (ID DECIMAL(18,0), NAME VARCHAR(40))');
    const names = ["o'brien", '"; DROP TABLE TPL.P; --', 'plain'];
    for (const [i, name] of names.entries()) assert.equal(await pool.sql`INSERT INTO TPL.P VALUES (${i + 1}, ${name})`.execute(), 1);
    const all = await Promise.all(names.map((n) => pool.sql<{ ID: number; NAME: string }>`SELECT ID, NAME FROM TPL.P WHERE NAME = ${n}`.query()));
    assert.deepEqual(all.map((r) => r.rows[0]!.NAME), names);
    const ids: number[] = [];
    for await (const r of pool.sql<{ ID: number }>`SELECT ID FROM TPL.P WHERE ID IN (${pool.sql.list([1, 3])}) ORDER BY ID`.rows()) ids.push(Number(r.ID));
    assert.deepEqual(ids, [1, 3]);
    const stats = pool.stats;
    assert.equal(stats.inUse, 0, 'every run released its session');
    assert.ok(stats.open <= 2 && stats.created <= 2, JSON.stringify(stats));
  } finally {
    await pool.close();
  }
});
