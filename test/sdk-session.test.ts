// The SDK against the emulator over real sockets: queries, streaming, typed values, prepared
// statements, batches, scripts, transactions, attributes, status, heartbeats, abort, metadata,
// compression and protocol versions.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { filter, firstValueFrom, lastValueFrom, take, timeout, toArray } from 'rxjs';
import { startEmulator } from '../src/emulator/index';
import { AbortError, ConnectionError, connect, InputError, SqlError, TimeoutError, type ConnectOptions, type Row, type Session, type SessionStatus } from '../src/node';

type Emu = Awaited<ReturnType<typeof startEmulator>>;
let emu: Emu;
const LONG = 'SELECT COUNT(*) AS N FROM range(300000) a, range(300000) b';

before(async () => {
  emu = await startEmulator({});
});
after(async () => {
  await emu.close();
});

async function open(extra: Partial<ConnectOptions> = {}): Promise<Session> {
  return connect({ url: emu.url, user: 'sys', password: 'exasol', ...extra } as ConnectOptions);
}

test('connect, info, typed query, attributes, close is idempotent and final', async () => {
  const s = await open();
  assert.match(s.info.sessionId, /^\d+$/);
  assert.equal(s.info.protocolVersion, 3);
  assert.equal(typeof s.info.maxDataMessageSize, 'number');
  assert.equal(s.attributes$.value.autocommit, true);
  const r = await s.query("SELECT 1 AS A, 12345678901234567 AS B, 3.14 AS C, 'x' AS D, CAST(NULL AS VARCHAR(3)) AS E");
  assert.deepEqual(r.columns.map((c) => c.name), ['A', 'B', 'C', 'D', 'E']);
  assert.equal(r.rows.length, 1);
  const row = r.rows[0]!;
  assert.equal(row.A, 1);
  assert.equal(row.B, 12345678901234567n);
  assert.equal(row.C, '3.14');
  assert.equal(row.D, 'x');
  assert.equal(row.E, null);
  const statuses: SessionStatus['state'][] = [];
  s.status$.subscribe((st) => statuses.push(st.state));
  await Promise.all([s.close(), s.close()]);
  await s.close();
  assert.equal(s.closed, true);
  assert.deepEqual(statuses, ['ready', 'closed']);
  await assert.rejects(s.query('SELECT 1'), ConnectionError);
  await assert.rejects(s.execute('SELECT 1'), ConnectionError);
});

test('raw values mode keeps wire values', async () => {
  const s = await open({ values: 'raw' });
  try {
    const r = await s.query('SELECT CAST(9007199254740993 AS DECIMAL(18,0)) AS A, CAST(2 AS DECIMAL(18,0)) AS B');
    assert.equal(r.rows[0]!.A, '9007199254740993');
    assert.equal(r.rows[0]!.B, 2);
  } finally {
    await s.close();
  }
});

test('query$ streams chunks on demand with contiguous offsets; status$ reports progress', async () => {
  const s = await open({ fetchSize: 64 * 1024 });
  try {
    const states: SessionStatus[] = [];
    const sub = s.status$.subscribe((st) => states.push(st));
    const chunks = await lastValueFrom(s.query$('SELECT range AS I, CAST(range AS VARCHAR(20)) AS S FROM range(50000)').pipe(toArray()));
    sub.unsubscribe();
    assert.ok(chunks.length > 2, `expected several chunks, got ${chunks.length}`);
    let expected = 0;
    for (const c of chunks) {
      assert.equal(c.offset, expected);
      assert.equal(c.totalRows, 50000);
      for (let i = 0; i < c.rows.length; i++) assert.equal(Number(c.rows[i]!.I), expected + i);
      expected += c.rows.length;
    }
    assert.equal(expected, 50000);
    const running = states.filter((x) => x.state === 'running');
    assert.ok(running.length >= chunks.length);
    assert.equal(running.at(-1)!.rowsFetched, 50000);
    assert.equal(running.at(-1)!.totalRows, 50000);
    assert.match(running[0]!.sql!, /range\(50000\)/);
    assert.equal(states.at(-1)!.state, 'ready');
  } finally {
    await s.close();
  }
});

