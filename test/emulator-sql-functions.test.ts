// The Exasol SQL analysts write first, checked against the results docs.exasol.com documents for each function
// (the examples of the function pages where there are some; otherwise values that follow from the documented rules):
// format models, date arithmetic, LISTAGG/GROUP_CONCAT, regular expressions, string functions, LIMIT, ROWNUM, ROWID,
// and the Exasol-style error for functions the emulator lacks.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EngineError, type Engine, type SqlSession } from '../src/emulator/sql/contract';
import { createEngine } from '../src/emulator/sql/engine';
import { parseJson } from '../src/protocol';
import { failsWith, firstRow, statementContext } from './support/engine-probe';

const ctx = statementContext;

describe('emulator-sql functions analysts write first', () => {
  let engine: Engine;
  let s: SqlSession;
  before(async () => {
    engine = await createEngine({});
    s = await engine.openSession({ sessionId: '21', userName: 'SYS' });
  });
  after(async () => {
    await s.close();
    await engine.close();
  });

  /** The first row of a query as name -> value, and the column types. */
  const row = (sql: string) => firstRow(s, sql);
  async function column(sql: string): Promise<unknown[]> {
    const o = await s.execute(sql, ctx());
    if (o.kind !== 'resultSet') throw new Error('expected rows');
    const r = await o.rows.read(0, 1 << 20, 100);
    await o.rows.close();
    return (parseJson(r.json) as unknown[][])[0]!;
  }
  const fails = (sql: string, text: RegExp): Promise<void> => failsWith(s, sql, '42000', text);


  it('TO_CHAR with date/time format models', async () => {
    const { values, types } = await row(
      `SELECT TO_CHAR(TIMESTAMP '1999-12-31 23:59:00', 'HH24:MI:SS DD-MM-YYYY') A, TO_CHAR(DATE '2024-03-05', 'YYYY-MM') B,
              TO_CHAR(DATE '2024-03-05', 'Day, DD. Month YYYY') C, TO_CHAR(DATE '2024-03-05', 'MON Mon mon DY Q IW DDD') D,
              TO_CHAR(TIMESTAMP '2024-03-05 13:04:05.123456', 'HH12:MI:SS AM FF1 FF3 FF6 FF9 SSSSS') E,
              TO_CHAR(DATE '2021-01-03', 'IYYY-IW YYYY-WW') F, TO_CHAR(DATE '2020-01-01', 'YYYY "year" Q') G FROM DUAL`,
    );
    assert.deepEqual(values, {
      A: '23:59:00 31-12-1999', // the documented example
      B: '2024-03',
      C: 'Tuesday  , 05. March     2024', // MONTH and DAY padded to their longest value (9)
      D: 'MAR Mar mar TUE 1 10 065',
      E: '01:04:05 PM 1 123 123456 123456000 47045',
      F: '2020-53 2021-01', // 2021-01-03 is in ISO week 53 of 2020
      G: '2020 year 1',
    });
    assert.equal(types.A!.type, 'VARCHAR');
  });

  it('TO_CHAR of a column: the monthly rollup', async () => {
    await s.execute('CREATE SCHEMA FN', ctx());
    await s.execute('CREATE TABLE ORDERS (ID INT, ORDER_DATE DATE, TOTAL DECIMAL(10,2))', ctx());
    await s.execute("INSERT INTO ORDERS VALUES (1, DATE '2024-01-05', 10.50), (2, DATE '2024-01-30', 4.25), (3, DATE '2024-02-01', 1)", ctx());
    const o = await s.execute("SELECT TO_CHAR(ORDER_DATE, 'YYYY-MM') AS MONTH_, SUM(TOTAL) AS T FROM ORDERS GROUP BY 1 ORDER BY 1", ctx());
    if (o.kind !== 'resultSet') throw new Error('expected rows');
    const r = await o.rows.read(0, 1 << 20, 10);
    await o.rows.close();
    const [months, totals] = parseJson(r.json) as unknown[][];
    assert.deepEqual(months, ['2024-01', '2024-02']);
    assert.deepEqual(totals!.map(Number), [14.75, 1]);
  });

  it('TO_CHAR with number format models', async () => {
    const { values } = await row("SELECT TO_CHAR(12.345, '999.99') A, TO_CHAR(-0.5, '90.99') B, TO_CHAR(12345, '999') C, TO_CHAR(7, 'FM000') D, TO_CHAR(0.5, '999.99') E FROM DUAL");
    assert.deepEqual(values, { A: '  12.35', B: ' -0.50', C: '####', D: '007', E: '    .50' });
  });

  it('TO_DATE, TO_TIMESTAMP and TO_NUMBER', async () => {
    const { values, types } = await row(
      `SELECT TO_DATE('31.12.1999', 'DD.MM.YYYY') A, TO_TIMESTAMP('1999-12-31 23:59:58.123', 'YYYY-MM-DD HH24:MI:SS.FF3') B,
              TO_DATE('05-MAR-2024', 'DD-MON-YYYY') C, TO_NUMBER('+123') D, TO_NUMBER('-123.45', '99999.999') E, TO_NUMBER('1,234.5', '9,999.9') F FROM DUAL`,
    );
    assert.equal(values.A, '1999-12-31');
    assert.equal(values.B, '1999-12-31 23:59:58.123000');
    assert.equal(values.C, '2024-03-05');
    assert.equal(values.D, 123); // documented: TO_NUMBER('+123') = 123, a DOUBLE without a format
    assert.equal(Number(values.E), -123.45); // documented: -123.450, DECIMAL(8,3) from the format
    assert.equal(Number(values.F), 1234.5);
    assert.deepEqual([types.A!.type, types.B!.type, types.D!.type], ['DATE', 'TIMESTAMP', 'DOUBLE']);
    assert.deepEqual(types.E, { type: 'DECIMAL', precision: 8, scale: 3 });
    await assert.rejects(s.execute("SELECT TO_DATE('2024-13-01', 'YYYY-MM-DD') FROM DUAL", ctx()), (e: unknown) => e instanceof EngineError && e.sqlCode === '22018');
  });

  it('date arithmetic: DAYS/MONTHS/SECONDS_BETWEEN, ADD_*, LAST_DAY, EXTRACT, DATE_TRUNC, CONVERT_TZ', async () => {
    const { values } = await row(
      `SELECT DAYS_BETWEEN(DATE '1999-12-31', DATE '2000-01-01') DB1, DAYS_BETWEEN(TIMESTAMP '2000-01-01 12:00:00', TIMESTAMP '1999-12-31 00:00:00') DB2,
              MONTHS_BETWEEN(DATE '2000-01-01', DATE '1999-12-15') MB1, MONTHS_BETWEEN(TIMESTAMP '2000-01-01 12:00:00', TIMESTAMP '1999-06-01 00:00:00') MB2,
              MONTHS_BETWEEN(DATE '2000-02-29', DATE '2000-01-31') MB3,
              SECONDS_BETWEEN(TIMESTAMP '2000-01-01 12:01:02.345', TIMESTAMP '2000-01-01 12:00:00') SB,
              LAST_DAY(DATE '2003-01-02') LD, ADD_MONTHS(DATE '2000-01-31', 1) AM, ADD_DAYS(DATE '2000-02-28', 2) AD, ADD_WEEKS(DATE '2000-01-01', 2) AW,
              ADD_YEARS(DATE '2000-02-29', 1) AY, ADD_HOURS(TIMESTAMP '2000-01-01 23:00:00', 2) AH,
              EXTRACT(SECOND FROM TIMESTAMP '2000-10-01 12:22:59.123') ES, EXTRACT(MONTH FROM DATE '2000-10-01') EM,
              DATE_TRUNC('month', TIMESTAMP '2006-12-31 23:59:59') DT,
              CONVERT_TZ(TIMESTAMP '2012-05-10 12:00:00', 'UTC', 'EUROPE/BERLIN') CT FROM DUAL`,
    );
    assert.equal(values.DB1, -1); // documented
    assert.equal(values.DB2, 1); // documented: only the dates count
    assert.ok(Math.abs((values.MB1 as number) - 0.548387096774194) < 1e-12, String(values.MB1)); // documented
    assert.equal(values.MB2, 7); // documented
    assert.equal(values.MB3, 1, 'both last days of their months: a whole number');
    assert.equal(Number(values.SB), 62.345); // documented: with the fraction
    assert.equal(values.LD, '2003-01-31'); // documented
    assert.match(String(values.AM), /^2000-02-29/);
    assert.match(String(values.AD), /^2000-03-01/);
    assert.match(String(values.AW), /^2000-01-15/);
    assert.match(String(values.AY), /^2001-02-28/);
    assert.equal(values.AH, '2000-01-02 01:00:00.000000');
    assert.equal(Number(values.ES), 59.123);
    assert.equal(values.EM, 10);
    assert.equal(values.DT, '2006-12-01 00:00:00.000000');
    assert.equal(values.CT, '2012-05-10 14:00:00.000000'); // CEST is UTC+2
  });

  it('LISTAGG and GROUP_CONCAT', async () => {
    await s.execute('CREATE TABLE EMP (ID INT, DEPT VARCHAR(10), HIRED DATE)', ctx());
    await s.execute(
      `INSERT INTO EMP VALUES (2005, 'ACCOUNTS', DATE '2013-01-01'), (2003, 'ACCOUNTS', DATE '2015-07-01'), (2002, 'ACCOUNTS', DATE '2017-01-01'),
        (1003, 'HR', DATE '2014-01-01'), (1002, 'HR', DATE '2016-01-01')`,
      ctx(),
    );
    const o = await s.execute(
      `SELECT DEPT, GROUP_CONCAT(ID ORDER BY HIRED SEPARATOR ', ') G, GROUP_CONCAT(DISTINCT DEPT) GD, LISTAGG(ID) L0,
              LISTAGG(ID, '|') WITHIN GROUP (ORDER BY ID) L1 FROM EMP GROUP BY DEPT ORDER BY DEPT`,
      ctx(),
    );
    if (o.kind !== 'resultSet') throw new Error('expected rows');
    const r = parseJson((await o.rows.read(0, 1 << 20, 10)).json) as unknown[][];
    await o.rows.close();
    assert.deepEqual(r[1], ['2005, 2003, 2002', '1003, 1002']); // documented shape: SEPARATOR ', ' in hire order
    assert.deepEqual(r[2], ['ACCOUNTS', 'HR']);
    assert.equal((r[3] as string[])[1]!.length, 8, 'LISTAGG: no delimiter by default');
    assert.deepEqual(r[4], ['2002|2003|2005', '1002|1003']);
    assert.deepEqual(await column("SELECT GROUP_CONCAT(ID) OVER (PARTITION BY DEPT ORDER BY HIRED ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM EMP WHERE DEPT = 'ACCOUNTS' ORDER BY HIRED"), ['2005,2003', '2005,2003,2002', '2003,2002']);
    await fails("SELECT LISTAGG(ID, ',' ON OVERFLOW IGNORE) FROM EMP", /LISTAGG ON OVERFLOW IGNORE is not a valid ON OVERFLOW clause/);
  });

  it('regular expressions: REGEXP_LIKE, REGEXP_INSTR, REGEXP_SUBSTR, REGEXP_REPLACE', async () => {
    const { values } = await row(
      `SELECT REGEXP_INSTR('Phone: +497003927877678', '\\+?\\d+') I1,
              REGEXP_INSTR('From: my_mail@yahoo.com - To: SERVICE@EXASOL.COM', '(?i)[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,4}', 1, 2) I2,
              REGEXP_INSTR('a1b22', '[0-9]+', 1, 2, 1) I3, REGEXP_INSTR('abc', 'x') I4,
              REGEXP_SUBSTR('a1b22c333', '[0-9]+', 1, 2) S1, REGEXP_SUBSTR('abc', '[0-9]+') S2,
              REGEXP_REPLACE('a1b22c333', '[0-9]+', '#') R1, REGEXP_REPLACE('a1b22c333', '[0-9]+', '#', 1, 2) R2,
              REGEXP_REPLACE('a1b22c333', '[0-9]+') R3, REGEXP_REPLACE('John Doe', '(\\w+) (\\w+)', '\\2, \\1') R4 FROM DUAL`,
    );
    assert.deepEqual(values, { I1: 8, I2: 31, I3: 6, I4: 0, S1: '22', S2: null, R1: 'a#b#c#', R2: 'a1b#c333', R3: 'abc', R4: 'Doe, John' }); // I1, I2 documented
    assert.deepEqual(
      await column("SELECT X FROM (VALUES ('my_mail@yahoo.com'), ('no mail'), ('A@B.DE')) T(X) WHERE X REGEXP_LIKE '(?i)[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,4}' ORDER BY X"),
      ['A@B.DE', 'my_mail@yahoo.com'],
    );
    assert.deepEqual(await column("SELECT X FROM (VALUES ('abc'), ('xabcx')) T(X) WHERE X NOT REGEXP_LIKE 'abc'"), ['xabcx'], 'the whole string must match');
  });

  it('DATE + / - a year-month interval literal stays a DATE, the day clamped to the month end as ADD_MONTHS does', async () => {
    const { values, types } = await row(
      `SELECT DATE '2020-01-31' + INTERVAL '1' MONTH A, DATE '2020-03-31' - INTERVAL '1' MONTH B, DATE '2020-01-31' + INTERVAL '1-1' YEAR TO MONTH C,
              DATE '2020-02-29' + INTERVAL '1' YEAR E, ADD_MONTHS(DATE '2020-01-31', 1) F, TIMESTAMP '2020-01-31 10:00:00' + INTERVAL '1' MONTH D FROM DUAL`,
    );
    assert.deepEqual(values, { A: '2020-02-29', B: '2020-02-29', C: '2021-02-28', E: '2021-02-28', F: '2020-02-29', D: '2020-02-29 10:00:00.000000' });
    for (const k of ['A', 'B', 'C', 'E', 'F']) assert.equal(types[k]!.type, 'DATE', k);
    assert.equal(types.D!.type, 'TIMESTAMP');
  });

  it('PERCENTILE_CONT / PERCENTILE_DISC (also with OVER), RATIO_TO_REPORT, KEEP (DENSE_RANK FIRST|LAST ...)', async () => {
    await s.execute('CREATE SCHEMA AN', ctx());
    await s.execute('CREATE TABLE AN.E (ID INT, DEPT VARCHAR(10), SAL DECIMAL(9,0))', ctx());
    await s.execute("INSERT INTO AN.E VALUES (1, 'A', 55000), (2, 'A', 65000), (3, 'B', 70000), (4, 'B', 80000), (5, 'B', 90000)", ctx());
    await s.execute('OPEN SCHEMA FN', ctx()); // CREATE SCHEMA opened AN; the other tests work in FN
    const o = await s.execute(
      `SELECT PERCENTILE_CONT(0.7) WITHIN GROUP (ORDER BY SAL) OVER (PARTITION BY DEPT) P, PERCENTILE_DISC(0.7) WITHIN GROUP (ORDER BY SAL) OVER (PARTITION BY DEPT) Q,
              RATIO_TO_REPORT(SAL) OVER (PARTITION BY DEPT) R FROM AN.E ORDER BY ID`,
      ctx(),
    );
    if (o.kind !== 'resultSet') throw new Error('expected rows');
    const cols = parseJson((await o.rows.read(0, 1 << 20, 100)).json) as number[][];
    await o.rows.close();
    assert.deepEqual(cols[0], [62000, 62000, 84000, 84000, 84000]); // linear interpolation between the two nearest values
    assert.deepEqual(cols[1], [65000, 65000, 90000, 90000, 90000]); // the first value whose cumulative share reaches 0.7
    assert.deepEqual(cols[2]!.map((x) => Math.round(x * 1e8) / 1e8), [0.45833333, 0.54166667, 0.29166667, 0.33333333, 0.375]);
    const { values, types } = await row(
      'SELECT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY SAL) P, PERCENTILE_CONT(0.25) WITHIN GROUP (ORDER BY SAL DESC) PD, PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY SAL) D FROM AN.E',
    );
    assert.deepEqual(values, { P: 70000, PD: 80000, D: 70000 });
    assert.deepEqual([types.P!.type, types.D], ['DOUBLE', { type: 'DECIMAL', precision: 9, scale: 0 }]);
    await fails('SELECT RATIO_TO_REPORT(SAL) FROM AN.E', /RATIO_TO_REPORT takes one argument and is an analytic function/);
    // KEEP (DENSE_RANK FIRST|LAST ORDER BY ...): the aggregate over the rows ranked first (last), also with OVER
    const k = await s.execute(
      `SELECT DEPT, MAX(ID) KEEP (DENSE_RANK FIRST ORDER BY SAL) F, MIN(ID) KEEP (DENSE_RANK LAST ORDER BY SAL) L,
              SUM(SAL) KEEP (DENSE_RANK FIRST ORDER BY SAL DESC) S FROM AN.E GROUP BY DEPT ORDER BY DEPT`,
      ctx(),
    );
    if (k.kind !== 'resultSet') throw new Error('expected rows');
    assert.deepEqual(parseJson((await k.rows.read(0, 1 << 20, 100)).json), [['A', 'B'], [1, 3], [2, 5], ['65000', '90000']]);
    await k.rows.close();
    const w = await s.execute('SELECT MAX(ID) KEEP (DENSE_RANK LAST ORDER BY SAL) OVER (PARTITION BY DEPT) W FROM AN.E ORDER BY ID', ctx());
    if (w.kind !== 'resultSet') throw new Error('expected rows');
    assert.deepEqual(parseJson((await w.rows.read(0, 1 << 20, 100)).json), [[2, 2, 5, 5, 5]]);
    await w.rows.close();
    await fails('SELECT MAX(ID) KEEP (DENSE_RANK FIRST ORDER BY SAL, ID) FROM AN.E', /KEEP is emulated for one ORDER BY expression/);
  });

  it('SECOND keeps the fraction: p digits (documented example), 3 without p, a DECIMAL(2 + p, p)', async () => {
    const { values, types } = await row(
      "SELECT SECOND(TIMESTAMP '2010-10-20 11:59:40.123', 2) S2, SECOND(TIMESTAMP '2010-10-20 11:59:40.123456') S, SECOND('2010-10-20 11:59:07.5', 0) S0, " +
        "CAST('2 12:50:10.123' AS INTERVAL DAY TO SECOND(2)) I FROM DUAL",
    );
    assert.deepEqual(values, { S2: '40.12', S: '40.123', S0: 7, I: '+02 12:50:10.12' }); // DAY TO SECOND(2) is no call
    assert.deepEqual([types.S2, types.S, types.S0], [
      { type: 'DECIMAL', precision: 4, scale: 2 },
      { type: 'DECIMAL', precision: 5, scale: 3 },
      { type: 'DECIMAL', precision: 2, scale: 0 },
    ]);
  });

  it('string functions: INSTR, LPAD/RPAD, TRANSLATE, EDIT_DISTANCE, INITCAP, OCTET_LENGTH', async () => {
    const { values } = await row(
      `SELECT INSTR('abcabcabc', 'cab') I1, INSTR('user1,user2,user3,user4,user5', 'user', -1, 2) I2, INSTR('CORPORATE FLOOR', 'OR', 3, 2) I3, INSTR('aaa', 'aa', 1, 2) I4, INSTR('abc', 'x') I5,
              LPAD('abc', 5, 'X') L1, LPAD('abc', 5) L2, LPAD('abcdef', 3) L3, RPAD('abc', 5, 'X') R1, RPAD('abc', 6, 'xy') R2,
              TRANSLATE('abcd', 'abc', 'xy') T, EDIT_DISTANCE('schmitt', 'Schmidt') E FROM DUAL`,
    );
    assert.deepEqual(values, { I1: 3, I2: 19, I3: 14, I4: 2, I5: 0, L1: 'XXabc', L2: '  abc', L3: 'abc', R1: 'abcXX', R2: 'abcxyx', T: 'xyd', E: 2 });
    // INITCAP: the documented example, then word ends at non-alphanumerics; OCTET_LENGTH counts UTF-8 bytes
    const more = await row("SELECT INITCAP('ExAsOl is great') A, INITCAP('hello-wORLD o''neil 3rd äbc') B, OCTET_LENGTH('äöü') C, OCTET_LENGTH('abc') D FROM DUAL");
    assert.deepEqual(more.values, { A: 'Exasol Is Great', B: "Hello-World O'Neil 3rd Äbc", C: 6, D: 3 });
  });

  it('|| chains inside the arguments of rewritten functions keep their values (DECODE, TO_CHAR, DATE_TRUNC, LISTAGG, EXTRACT)', async () => {
    // A chain `x || y` becomes CONCAT(x, y); an argument that is a whole chain once lost its CONCAT( and )
    // and DECODE answered a struct's text ("{'': 'b'}") instead of 'ab'.
    const { values } = await row(
      `SELECT DECODE(1, 1, 'a' || 'b', 'c') D1, DECODE('a' || 'b', 'ab', 'y' || 'es', 'no') D2, 'x' || DECODE(2, 1, 'a', 2, '(' || 'b)', 'c') || 'y' D3,
              DECODE(NULL, NULL, 'n' || NULL, 'c') D4, TO_CHAR(TO_DATE('2024-03-' || '05', 'YYYY-MM-DD'), 'YYYY-MM') || '!' T1,
              TO_CHAR(DATE_TRUNC('month', DATE '2024-03-05'), 'YYYY-MM-DD') || '|' || 'z' T2,
              CAST(EXTRACT(SECOND FROM TIMESTAMP '2024-03-05 13:04:05.25') AS DECIMAL(5,2)) || 's' E, DATE '2024-03-05' || '!' L FROM DUAL`,
    );
    assert.deepEqual(values, { D1: 'ab', D2: 'yes', D3: 'x(b)y', D4: 'n', T1: '2024-03!', T2: '2024-03-01|z', E: '5.25s', L: '2024-03-05!' });
    assert.deepEqual(await column("SELECT LISTAGG(N || '-' || ID, ',') WITHIN GROUP (ORDER BY ID) FROM (SELECT 1 ID, 'a' N UNION ALL SELECT 2, 'b')"), ['a-1,b-2']);
    // an unaliased LISTAGG ... WITHIN GROUP is named by its text, as other expressions are (not by DuckDB's rewrite)
    const named = await row("SELECT LISTAGG(N, ',') WITHIN GROUP (ORDER BY N) FROM (SELECT 'a' N)");
    assert.deepEqual(named.values, { "LISTAGG(N, ',') WITHIN GROUP (ORDER BY N)": 'a' });
  });

  it('LIMIT with OFFSET (both spellings), ROWNUM and ROWID', async () => {
    const q = 'SELECT ID FROM EMP ORDER BY ID';
    assert.deepEqual(await column(`${q} LIMIT 2 OFFSET 1`), [1003, 2002]);
    assert.deepEqual(await column(`${q} LIMIT 1, 2`), [1003, 2002]);
    const { values, types } = await row('SELECT ROWNUM, ID FROM (SELECT ID FROM EMP ORDER BY ID) T');
    assert.equal(values.ROWNUM, 1);
    assert.deepEqual(types.ROWNUM, { type: 'DECIMAL', precision: 18, scale: 0 });
    assert.deepEqual(await column('SELECT ROWNUM FROM EMP'), [1, 2, 3, 4, 5]);
    const ids = await column('SELECT ROWID FROM EMP');
    assert.equal(new Set(ids).size, 5, 'ROWID tells the rows apart');
    assert.deepEqual(await column(`SELECT ID FROM EMP WHERE ROWID = ${String(ids[2])}`), [2002]);
  });

  it('ADD_DAYS, TRUNC and DATE_TRUNC keep DATEs in a database file of an old storage version (temporary macros per connection)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exa-old-'));
    const file = join(dir, 'old.duckdb');
    try {
      const { DuckDBInstance } = await import('@duckdb/node-api');
      const old = await DuckDBInstance.create(file); // DuckDB's default storage version: no typed macros
      const con = await old.connect();
      await con.run('CREATE TABLE main.T (D DATE)');
      con.closeSync();
      old.closeSync();
      const e2 = await createEngine({ database: file });
      const s2 = await e2.openSession({ sessionId: '22', userName: 'SYS' });
      try {
        const o = await s2.execute("SELECT ADD_DAYS(DATE '2000-02-28', 1) A, TRUNC(DATE '2000-02-28', 'MM') B, DATE_TRUNC('year', DATE '2000-02-28') C FROM DUAL", ctx());
        if (o.kind !== 'resultSet') throw new Error('expected rows');
        const r = parseJson((await o.rows.read(0, 1 << 20, 1)).json) as unknown[][];
        await o.rows.close();
        assert.deepEqual(o.rows.columns.map((c) => c.dataType.type), ['DATE', 'DATE', 'DATE']);
        assert.deepEqual(r, [['2000-02-29'], ['2000-02-01'], ['2000-01-01']]);
        // a large result is read on a cursor connection of its own: it has the macros too
        const big = await s2.execute("SELECT ADD_DAYS(DATE '2000-01-01', CAST(i AS INT)) D FROM range(20000) t(i) ORDER BY 1", ctx());
        if (big.kind !== 'resultSet') throw new Error('expected rows');
        const last = parseJson((await big.rows.read(19999, 1 << 20, 1)).json) as unknown[][];
        await big.rows.close();
        assert.deepEqual(last, [['2054-10-03']]); // 2000-01-01 + 19999 days
      } finally {
        await s2.close();
        await e2.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('unknown functions and wrong arguments give Exasol-style 42000 errors naming the function', async () => {
    await fails('SELECT NO_SUCH_FN(1) FROM DUAL', /^function or script NO_SUCH_FN not found \[line 1, column 8\]$/);
    await fails('SELECT no_such_agg(ID) FROM EMP', /^function or script NO_SUCH_AGG not found \[line 1, column 8\]$/);
    await fails('SELECT LPAD() FROM DUAL', /^function LPAD cannot be called with these arguments \[line 1, column 8\]$/);
    await fails("SELECT TO_CHAR(DATE '2020-01-01', 'XYZ') FROM DUAL", /^TO_CHAR: invalid format model 'XYZ': unknown element at 'XYZ' \[line 1, column 8\]$/);
    await fails("SELECT TO_CHAR(DATE '2020-01-01', ID) FROM EMP", /needs a string literal as format model of TO_CHAR/);
    await fails("SELECT TO_CHAR(DATE '2020-01-01', 'YYYY', 'NLS_DATE_LANGUAGE=FRA') FROM DUAL", /only NLS_DATE_LANGUAGE=ENG or DEU is emulated/);
    await fails('SELECT ID FROM EMP WHERE ROWNUM < 3', /^ROWNUM in WHERE is not emulated \(use LIMIT\) \[line 1, column 26\]$/);
    await fails("SELECT TO_DATE('1', 'Q') FROM DUAL", /^TO_DATE: format element Q is not emulated for parsing \[line 1, column 8\]$/);
    await fails("SELECT CONVERT_TZ(TIMESTAMP '2020-01-01 00:00:00', 'UTC', 'MARS/OLYMPUS') FROM DUAL", /invalid time zone name 'MARS\/OLYMPUS'/);
  });
});
