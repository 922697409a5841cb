// More of docs.exasol.com's SQL reference examples over real sockets (raw protocol, exact wire values and
// column metadata): each test names the documented example (or usage note) it checks. Where the docs give no
// result type, the type asserted is the emulator's documented assumption (README, SQL engine fidelity).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { toRows, WireClient } from './support/wire-client';
import { oneRow, queryResult } from './support/wire-result';

describe('emulator-sql docs examples (2) over sockets', () => {
  let emu: RunningEmulator;
  let c: WireClient;
  before(async () => {
    emu = await startEmulator({});
    c = await WireClient.connect(emu.url);
    await c.ok({ command: 'execute', sqlText: 'CREATE SCHEMA DOCS2' });
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
  const today = (): string => new Date().toISOString().slice(0, 10);

  it("CURRENT_DATE / CURRENT_TIMESTAMP / SYSDATE / USER alone in a select list: the docs' examples (SELECT CURRENT_DATE;)", async () => {
    for (const [sql, type] of [
      ['SELECT CURRENT_DATE', 'DATE'],
      ['SELECT CURRENT_TIMESTAMP', 'TIMESTAMP WITH LOCAL TIME ZONE'],
      ['SELECT SYSDATE', 'DATE'],
      ['SELECT LOCALTIMESTAMP', 'TIMESTAMP'],
      ['SELECT SYSTIMESTAMP', 'TIMESTAMP'],
    ] as const) {
      const before = today();
      const { columns, rows } = await query(sql);
      const day = String(rows[0]![0]).slice(0, 10);
      assert.equal(columns[0]!.name, sql.slice(7), sql);
      assert.equal(columns[0]!.dataType.type, type, sql);
      assert.match(String(rows[0]![0]), type === 'DATE' ? /^\d{4}-\d\d-\d\d$/ : /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/, sql);
      assert.ok(day === before || day === today(), `${sql}: ${String(rows[0]![0])}`); // the UTC session's day
    }
    // CURRENT_DATE next to other items and in expressions; USER is CURRENT_USER (its name, VARCHAR(128) UTF8)
    const both = await query('SELECT CURRENT_DATE, CURRENT_TIMESTAMP, USER, CURRENT_USER, DAYS_BETWEEN(CURRENT_DATE, SYSDATE) D');
    assert.deepEqual(both.columns.map((x) => x.name), ['CURRENT_DATE', 'CURRENT_TIMESTAMP', 'USER', 'CURRENT_USER', 'D']);
    assert.deepEqual(both.columns[2]!.dataType, { type: 'VARCHAR', size: 128, characterSet: 'UTF8' });
    assert.deepEqual(both.rows[0]!.slice(2), ['SYS', 'SYS', 0]);
    // still usable as column defaults
    await run('CREATE TABLE DOCS2.STAMPED (ID INT, D DATE DEFAULT CURRENT_DATE, T TIMESTAMP DEFAULT CURRENT_TIMESTAMP)');
    await run('INSERT INTO DOCS2.STAMPED (ID) VALUES (1)');
    assert.deepEqual((await query('SELECT ID, D = CURRENT_DATE, T IS NOT NULL FROM DOCS2.STAMPED')).rows, [[1, true, true]]);
  });

  it('YEAR / MONTH / DAY / HOUR / MINUTE / SECOND / WEEK: the docs\' examples, and "can also be applied on strings" (usage notes)', async () => {
    const { v, t } = await row(
      `SELECT YEAR(DATE '2010-10-20') Y1, MONTH(DATE '2010-10-20') M1, DAY(DATE '2010-10-20') D1, HOUR(TIMESTAMP '2010-10-20 11:59:40.123') H1,
              MINUTE(TIMESTAMP '2010-10-20 11:59:40.123') MI1, SECOND(TIMESTAMP '2010-10-20 11:59:40.123', 2) S1, WEEK(DATE '2012-01-05') W1,
              YEAR('2010-10-20') Y2, MONTH('2010-10-20') M2, DAY('2010-10-20') D2, HOUR('2010-10-20 11:59:40') H2, MINUTE('2010-10-20 11:59:40') MI2,
              SECOND('2010-10-20 11:59:40.123', 2) S2, WEEK('2012-01-05') W2, DAY(CAST(NULL AS VARCHAR(10))) N`,
    );
    assert.deepEqual(v, { Y1: 2010, M1: 10, D1: 20, H1: 11, MI1: 59, S1: '40.12', W1: 1, Y2: 2010, M2: 10, D2: 20, H2: 11, MI2: 59, S2: '40.12', W2: 1, N: null });
    assert.deepEqual(t.S2, { type: 'DECIMAL', precision: 4, scale: 2 });
    // WEEK and GROUPING_ID are no reserved words in Exasol: aliases without AS
    assert.deepEqual((await row("SELECT WEEK(DATE '2012-01-05') WEEK, 1 GROUPING_ID")).v, { WEEK: 1, GROUPING_ID: 1 });
    // such aliases also right after a column (`SELECT c NAME`), not in DDL (`PRIMARY KEY`)
    await run('CREATE TABLE DOCS2.KEYED (ID INT PRIMARY KEY, NAME VARCHAR(10), VALUE INT)');
    await run("INSERT INTO DOCS2.KEYED (ID, NAME, VALUE) VALUES (1, 'n', 2)");
    assert.deepEqual((await row('SELECT NAME TYPE, K.VALUE WEEK, ID KEY FROM DOCS2.KEYED K')).v, { TYPE: 'n', WEEK: 2, KEY: 1 });
    // a type's precision is no call: INTERVAL DAY(2) TO SECOND(3), '100' HOUR(3), YEAR(2) TO MONTH
    const iv = await row("SELECT CAST('5-3' AS INTERVAL YEAR(2) TO MONTH) I, INTERVAL '100' HOUR(3) J, CAST('2 12:00:00' AS INTERVAL DAY(2) TO SECOND(3)) K");
    assert.deepEqual(iv.v, { I: '+05-03', J: '+004 04:00:00.000', K: '+02 12:00:00.000' });
  });

  it('RANDOM([m, n]): a DOUBLE in [0, 1] or in [m, n] (SELECT RANDOM() RANDOM_1, RANDOM(5,20) RANDOM_2;)', async () => {
    const { columns, rows } = await query('SELECT RANDOM() RANDOM_1, RANDOM(5,20) RANDOM_2 FROM VALUES 1, 2, 3, 4, 5, 6, 7, 8 AS T(X)');
    assert.deepEqual(columns.map((x) => x.dataType.type), ['DOUBLE', 'DOUBLE']);
    for (const [a, b] of rows as number[][]) {
      assert.ok(a! >= 0 && a! <= 1, String(a));
      assert.ok(b! >= 5 && b! <= 20, String(b));
    }
    assert.ok(new Set(rows.map((r) => r[0])).size > 1, 'one value per row');
  });

  it("TRUNC[ATE](number): TRUNCATE is TRUNC's other name (SELECT TRUNC(123.456,2) TRUNC;)", async () => {
    const { v, t } = await row("SELECT TRUNCATE(123.456, 2) T1, TRUNC(123.456, 2) T2, TRUNCATE(-123.456) T3, TRUNCATE(DATE '2006-12-31', 'MM') T4");
    assert.deepEqual(v, { T1: '123.45', T2: '123.45', T3: -123, T4: '2006-12-01' });
    assert.deepEqual(t.T1, t.T2);
    assert.equal(t.T4!.type, 'DATE');
  });

  it('FIRST_VALUE / LAST_VALUE as aggregate functions (no OVER): a value of each group; with OVER analytic as before', async () => {
    await run('CREATE TABLE DOCS2.EMP (DEPT VARCHAR(10), NAME VARCHAR(10), SALARY DECIMAL(8,2))');
    await run("INSERT INTO DOCS2.EMP VALUES ('HR', 'ANNA', 1000), ('IT', 'BEN', 3000), ('IT', 'BEN', 2000)");
    const agg = await query('SELECT DEPT, FIRST_VALUE(NAME) F, LAST_VALUE(NAME) L, COUNT(*) C FROM DOCS2.EMP GROUP BY DEPT ORDER BY DEPT');
    assert.deepEqual(agg.rows, [['HR', 'ANNA', 'ANNA', 1], ['IT', 'BEN', 'BEN', 2]]);
    assert.deepEqual(agg.columns[1]!.dataType, { type: 'VARCHAR', size: 10, characterSet: 'UTF8' }); // a value of NAME: its type
    const an = await query('SELECT SALARY, FIRST_VALUE(SALARY) OVER (ORDER BY SALARY DESC) TOP FROM DOCS2.EMP ORDER BY SALARY');
    assert.deepEqual(an.rows, [['1000', '3000'], ['2000', '3000'], ['3000', '3000']]);
  });

  it("TO_CHAR(datetime, format, 'NLS_DATE_LANGUAGE=DEU'): the docs' example 16. DEZ 2013, and German day and month names", async () => {
    const { v } = await row(
      "SELECT TO_CHAR(DATE '2013-12-16', 'DD. MON YYYY', 'NLS_DATE_LANGUAGE=DEU') TO_CHAR, " +
        "TO_CHAR(DATE '2013-03-17', 'Day, DD. Month YYYY', 'NLS_DATE_LANGUAGE=DEU') LONG_NAMES, " +
        "TO_CHAR(DATE '2013-12-16', 'DD. MON YYYY', 'NLS_DATE_LANGUAGE=ENG') ENGLISH",
    );
    assert.deepEqual(v, { TO_CHAR: '16. DEZ 2013', LONG_NAMES: 'Sonntag   , 17. März      2013', ENGLISH: '16. DEC 2013' });
    // more elements of the date/time format models: J (Julian day), CC (century), ID (ISO day of the week)
    const more = await row("SELECT TO_CHAR(DATE '2000-01-01', 'J CC ID') A, TO_CHAR(DATE '2001-01-01', 'CC') B, TO_CHAR(DATE '2024-03-10', 'ID') C");
    assert.deepEqual(more.v, { A: '2451545 20 6', B: '21', C: '7' });
  });

  it("EXTRACT: the docs' example (EXS 59.123, EXM 10, EXH 23): an INTERVAL DAY TO SECOND's fields, not its total hours", async () => {
    const { v, t } = await row(
      `SELECT EXTRACT(SECOND FROM TIMESTAMP '2000-10-01 12:22:59.123') EXS, EXTRACT(MONTH FROM DATE '2000-10-01') EXM,
              EXTRACT(HOUR FROM INTERVAL '1 23:59:30.123' DAY TO SECOND) EXH`,
    );
    assert.deepEqual(v, { EXS: '59.123', EXM: 10, EXH: 23 });
    assert.deepEqual(t.EXH, { type: 'DECIMAL', precision: 18, scale: 0 });
    // every field the usage notes list for intervals; negative intervals give negative fields
    const iv = await row(
      `SELECT EXTRACT(DAY FROM INTERVAL '1 23:59:30.123' DAY TO SECOND) D, EXTRACT(MINUTE FROM INTERVAL '1 23:59:30.123' DAY TO SECOND) MI,
              EXTRACT(SECOND FROM INTERVAL '1 23:59:30.123' DAY TO SECOND) S, EXTRACT(HOUR FROM INTERVAL '-1 23:59:30.5' DAY TO SECOND) NH,
              EXTRACT(YEAR FROM INTERVAL '3-11' YEAR TO MONTH) Y, EXTRACT(MONTH FROM INTERVAL '3-11' YEAR TO MONTH) M,
              EXTRACT(MONTH FROM INTERVAL '27' MONTH) M27, EXTRACT(YEAR FROM NULL) N,
              EXTRACT(HOUR FROM TIMESTAMP '2020-02-03 04:05:06' - TIMESTAMP '2020-02-01 00:00:00') DH`,
    );
    assert.deepEqual(iv.v, { D: 1, MI: 59, S: '30.123', NH: -23, Y: 3, M: 11, M27: 3, N: null, DH: 4 });
  });

  it("JSON_VALUE: the docs' examples (NULL ON EMPTY DEFAULT 'invalid name' ON ERROR; '$' of scalars; RETURNING)", async () => {
    await run('CREATE OR REPLACE TABLE DOCS2.JSON_INPUT(ID INT, JSON VARCHAR(2000000))');
    await run(`INSERT INTO DOCS2.JSON_INPUT VALUES (1, '{"name" : "Smith"}'), (2, '{"surname" : "Smith"}'), (3, '{"name" : 1'), (4, '{"name" : "Doe"}')`);
    const names = await query(`SELECT ID, JSON_VALUE(JSON, '$.name' NULL ON EMPTY DEFAULT 'invalid name' ON ERROR) AS "JSON value" FROM DOCS2.JSON_INPUT ORDER BY ID`);
    assert.deepEqual(names.rows, [[1, 'Smith'], [2, null], [3, 'invalid name'], [4, 'Doe']]);
    // "The default type is VARCHAR(2000000)"
    assert.deepEqual(names.columns[1], { name: 'JSON value', dataType: { type: 'VARCHAR', size: 2000000, characterSet: 'UTF8' } });
    await run('CREATE OR REPLACE TABLE DOCS2.JSON_INPUT(ID INT, JSON VARCHAR(2000000))');
    await run(`INSERT INTO DOCS2.JSON_INPUT VALUES (1, 'true'), (2, 'false'), (3, 'null'), (4, '42'), (5, '1.0'), (6, '"Exasol"')`);
    const scalars = await query(`SELECT ID, JSON_VALUE(JSON, '$') AS RESULT_VALUE FROM DOCS2.JSON_INPUT ORDER BY ID`);
    assert.deepEqual(scalars.rows, [[1, 'true'], [2, 'false'], [3, null], [4, '42'], [5, '1.0'], [6, 'Exasol']]);
    const lax = await query(`SELECT ID, JSON_VALUE(JSON, 'lax $') AS RESULT_VALUE FROM DOCS2.JSON_INPUT ORDER BY ID`);
    assert.deepEqual(lax.rows, scalars.rows);
    const { v, t } = await row(
      `SELECT JSON_VALUE('{"name": "Bob", "age": 42}', '$.age' RETURNING DECIMAL(5,0)) AGE, JSON_VALUE('{"a": [1, 2]}', '$.a') ARR,
              JSON_VALUE('{"a": [1, 2]}', '$.a[1]') ELEM, JSON_VALUE('{"first name": "Claire"}', '$."first name"') FIRST_NAME,
              JSON_VALUE('{"a": "x"}', '$.a' RETURNING DECIMAL(5,0) DEFAULT -1 ON ERROR) BAD, JSON_VALUE(NULL, '$.name') NULL_INPUT`,
    );
    assert.deepEqual(v, { AGE: 42, ARR: null, ELEM: '2', FIRST_NAME: 'Claire', BAD: -1, NULL_INPUT: null });
    assert.deepEqual(t.AGE, { type: 'DECIMAL', precision: 5, scale: 0 });
    // JSON Error Handling: ERROR ON ERROR / ERROR ON EMPTY raise a data exception
    for (const sqlText of [`SELECT JSON_VALUE('{"name" : "John"', '$.name' ERROR ON ERROR)`, `SELECT JSON_VALUE('[1, 2, 3]', '$[4]' ERROR ON EMPTY)`]) {
      const r = await c.request({ command: 'execute', sqlText });
      assert.equal(r.status, 'error', sqlText);
      assert.match(r.exception.text, /^data exception - /);
    }
  });

  it("TYPEOF: the changelog's examples (DECIMAL(18,0) for INT, CHAR(5) UTF8, VARCHAR(40) UTF8 for TYPEOF itself), the type sent for the expression", async () => {
    await run('CREATE TABLE DOCS2.TYPE_TABLE (INT_COL INT, CHAR_COL CHAR(5), V VARCHAR(20), D DECIMAL(10,2), DT DATE, B BOOLEAN, DB DOUBLE)');
    await run('INSERT INTO DOCS2.TYPE_TABLE VALUES (NULL, NULL, NULL, NULL, NULL, NULL, NULL)');
    const int = await query('SELECT TYPEOF(int_col) AS type FROM DOCS2.TYPE_TABLE');
    assert.deepEqual(int.rows, [['DECIMAL(18,0)']]);
    assert.deepEqual(int.columns[0], { name: 'TYPE', dataType: { type: 'VARCHAR', size: 40, characterSet: 'UTF8' } });
    assert.deepEqual((await query('SELECT TYPEOF(char_col) AS type FROM DOCS2.TYPE_TABLE')).rows, [['CHAR(5) UTF8']]);
    assert.deepEqual((await query('SELECT TYPEOF(TYPEOF(int_col)) FROM DOCS2.TYPE_TABLE')).rows, [['VARCHAR(40) UTF8']]);
    // declared columns, expressions typed as the emulator sends them, literals as the docs type them
    const { v } = await row(
      `SELECT TYPEOF(V) A, TYPEOF(D) B, TYPEOF(DT) C, TYPEOF(B) E, TYPEOF(DB) F, TYPEOF(D * 2) G, TYPEOF(T.INT_COL) H,
              TYPEOF(1) I, TYPEOF('abc') J, TYPEOF(1.5) K, TYPEOF(CAST(1 AS DOUBLE)) L, TYPEOF(HASH_MD5('a')) M FROM DOCS2.TYPE_TABLE T`,
    );
    assert.deepEqual(v, {
      A: 'VARCHAR(20) UTF8', B: 'DECIMAL(10,2)', C: 'DATE', E: 'BOOLEAN', F: 'DOUBLE', G: 'DECIMAL(11,2)', H: 'DECIMAL(18,0)',
      I: 'DECIMAL(1,0)', J: 'CHAR(3) UTF8', K: 'DECIMAL(2,1)', L: 'DOUBLE', M: 'CHAR(32) ASCII',
    });
    const typed = await query('SELECT D * 2 X FROM DOCS2.TYPE_TABLE');
    assert.deepEqual(typed.columns[0]!.dataType, { type: 'DECIMAL', precision: 11, scale: 2 });
    // "the same for each row": usable in WHERE
    assert.equal((await query(`SELECT INT_COL FROM DOCS2.TYPE_TABLE WHERE TYPEOF(INT_COL) = 'DECIMAL(18,0)'`)).rows.length, 1);
  });

  it("CONVERT_TZ with the fourth parameter: the docs' example ('INVALID REJECT AMBIGUOUS REJECT' on 2012-03-25 02:30 Berlin fails) and every option", async () => {
    assert.deepEqual((await row("SELECT CONVERT_TZ(TIMESTAMP '2012-05-10 12:00:00', 'UTC', 'Europe/Berlin') CONVERT_TZ")).v, { CONVERT_TZ: '2012-05-10 14:00:00.000000' });
    const rejected = await c.request({
      command: 'execute',
      sqlText: "SELECT CONVERT_TZ(TIMESTAMP '2012-03-25 02:30:00', 'Europe/Berlin', 'UTC', 'INVALID REJECT AMBIGUOUS REJECT') CONVERT_TZ",
    });
    assert.equal(rejected.status, 'error');
    assert.equal(rejected.exception.sqlCode, '22002');
    assert.match(rejected.exception.text, /^data exception - invalid timestamp/);
    // the gap (02:00-03:00 does not exist on 2012-03-25) and the doubled hour (02:00-03:00 twice on 2012-10-28)
    const opt = (ts: string, o: string): string => `CONVERT_TZ(TIMESTAMP '${ts}', 'Europe/Berlin', 'UTC', '${o}')`;
    const { v, t } = await row(
      `SELECT ${opt('2012-03-25 02:30:00', 'INVALID SHIFT AMBIGUOUS REJECT')} SHIFTED, ${opt('2012-03-25 02:30:00', 'INVALID ADJUST AMBIGUOUS REJECT')} ADJUSTED,
              ${opt('2012-03-25 02:30:00', 'INVALID NULLIFY AMBIGUOUS REJECT')} NULLIFIED, ${opt('2012-10-28 02:30:00', 'INVALID REJECT AMBIGUOUS ST')} ST,
              ${opt('2012-10-28 02:30:00', 'INVALID REJECT AMBIGUOUS DST')} DST, ${opt('2012-10-28 02:30:00', 'INVALID REJECT AMBIGUOUS NULLIFY')} AMB_NULL,
              ${opt('2012-06-01 12:00:00', 'ENSURE REVERSIBILITY')} PLAIN, CONVERT_TZ(TIMESTAMP '2012-03-25 02:30:00', 'Europe/Berlin', 'UTC') DEFAULT_BEHAVIOR`,
    );
    assert.deepEqual(v, {
      SHIFTED: '2012-03-25 01:30:00.000000', ADJUSTED: '2012-03-25 01:00:00.000000', NULLIFIED: null, ST: '2012-10-28 01:30:00.000000',
      DST: '2012-10-28 00:30:00.000000', AMB_NULL: null, PLAIN: '2012-06-01 10:00:00.000000', DEFAULT_BEHAVIOR: '2012-03-25 01:30:00.000000',
    });
    assert.equal(t.SHIFTED!.type, 'TIMESTAMP');
    for (const sqlText of [
      `SELECT ${opt('2012-10-28 02:30:00', 'INVALID SHIFT AMBIGUOUS REJECT')}`,
      `SELECT ${opt('2012-10-28 02:30:00', 'ENSURE REVERSIBILITY')}`,
      "SELECT CONVERT_TZ(TIMESTAMP '2012-10-28 00:30:00', 'UTC', 'Europe/Berlin', 'ENSURE REVERSIBILITY')", // 02:30 Berlin happens twice
    ]) {
      const r = await c.request({ command: 'execute', sqlText });
      assert.equal(r.status, 'error', sqlText);
      assert.equal(r.exception.sqlCode, '22002', sqlText);
    }
  });

  it("LISTAGG ... ON OVERFLOW TRUNCATE ['filler'] [WITH|WITHOUT COUNT] is accepted (the syntax of the docs' listagg_overflow)", async () => {
    await run('CREATE TABLE DOCS2.STAFF (DEPT VARCHAR(10), NAME VARCHAR(10))');
    await run("INSERT INTO DOCS2.STAFF VALUES ('HR', 'Mark'), ('HR', 'Anna'), ('IT', 'Ben')");
    const { rows, columns } = await query(
      `SELECT DEPT, LISTAGG(NAME, ', ' ON OVERFLOW TRUNCATE '...' WITH COUNT) WITHIN GROUP (ORDER BY NAME) A,
              LISTAGG(NAME, '; ' ON OVERFLOW TRUNCATE) WITHIN GROUP (ORDER BY NAME DESC) B, LISTAGG(NAME ON OVERFLOW ERROR) WITHIN GROUP (ORDER BY NAME) C
       FROM DOCS2.STAFF GROUP BY DEPT ORDER BY DEPT`,
    );
    assert.deepEqual(rows, [['HR', 'Anna, Mark', 'Mark; Anna', 'AnnaMark'], ['IT', 'Ben', 'Ben', 'Ben']]);
    assert.deepEqual(columns[1]!.dataType, { type: 'VARCHAR', size: 2000000, characterSet: 'UTF8' });
  });

  it("SESSION_PARAMETER(session, name): the docs' example (NLS_FIRST_DAY_OF_WEEK of CURRENT_SESSION is 7), ALTER SESSION values", async () => {
    const other = await WireClient.connect(emu.url);
    try {
      const before = await other.ok({ command: 'execute', sqlText: "SELECT SESSION_PARAMETER(CURRENT_SESSION, 'NLS_FIRST_DAY_OF_WEEK')" });
      assert.deepEqual(toRows(before.responseData.results[0].resultSet.data), [['7']]);
      await other.ok({ command: 'execute', sqlText: 'ALTER SESSION SET NLS_FIRST_DAY_OF_WEEK = 1' });
      const after = await other.ok({
        command: 'execute',
        sqlText: "SELECT SESSION_PARAMETER(CURRENT_SESSION, 'nls_first_day_of_week') D, SESSION_PARAMETER(CURRENT_SESSION, 'NLS_DATE_FORMAT') F",
      });
      assert.deepEqual(toRows(after.responseData.results[0].resultSet.data), [['1', 'YYYY-MM-DD']]);
    } finally {
      await other.close();
    }
  });

  it('FIRST_VALUE(x) IGNORE NULLS OVER (...): the changelog examples (12113: null treatment after the parentheses; 19723: NTH_VALUE ... EXCLUDE CURRENT ROW)', async () => {
    await run('CREATE OR REPLACE TABLE DOCS2.T (C1 INT, C2 VARCHAR(30), C3 INT)');
    await run("INSERT INTO DOCS2.T VALUES (1, NULL, 1), (1, 'text 1', 2), (2, 'text 2', 1), (2, NULL, 2)");
    const ordered = await query('select c1, first_value(c2) ignore nulls over (partition by c1 order by c3) as c2_first_order, c3 from DOCS2.T order by c1, c3');
    assert.deepEqual(ordered.rows, [[1, null, 1], [1, 'text 1', 2], [2, 'text 2', 1], [2, 'text 2', 2]]);
    const unordered = await query('select c1, first_value(c2) ignore nulls over (partition by c1) as c2_first_no_order, c3 from DOCS2.T order by c1, c3');
    assert.deepEqual(unordered.rows, [[1, 'text 1', 1], [1, 'text 1', 2], [2, 'text 2', 1], [2, 'text 2', 2]]);
    const respect = await query('select c1, last_value(c2) respect nulls over (partition by c1 order by c3 rows between unbounded preceding and unbounded following) l from DOCS2.T order by c1, c3');
    assert.deepEqual(respect.rows, [[1, 'text 1'], [1, 'text 1'], [2, null], [2, null]]);
    await run('CREATE OR REPLACE TABLE DOCS2.T2 (X INT, Y INT)');
    await run('INSERT INTO DOCS2.T2 VALUES (1, 1), (2, 2), (3, 3)');
    const nth = await query('select x, nth_value(y, 1 ignore nulls) over(order by x rows between 1 preceding and 1 following exclude current row) from DOCS2.T2 order by x');
    assert.deepEqual(nth.rows, [[1, 2], [2, 1], [3, 2]]); // "Expected: 2 for x=1 and x=3, 1 for x=2"
    const lagged = await query('select x, lag(y) ignore nulls over (order by x) from DOCS2.T2 order by x');
    assert.deepEqual(lagged.rows, [[1, null], [2, 1], [3, 2]]);
  });

  it("MEDIAN is PERCENTILE_CONT(0.5) (usage notes: an alias): interpolated also for integers, the docs' aggregate and analytic forms", async () => {
    await run('CREATE TABLE DOCS2.EMPLOYEE_TABLE (ID INT, DEPARTMENT VARCHAR(10), AGE INT)');
    await run(
      "INSERT INTO DOCS2.EMPLOYEE_TABLE VALUES (2001, 'ACCOUNTS', 30), (2002, 'ACCOUNTS', 32), (2003, 'ACCOUNTS', 27), (2004, 'ACCOUNTS', 42), " +
        "(2005, 'ACCOUNTS', 42), (1001, 'HR', 30), (1002, 'HR', 34), (1003, 'HR', 40), (1004, 'HR', 31)",
    );
    const agg = await query('SELECT DEPARTMENT, MEDIAN(AGE) MEDIAN_AGE, PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY AGE) P FROM DOCS2.EMPLOYEE_TABLE GROUP BY DEPARTMENT ORDER BY DEPARTMENT');
    assert.deepEqual(agg.rows, [['ACCOUNTS', 32, 32], ['HR', 32.5, 32.5]]); // HR: 30, 31, 34, 40 -> 32.5 (DuckDB's median of an INT gave 32)
    assert.deepEqual(agg.columns[1]!.dataType, agg.columns[2]!.dataType);
    const an = await query('SELECT ID, MEDIAN(AGE) OVER (PARTITION BY DEPARTMENT) MEDIAN_AGE FROM DOCS2.EMPLOYEE_TABLE ORDER BY ID');
    assert.deepEqual(an.rows.map((r) => r[1]), [32.5, 32.5, 32.5, 32.5, 32, 32, 32, 32, 32]);
  });

  it('MIN / MAX / FIRST_VALUE of a column keep its declared type; aggregate and window calls as || operands', async () => {
    await run('CREATE TABLE DOCS2.NAMES (G VARCHAR(5), C CHAR(3), X INT, T TIMESTAMP)');
    await run("INSERT INTO DOCS2.NAMES VALUES ('a', 'x', 1, TIMESTAMP '2020-01-01 10:00:00'), ('b', 'yy', 4, TIMESTAMP '2020-01-02 10:00:00')");
    const types = await query('SELECT MAX(G) MG, MIN(C) MC, MAX(DOCS2.NAMES.G), MIN(DISTINCT G) DG, CAST(MAX(C) AS VARCHAR(10)) C FROM DOCS2.NAMES');
    assert.deepEqual(types.rows, [['b', 'x  ', 'b', 'a', 'yy']]);
    assert.deepEqual(types.columns.map((x) => x.dataType), [
      { type: 'VARCHAR', size: 5, characterSet: 'UTF8' },
      { type: 'CHAR', size: 3, characterSet: 'UTF8' },
      { type: 'VARCHAR', size: 5, characterSet: 'UTF8' },
      { type: 'VARCHAR', size: 5, characterSet: 'UTF8' },
      { type: 'VARCHAR', size: 10, characterSet: 'UTF8' }, // the CAST's type, not that of the column C the alias names
    ]);
    const text = await row(`SELECT MAX(G) || 'x' MM, 'n=' || COUNT(*) N, MAX(T) || '' T, CAST(MAX(C) AS VARCHAR(10)) || '|' C FROM DOCS2.NAMES`);
    assert.deepEqual(text.v, { MM: 'bx', N: 'n=2', T: '2020-01-02 10:00:00.000000', C: 'yy|' });
    const win = await query(`SELECT G || '-' || ROW_NUMBER() OVER (ORDER BY G) R, MAX(X) OVER () || '' M FROM DOCS2.NAMES ORDER BY G`);
    assert.deepEqual(win.rows, [['a-1', '4'], ['b-2', '4']]);
  });

  it("CAST / CONVERT to CHAR(n) / VARCHAR(n): the docs' example (CAST('ABC' AS CHAR(15))), a longer text is 22001 as when stored", async () => {
    const { v, t } = await row("SELECT CAST('ABC' AS CHAR(15)) STRINGCAST, CAST('2006-01-01' AS DATE) DATECAST, CONVERT(VARCHAR(5), 123) C, CAST(12.5 AS VARCHAR(4)) D");
    assert.deepEqual(v, { STRINGCAST: 'ABC            ', DATECAST: '2006-01-01', C: '123', D: '12.5' });
    assert.deepEqual(t.STRINGCAST, { type: 'CHAR', size: 15, characterSet: 'UTF8' });
    for (const sqlText of ["SELECT CAST('abc' AS VARCHAR(2))", "SELECT CAST('abc' AS CHAR(2))", "SELECT CONVERT(VARCHAR(2), 'abc')", 'SELECT CAST(12.5 AS VARCHAR(3))']) {
      const r = await c.request({ command: 'execute', sqlText });
      assert.equal(r.status, 'error', sqlText);
      assert.equal(r.exception.sqlCode, '22001', sqlText);
      assert.match(r.exception.text, /^data exception - string data, right truncation/);
    }
  });

  it("arithmetic on strings: Exasol converts a string operand of +, -, *, / to a number (here a DOUBLE, the emulator's assumption)", async () => {
    await run('CREATE TABLE DOCS2.TEXTNUM (X INT, S VARCHAR(10))');
    await run("INSERT INTO DOCS2.TEXTNUM VALUES (5, ' 7 ')");
    const { v, t } = await row(`SELECT '5' + 1 A, S + 1 B, X - S C, '2.5' + '1' D, X + 1 G FROM DOCS2.TEXTNUM`);
    assert.deepEqual(v, { A: 6, B: 8, C: -2, D: 3.5, G: '6' });
    assert.equal(t.A!.type, 'DOUBLE');
    assert.deepEqual(t.G, { type: 'DECIMAL', precision: 19, scale: 0 }); // numbers keep their exact sums
    // products and quotients (each operator family is typed in its own step: one statement per family here)
    const prod = await row(`SELECT S * 2 E, 3 * '2' H FROM DOCS2.TEXTNUM`);
    assert.deepEqual(prod.v, { E: 14, H: 6 });
    const quot = await row(`SELECT '6' / 4 F FROM DOCS2.TEXTNUM`);
    assert.deepEqual(quot.v, { F: 1.5 });
    assert.deepEqual((await row('SELECT X / S Q FROM DOCS2.TEXTNUM')).v, { Q: 5 / 7 });
    assert.deepEqual([prod.t.E!.type, quot.t.F!.type], ['DOUBLE', 'DOUBLE']);
    const bad = await c.request({ command: 'execute', sqlText: "SELECT 'abc' + 1" });
    assert.equal(bad.status, 'error');
    assert.equal(bad.exception.sqlCode, '22018');
  });

  it('numbers as the string argument of string functions are converted to text, as Exasol converts them (LENGTH(12345) = 5)', async () => {
    const { v } = await row(
      `SELECT LENGTH(12345) L, UPPER(1.5) U, REVERSE(123) R, LEFT(12345, 2) LF, RIGHT(12345, 2) RT, TRANSLATE(12345, '12', 'ab') T,
              TRIM(123) TR, ASCII(5) A, REPEAT(1, 3) RP, LOWER(DATE '2020-01-01') D, LENGTH(CAST(2.5 AS DOUBLE)) LD`,
    );
    assert.deepEqual(v, { L: 5, U: '1.5', R: '321', LF: '12', RT: '45', T: 'ab345', TR: '123', A: 53, RP: '111', D: '2020-01-01', LD: 3 });
    await run('CREATE TABLE DOCS2.CHARS (C CHAR(6), N INT)');
    await run("INSERT INTO DOCS2.CHARS VALUES ('ab', 42), ('xyz', 7)");
    // a CHAR(6) column: LENGTH counts its blanks (as before), UPPER sees the value; aggregates as arguments
    const chars = await query('SELECT LENGTH(C) L, UPPER(C) U, LENGTH(N) LN FROM DOCS2.CHARS ORDER BY N');
    assert.deepEqual(chars.rows, [[6, 'XYZ', 1], [6, 'AB', 2]]);
    assert.deepEqual((await query('SELECT UPPER(MAX(C)) M, LENGTH(MAX(N)) L FROM DOCS2.CHARS')).rows, [['XYZ', 2]]);
    assert.deepEqual((await query("SELECT TRIM(LEADING 'a' FROM 'aab') T")).rows, [['b']]);
  });

  it('TO_NUMBER(string, format) with a sign at the end (MI, S): the format elements of the docs\' numeric format models', async () => {
    const { v, t } = await row(
      "SELECT TO_NUMBER('123-', '999MI') A, TO_NUMBER('45+', '99S') B, TO_NUMBER('-123.45', '99999.999') C, TO_NUMBER('1,234.5', '9,999.9') D",
    );
    assert.deepEqual(v, { A: -123, B: 45, C: '-123.45', D: '1234.5' });
    assert.deepEqual(t.C, { type: 'DECIMAL', precision: 8, scale: 3 });
  });

  it("TRUNC / ROUND (datetime): the docs' format list has SS (seconds) and SYYY; ROUND also to weeks (IW, WW, W, DAY)", async () => {
    const { v, t } = await row(
      `SELECT TRUNC(TIMESTAMP '2006-12-31 23:59:59.567', 'SS') T1, ROUND(TIMESTAMP '2006-12-31 23:59:59.567', 'SS') R1,
              TRUNC(DATE '2006-12-31', 'SYYY') T2, ROUND(DATE '2006-12-27', 'DAY') R2, ROUND(DATE '2006-12-28', 'DAY') R3,
              ROUND(TIMESTAMP '2006-12-28 12:00:00', 'IW') R4, ROUND(DATE '2006-01-05', 'WW') R5, ROUND(DATE '2006-12-18', 'W') R6,
              TRUNC(TIMESTAMP '2006-12-31 23:59:59', 'MI') TRUNC, ROUND(TIMESTAMP '2006-12-31 12:34:58', 'MI') ROUND`,
    );
    assert.deepEqual(v, {
      T1: '2006-12-31 23:59:59.000000', R1: '2007-01-01 00:00:00.000000', T2: '2006-01-01', R2: '2006-12-24', R3: '2006-12-31',
      R4: '2007-01-01 00:00:00.000000', R5: '2006-01-08', R6: '2006-12-15', TRUNC: '2006-12-31 23:59:00.000000', ROUND: '2006-12-31 12:35:00.000000',
    });
    assert.deepEqual([t.T1!.type, t.T2!.type, t.R2!.type], ['TIMESTAMP', 'DATE', 'DATE']);
  });
});