test('unsubscribing from query$ closes the open result set; session stays usable', async () => {
  const s = await open({ fetchSize: 16 * 1024 });
  try {
    const first = await firstValueFrom(s.query$('SELECT range AS I FROM range(100000)').pipe(take(2), toArray()));
    assert.equal(first.length, 2);
    assert.equal(first[1]!.offset, first[0]!.rows.length);
    const r = await s.query('SELECT 42 AS X');
    assert.equal(r.rows[0]!.X, 42);
    // The abandoned stream closes its result set in the background; the session then returns to ready.
    const ready = await firstValueFrom(s.status$.pipe(filter((st) => st.state === 'ready'), timeout({ first: 5000 })));
    assert.equal(ready.state, 'ready');
  } finally {
    await s.close();
  }
});

test('unsubscribing during a long statement aborts it on the server', async () => {
  const s = await open();
  try {
    const errors: unknown[] = [];
    const sub = s.query$(LONG).subscribe({ error: (e) => errors.push(e) });
    await new Promise((r) => setTimeout(r, 300));
    const t0 = Date.now();
    sub.unsubscribe();
    const r = await s.query('SELECT 5 AS X');
    assert.equal(r.rows[0]!.X, 5);
    assert.ok(Date.now() - t0 < 20000);
    assert.deepEqual(errors, []);
  } finally {
    await s.close();
  }
});

test('rows() iterates lazily; breaking out closes the result', async () => {
  const s = await open({ fetchSize: 8 * 1024 });
  try {
    let n = 0;
    for await (const row of s.rows('SELECT range AS I FROM range(20000)')) {
      assert.equal(Number(row.I), n);
      if (++n === 3000) break;
    }
    assert.equal(n, 3000);
    assert.equal((await s.query('SELECT 1 AS X')).rows[0]!.X, 1);
  } finally {
    await s.close();
  }
});

test('abort(), AbortSignal and server queryTimeout give typed errors; session survives', async () => {
  const s = await open();
  try {
    const p = s.query(LONG);
    setTimeout(() => s.abort(), 300);
    await assert.rejects(p, (e: unknown) => e instanceof AbortError && e.sqlCode === 'R0003');

    const ac = new AbortController();
    const q = s.execute(LONG, { signal: ac.signal });
    setTimeout(() => ac.abort(), 300);
    await assert.rejects(q, AbortError);
    await assert.rejects(s.query('SELECT 1', { signal: AbortSignal.abort() }), AbortError);

    await s.setAttributes({ queryTimeout: 1 });
    await assert.rejects(s.query(LONG), (e: unknown) => e instanceof TimeoutError && e.sqlCode === 'R0001');
    await s.setAttributes({ queryTimeout: 0 });
    assert.equal((await s.query('SELECT 3 AS X')).rows[0]!.X, 3);
  } finally {
    await s.close();
  }
});

test('SQL errors are SqlError with code and SQL; overlapping calls are queued in order', async () => {
  const s = await open();
  try {
    await assert.rejects(s.query('SELECT * FROM NO_SUCH_TABLE_X'), (e: unknown) => e instanceof SqlError && e.sqlCode === '42000' && e.sql === 'SELECT * FROM NO_SUCH_TABLE_X');
    await assert.rejects(s.query(''), InputError);
    const results = await Promise.all([1, 2, 3, 4, 5].map((i) => s.query(`SELECT ${i} AS X`)));
    assert.deepEqual(results.map((r) => r.rows[0]!.X), [1, 2, 3, 4, 5]);
  } finally {
    await s.close();
  }
});

test('execute, executeBatch, executeScript, transactions', async () => {
  const s = await open();
  try {
    await s.execute('CREATE SCHEMA IF NOT EXISTS SDK_TX');
    await s.execute('OPEN SCHEMA SDK_TX');
    assert.equal(s.attributes$.value.currentSchema, 'SDK_TX');
    await s.execute('CREATE OR REPLACE TABLE T (ID DECIMAL(9,0), NAME VARCHAR(20))');
    assert.equal(await s.execute("INSERT INTO T VALUES (1, 'a'), (2, 'b')"), 2);
    const batch = await s.executeBatch(["INSERT INTO T VALUES (3, 'c')", 'SELECT COUNT(*) AS N FROM T', 'DELETE FROM T WHERE ID = 3']);
    assert.deepEqual(batch[0], { kind: 'rowCount', rowCount: 1 });
    assert.equal(batch[1]!.kind, 'resultSet');
    assert.equal(Number((batch[1] as { rows: Row[] }).rows[0]!.N), 3);
    assert.deepEqual(batch[2], { kind: 'rowCount', rowCount: 1 });
    const script = await s.executeScript(`
      -- a script
      INSERT INTO T VALUES (10, 'semi;colon');
      /* comment; */ SELECT NAME FROM T WHERE ID = 10;
    `);
    assert.equal(script.length, 2);
    assert.equal((script[1] as { rows: Row[] }).rows[0]!.NAME, 'semi;colon');
    await assert.rejects(s.executeScript('SELECT 1; SELECT * FROM MISSING_TABLE_Y; SELECT 2'), (e: unknown) => e instanceof SqlError && /MISSING_TABLE_Y/.test(e.sql ?? ''));

    await s.setAutocommit(false);
    assert.equal(s.attributes$.value.autocommit, false);
    await s.execute("INSERT INTO T VALUES (20, 'rolled back')");
    await s.rollback();
    assert.equal((await s.query('SELECT COUNT(*) AS N FROM T WHERE ID = 20')).rows[0]!.N, 0);
    await s.execute("INSERT INTO T VALUES (21, 'kept')");
    await s.commit();
    await s.setAutocommit(true);
    assert.equal((await s.query('SELECT COUNT(*) AS N FROM T WHERE ID = 21')).rows[0]!.N, 1);
    const attrs = await s.getAttributes();
    assert.equal(attrs.autocommit, true);
    assert.equal(attrs.currentSchema, 'SDK_TX');
  } finally {
    await s.execute('DROP SCHEMA SDK_TX CASCADE').catch(() => {});
    await s.close();
  }
});

