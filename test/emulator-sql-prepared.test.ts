// SQL engine: prepared statements — parameter typing from target columns, strict JSON checks,
// bulk inserts, prepared queries.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EngineError, type Engine, type SqlSession, type StatementContext } from '../src/emulator/sql/contract';
import { createEngine } from '../src/emulator/sql/engine';
import { ErrorText, parseJson, RawNumber } from '../src/protocol';

const ctx = (): StatementContext => ({ signal: new AbortController().signal, protocolVersion: 3, resultSetMaxRows: 0 });
const num = (t: string): RawNumber => new RawNumber(t);

async function fails(p: Promise<unknown>, sqlCode: string, text: string | RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof EngineError, String(e));
    assert.equal(e.sqlCode, sqlCode, e.message);
    if (typeof text === 'string') assert.equal(e.message, text);
    else assert.match(e.message, text);
    return true;
  });
}

describe('emulator-sql prepared statements', () => {
  let engine: Engine;
  let s: SqlSession;
  before(async () => {
    engine = await createEngine({});
    s = await engine.openSession({ sessionId: '21', userName: 'SYS' });
    await s.execute('CREATE SCHEMA P', ctx());
    await s.execute(
      'CREATE TABLE T (ID INT, NAME VARCHAR(40), PRICE DECIMAL(10,2), RATIO DOUBLE, DAY DATE, TS_AT TIMESTAMP, OK BOOLEAN, G GEOMETRY, H HASHTYPE(8 BYTE), TINY TINYINT)',
      ctx(),
    );
  });
  after(async () => {
    await s.close();
    await engine.close();
  });

  it('types INSERT parameters from the target columns (GEOMETRY as VARCHAR)', async () => {
    const p = await s.prepare('INSERT INTO T VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', ctx());
    assert.equal(p.info.resultColumns, null);
    assert.deepEqual(
      p.info.parameters.map((x) => x.dataType),
      [
        { type: 'DECIMAL', precision: 18, scale: 0 },
        { type: 'VARCHAR', size: 40, characterSet: 'UTF8' },
        { type: 'DECIMAL', precision: 10, scale: 2 },
        { type: 'DOUBLE' },
        { type: 'DATE', size: 4 },
        { type: 'TIMESTAMP', withLocalTimeZone: false, size: 8 },
        { type: 'BOOLEAN' },
        { type: 'VARCHAR', size: 2000000, characterSet: 'UTF8' },
        { type: 'HASHTYPE', size: 16 },
        { type: 'DECIMAL', precision: 3, scale: 0 },
      ],
    );
    assert.ok(p.info.parameters.every((x) => x.name === ''));
    const out = await p.execute(
      undefined,
      [
        [num('1'), num('2'), num('3')],
        ['a', 'b', ''],
        [num('1.005'), '2.5', null],
        [num('0.5'), num('1e3'), null],
        ['2024-06-18', '2024-06-19', null],
        ['2024-06-18 17:22:13.123456', '2024-06-18 00:00:00', null],
        [true, false, null],
        ['point(1 2)', null, null],
        ['0123456789ABCDEF', null, null],
        [num('7'), num('8'), num('9')],
      ],
      3,
      ctx(),
    );
    assert.deepEqual(out, { kind: 'rowCount', rowCount: 3 });
    await p.close();
    const r = await s.execute('SELECT * FROM T ORDER BY ID', ctx());
    assert.equal(r.kind, 'resultSet');
    if (r.kind !== 'resultSet') return;
    const data = parseJson((await r.rows.read(0, 1 << 20, 100)).json) as unknown[][];
    assert.deepEqual(data, [
      [1, 2, 3],
      ['a', 'b', null],
      ['1.01', '2.5', null],
      [0.5, 1000, null],
      ['2024-06-18', '2024-06-19', null],
      // TS_AT is TIMESTAMP = TIMESTAMP(3): digits past 3 are dropped, v1-v4 show 6 (wire-quirks.md §7)
      ['2024-06-18 17:22:13.123000', '2024-06-18 00:00:00.000000', null],
      [true, false, null],
      ['POINT (1 2)', null, null],
      ['0123456789abcdef', null, null],
      [7, 8, 9],
    ]);
    await r.rows.close();
  });

  it('refuses JSON values of the wrong kind like real servers', async () => {
    const p = await s.prepare('INSERT INTO T (ID, NAME, RATIO) VALUES (?, ?, ?)', ctx());
    await fails(p.execute(undefined, [[num('1')], ['x'], [num('1')]], 1, ctx()), '00000', ErrorText.notADouble);
    await fails(p.execute(undefined, [[num('1')], [num('5')], [num('1.0')]], 1, ctx()), '00000', ErrorText.notAString);
    await fails(p.execute(undefined, [[num('1')], ['x']], 1, ctx()), '00000', ErrorText.columnCountMismatch);
    await fails(p.execute(undefined, [['not-a-number'], ['x'], [num('1.0')]], 1, ctx()), '22018', "data exception - invalid character value for cast; Value: 'not-a-number'");
    await fails(p.execute(undefined, [[num('1e30')], ['x'], [num('1.0')]], 1, ctx()), '22002', /numeric value out of range/);
    await p.close();
  });

  it('types WHERE parameters from the compared column and runs prepared queries', async () => {
    const p = await s.prepare('SELECT ID, NAME FROM T WHERE PRICE > ? AND NAME LIKE ? ORDER BY ID', ctx());
    assert.deepEqual(p.info.parameters.map((x) => x.dataType), [
      { type: 'DECIMAL', precision: 10, scale: 2 },
      { type: 'VARCHAR', size: 40, characterSet: 'UTF8' },
    ]);
    assert.deepEqual(p.info.resultColumns, [
      { name: 'ID', dataType: { type: 'DECIMAL', precision: 18, scale: 0 } },
      { name: 'NAME', dataType: { type: 'VARCHAR', size: 40, characterSet: 'UTF8' } },
    ]);
    const o = await p.execute(undefined, [[num('2')], ['%']], 1, ctx());
    assert.equal(o.kind, 'resultSet');
    if (o.kind !== 'resultSet') return;
    assert.equal((await o.rows.read(0, 1 << 20, 10)).json, '[[2],["b"]]');
    await o.rows.close();
    const q = await s.prepare('SELECT ? FROM DUAL', ctx());
    assert.deepEqual(q.info.parameters[0]!.dataType, { type: 'VARCHAR', size: 2000000, characterSet: 'UTF8' });
  });

  it('types a parameter in arithmetic with a numeric column from that column; one without context is VARCHAR(2000000)', async () => {
    const p = await s.prepare('SELECT ID + ? AS A, ? * PRICE AS B, ? AS C, NAME || ? AS D FROM T WHERE ID = 1', ctx());
    assert.deepEqual(p.info.parameters.map((x) => x.dataType), [
      { type: 'DECIMAL', precision: 18, scale: 0 },
      { type: 'DECIMAL', precision: 10, scale: 2 },
      { type: 'VARCHAR', size: 2000000, characterSet: 'UTF8' },
      { type: 'VARCHAR', size: 2000000, characterSet: 'UTF8' },
    ]);
    const o = await p.execute(undefined, [[num('5')], ['1.5'], ['x'], ['!']], 1, ctx());
    assert.equal(o.kind, 'resultSet');
    if (o.kind !== 'resultSet') return;
    const data = parseJson((await o.rows.read(0, 1 << 20, 10)).json) as unknown[][];
    await o.rows.close();
    assert.equal(data[0]!.length, 1);
    // ID + ? is DECIMAL(18,0) + DECIMAL(18,0): DECIMAL(19,0) in Exasol, so a string on the wire
    assert.deepEqual([data[0]![0], data[2]![0]], ['6', 'x']);
  });

  it('inserts 100k rows in one execution', async () => {
    await s.execute('CREATE TABLE BULK (ID INT, V VARCHAR(20), X DOUBLE)', ctx());
    const p = await s.prepare('INSERT INTO BULK VALUES (?, ?, ?)', ctx());
    const n = 100000;
    const ids = Array.from({ length: n }, (_, i) => num(String(i)));
    const vs = Array.from({ length: n }, (_, i) => `v${i}`);
    const xs = Array.from({ length: n }, (_, i) => num(`${i}.25`));
    assert.deepEqual(await p.execute(undefined, [ids, vs, xs], n, ctx()), { kind: 'rowCount', rowCount: n });
    const r = await s.execute('SELECT COUNT(*), SUM(ID), MAX(V), SUM(X) FROM BULK', ctx());
    if (r.kind !== 'resultSet') throw new Error('expected rows');
    assert.equal((await r.rows.read(0, 1 << 20, 10)).json, `[[${n}],["${(n * (n - 1)) / 2}"],["v99999"],[${(n * (n - 1)) / 2 + n * 0.25}.0]]` /* an integral DOUBLE keeps its point */);
    await r.rows.close();
  });

  it('runs UPDATE once per parameter row and sums the counts', async () => {
    const p = await s.prepare('UPDATE T SET NAME = ? WHERE ID = ?', ctx());
    assert.deepEqual(p.info.parameters.map((x) => x.dataType.type), ['VARCHAR', 'DECIMAL']);
    assert.deepEqual(await p.execute(undefined, [['x', 'y', 'z'], [num('1'), num('2'), num('99')]], 3, ctx()), { kind: 'rowCount', rowCount: 2 });
  });
});
