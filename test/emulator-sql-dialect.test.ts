// SQL engine: Exasol dialect (schemas, DUAL, identifiers), error codes and texts, transactions,
// system views and the v2 metadata commands.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EngineError, type Engine, type SqlSession, type StatementContext, type StatementOutcome } from '../src/emulator/sql/contract';
import { createEngine } from '../src/emulator/sql/engine';
import { parseJson, type MetadataRequest } from '../src/protocol';

const ctx = (protocolVersion = 3): StatementContext => ({ signal: new AbortController().signal, protocolVersion, resultSetMaxRows: 0 });

async function rows(o: StatementOutcome): Promise<{ names: string[]; data: unknown[][] }> {
  assert.equal(o.kind, 'resultSet');
  if (o.kind !== 'resultSet') throw new Error('unreachable');
  const r = await o.rows.read(0, 1 << 26, 1 << 20);
  await o.rows.close();
  return { names: o.rows.columns.map((c) => c.name), data: parseJson(r.json) as unknown[][] };
}

async function fails(p: Promise<unknown>, sqlCode: string, text: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof EngineError, String(e));
    assert.equal(e.sqlCode, sqlCode, e.message);
    assert.match(e.message, text);
    return true;
  });
}

describe('emulator-sql dialect, errors and transactions', () => {
  let engine: Engine;
  let s: SqlSession;
  let other: SqlSession;
  before(async () => {
    engine = await createEngine({});
    s = await engine.openSession({ sessionId: '11', userName: 'SYS' });
    other = await engine.openSession({ sessionId: '12', userName: 'SYS' });
  });
  after(async () => {
    await s.close();
    await other.close();
    await engine.close();
  });

  it('shows no user schema in a fresh database and needs a schema for tables', async () => {
    assert.deepEqual((await rows(await s.execute('SELECT SCHEMA_NAME FROM EXA_ALL_SCHEMAS', ctx()))).data, [[]]);
    assert.equal(s.currentSchema, '');
    await fails(s.execute('CREATE TABLE T (A INT)', ctx()), '42000', /no schema specified or opened/);
  });

  it('opens and closes schemas', async () => {
    await fails(s.execute('OPEN SCHEMA foo', ctx()), '42000', /^schema FOO not found \[line 1, column 13\]$/);
    assert.deepEqual(await s.execute('CREATE SCHEMA shop', ctx()), { kind: 'rowCount', rowCount: 0 });
    assert.equal(s.currentSchema, 'SHOP', 'CREATE SCHEMA opens the new schema');
    assert.deepEqual(await s.execute('CLOSE SCHEMA', ctx()), { kind: 'rowCount', rowCount: 0 });
    assert.equal(s.currentSchema, '');
    assert.deepEqual(await s.execute('OPEN SCHEMA shop', ctx()), { kind: 'rowCount', rowCount: 0 });
    assert.equal(s.currentSchema, 'SHOP');
    await assert.rejects(other.setCurrentSchema('NOPE'), (e: unknown) => e instanceof EngineError && e.sqlCode === '42000');
    await other.setCurrentSchema('SHOP');
    assert.equal(other.currentSchema, 'SHOP');
    const r = await rows(await s.execute('SELECT CURRENT_SCHEMA, CURRENT_USER FROM DUAL', ctx()));
    assert.deepEqual(r.data, [['SHOP'], ['SYS']]);
  });

  it('upper-cases unquoted identifiers and counts DML rows', async () => {
    assert.deepEqual(await s.execute('create table items (id int primary key, name varchar(20) not null, "Note" varchar(10))', ctx()), { kind: 'rowCount', rowCount: 0 });
    assert.deepEqual(await s.execute("insert into items values (1, 'a', 'x'), (2, 'b', null), (3, 'c', null)", ctx()), { kind: 'rowCount', rowCount: 3 });
    assert.deepEqual(await s.execute("update items set name = 'z' where id >= 2", ctx()), { kind: 'rowCount', rowCount: 2 });
    const r = await rows(await s.execute('select id, name, "Note", id * 2 from items where id = 1', ctx()));
    assert.deepEqual(r.names, ['ID', 'NAME', 'Note', 'ID * 2']);
    assert.deepEqual(r.data, [[1], ['a'], ['x'], ['2']]); // INT * 2 is DECIMAL(19,0) (precisions add up), sent as a string
    assert.deepEqual(await s.execute('delete from items where id = 3', ctx()), { kind: 'rowCount', rowCount: 1 });
  });

  it('maps errors to Exasol codes and texts', async () => {
    await fails(s.execute('SELECT * FROM NO_SUCH_T', ctx()), '42000', /^object NO_SUCH_T not found \[line 1, column 15\]$/);
    // a quoted name keeps its case, and the position is where the quoted identifier starts
    await fails(s.execute('SELECT * FROM "MixedCase"', ctx()), '42000', /^object MixedCase not found \[line 1, column 15\]$/);
    await fails(s.execute('SELECT * FROM "<b onmouseover=x>"', ctx()), '42000', /^object <b onmouseover=x> not found \[line 1, column 15\]$/);
    await fails(s.execute('select from where', ctx()), '42000', /^syntax error, unexpected WHERE \[line 1, column 13\]$/);
    await fails(s.execute('SELECT nope FROM items', ctx()), '42000', /object NOPE not found \[line 1, column 8\]/);
    await fails(s.execute('SELECT 1/0', ctx()), '22012', /division by zero/);
    await fails(s.execute('SELECT CAST(12345678901 AS DECIMAL(5,0))', ctx()), '22002', /^data exception - numeric value out of range$/);
    await fails(s.execute("SELECT CAST('x' AS INT)", ctx()), '22018', /invalid character value for cast; Value: 'x'/);
    await fails(s.execute("INSERT INTO items (id) VALUES (9)", ctx()), '27001', /not null/);
    await fails(s.execute("INSERT INTO items VALUES (1, 'dup', null)", ctx()), '42X91', /primary key/);
    await fails(s.execute('select', ctx()), '42000', /^syntax error, unexpected ';' \[line 1, column 7\]$/);
    await fails(s.execute('SELECT 1; SELECT 2', ctx()), '42000', /^syntax error, unexpected ';' \[line 1, column 9\]$/);
    await fails(s.execute('INSERT INTO items (nope) VALUES (1)', ctx()), '42000', /^object NOPE not found/);
  });

  it('concatenates NULL as the empty string, like Exasol', async () => {
    const r = await rows(await s.execute("SELECT 'a' || NULL || 'b' AS A, NAME || '-' || ID AS B, 1 + 2 || 'x' AS C FROM items WHERE ID = 1", ctx()));
    assert.deepEqual(r.data, [['ab'], ['a-1'], ['3x']]);
  });

  it('keeps work in an explicit transaction until COMMIT or ROLLBACK', async () => {
    s.autocommit = false;
    assert.equal(s.openTransaction, 0);
    await s.execute("INSERT INTO items VALUES (10, 'tx', null)", ctx());
    assert.equal(s.openTransaction, 1);
    const seenByOther = await rows(await other.execute('SELECT COUNT(*) FROM items WHERE id = 10', ctx()));
    assert.deepEqual(seenByOther.data, [[0]], 'uncommitted rows are invisible to other sessions');
    assert.deepEqual(await s.execute('ROLLBACK', ctx()), { kind: 'rowCount', rowCount: 0 });
    assert.equal(s.openTransaction, 0);
    await s.execute("INSERT INTO items VALUES (11, 'tx', null)", ctx());
    assert.deepEqual(await s.execute('COMMIT', ctx()), { kind: 'rowCount', rowCount: 0 });
    s.autocommit = true;
    const r = await rows(await other.execute('SELECT ID FROM items WHERE id >= 10', ctx()));
    assert.deepEqual(r.data, [[11]]);
  });

  it('keeps declared types through CREATE TABLE AS and views; refuses over-long strings', async () => {
    await s.execute('CREATE TABLE typed (C CHAR(4), H HASHTYPE(4 BYTE), V VARCHAR(3))', ctx());
    await s.execute("INSERT INTO typed VALUES ('ab', 'deadbeef', 'xyz')", ctx());
    await fails(s.execute("INSERT INTO typed (V) VALUES ('long')", ctx()), '22001', /string data, right truncation/);
    assert.deepEqual(await s.execute("CREATE TABLE copy AS SELECT C, H, 'lit' AS L FROM typed", ctx()), { kind: 'rowCount', rowCount: 1 });
    await s.execute('CREATE VIEW typed_view AS SELECT C, H AS HASH FROM typed', ctx());
    for (const table of ['copy', 'typed_view']) {
      const o = await s.execute(`SELECT * FROM ${table}`, ctx());
      if (o.kind !== 'resultSet') throw new Error('expected rows');
      assert.deepEqual(o.rows.columns.slice(0, 2).map((c) => c.dataType), [
        { type: 'CHAR', size: 4, characterSet: 'UTF8' },
        { type: 'HASHTYPE', size: 8 },
      ]);
      assert.equal((await o.rows.read(0, 1 << 20, 10)).json.slice(0, 22), '[["ab  "],["deadbeef"]');
      await o.rows.close();
    }
    // CREATE TABLE ... LIKE: the columns with their declared types, no rows
    assert.deepEqual(await s.execute('CREATE TABLE liked LIKE typed', ctx()), { kind: 'rowCount', rowCount: 0 });
    await s.execute('CREATE OR REPLACE TABLE liked2 LIKE typed INCLUDING DEFAULTS', ctx());
    for (const table of ['liked', 'liked2']) {
      const r = await rows(await s.execute(`SELECT * FROM ${table}`, ctx()));
      assert.deepEqual(r.data, [[], [], []]);
    }
    const o = await s.execute('SELECT * FROM liked', ctx());
    if (o.kind !== 'resultSet') throw new Error('expected rows');
    assert.deepEqual(o.rows.columns.map((c) => c.dataType), [
      { type: 'CHAR', size: 4, characterSet: 'UTF8' },
      { type: 'HASHTYPE', size: 8 },
      { type: 'VARCHAR', size: 3, characterSet: 'UTF8' },
    ]);
    await o.rows.close();
  });

  it('numbers IDENTITY columns and commits open work when autocommit is switched on', async () => {
    await s.execute('CREATE TABLE ids (ID INT IDENTITY, V VARCHAR(5))', ctx());
    assert.deepEqual(await s.execute("INSERT INTO ids (V) VALUES ('a'), ('b')", ctx()), { kind: 'rowCount', rowCount: 2 });
    s.autocommit = false;
    await s.execute("INSERT INTO ids (V) VALUES ('c')", ctx());
    assert.equal(s.openTransaction, 1);
    s.autocommit = true;
    const r = await rows(await s.execute('SELECT ID, V FROM ids ORDER BY ID', ctx()));
    assert.equal(s.openTransaction, 0);
    assert.deepEqual(r.data, [[1, 2, 3], ['a', 'b', 'c']]);
    const seen = await rows(await other.execute('SELECT COUNT(*) FROM SHOP.ids', ctx()));
    assert.deepEqual(seen.data, [[3]]);
  });

  it('shows TIMESTAMP WITH LOCAL TIME ZONE in the session time zone; accepts ALTER SESSION', async () => {
    const tz = await engine.openSession({ sessionId: '13', userName: 'SYS' });
    try {
      await tz.execute('CREATE SCHEMA TZ', ctx());
      await tz.execute('CREATE TABLE L (T TIMESTAMP WITH LOCAL TIME ZONE)', ctx());
      await tz.execute("INSERT INTO L VALUES (TIMESTAMP '2021-12-31 23:59:59.999')", ctx());
      const shown: unknown[] = [];
      for (const zone of ['UNIVERSAL', 'EUROPE/BERLIN', 'ASIA/SHANGHAI']) {
        assert.deepEqual(await tz.execute(`ALTER SESSION SET TIME_ZONE = '${zone}'`, ctx()), { kind: 'rowCount', rowCount: 0 });
        shown.push((await rows(await tz.execute('SELECT T FROM L', ctx()))).data[0]![0]);
      }
      assert.deepEqual(shown, ['2021-12-31 23:59:59.999000', '2022-01-01 00:59:59.999000', '2022-01-01 07:59:59.999000']);
      await fails(tz.execute("ALTER SESSION SET TIME_ZONE = 'NOWHERE/X'", ctx()), '42000', /time zone/);
      assert.deepEqual(await tz.execute("ALTER SESSION SET NLS_DATE_FORMAT = 'YYYY-MM-DD'", ctx()), { kind: 'rowCount', rowCount: 0 });
      const sys = await rows(await tz.execute("SELECT COUNT(*) FROM SYS.EXA_ALL_TABLES WHERE TABLE_SCHEMA = 'TZ'", ctx()));
      assert.deepEqual(sys.data, [[1]]);
    } finally {
      await tz.close();
    }
  });

  it('MINUS is EXCEPT; LOCAL.alias names a select-list alias (select list, WHERE, GROUP BY, ORDER BY)', async () => {
    const three = '(SELECT 3 X UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 2)';
    assert.deepEqual((await rows(await s.execute(`SELECT X FROM ${three} MINUS SELECT 1 FROM DUAL ORDER BY 1`, ctx()))).data, [[2, 3]]);
    const r = await rows(await s.execute(`SELECT X * 2 AS Y, LOCAL.Y + 1 AS Z FROM ${three} WHERE LOCAL.Y > 2 ORDER BY LOCAL.Y`, ctx()));
    assert.deepEqual(r, { names: ['Y', 'Z'], data: [[4, 4, 6], [5, 5, 7]] });
    const g = await rows(await s.execute(`SELECT MOD(X, 2) AS M, COUNT(*) AS C FROM ${three} GROUP BY LOCAL.M ORDER BY LOCAL.M`, ctx()));
    assert.deepEqual(g.data, [[0, 1], [2, 2]]);
    // a column named "LOCAL" stays a column
    assert.deepEqual((await rows(await s.execute('SELECT "LOCAL" FROM (SELECT 1 AS "LOCAL")', ctx()))).data, [[1]]);
  });

  it("aliases without AS that DuckDB reads as keywords (NAME, VALUE, TYPE, ...); qualified columns in UPDATE/MERGE's SET", async () => {
    const a = await rows(await s.execute(`SELECT 'x' NAME, 1 VALUE, (2) TYPE, "A" KEY FROM (SELECT 3 "A")`, ctx()));
    assert.deepEqual(a, { names: ['NAME', 'VALUE', 'TYPE', 'KEY'], data: [['x'], [1], [2], [3]] });
    assert.deepEqual((await rows(await s.execute("SELECT INTERVAL '5' DAY AS X FROM DUAL", ctx()))).data, [['+05 00:00:00.000']]);
    const opened = s.currentSchema;
    await s.execute('CREATE SCHEMA QS', ctx());
    await s.execute('CREATE TABLE QS.T (ID DECIMAL(18,0), NAME VARCHAR(20), N DECIMAL(5,0))', ctx());
    await s.execute("INSERT INTO QS.T VALUES (2, 'b', 0)", ctx());
    const merged = await s.execute(
      "MERGE INTO QS.T t USING (SELECT 1 ID, 'm' NAME FROM DUAL UNION ALL SELECT 2, 'q') s ON t.ID = s.ID " +
        'WHEN MATCHED THEN UPDATE SET t.NAME = s.NAME, t.N = t.N + 1 WHEN NOT MATCHED THEN INSERT VALUES (s.ID, s.NAME, 5)',
      ctx(),
    );
    assert.deepEqual(merged, { kind: 'rowCount', rowCount: 2 });
    await s.execute('UPDATE QS.T t SET t.N = (SELECT MAX(x.N) FROM QS.T x) + 1 WHERE t.ID = 1', ctx());
    await s.execute("UPDATE QS.T SET T.NAME = 'z' WHERE ID = 2", ctx());
    assert.deepEqual((await rows(await s.execute('SELECT * FROM QS.T ORDER BY ID', ctx()))).data, [[1, 2], ['m', 'z'], [6, 1]]);
    await s.execute('DROP SCHEMA QS CASCADE', ctx());
    if (opened !== '') await s.execute(`OPEN SCHEMA ${opened}`, ctx());
  });

  it("Oracle's (+) outer-join marker: the marked table is LEFT JOINed on the marked predicates", async () => {
    const opened = s.currentSchema;
    await s.execute('CREATE SCHEMA OJ', ctx());
    await s.execute('CREATE TABLE OJ.A (ID INT, X VARCHAR(5))', ctx());
    await s.execute('CREATE TABLE OJ.B (ID INT, Y VARCHAR(5))', ctx());
    await s.execute("INSERT INTO OJ.A VALUES (1, 'a'), (2, 'b'), (3, 'c')", ctx());
    await s.execute("INSERT INTO OJ.B VALUES (1, 'p'), (3, 'q'), (4, 'r')", ctx());
    const q = async (sql: string): Promise<unknown[][]> => (await rows(await s.execute(sql, ctx()))).data;
    assert.deepEqual(await q('SELECT a.ID, b.Y FROM OJ.A a, OJ.B b WHERE a.ID = b.ID(+) ORDER BY a.ID'), [[1, 2, 3], ['p', null, 'q']]);
    assert.deepEqual(await q('SELECT A.ID, B.Y FROM A, B AS B WHERE A.ID = B.ID(+) AND A.ID > 1 ORDER BY 1'), [[2, 3], [null, 'q']]);
    assert.deepEqual(await q("SELECT a.ID, b.Y FROM A a, B b WHERE b.ID(+) = a.ID AND b.Y(+) <> 'q' ORDER BY 1"), [[1, 2, 3], ['p', null, null]]);
    await s.execute('DROP SCHEMA OJ CASCADE', ctx());
    if (opened !== '') await s.execute(`OPEN SCHEMA ${opened}`, ctx());
  });

  it('lists schemas, tables and columns in the system views', async () => {
    const t = await rows(await s.execute("SELECT TABLE_SCHEMA, TABLE_NAME FROM EXA_ALL_TABLES WHERE TABLE_NAME = 'ITEMS'", ctx()));
    assert.deepEqual(t.data, [['SHOP'], ['ITEMS']]);
    const c = await rows(await s.execute("SELECT COLUMN_NAME, COLUMN_TYPE FROM EXA_ALL_COLUMNS WHERE COLUMN_TABLE = 'ITEMS' ORDER BY COLUMN_ORDINAL_POSITION", ctx()));
    assert.deepEqual(c.data, [['ID', 'NAME', 'Note'], ['DECIMAL(18,0)', 'VARCHAR(20) UTF8', 'VARCHAR(10) UTF8']]);
  });

  it('answers the v2 metadata commands with filters', async () => {
    const meta = async (req: MetadataRequest) => rows(await s.metadata(req, ctx()));
    const schemas = await meta({ command: 'getSchemas' });
    assert.deepEqual(schemas.names, ['NAME', 'OWNER', 'IS_VIRTUAL', 'COMMENT']);
    assert.deepEqual(schemas.data[0], ['EXA_STATISTICS', 'SHOP', 'SYS', 'TZ']); // the system schemas too
    assert.deepEqual((await meta({ command: 'getSchemas', schema: '' })).data, [[], [], [], []]);
    assert.deepEqual((await meta({ command: 'getSchemas', schema: 'SH%' })).data[0], ['SHOP']);
    const tables = await meta({ command: 'getTables', schema: 'SHOP', table: 'IT%', tableTypes: ['TABLE'] });
    assert.deepEqual(tables.names, ['SCHEMA', 'NAME', 'OWNER', 'TABLE_TYPE', 'IS_VIRTUAL', 'HAS_DISTRIBUTION_KEY', 'HAS_PARTITION_KEY', 'COMMENT']);
    assert.deepEqual(tables.data[1], ['ITEMS']);
    const cols = await meta({ command: 'getColumns', schema: 'SHOP', table: 'ITEMS', column: 'NA%' });
    assert.equal(cols.names[4], 'TYPE');
    assert.deepEqual(cols.data[2], ['NAME']);
    assert.deepEqual(cols.data[4], ['VARCHAR(20) UTF8']);
    const pk = await meta({ command: 'getPrimaryKeys', schema: 'SHOP', table: 'ITEMS' });
    assert.deepEqual(pk.data[5], ['ID']);
    assert.deepEqual((await meta({ command: 'getTableTypes' })).data, [['SYSTEM TABLE', 'TABLE', 'VIEW']]);
    await assert.rejects(s.metadata({ command: 'getSchemas' }, ctx(1)), EngineError);
  });

  it('interrupts a running statement on abort and on timeout', async () => {
    // early aborts can arrive before DuckDB has started the query; they must still land
    for (const delay of [0, 1, 5, 100]) {
      for (const [reason, code] of [['abort', 'R0003'], ['timeout', 'R0001']] as const) {
        const ac = new AbortController();
        const p = s.execute('SELECT COUNT(*) FROM range(100000000000) a', { signal: ac.signal, protocolVersion: 3, resultSetMaxRows: 0 });
        setTimeout(() => ac.abort(reason), delay);
        await fails(p, code, reason === 'abort' ? /Client requested execution abort/ : /timeout has been reached/);
      }
    }
    const r = await rows(await s.execute('SELECT 1 FROM DUAL', ctx()));
    assert.deepEqual(r.data, [[1]], 'the session is usable after an abort');
  });

  it('closes a session whose statement is still running', async () => {
    const busy = await engine.openSession({ sessionId: '14', userName: 'SYS' });
    const p = busy.execute('SELECT COUNT(*) FROM range(100000000000) a', ctx());
    const settled = p.then(
      () => 'done',
      (e: unknown) => (e instanceof EngineError ? e.sqlCode : 'other'),
    );
    await new Promise((r) => setTimeout(r, 50));
    await busy.close();
    assert.equal(await settled, 'R0003');
  });
});