test('round trip of every data type through a prepared INSERT, compared exactly', async () => {
  const s = await open();
  try {
    await s.execute('CREATE SCHEMA IF NOT EXISTS SDK_TYPES');
    await s.execute('OPEN SCHEMA SDK_TYPES');
    await s.execute(`CREATE OR REPLACE TABLE ALLTYPES (
      D9 DECIMAL(9,0), D18 DECIMAL(18,0), D36 DECIMAL(36,0), D12_4 DECIMAL(12,4), DBL DOUBLE, B BOOLEAN,
      C CHAR(5), V VARCHAR(50), DT DATE, TS TIMESTAMP(6), YM INTERVAL YEAR(3) TO MONTH, DS INTERVAL DAY(3) TO SECOND(3),
      G GEOMETRY, H HASHTYPE)`);
    const stmt = await s.prepare('INSERT INTO ALLTYPES VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    assert.equal(stmt.parameters.length, 14);
    assert.equal(stmt.columns, null);
    const input = [
      [123456789, 999999999999999999n, -123456789012345678901234567890123456n, '-12345678.1234', 1.5, true, 'ab', 'héllo 😀', '2024-02-29', '2024-02-29 23:59:59.123456', '+123-11', '+123 12:34:56.789', 'POINT (1 2)', '550e8400e29b11d4a716446655440000'],
      [-1, 9007199254740993n, 0n, '0.0001', -2.5e-300, false, 'abcde', '', new Date(Date.UTC(1999, 11, 31)), new Date(Date.UTC(2000, 0, 1, 0, 0, 0, 1)), '-001-01', '-000 00:00:00.001', 'LINESTRING (0 0, 1 1)', null],
      [null, null, null, null, null, null, null, null, null, null, null, null, null, null],
    ];
    assert.equal(await stmt.execute(input), 3);
    await stmt.close();
    await stmt.close();
    const r = await s.query('SELECT * FROM ALLTYPES ORDER BY D9 NULLS LAST');
    assert.deepEqual(r.columns.map((c) => c.sqlType), [
      'DECIMAL(9,0)', 'DECIMAL(18,0)', 'DECIMAL(36,0)', 'DECIMAL(12,4)', 'DOUBLE', 'BOOLEAN', 'CHAR(5) UTF8', 'VARCHAR(50) UTF8', 'DATE', 'TIMESTAMP',
      'INTERVAL YEAR(3) TO MONTH', 'INTERVAL DAY(3) TO SECOND(3)', 'GEOMETRY', 'HASHTYPE(16 BYTE)',
    ]);
    const [neg, pos, nul] = r.rows;
    assert.deepEqual({ ...neg }, {
      D9: -1, D18: 9007199254740993n, D36: 0, D12_4: '0.0001', DBL: -2.5e-300, B: false, C: 'abcde', V: null, DT: '1999-12-31',
      TS: '2000-01-01 00:00:00.001000', YM: '-001-01', DS: '-000 00:00:00.001', G: 'LINESTRING (0 0, 1 1)', H: null,
    });
    assert.deepEqual({ ...pos }, {
      D9: 123456789, D18: 999999999999999999n, D36: -123456789012345678901234567890123456n, D12_4: '-12345678.1234', DBL: 1.5, B: true,
      C: 'ab   ', V: 'héllo 😀', DT: '2024-02-29', TS: '2024-02-29 23:59:59.123456', YM: '+123-11', DS: '+123 12:34:56.789',
      G: 'POINT (1 2)', H: '550e8400e29b11d4a716446655440000',
    });
    assert.ok(Object.values(nul!).every((v) => v === null));
  } finally {
    await s.execute('DROP SCHEMA SDK_TYPES CASCADE').catch(() => {});
    await s.close();
  }
});

test('prepared statements: bad values rejected before sending, big batches split, prepared SELECT streams', async () => {
  const s = await open();
  try {
    await s.execute('CREATE SCHEMA IF NOT EXISTS SDK_PREP');
    await s.execute('OPEN SCHEMA SDK_PREP');
    await s.execute('CREATE OR REPLACE TABLE P (ID DECIMAL(18,0), X DOUBLE, S VARCHAR(100))');
    const ins = await s.prepare('INSERT INTO P VALUES (?, ?, ?)');
    await assert.rejects(ins.execute([[1, 'not a number', 'x']]), InputError);
    await assert.rejects(ins.execute([[1, 2]]), InputError);
    const rows = Array.from({ length: 20000 }, (_, i) => [i, i + 0.5, `row ${i}`]);
    assert.equal(await ins.execute(rows), 20000);
    await ins.close();
    await assert.rejects(ins.execute([[1, 1, 'x']]), InputError);
    const sel = await s.prepare('SELECT ID, X, S FROM P WHERE ID >= ? ORDER BY ID');
    assert.deepEqual(sel.parameters.map((p) => p.sqlType), ['DECIMAL(18,0)']);
    assert.deepEqual(sel.columns?.map((c) => c.name), ['ID', 'X', 'S']);
    const got = await lastValueFrom(sel.query$([19990]).pipe(toArray()));
    const all = got.flatMap((c) => c.rows);
    assert.equal(all.length, 10);
    assert.deepEqual({ ...all[0] }, { ID: 19990, X: 19990.5, S: 'row 19990' });
    const again = await sel.query([19999]);
    assert.equal(again.rows.length, 1);
    await sel.close();
    const viaParams = await s.query('SELECT COUNT(*) AS N FROM P WHERE X > ?', [100.25]);
    assert.equal(viaParams.rows[0]!.N, 19900);
  } finally {
    await s.execute('DROP SCHEMA SDK_PREP CASCADE').catch(() => {});
    await s.close();
  }
});

test('heartbeat$ sees server Pongs during a long statement', async () => {
  const s = await open({ feedbackInterval: 1 });
  try {
    const beats: number[] = [];
    const sub = s.heartbeat$.subscribe((t) => beats.push(t));
    const p = s.query(LONG);
    setTimeout(() => s.abort(), 2500);
    await assert.rejects(p, AbortError);
    sub.unsubscribe();
    assert.ok(beats.length >= 1, `expected heartbeats, got ${beats.length}`);
  } finally {
    await s.close();
  }
});

for (const compression of [false, true]) {
  for (const protocolVersion of [1, 2, 3] as const) {
    test(`protocol v${protocolVersion}, compression ${compression ? 'on' : 'off'}: query and metadata`, async () => {
      const s = await open({ protocolVersion, compression, fetchSize: 32 * 1024 });
      try {
        assert.equal(s.info.protocolVersion, protocolVersion);
        assert.equal(s.attributes$.value.compressionEnabled, compression);
        const r = await s.query('SELECT range AS I FROM range(5000)');
        assert.equal(r.rows.length, 5000);
        assert.equal(r.rows[4999]!.I, 4999);
        const schema = `SDK_META_${protocolVersion}_${compression ? 1 : 0}`;
        await s.execute(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
        await s.execute(`CREATE OR REPLACE TABLE ${schema}.M (A DECIMAL(9,0), B VARCHAR(5))`);
        const schemas = await s.schemas(schema);
        assert.deepEqual(schemas.map((x) => x.NAME), [schema]);
        const tables = await s.tables(schema);
        assert.deepEqual(tables.map((x) => x.NAME), ['M']);
        const cols = await s.columns(schema, 'M');
        assert.deepEqual(cols.map((x) => x.NAME), ['A', 'B']);
        await s.execute(`DROP SCHEMA ${schema} CASCADE`);
      } finally {
        await s.close();
      }
    });
  }
}

test('Symbol.asyncDispose closes the session', async () => {
  let held: Session | undefined;
  {
    await using s = await open();
    held = s;
    assert.equal(s.closed, false);
  }
  assert.equal(held!.closed, true);
});
