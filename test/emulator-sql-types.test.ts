// SQL engine: Exasol types, declared-type catalog and exact value encodings (wire-quirks.md §7).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Engine, SqlSession, StatementContext } from '../src/emulator/sql/contract';
import { createEngine } from '../src/emulator/sql/engine';
import { decimalText } from '../src/emulator/sql/encode';
import { parseJson, type ColumnInfo } from '../src/protocol';

const ctx = (protocolVersion = 3, resultSetMaxRows = 0): StatementContext => ({ signal: new AbortController().signal, protocolVersion, resultSetMaxRows });

async function query(s: SqlSession, sql: string, pv = 3): Promise<{ columns: ColumnInfo[]; json: string; data: unknown[][]; numRows: number }> {
  const o = await s.execute(sql, ctx(pv));
  assert.equal(o.kind, 'resultSet');
  if (o.kind !== 'resultSet') throw new Error('unreachable');
  const r = await o.rows.read(0, 64 * 1024 * 1024, 100000);
  await o.rows.close();
  return { columns: o.rows.columns, json: r.json, data: parseJson(r.json) as unknown[][], numRows: o.rows.numRows };
}

describe('emulator-sql types and encodings', () => {
  let engine: Engine;
  let s: SqlSession;
  before(async () => {
    engine = await createEngine({});
    s = await engine.openSession({ sessionId: '1750902846820319232', userName: 'SYS' });
    await s.execute('CREATE SCHEMA TYPES_TEST', ctx());
    await s.execute(
      `CREATE TABLE T (I INT, BI BIGINT, SI SMALLINT, TI TINYINT, D DECIMAL, D52 DECIMAL(5,2), DBL DOUBLE PRECISION, F FLOAT, V VARCHAR(20), VA VARCHAR(30) ASCII,
        C CHAR(10), DT DATE, TS TIMESTAMP, TSL TIMESTAMP WITH LOCAL TIME ZONE, B BOOLEAN, YM INTERVAL YEAR TO MONTH, DS INTERVAL DAY(3) TO SECOND(2),
        G GEOMETRY, G2 GEOMETRY(4326), H HASHTYPE, H8 HASHTYPE(8 BYTE))`,
      ctx(),
    );
  });
  after(async () => {
    await s.close();
    await engine.close();
  });

  it('keeps the declared Exasol type of every column', async () => {
    const { columns } = await query(s, 'SELECT * FROM T');
    const types = Object.fromEntries(columns.map((c) => [c.name, c.dataType]));
    assert.deepEqual(types.I, { type: 'DECIMAL', precision: 18, scale: 0 });
    assert.deepEqual(types.BI, { type: 'DECIMAL', precision: 36, scale: 0 });
    assert.deepEqual(types.SI, { type: 'DECIMAL', precision: 9, scale: 0 });
    assert.deepEqual(types.TI, { type: 'DECIMAL', precision: 3, scale: 0 });
    assert.deepEqual(types.D, { type: 'DECIMAL', precision: 18, scale: 0 });
    assert.deepEqual(types.D52, { type: 'DECIMAL', precision: 5, scale: 2 });
    assert.deepEqual(types.DBL, { type: 'DOUBLE' });
    assert.deepEqual(types.F, { type: 'DOUBLE' });
    assert.deepEqual(types.V, { type: 'VARCHAR', size: 20, characterSet: 'UTF8' });
    assert.deepEqual(types.VA, { type: 'VARCHAR', size: 30, characterSet: 'ASCII' });
    assert.deepEqual(types.C, { type: 'CHAR', size: 10, characterSet: 'UTF8' });
    assert.deepEqual(types.DT, { type: 'DATE', size: 4 });
    assert.deepEqual(types.TS, { type: 'TIMESTAMP', withLocalTimeZone: false, size: 8 });
    assert.deepEqual(types.TSL, { type: 'TIMESTAMP WITH LOCAL TIME ZONE', withLocalTimeZone: true, size: 8 });
    assert.deepEqual(types.B, { type: 'BOOLEAN' });
    assert.deepEqual(types.YM, { type: 'INTERVAL YEAR TO MONTH', precision: 2 });
    assert.deepEqual(types.DS, { type: 'INTERVAL DAY TO SECOND', precision: 3, fraction: 2 });
    assert.deepEqual(types.G, { type: 'GEOMETRY', srid: 0 });
    assert.deepEqual(types.G2, { type: 'GEOMETRY', srid: 4326 });
    assert.deepEqual(types.H, { type: 'HASHTYPE', size: 32 });
    assert.deepEqual(types.H8, { type: 'HASHTYPE', size: 16 });
  });

  it('describes HASHTYPE as CHAR under protocol v1', async () => {
    const { columns } = await query(s, 'SELECT H FROM T', 1);
    assert.equal(columns[0]!.dataType.type, 'CHAR');
    assert.equal(columns[0]!.dataType.size, 32);
  });

  it('encodes values exactly as real servers do', async () => {
    await s.execute(
      `INSERT INTO T (I, BI, D52, DBL, V, C, DT, TS, TSL, B, YM, DS, G, H) VALUES (999999999999999999, 123456789012345678901234567890, 1.1, 3.3, 'Grüße 😀',
        '😀👍', DATE '2024-06-18', TIMESTAMP '2024-06-18 17:22:13.123456', TIMESTAMP '2022-01-01 23:59:59.999', TRUE,
        INTERVAL '5 years 3 months', INTERVAL '2 days 12:50:10.123', 'point(1   2)', '550E8400-E29B-11D4-A716-446655440000')`,
      ctx(),
    );
    const { json, columns } = await query(s, 'SELECT I, BI, D52, DBL, V, C, DT, TS, TSL, B, YM, DS, G, H FROM T');
    // DECIMAL(18,0) beyond 2^53 is a bare number token with every digit; BIGINT is a string
    assert.ok(json.startsWith('[[999999999999999999],["123456789012345678901234567890"],["1.1"],[3.3],'), json);
    const data = parseJson(json) as unknown[][];
    const byName = Object.fromEntries(columns.map((c, i) => [c.name, data[i]![0]]));
    assert.equal(byName.V, 'Grüße 😀');
    assert.equal(byName.C, '😀👍        ', 'CHAR pads to 10 characters, emoji count as one');
    assert.equal(byName.DT, '2024-06-18');
    // TIMESTAMP = TIMESTAMP(3): the value is cut to 3 digits, shown with 6 (wire-quirks.md §7)
    assert.equal(byName.TS, '2024-06-18 17:22:13.123000');
    assert.equal(byName.TSL, '2022-01-01 23:59:59.999000');
    assert.equal(byName.B, true);
    assert.equal(byName.YM, '+05-03');
    assert.equal(byName.DS, '+002 12:50:10.12');
    assert.equal(byName.G, 'POINT (1 2)');
    assert.equal(byName.H, '550e8400e29b11d4a716446655440000');
  });

  it('writes minimal scaled decimals and 6-digit timestamps', async () => {
    const { data } = await query(
      s,
      `SELECT CAST(1 AS DECIMAL(10,3)) A, CAST(-0.001 AS DECIMAL(10,3)) B, CAST(0.7 AS DECIMAL(10,5)) C, CAST(100.123456 AS DECIMAL(5,2)) D,
        CAST('2018-04-03 18:36:40.553' AS TIMESTAMP) E, CAST('5-3' AS INTERVAL YEAR TO MONTH) F, CAST(-17 AS DECIMAL(36,0)) G`,
    );
    assert.deepEqual(data, [['1'], ['-0.001'], ['0.7'], ['100.12'], ['2018-04-03 18:36:40.553000'], ['+05-03'], ['-17']]);
  });

  it('reads the empty string back as NULL', async () => {
    await s.execute(`CREATE TABLE E (V VARCHAR(10), C CHAR(3))`, ctx());
    await s.execute(`INSERT INTO E VALUES ('', '')`, ctx());
    const { data } = await query(s, 'SELECT V, C, (SELECT COUNT(*) FROM E WHERE V IS NULL) N FROM E');
    assert.deepEqual(data, [[null], [null], [1]]);
  });

  it('gives expressions derived types and Exasol names', async () => {
    const { columns, data } = await query(s, `select 1 as x, 2, 'abc', count(*), current_session, 1.5 FROM dual`);
    assert.deepEqual(columns.map((c) => c.name), ['X', '2', "'abc'", 'COUNT(*)', 'CURRENT_SESSION', '1.5']);
    assert.deepEqual(columns[0]!.dataType, { type: 'DECIMAL', precision: 1, scale: 0 });
    assert.deepEqual(columns[2]!.dataType, { type: 'CHAR', size: 3, characterSet: 'UTF8' });
    assert.deepEqual(columns[3]!.dataType, { type: 'DECIMAL', precision: 18, scale: 0 });
    assert.deepEqual(columns[4]!.dataType, { type: 'DECIMAL', precision: 20, scale: 0 });
    assert.deepEqual(columns[5]!.dataType, { type: 'DECIMAL', precision: 2, scale: 1 });
    assert.deepEqual(data, [[1], [2], ['abc'], [1], ['1750902846820319232'], ['1.5']]);
  });

  it('types SUM of a decimal as DECIMAL(36,s) and keeps quoted identifier case', async () => {
    await s.execute(`CREATE TABLE "MixedCase" ("lower" DECIMAL(10,2), UPPER INT)`, ctx());
    await s.execute(`INSERT INTO "MixedCase" VALUES (1.25, 1), (2.5, 2)`, ctx());
    const { columns, data } = await query(s, `SELECT SUM("lower") AS S, "lower", upper FROM "MixedCase" GROUP BY "lower", upper ORDER BY 2`);
    assert.deepEqual(columns.map((c) => c.name), ['S', 'lower', 'UPPER']);
    assert.deepEqual(columns[0]!.dataType, { type: 'DECIMAL', precision: 36, scale: 2 });
    assert.deepEqual(columns[1]!.dataType, { type: 'DECIMAL', precision: 10, scale: 2 });
    assert.deepEqual(data, [['1.25', '2.5'], ['1.25', '2.5'], [1, 2]]);
  });

  it('writes scaled decimals exactly for random values (fast and bigint paths agree)', () => {
    let seed = 12345;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let i = 0; i < 20000; i++) {
      const scale = 1 + (rnd() % 20);
      const v = (BigInt(rnd()) * BigInt(rnd() % 4194304) * (rnd() % 2 ? 1n : -1n)) / BigInt(1 + (rnd() % 1000));
      // reference: place the point into the digit string
      const neg = v < 0n;
      const digits = (neg ? -v : v).toString().padStart(scale + 1, '0');
      const int = digits.slice(0, digits.length - scale);
      const frac = digits.slice(digits.length - scale).replace(/0+$/, '');
      const expected = (neg && (int !== '0' || frac !== '') ? '-' : '') + int + (frac ? '.' + frac : '');
      assert.equal(decimalText(v, scale), expected, `${v} scale ${scale}`);
    }
  });

  it('writes DOUBLEs and BOOLEANs as text in one layout (CAST AS VARCHAR, ||, TO_CHAR), DECIMALs and integers exactly', async () => {
    const { data } = await query(
      s,
      `SELECT CAST(1E15 AS VARCHAR(30)) A, CAST(0.1E0 AS VARCHAR(30)) B, 'x' || CAST(3 AS DOUBLE) C, TO_CHAR(1.5E-10) D, 'x' || 1/4E0 E,
        CAST(TRUE AS VARCHAR(5)) F, 'x' || FALSE G, TO_CHAR(TRUE) H, 'x' || CAST(NULL AS BOOLEAN) I,
        'x' || CAST(1.20 AS DECIMAL(10,2)) J, 'x' || CAST(123456789012345678901 AS DECIMAL(30,0)) K, CAST(CAST(9007199254740993 AS BIGINT) AS VARCHAR(20)) L`,
    );
    assert.deepEqual(data, [['1E15'], ['0.1'], ['x3'], ['1.5E-10'], ['x0.25'], ['TRUE'], ['xFALSE'], ['TRUE'], ['x'], ['x1.20'], ['x123456789012345678901'], ['9007199254740993']]);
  });

  it('types DECIMAL products as DECIMAL(min(36, p1 + p2), s1 + s2), exact, and fails beyond 36 digits', async () => {
    await s.execute(`CREATE TABLE P (D DECIMAL(18,0), E DECIMAL(10,2), I INT, F DOUBLE)`, ctx());
    await s.execute(`INSERT INTO P VALUES (999999999999999999, 12345678.91, 3, 1.5)`, ctx());
    const { columns, data } = await query(s, `SELECT D * D A, D * E B, E * E C, I * 2 D, I * I * I E, I * F F, 99999 * 99999 G, LENGTH('ab') * 2 H FROM P`);
    assert.deepEqual(columns.map((c) => c.dataType), [
      { type: 'DECIMAL', precision: 36, scale: 0 },
      { type: 'DECIMAL', precision: 28, scale: 2 },
      { type: 'DECIMAL', precision: 20, scale: 4 },
      { type: 'DECIMAL', precision: 19, scale: 0 },
      { type: 'DECIMAL', precision: 36, scale: 0 },
      { type: 'DOUBLE' },
      { type: 'DECIMAL', precision: 10, scale: 0 },
      columns[7]!.dataType, // an integer function's product keeps DuckDB's integer (functions taking it want an integer)
    ]);
    assert.deepEqual(data, [['999999999999999998000000000000000001'], ['12345678909999999987654321.09'], ['152415787748818.7881'], ['6'], ['27'], [4.5], [9999800001], [4]]);
    await assert.rejects(s.execute('SELECT D * D * D FROM P', ctx()), (e: unknown) => (e as { sqlCode?: string }).sqlCode === '22002');
  });

  it('reads a CHAR(n) column as text padded to n: LENGTH, ||, CAST AS VARCHAR (comparisons keep the value)', async () => {
    await s.execute(`CREATE TABLE CP (C CHAR(10), V VARCHAR(10), N INT)`, ctx());
    await s.execute(`INSERT INTO CP VALUES ('ab', 'ab', 1), (NULL, 'x', 2)`, ctx());
    const { data } = await query(s, `SELECT LENGTH(C) L, LENGTH(V) LV, C || '|' K, CAST(C AS VARCHAR(20)) || '|' K2, t.C || V K3 FROM CP t ORDER BY N`);
    assert.deepEqual(data, [[10, null], [2, 1], ['ab        |', '|'], ['ab        |', '|'], ['ab        ab', 'x']]);
    assert.deepEqual((await query(s, `SELECT COUNT(*) FROM CP WHERE C = 'ab'`)).data, [[1]]);
  });

  it('turns NaN doubles into null', async () => {
    const { data } = await query(s, `SELECT CAST('NaN' AS DOUBLE) N, CAST(4.827728e-28 AS DOUBLE) SMALL, CAST(1.7976e308 AS DOUBLE) BIG`);
    assert.deepEqual(data, [[null], [4.827728e-28], [1.7976e308]]);
  });
});
