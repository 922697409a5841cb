// The Exasol SQL analysts write first, over real sockets (raw protocol, exact wire values and column
// metadata): each test names the docs.exasol.com example (or the documented rule) it checks.
// DECIMAL division follows the emulator's documented assumption (README, SQL engine fidelity).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { WireClient } from './support/wire-client';
import { oneRow, queryResult } from './support/wire-result';

describe('emulator-sql docs examples over sockets', () => {
  let emu: RunningEmulator;
  let c: WireClient;
  before(async () => {
    emu = await startEmulator({});
    c = await WireClient.connect(emu.url);
    await c.ok({ command: 'execute', sqlText: 'CREATE SCHEMA DOCS' });
  });
  after(async () => {
    await c.close();
    await emu.close();
  });

  const query = (sqlText: string) => queryResult(c, sqlText);
  const row = (sqlText: string) => oneRow(c, sqlText);
  async function run(sqlText: string): Promise<void> {
    await c.ok({ command: 'execute', sqlText });
  }
  /** A statement that must fail with `sqlCode` and a text matching `text`, never DuckDB's. */
  async function fails(sqlText: string, sqlCode: string, text: RegExp): Promise<void> {
    const r = await c.request({ command: 'execute', sqlText });
    assert.equal(r.status, 'error', sqlText);
    assert.equal(r.exception.sqlCode, sqlCode, r.exception.text);
    assert.match(r.exception.text, text);
    assert.doesNotMatch(r.exception.text, /Binder Error|Catalog Error|Conversion Error|DuckDB|Did you mean|Candidate|EXA_|_LITERAL|bit_count/);
    assert.match(r.exception.text, / \(Session: \d+\)$/);
  }
  const dec = (precision: number, scale: number): Record<string, unknown> => ({ type: 'DECIMAL', precision, scale });

  it('DECIMAL / DECIMAL is an exact DECIMAL rounded half away from zero (rule: scale max(6, s1+p2+1), integer digits p1-s1+s2)', async () => {
    const { v, t } = await row('SELECT 1/3 A, 2/3 B, -2/3 C, 10.5/-4 D, 1/0.5 E, 0.5/3 F FROM DUAL');
    assert.deepEqual(v, { A: '0.333333', B: '0.666667', C: '-0.666667', D: '-2.625', E: '2', F: '0.166667' });
    assert.deepEqual(t.A, dec(7, 6)); // DECIMAL(1,0) / DECIMAL(1,0)
    assert.deepEqual(t.D, dec(8, 6)); // DECIMAL(3,1) / DECIMAL(1,0): 2 integer digits, scale 6
    assert.deepEqual(t.F, dec(7, 6));
    // digits a DOUBLE cannot hold: 999999999999999999 / 0.000000001 is exact (a double would give 1.0E27)
    const big = await row('SELECT 999999999999999999/0.000000001 Q, 123456789012345678901234567890/7 R FROM DUAL');
    assert.deepEqual(big.v, { Q: '999999999999999999000000000', R: '17636684144620811271604938270' });
    assert.deepEqual(big.t.Q, dec(36, 9));
    // rows of one column: small values take 64-bit arithmetic, large ones long division; both exact
    const mixed = await query(
      "SELECT X / 7 Q FROM (VALUES (CAST(1 AS DECIMAL(30,0))), (CAST('123456789012345678901234567891' AS DECIMAL(30,0))), (CAST(-10 AS DECIMAL(30,0)))) T(X)",
    );
    assert.deepEqual(mixed.columns[0]!.dataType, dec(36, 6));
    assert.deepEqual(mixed.rows, [['0.142857'], ['17636684144620811271604938270.142857'], ['-1.428571']]);
  });

  it('DECIMAL columns: division in the select list, WHERE, ORDER BY, aggregates, views and CREATE TABLE AS', async () => {
    await run('CREATE TABLE DOCS.PRICES (ID INT, AMOUNT DECIMAL(10,2), QTY DECIMAL(5,1), RATE DOUBLE)');
    await run('INSERT INTO DOCS.PRICES VALUES (1, 1234.56, 3.0, 2), (2, NULL, 1, 1), (3, -1, 7, 4), (4, 10, 4, 8)');
    const { columns, rows } = await query('SELECT ID, AMOUNT/QTY UNIT, AMOUNT/RATE R FROM DOCS.PRICES WHERE AMOUNT/QTY > 1 ORDER BY AMOUNT/QTY DESC');
    assert.deepEqual(columns.map((x) => x.dataType), [dec(18, 0), dec(17, 8), { type: 'DOUBLE' }]);
    assert.deepEqual(rows, [[1, '411.52', 617.28], [4, '2.5', 1.25]]);
    assert.deepEqual((await row('SELECT SUM(AMOUNT)/COUNT(*) AVG_ FROM DOCS.PRICES')).v.AVG_, '310.89'); // 1243.56 / 4, exact
    assert.deepEqual((await row('SELECT (AMOUNT/QTY)/2 H FROM DOCS.PRICES WHERE ID = 3')).v.H, '-0.07142857'); // nested: (-1/7)/2
    assert.deepEqual((await query('SELECT AMOUNT/QTY FROM DOCS.PRICES WHERE ID = 2')).rows, [[null]]);
    const grouped = await query('SELECT ID/2 HALF, COUNT(*) N FROM DOCS.PRICES GROUP BY ID/2 ORDER BY ID/2');
    assert.deepEqual(grouped.columns[0]!.dataType, dec(24, 6)); // DECIMAL(18,0) / DECIMAL(1,0), the same expression in GROUP BY
    assert.deepEqual(grouped.rows, [['0.5', 1], ['1', 1], ['1.5', 1], ['2', 1]]);
    await run('CREATE VIEW DOCS.UNITS AS SELECT ID, AMOUNT/QTY UNIT FROM DOCS.PRICES');
    await run('CREATE TABLE DOCS.UNITS_T AS SELECT ID, AMOUNT/QTY UNIT FROM DOCS.PRICES');
    for (const name of ['DOCS.UNITS', 'DOCS.UNITS_T']) {
      const r = await query(`SELECT UNIT FROM ${name} WHERE ID = 3`);
      assert.deepEqual(r.columns[0]!.dataType, dec(17, 8), name);
      assert.deepEqual(r.rows, [['-0.14285714']], name);
    }
    await fails('SELECT AMOUNT/(QTY - QTY) FROM DOCS.PRICES WHERE ID = 1', '22012', /^data exception - division by zero/);
    await fails("SELECT 'abc' / 2 FROM DUAL", '22018', /^data exception - invalid character value for cast; Value: 'abc'/);
  });

  it('prepared statements: the described result type of a division is the executed one', async () => {
    const p = (await c.ok({ command: 'createPreparedStatement', sqlText: 'SELECT AMOUNT/QTY UNIT FROM DOCS.PRICES WHERE ID = ?' })).responseData;
    assert.deepEqual(p.results[0].resultSet.columns[0].dataType, dec(17, 8));
    const e = (
      await c.ok({
        command: 'executePreparedStatement',
        statementHandle: p.statementHandle,
        numColumns: 1,
        numRows: 1,
        columns: [{ name: 'ID', dataType: dec(18, 0) }],
        data: [[4]],
      })
    ).responseData.results[0].resultSet;
    assert.deepEqual(e.columns[0].dataType, dec(17, 8));
    assert.deepEqual(e.data, [['2.5']]);
    await c.ok({ command: 'closePreparedStatement', statementHandle: p.statementHandle });
    // a parameter with an alias written without AS
    const q = (await c.ok({ command: 'createPreparedStatement', sqlText: 'SELECT ? X FROM DUAL' })).responseData;
    const cols = q.parameterData.columns;
    const x = await c.ok({ command: 'executePreparedStatement', statementHandle: q.statementHandle, numColumns: 1, numRows: 1, columns: cols, data: [['v']] });
    assert.deepEqual([x.responseData.results[0].resultSet.columns[0].name, x.responseData.results[0].resultSet.data], ['X', [['v']]]);
    await c.ok({ command: 'closePreparedStatement', statementHandle: q.statementHandle });
  });

  it("ADD_DAYS / ADD_WEEKS / ADD_MONTHS / ADD_YEARS: the docs' examples, a DATE stays a DATE, a TIMESTAMP a TIMESTAMP", async () => {
    const { v, t } = await row(
      `SELECT ADD_DAYS(DATE '2000-02-28', 1) AD1, ADD_DAYS(TIMESTAMP '2001-02-28 12:00:00', 1) AD2,
              ADD_MONTHS(DATE '2006-01-31', 1) AM1, ADD_MONTHS(TIMESTAMP '2006-01-31 12:00:00', 2) AM2,
              ADD_WEEKS(DATE '2000-02-29', 1) AW1, ADD_WEEKS(TIMESTAMP '2005-01-31 12:00:00', -1) AW2,
              ADD_YEARS(DATE '2000-02-29', 1) AY1, ADD_YEARS(TIMESTAMP '2005-01-31 12:00:00', -1) AY2 FROM DUAL`,
    );
    assert.deepEqual(v, {
      AD1: '2000-02-29', AD2: '2001-03-01 12:00:00.000000',
      AM1: '2006-02-28', AM2: '2006-03-31 12:00:00.000000',
      AW1: '2000-03-07', AW2: '2005-01-24 12:00:00.000000',
      AY1: '2001-02-28', AY2: '2004-01-31 12:00:00.000000',
    });
    for (const k of ['AD1', 'AM1', 'AW1', 'AY1']) assert.equal(t[k]!.type, 'DATE', k);
    for (const k of ['AD2', 'AM2', 'AW2', 'AY2']) assert.equal(t[k]!.type, 'TIMESTAMP', k);
    // a DATE column stays a DATE through ADD_DAYS into CREATE TABLE AS
    await run("CREATE TABLE DOCS.D AS SELECT ADD_DAYS(DATE '2020-01-01', ID) NEXT_DAY FROM DOCS.PRICES");
    assert.equal((await query('SELECT NEXT_DAY FROM DOCS.D ORDER BY 1')).columns[0]!.dataType.type, 'DATE');
  });

  it("LAST_DAY, DATE_TRUNC, TRUNC and ROUND of dates: the docs' examples and their result types", async () => {
    const { v, t } = await row(
      `SELECT LAST_DAY(DATE '2003-01-02') LD, LAST_DAY(TIMESTAMP '2003-02-02 10:00:00') LD2,
              DATE_TRUNC('month', DATE '2006-12-31') DT1, DATE_TRUNC('minute', TIMESTAMP '2006-12-31 23:59:59') DT2,
              DATE_TRUNC('week', DATE '2024-03-06') DTW, DATE_TRUNC('century', DATE '2006-05-05') DTC,
              TRUNC(DATE '2006-12-31', 'MM') T1, TRUNC(TIMESTAMP '2006-12-31 23:59:59') T2, TRUNC(DATE '2024-03-06', 'IW') T3,
              TRUNC(DATE '2024-03-06', 'DAY') T4, ROUND(DATE '2006-12-16', 'MM') R1, ROUND(TIMESTAMP '2006-12-31 12:00:00') R2,
              ROUND(DATE '2006-07-01', 'YYYY') R3, TRUNC(12.345, 2) N1, ROUND(12.345, 1) N2 FROM DUAL`,
    );
    assert.deepEqual(v, {
      LD: '2003-01-31', LD2: '2003-02-28', // documented: LAST_DAY(DATE '2003-01-02') = 2003-01-31, a DATE
      DT1: '2006-12-01', DT2: '2006-12-31 23:59:00.000000', // the DATE_TRUNC page's two examples
      DTW: '2024-03-03', // weeks start on Sunday (NLS_FIRST_DAY_OF_WEEK's default)
      DTC: '2001-01-01', // PostgreSQL's centuries start in ...01
      T1: '2006-12-01', T2: '2006-12-31 00:00:00.000000', T3: '2024-03-04', T4: '2024-03-03',
      R1: '2007-01-01', R2: '2007-01-01 00:00:00.000000', R3: '2007-01-01',
      N1: '12.34', N2: '12.3',
    });
    for (const k of ['LD', 'LD2', 'DT1', 'DTW', 'DTC', 'T1', 'T3', 'T4', 'R1', 'R3']) assert.equal(t[k]!.type, 'DATE', k);
    for (const k of ['DT2', 'T2', 'R2']) assert.equal(t[k]!.type, 'TIMESTAMP', k);
    await fails("SELECT DATE_TRUNC('fortnight', DATE '2000-01-01') FROM DUAL", '42000', /^DATE_TRUNC: invalid format 'fortnight' \[line 1, column 8\]/);
    await fails("SELECT TRUNC(DATE '2000-01-01', 'XX') FROM DUAL", '42000', /^TRUNC: format element XX is not a datetime format element/);
    await fails("SELECT ROUND(DATE '2000-01-01', 'CC') FROM DUAL", '42000', /^ROUND: format element CC is not emulated/);
  });

  it("DAYS_BETWEEN, MONTHS_BETWEEN, SECONDS_BETWEEN, EXTRACT, CONVERT_TZ, DAYOFWEEK: the docs' examples", async () => {
    const { v } = await row(
      `SELECT DAYS_BETWEEN(DATE '1999-12-31', DATE '2000-01-01') DB1, DAYS_BETWEEN(TIMESTAMP '2000-01-01 12:00:00', TIMESTAMP '1999-12-31 00:00:00') DB2,
              MONTHS_BETWEEN(DATE '2000-01-01', DATE '1999-12-15') MB1,
              SECONDS_BETWEEN(TIMESTAMP '2000-01-01 12:01:02.345', TIMESTAMP '2000-01-01 12:00:00') SB,
              EXTRACT(SECOND FROM TIMESTAMP '2000-10-01 12:22:59.123') EXS, EXTRACT(MONTH FROM DATE '2000-10-01') EXM,
              CONVERT_TZ(TIMESTAMP '2012-05-10 12:00:00', 'UTC', 'Europe/Berlin') CT, DAYOFWEEK(DATE '2003-01-02') DW,
              TO_CHAR(DATE '2003-01-02', 'D') TD FROM DUAL`,
    );
    assert.equal(v.DB1, -1);
    assert.equal(v.DB2, 1);
    assert.ok(Math.abs((v.MB1 as number) - 0.548387096774194) < 1e-12, String(v.MB1));
    assert.equal(v.SB, '62.345');
    assert.equal(v.EXS, '59.123');
    assert.equal(v.EXM, 10);
    assert.equal(v.CT, '2012-05-10 14:00:00.000000');
    assert.equal(v.DW, 5); // documented: DAYOFWEEK(DATE '2003-01-02') = 5 (weeks start on Sunday)
    assert.equal(v.TD, '5');
  });

  it("TO_CHAR / TO_DATE / TO_TIMESTAMP / TO_NUMBER: the docs' examples, with G, D and MI in number formats", async () => {
    const { v, t } = await row(
      `SELECT TO_CHAR(DATE '1999-12-31') C1, TO_CHAR(TIMESTAMP '1999-12-31 23:59:00', 'HH24:MI:SS DD-MM-YYYY') C2,
              TO_CHAR(12345.6789) C3, TO_CHAR(12345.67890, '9999999.999999999') C4, TO_CHAR(-12345.67890, '000G000G000D000000MI') C5,
              TO_CHAR(1234567, '9G999G999') C6, TO_CHAR(12, 'S999') C7, TO_CHAR(TIMESTAMP '2024-03-05 13:04:05.123456', 'YYYY-MM-DD HH24:MI:SS.FF3 Q IW DY') C8,
              TO_DATE('31-12-1999', 'DD-MM-YYYY') D1, TO_DATE('1999-12-31') D2, TO_TIMESTAMP('23:59:00 31-12-1999', 'HH24:MI:SS DD-MM-YYYY') T1,
              TO_NUMBER('+123') N1, TO_NUMBER('-123.45', '99999.999') N2 FROM DUAL`,
    );
    assert.deepEqual(v, {
      C1: '1999-12-31', C2: '23:59:00 31-12-1999', C3: '12345.6789', C4: '   12345.678900000', C5: '000,012,345.678900-',
      C6: ' 1,234,567', C7: ' +12', C8: '2024-03-05 13:04:05.123 1 10 TUE',
      D1: '1999-12-31', D2: '1999-12-31', T1: '1999-12-31 23:59:00.000000', N1: 123, N2: '-123.45',
    });
    assert.deepEqual([t.D1!.type, t.T1!.type, t.N1!.type], ['DATE', 'TIMESTAMP', 'DOUBLE']);
    assert.deepEqual(t.N2, dec(8, 3)); // documented: -123.450, the format's precision and scale
  });

  it("LISTAGG, GROUP_CONCAT, REGEXP_*, INSTR, LPAD/RPAD, TRANSLATE, EDIT_DISTANCE, DECODE, NVL, CASE: the docs' examples", async () => {
    await run('CREATE TABLE DOCS.EMP (ID INT, DEPT VARCHAR(10))');
    await run("INSERT INTO DOCS.EMP VALUES (2005, 'ACCOUNTS'), (2003, 'ACCOUNTS'), (2002, 'ACCOUNTS'), (1003, 'HR'), (1002, 'HR')");
    const agg = await query("SELECT DEPT, LISTAGG(ID, ', ') WITHIN GROUP (ORDER BY ID DESC) L, GROUP_CONCAT(ID ORDER BY ID SEPARATOR '|') G FROM DOCS.EMP GROUP BY DEPT ORDER BY DEPT");
    assert.deepEqual(agg.rows, [['ACCOUNTS', '2005, 2003, 2002', '2002|2003|2005'], ['HR', '1003, 1002', '1002|1003']]);
    const { v } = await row(
      `SELECT REGEXP_INSTR('Phone: +497003927877678', '\\+?\\d+') RI, REGEXP_SUBSTR('my_mail@yahoo.com', '(?i)^[a-z0-9._%+-]+') RS,
              REGEXP_REPLACE('From: my_mail@yahoo.com', '(?i)^From: ([a-z0-9._%+-]+)@([a-z0-9.-]+)', 'Name: \\1 - Domain: \\2') RR,
              CASE WHEN 'a1' REGEXP_LIKE '[a-z][0-9]' THEN 'yes' ELSE 'no' END RL,
              INSTR('abcabcabc', 'cab') I1, INSTR('user1,user2,user3,user4,user5', 'user', -1, 2) I2,
              LPAD('abc', 5, 'X') LP, RPAD('abc', 5, 'X') RP, TRANSLATE('abcd', 'abc', 'xy') TR, EDIT_DISTANCE('schmitt', 'Schmidt') ED,
              DECODE('abc', 'xyz', 1, 'abc', 2, 3) DE, DECODE(NULL, NULL, 'null matches null', 'no') DN, NVL(NULL, 'abc') NV,
              CASE 3 WHEN 1 THEN 'one' WHEN 3 THEN 'three' ELSE 'other' END CS FROM DUAL`,
    );
    assert.deepEqual(v, {
      RI: 8, RS: 'my_mail', RR: 'Name: my_mail - Domain: yahoo.com', RL: 'yes', I1: 3, I2: 19, LP: 'XXabc', RP: 'abcXX', TR: 'xyd', ED: 2,
      DE: 2, DN: 'null matches null', NV: 'abc', CS: 'three',
    });
  });

  it("SUBSTR and REPLACE: the docs' examples and usage notes; '' returned by a string function is NULL", async () => {
    const sub = await row(
      "SELECT SUBSTR('abcdef',2,3) S1, SUBSTRING('abcdef' FROM 4 FOR 2) S2, SUBSTR('abcdef',-3) S3, SUBSTR('abcdef',7) S4, SUBSTR('abcdef',-7) S5, " +
        "SUBSTR('abcdef', 0, 2) S6, MID('abcdef', 0, 2) S7, SUBSTRING('abcdef' FROM 3) S8, SUBSTR('abcdef', -6, 2) S9 FROM DUAL",
    );
    // documented: S1..S5 = bcd, de, def, NULL, NULL; position 0 is the first character, like 1
    assert.deepEqual(sub.v, { S1: 'bcd', S2: 'de', S3: 'def', S4: null, S5: null, S6: 'ab', S7: 'ab', S8: 'cdef', S9: 'ab' });
    const rep = await row(
      "SELECT REPLACE('Apple juice is great','Apple','Orange') REPLACE_1, REPLACE('abcabc', 'b') R2, REPLACE('abcabc', 'b', NULL) R3, " +
        "REPLACE('abcabc', 'b', '') R4, REPLACE('abc', NULL, 'x') R5, REPLACE(NULL, 'a', 'b') R6, REPLACE(123, 2, 9) R7 FROM DUAL",
    );
    // documented: an omitted or NULL replacement deletes the search string; a NULL search string returns the string
    assert.deepEqual(rep.v, { REPLACE_1: 'Orange juice is great', R2: 'acac', R3: 'acac', R4: 'acac', R5: 'abc', R6: null, R7: '193' });
    const empty = await row(
      "SELECT LENGTH(TRIM('  ')) L, NVL(TRIM('  '), 'x') T, NVL(SUBSTR('abc', 5), 'y') S, NVL(REPLACE('aa', 'a'), 'z') R, " +
        "COALESCE(RTRIM('xx', 'x'), 'w') RT, NVL(LEFT('abc', 0), 'l') LE, NVL(REGEXP_REPLACE('aaa', 'a'), 'r') RR FROM DUAL",
    );
    assert.deepEqual(empty.v, { L: null, T: 'x', S: 'y', R: 'z', RT: 'w', LE: 'l', RR: 'r' });
    assert.equal((await query("SELECT SUBSTR('abcdef',2,3), TRIM(' a ') FROM DUAL")).columns.map((x) => x.name).join('|'), "SUBSTR('abcdef',2,3)|TRIM(' a ')");
  });

  it('ORDER BY: NULL is the largest value (last ascending, first descending), also in window functions', async () => {
    await run('CREATE TABLE DOCS.N (ID INT, V INT)');
    await run('INSERT INTO DOCS.N VALUES (1, 10), (2, NULL), (3, 30)');
    assert.deepEqual((await query('SELECT ID FROM DOCS.N ORDER BY V')).rows, [[1], [3], [2]]);
    assert.deepEqual((await query('SELECT ID FROM DOCS.N ORDER BY V DESC')).rows, [[2], [3], [1]]);
    assert.deepEqual((await query('SELECT ID FROM DOCS.N ORDER BY V DESC NULLS LAST')).rows, [[3], [1], [2]]);
    assert.deepEqual((await query('SELECT ID, RANK() OVER (ORDER BY V DESC) R FROM DOCS.N ORDER BY ID')).rows, [[1, 3], [2, 1], [3, 2]]);
  });

  it('datetime + / - a number adds whole days, the number rounded (TIMESTAMP_ARITHMETIC_BEHAVIOR INTERVAL, the default)', async () => {
    const { v, t } = await row(
      `SELECT TIMESTAMP '2024-01-01 10:00:00' + 1 A, TIMESTAMP '2024-01-01 10:00:00' - 1.5 B, DATE '2024-01-31' + 1.5 C, 2 + DATE '2024-01-01' D,
              DATE '2024-01-01' - 0.4 E, DATE '2024-03-01' - DATE '2024-02-01' F, -1 + 2 G, TIMESTAMP '2024-01-01 10:00:00' + 1 - 1 H,
              CASE WHEN 1 = 1 THEN TIMESTAMP '2024-01-01 10:00:00' END + 2 * 3 I, SYSTIMESTAMP - 7 < SYSTIMESTAMP J, CURRENT_TIMESTAMP - 1 < CURRENT_TIMESTAMP K FROM DUAL`,
    );
    assert.deepEqual(v, {
      A: '2024-01-02 10:00:00.000000', B: '2023-12-30 10:00:00.000000', C: '2024-02-02', D: '2024-01-03', E: '2024-01-01', F: 29, G: 1,
      H: '2024-01-01 10:00:00.000000', I: '2024-01-07 10:00:00.000000', J: true, K: true,
    });
    assert.deepEqual([t.A!.type, t.B!.type, t.C!.type, t.D!.type, t.E!.type], ['TIMESTAMP', 'TIMESTAMP', 'DATE', 'DATE', 'DATE']);
    await run('CREATE TABLE DOCS.TS (TS TIMESTAMP, D DATE, N DECIMAL(5,1))');
    await run("INSERT INTO DOCS.TS VALUES (TIMESTAMP '2024-01-01 10:00:00', DATE '2024-01-01', 2.5)");
    const cols = await row("SELECT TS + N A, D + N B, TS - 1 C, N + 1 E FROM DOCS.TS WHERE TS + 1 > TIMESTAMP '2024-01-02 00:00:00'");
    assert.deepEqual(cols.v, { A: '2024-01-04 10:00:00.000000', B: '2024-01-04', C: '2023-12-31 10:00:00.000000', E: '3.5' });
    await run('UPDATE DOCS.TS SET TS = TS + 1');
    assert.deepEqual((await query('SELECT TS FROM DOCS.TS')).rows, [['2024-01-02 10:00:00.000000']]);
    await fails('SELECT TS + NOSUCH FROM DOCS.TS', '42000', /^object NOSUCH not found/);
  });

  it('UNION / MINUS: a literal column takes the type of every branch, never just the first one (1 UNION ALL 2.5 is not rounded)', async () => {
    const u = await query('SELECT 1 X FROM DUAL UNION ALL SELECT 2.5 FROM DUAL');
    assert.deepEqual(u.rows, [['1'], ['2.5']]);
    assert.deepEqual(u.columns[0]!.dataType, dec(2, 1));
    const c = await query("SELECT 'de' X FROM DUAL UNION ALL SELECT 'abc' FROM DUAL");
    assert.deepEqual(c.rows, [['de '], ['abc']]);
    assert.deepEqual(c.columns[0]!.dataType, { type: 'CHAR', size: 3, characterSet: 'UTF8' });
    const p = await query('SELECT 1 X FROM DUAL UNION ALL (SELECT 2.5 FROM DUAL)');
    assert.deepEqual(p.rows, [['1'], ['2.5']]); // a parenthesised branch: DuckDB's type, the values kept
    const w = await query('SELECT CAST(1 AS DECIMAL(5,2)) X FROM DUAL UNION ALL SELECT 123456 FROM DUAL');
    assert.deepEqual([w.columns[0]!.dataType, w.rows], [dec(8, 2), [['1'], ['123456']]]);
    assert.deepEqual((await query('SELECT 12 X FROM DUAL MINUS SELECT 2 FROM DUAL')).columns[0]!.dataType, dec(2, 0));
  });

  it("LIKE: the backslash escapes % and _ without an ESCAPE clause (defaultLikeEscapeCharacter '\\')", async () => {
    await run('CREATE TABLE DOCS.LK (S VARCHAR(10))');
    await run("INSERT INTO DOCS.LK VALUES ('a_b'), ('axb'), ('a\\b'), ('a%b')");
    assert.deepEqual((await query("SELECT S FROM DOCS.LK WHERE S LIKE 'a\\_b' ORDER BY S")).rows, [['a_b']]);
    assert.deepEqual((await query("SELECT S FROM DOCS.LK WHERE S LIKE 'a\\%b' ORDER BY S")).rows, [['a%b']]);
    assert.deepEqual((await query("SELECT S FROM DOCS.LK WHERE S LIKE 'a\\\\b' ORDER BY S")).rows, [['a\\b']]);
    assert.deepEqual((await query("SELECT S FROM DOCS.LK WHERE S NOT LIKE 'a_b' ORDER BY S")).rows, []);
    assert.deepEqual((await query("SELECT S FROM DOCS.LK WHERE S LIKE 'a#_b' ESCAPE '#'")).rows, [['a_b']]);
    assert.equal((await query("SELECT 'x' LIKE 'x' FROM DUAL")).columns[0]!.name, "'x' LIKE 'x'");
  });

  it('DOUBLE: NaN is NULL, a result beyond the DOUBLE range is 22002 (never an infinite value or NULL)', async () => {
    assert.deepEqual((await query("SELECT CAST('NaN' AS DOUBLE) N FROM DUAL")).rows, [[null]]);
    await fails('SELECT CAST(1e308 AS DOUBLE) * 10 FROM DUAL', '22002', /^data exception - numeric value out of range/);
    await fails('SELECT -CAST(1e308 AS DOUBLE) * 10 X FROM DUAL', '22002', /^data exception - numeric value out of range/);
  });

  it('TIMESTAMP to text without a format: the default NLS_TIMESTAMP_FORMAT (FF6) in CAST, TO_CHAR and ||', async () => {
    const { v } = await row(
      `SELECT CAST(TIMESTAMP '2024-01-05 10:11:12.5' AS VARCHAR(30)) A, CAST(TIMESTAMP '2024-01-05 10:11:12' AS VARCHAR(30)) B,
              TO_CHAR(TIMESTAMP '2024-01-05 10:11:12') C, 'at ' || TIMESTAMP '2024-01-05 10:11:12' D, CAST(DATE '2024-01-05' AS VARCHAR(10)) E,
              TO_CHAR(DATE '2024-01-05') F, CAST(12.50 AS VARCHAR(10)) G, NVL(NULL || NULL, 'x') H, 'a' || NULL || 'b' I FROM DUAL`,
    );
    assert.deepEqual(v, {
      A: '2024-01-05 10:11:12.500000', B: '2024-01-05 10:11:12.000000', C: '2024-01-05 10:11:12.000000', D: 'at 2024-01-05 10:11:12.000000',
      E: '2024-01-05', F: '2024-01-05', G: '12.50', H: 'x', I: 'ab',
    });
  });

  it('integer literals in +, -, * are DECIMALs: no INTEGER overflow where Exasol computes the value', async () => {
    const { v, t } = await row(
      'SELECT 99999 * 99999 A, 2147483647 + 1 B, 60 * 60 * 24 * 365 * 1000 C, 3000000000 * 4000000000 D, GREATEST(1, 99999 * 99999) E, ROUND(1.2345, 1 + 1) F FROM DUAL',
    );
    assert.deepEqual(v, { A: 9999800001, B: 2147483648, C: 31536000000, D: '12000000000000000000', E: 9999800001, F: '1.23' });
    assert.deepEqual([t.A, t.B], [dec(10, 0), dec(11, 0)]);
  });

  it("GREATEST / LEAST: the docs' examples; NULL when one argument is NULL (usage notes)", async () => {
    const { v } = await row("SELECT GREATEST(1,5,3) GREATEST, LEAST(3,1,5) LEAST, GREATEST(NULL, 1) A, LEAST(2, NULL) B, GREATEST('a', '') C, GREATEST('a', 'b') D FROM DUAL");
    assert.deepEqual(v, { GREATEST: 5, LEAST: 1, A: null, B: null, C: null, D: 'b' });
  });

  it('numeric functions; AT as an alias without AS (a DuckDB keyword)', async () => {
    const { v } = await row(
      'SELECT CEIL(0.234) C, FLOOR(4.567) F, LOG(2,1024) LG, LOG10(10000) L10, MOD(15,6) M, POWER(2,10) PW, SIGN(-123) SG, ABS(-123.45) AB, ATAN2(1,1) * 4 AT FROM DUAL',
    );
    assert.deepEqual(v, { C: 1, F: 4, LG: 10, L10: 4, M: 3, PW: 1024, SG: -1, AB: '123.45', AT: Math.PI });
  });

  it('LIMIT with OFFSET, ROWNUM and ROWID', async () => {
    assert.deepEqual((await query('SELECT ID FROM DOCS.EMP ORDER BY ID LIMIT 2 OFFSET 1')).rows, [[1003], [2002]]);
    assert.deepEqual((await query('SELECT ID FROM DOCS.EMP ORDER BY ID LIMIT 1, 2')).rows, [[1003], [2002]]);
    const rn = await query('SELECT ROWNUM, ID FROM (SELECT ID FROM DOCS.EMP ORDER BY ID) T');
    assert.deepEqual(rn.rows.map((r) => r[0]), [1, 2, 3, 4, 5]);
    assert.deepEqual(rn.columns[0]!.dataType, dec(18, 0));
    const ids = (await query('SELECT ROWID FROM DOCS.EMP')).rows.map((r) => r[0]);
    assert.equal(new Set(ids).size, 5);
  });

  it('functions the emulator lacks fail with an Exasol-style 42000 text naming the function', async () => {
    for (const name of ['ST_AREA', 'NO_SUCH_FUNCTION']) {
      await fails(`SELECT ${name}(1, 2) FROM DUAL`, '42000', new RegExp(`^function or script ${name} not found \\[line 1, column 8\\]`));
    }
    await fails('SELECT ADD_DAYS(DATE \'2000-01-01\') FROM DUAL', '42000', /^function ADD_DAYS cannot be called with these arguments \[line 1, column 8\]/);
    await fails("SELECT TRUNC('abc') FROM DUAL", '42000', /^function TRUNC cannot be called with these arguments \(STRING\) \[line 1, column 8\]/);
    await fails('SELECT DECODE(1, 2) FROM DUAL', '42000', /^function DECODE needs an expression, a search value and a result/);
    await fails('SELECT MONTHS_BETWEEN(1, 2) FROM DUAL', '42000', /^data type mismatch: INTEGER cannot be converted to DATE/);
  });
});
