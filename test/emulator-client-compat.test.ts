// What Python-driver example programs and integration suites do first against a real Exasol, over real sockets:
// CREATE TABLE ... LIKE with a column selection, scripts (stored, listed, refused when run), TIMESTAMP differences
// as INTERVAL DAY(9) TO SECOND(9), the interval functions, and KILL SESSION / KILL STATEMENT.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { toRows, WireClient } from './support/wire-client';

let emu: RunningEmulator;

before(async () => {
  emu = await startEmulator();
  const c = await WireClient.connect(emu.url);
  await c.ok({ command: 'execute', sqlText: 'CREATE SCHEMA COMPAT' });
  await c.ok({ command: 'execute', sqlText: 'CREATE TABLE COMPAT.USERS (USER_ID DECIMAL(18,0), USER_NAME VARCHAR(255), REGISTER_DT DATE, STATUS VARCHAR(50))' });
  await c.close();
});
after(async () => {
  await emu.close();
});

/** A logged-in client with schema COMPAT open. */
async function client(): Promise<WireClient> {
  const c = await WireClient.connect(emu.url);
  await c.ok({ command: 'execute', sqlText: 'OPEN SCHEMA COMPAT' });
  return c;
}

/** Runs a query and returns its column metadata and rows. */
async function query(c: WireClient, sqlText: string): Promise<{ columns: { name: string; dataType: Record<string, unknown> }[]; rows: unknown[][] }> {
  const r = await c.ok({ command: 'execute', sqlText });
  const rs = r.responseData.results[0].resultSet;
  return { columns: rs.columns, rows: toRows(rs.data) };
}

test('CREATE TABLE ... LIKE s (columns) copies the selected columns, in that order, with their declared types', async () => {
  const c = await client();
  try {
    await c.ok({ command: 'execute', sqlText: 'CREATE OR REPLACE TABLE USERS_REORDERED LIKE USERS(REGISTER_DT, STATUS, USER_ID AS ID)' });
    const { columns, rows } = await query(c, 'SELECT * FROM USERS_REORDERED');
    assert.deepEqual(
      columns.map((x) => [x.name, x.dataType]),
      [
        ['REGISTER_DT', { type: 'DATE', size: 4 }],
        ['STATUS', { type: 'VARCHAR', size: 50, characterSet: 'UTF8' }],
        ['ID', { type: 'DECIMAL', precision: 18, scale: 0 }],
      ],
    );
    assert.deepEqual(rows, []);
  } finally {
    await c.close();
  }
});

test('scripts: CREATE SCRIPT keeps the body (semicolons and quotes in it), EXA_ALL_SCRIPTS lists it, DROP SCRIPT removes it', async () => {
  const c = await client();
  try {
    const body = `CREATE OR REPLACE JAVA SET SCRIPT "ECHO_JAVA" ("str" VARCHAR(255) UTF8) RETURNS VARCHAR(255) UTF8 AS
%jvmoption -Xms16m;
class ECHO_JAVA {
    static String run(ExaMetadata exa, ExaIterator ctx) throws Exception { System.out.println("it's; here"); return ctx.getString(0); }
}
`;
    await c.ok({ command: 'execute', sqlText: body });
    await c.ok({ command: 'execute', sqlText: 'CREATE LUA SCALAR SCRIPT COMPAT.ADD_ONE (x DOUBLE) RETURNS DOUBLE AS\nfunction run(ctx) return ctx.x + 1 end\n/' });
    const listed = await query(c, "SELECT SCRIPT_SCHEMA, SCRIPT_NAME, SCRIPT_TYPE, SCRIPT_LANGUAGE, SCRIPT_INPUT_TYPE, SCRIPT_RESULT_TYPE FROM EXA_ALL_SCRIPTS ORDER BY SCRIPT_NAME");
    assert.deepEqual(listed.rows, [
      ['COMPAT', 'ADD_ONE', 'UDF', 'LUA', 'SCALAR', 'RETURNS'],
      ['COMPAT', 'ECHO_JAVA', 'UDF', 'JAVA', 'SET', 'RETURNS'],
    ]);
    const text = await query(c, "SELECT SCRIPT_TEXT FROM SYS.EXA_USER_SCRIPTS WHERE SCRIPT_NAME = 'ECHO_JAVA'");
    assert.equal(text.rows[0]![0], body.trimEnd());
    // a second CREATE without OR REPLACE is a name conflict
    const again = await c.request({ command: 'execute', sqlText: 'CREATE LUA SCALAR SCRIPT ADD_ONE (x DOUBLE) RETURNS DOUBLE AS\nfunction run(ctx) return 1 end' });
    assert.equal(again.status, 'error');
    assert.equal(again.exception.sqlCode, '42500');
    await c.ok({ command: 'execute', sqlText: 'DROP SCRIPT ADD_ONE' });
    await c.ok({ command: 'execute', sqlText: 'DROP SCRIPT IF EXISTS ADD_ONE' });
    const missing = await c.request({ command: 'execute', sqlText: 'DROP SCRIPT ADD_ONE' });
    assert.equal(missing.status, 'error');
    assert.equal(missing.exception.sqlCode, '42000');
    assert.match(missing.exception.text, /^script COMPAT\.ADD_ONE not found \[line 1, column 13\] \(Session: \d+\)$/);
  } finally {
    await c.close();
  }
});

test('scripts: a statement that runs a stored script fails with a 22002 VM error and the session goes on', async () => {
  const c = await client();
  try {
    await c.ok({ command: 'execute', sqlText: 'CREATE OR REPLACE PYTHON3 SCALAR SCRIPT PY_ECHO (s VARCHAR(100)) RETURNS VARCHAR(100) AS\ndef run(ctx):\n    return ctx.s\n' });
    const call = await c.request({ command: 'execute', sqlText: 'SELECT PY_ECHO(USER_NAME) FROM USERS' });
    assert.equal(call.status, 'error');
    assert.equal(call.exception.sqlCode, '22002');
    assert.match(call.exception.text, /^VM error: script COMPAT\.PY_ECHO \(PYTHON3\) cannot run: the emulator has no script language containers \[line 1, column 8\] \(Session: \d+\)$/);
    const exec = await c.request({ command: 'execute', sqlText: 'EXECUTE SCRIPT PY_ECHO()' });
    assert.equal(exec.exception.sqlCode, '22002');
    // an unknown function is still "not found"
    const unknown = await c.request({ command: 'execute', sqlText: 'SELECT NO_SUCH_UDF(1)' });
    assert.equal(unknown.exception.sqlCode, '42000');
    assert.match(unknown.exception.text, /^function or script NO_SUCH_UDF not found/);
    assert.deepEqual((await query(c, 'SELECT 1 FROM DUAL')).rows, [[1]]);
  } finally {
    await c.close();
  }
});

test('TIMESTAMP - TIMESTAMP is an INTERVAL DAY(9) TO SECOND(9); as text and through TO_DSINTERVAL it has that form', async () => {
  const c = await client();
  try {
    const r = await query(
      c,
      "SELECT TIMESTAMP '2021-01-09 17:35:11.297' - TIMESTAMP '2021-01-10 00:00:00' D, CAST(TIMESTAMP '2021-01-11 17:35:11.297' - TIMESTAMP '2021-01-10 00:00:00' AS VARCHAR(100)) T, " +
        "TO_DSINTERVAL('3 10:59:59.123') I, NUMTODSINTERVAL(3.5, 'HOUR') H FROM DUAL",
    );
    assert.deepEqual(r.columns[0]!.dataType, { type: 'INTERVAL DAY TO SECOND', precision: 9, fraction: 9 });
    assert.deepEqual(r.columns[1]!.dataType, { type: 'VARCHAR', size: 100, characterSet: 'UTF8' });
    assert.deepEqual(r.rows, [['-000000000 06:24:48.703000000', '+000000001 17:35:11.297000000', '+000000003 10:59:59.123000000', '+000000000 03:30:00.000000000']]);
    const ym = await query(c, "SELECT TO_YMINTERVAL('5-3') Y, CAST(TO_YMINTERVAL('-5-3') AS VARCHAR(10)) T FROM DUAL");
    assert.deepEqual(ym.columns[0]!.dataType, { type: 'INTERVAL YEAR TO MONTH', precision: 9 });
    assert.deepEqual(ym.rows, [['+000000005-03', '-05-03']]);
  } finally {
    await c.close();
  }
});

test('KILL SESSION ends another session (its socket is closed); KILL SESSION CURRENT_SESSION ends the own one after the reply', async () => {
  const victim = await client();
  const killer = await client();
  try {
    const id = (await query(victim, 'SELECT CURRENT_SESSION FROM DUAL')).rows[0]![0];
    const r = await killer.ok({ command: 'execute', sqlText: `KILL SESSION ${String(id)}` });
    assert.deepEqual(r.responseData.results, [{ resultType: 'rowCount', rowCount: 0 }]);
    const code = await Promise.race([victim.closed, new Promise((res) => setTimeout(() => res('open'), 3000))]);
    assert.notEqual(code, 'open', 'the killed session is closed');
    // an id no session has: nothing happens
    await killer.ok({ command: 'execute', sqlText: 'KILL SESSION 1234567890123456789' });
    await killer.ok({ command: 'execute', sqlText: 'KILL STATEMENT IN SESSION 1234567890123456789' });
    const own = await killer.ok({ command: 'execute', sqlText: 'KILL SESSION CURRENT_SESSION' });
    assert.equal(own.status, 'ok');
    const ownCode = await Promise.race([killer.closed, new Promise((res) => setTimeout(() => res('open'), 3000))]);
    assert.notEqual(ownCode, 'open');
  } finally {
    await victim.close();
    await killer.close();
  }
});

test('FROM VALUES without parentheses: scalars, rows, one parenthesised list of rows, with an alias and column names', async () => {
  const c = await client();
  try {
    assert.deepEqual((await query(c, 'SELECT * FROM VALUES 1, 2, 3;')).rows, [[1], [2], [3]]);
    assert.deepEqual((await query(c, 'SELECT * FROM VALUES (1, 2, 3)')).rows, [[1, 2, 3]]);
    assert.deepEqual((await query(c, 'SELECT * FROM VALUES ((1,2), (3,4), (5,6))')).rows, [[1, 2], [3, 4], [5, 6]]);
    const named = await query(c, "SELECT CAST(A AS VARCHAR(10)) A, B FROM VALUES ('Foo', TRUE), ('Bar', FALSE) AS T(A, B) WHERE B ORDER BY A");
    assert.deepEqual(named.rows, [['Foo', true]]);
    assert.deepEqual(named.columns[0]!.dataType, { type: 'VARCHAR', size: 10, characterSet: 'UTF8' });
  } finally {
    await c.close();
  }
});

test('an integral DOUBLE keeps its point on the wire (29.0), so a client can send it back as a DOUBLE parameter', async () => {
  const c = await client();
  try {
    c.send({ command: 'execute', sqlText: 'SELECT CAST(29 AS DOUBLE) A, CAST(1.5 AS DOUBLE) B, CAST(1e20 AS DOUBLE) C, CAST(-0.0 AS DOUBLE) D FROM DUAL' });
    const text = (await c.next()).text;
    assert.match(text, /"data":\[\[29\.0\],\[1\.5\],\[100000000000000000000\.0\],\[-?0\.0\]\]/);
  } finally {
    await c.close();
  }
});

test('system views drivers read: EXA_ALL_COLUMNS sizes and type ids, EXA_ALL_VIEWS scope, EXA_ALL_OBJECTS, EXA_ALL_OBJECT_SIZES, EXA_ALL_INDICES, EXA_SQL_TYPES, EXA_SQL_KEYWORDS', async () => {
  const c = await client();
  try {
    await c.ok({ command: 'execute', sqlText: 'CREATE OR REPLACE VIEW USERS_VIEW AS SELECT * FROM USERS' });
    const cols = await query(
      c,
      "SELECT c.COLUMN_NAME, c.COLUMN_TYPE, c.COLUMN_TYPE_ID, c.COLUMN_MAXSIZE, c.COLUMN_NUM_PREC, c.COLUMN_NUM_SCALE, c.COLUMN_IS_DISTRIBUTION_KEY, t.TYPE_NAME FROM EXA_ALL_COLUMNS c JOIN EXA_SQL_TYPES t ON c.COLUMN_TYPE_ID = t.TYPE_ID WHERE c.COLUMN_SCHEMA = 'COMPAT' AND c.COLUMN_TABLE = 'USERS' ORDER BY c.COLUMN_ORDINAL_POSITION",
    );
    assert.deepEqual(cols.rows, [
      ['USER_ID', 'DECIMAL(18,0)', 3, 18, 18, 0, false, 'DECIMAL'],
      ['USER_NAME', 'VARCHAR(255) UTF8', 12, 255, null, null, false, 'VARCHAR'],
      ['REGISTER_DT', 'DATE', 91, 10, null, null, false, 'DATE'],
      ['STATUS', 'VARCHAR(50) UTF8', 12, 50, null, null, false, 'VARCHAR'],
    ]);
    const views = await query(c, "SELECT VIEW_SCHEMA, VIEW_NAME, SCOPE_SCHEMA, VIEW_OWNER FROM EXA_ALL_VIEWS WHERE VIEW_NAME = 'USERS_VIEW'");
    assert.deepEqual(views.rows, [['COMPAT', 'USERS_VIEW', 'COMPAT', 'SYS']]);
    const objects = await query(c, "SELECT OBJECT_NAME, OBJECT_TYPE, OWNER, ROOT_NAME, ROOT_TYPE FROM SYS.EXA_ALL_OBJECTS WHERE OBJECT_NAME IN ('COMPAT', 'USERS', 'USERS_VIEW') ORDER BY OBJECT_NAME");
    assert.deepEqual(objects.rows, [
      ['COMPAT', 'SCHEMA', 'SYS', null, null],
      ['USERS', 'TABLE', 'SYS', 'COMPAT', 'SCHEMA'],
      ['USERS_VIEW', 'VIEW', 'SYS', 'COMPAT', 'SCHEMA'],
    ]);
    const sizes = await query(c, "SELECT OBJECT_TYPE, RAW_OBJECT_SIZE >= 0 FROM EXA_ALL_OBJECT_SIZES WHERE OBJECT_NAME = 'USERS'");
    assert.deepEqual(sizes.rows, [['TABLE', true]]);
    assert.deepEqual((await query(c, 'SELECT * FROM EXA_ALL_INDICES')).columns.map((x) => x.name), ['INDEX_SCHEMA', 'INDEX_TABLE', 'INDEX_OWNER', 'INDEX_OBJECT_ID', 'INDEX_TYPE', 'MEM_OBJECT_SIZE', 'CREATED', 'LAST_COMMIT', 'REMARKS']);
    assert.deepEqual((await query(c, 'SELECT TYPE_NAME FROM EXA_SQL_TYPES WHERE TYPE_ID = 8')).rows, [['DOUBLE PRECISION']]);
    const kw = await query(c, "SELECT KEYWORD FROM EXA_SQL_KEYWORDS WHERE RESERVED IS TRUE AND KEYWORD IN ('SELECT', 'FROM', 'NOT_A_KEYWORD') ORDER BY KEYWORD");
    assert.deepEqual(kw.rows, [['FROM'], ['SELECT']]);
  } finally {
    await c.close();
  }
});

test('EXA_DBA_SESSIONS shows each open session with the client, driver and OS user its login named; a closed session leaves', async () => {
  const c = await WireClient.connect(emu.url, { extra: { clientName: 'MyClient', clientVersion: '1.2.3', driverName: 'MyDriver 9', clientOs: 'TestOS', clientOsUsername: 'small_cat' } });
  const other = await client();
  try {
    const me = await query(c, 'SELECT SESSION_ID, USER_NAME, STATUS, CLIENT, DRIVER, OS_USER, OS_NAME, ENCRYPTED FROM EXA_DBA_SESSIONS WHERE SESSION_ID = CURRENT_SESSION');
    assert.equal(me.rows.length, 1);
    assert.deepEqual(me.rows[0]!.slice(1), ['SYS', 'EXECUTE SQL', 'MyClient 1.2.3', 'MyDriver 9', 'small_cat', 'TestOS', false]);
    const otherId = String((await query(other, 'SELECT CURRENT_SESSION FROM DUAL')).rows[0]![0]);
    const seen = await query(c, `SELECT STATUS FROM SYS.EXA_ALL_SESSIONS WHERE SESSION_ID = ${otherId}`);
    assert.deepEqual(seen.rows, [['IDLE']]);
    await other.close();
    // the row goes once the session is freed
    let left: unknown[][] = [];
    for (let k = 0; k < 50; k++) {
      left = (await query(c, `SELECT 1 FROM EXA_USER_SESSIONS WHERE SESSION_ID = ${otherId}`)).rows;
      if (left.length === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(left, []);
  } finally {
    await c.close();
    await other.close();
  }
});

test('EXA_PARAMETERS: ALTER SESSION changes the session value of this session only, ALTER SYSTEM the system value', async () => {
  const a = await client();
  const b = await client();
  try {
    const cache = "SELECT SESSION_VALUE, SYSTEM_VALUE FROM EXA_PARAMETERS WHERE PARAMETER_NAME = 'QUERY_CACHE'";
    assert.deepEqual((await query(a, cache)).rows, [['ON', 'ON']]);
    await a.ok({ command: 'execute', sqlText: "ALTER SESSION SET QUERY_CACHE = 'OFF'" });
    assert.deepEqual((await query(a, cache)).rows, [['OFF', 'ON']]);
    assert.deepEqual((await query(b, cache)).rows, [['ON', 'ON']]);
    await a.ok({ command: 'execute', sqlText: "ALTER SYSTEM SET SNAPSHOT_MODE = 'SYSTEM TABLES'" });
    assert.deepEqual((await query(b, "SELECT SESSION_VALUE, SYSTEM_VALUE FROM SYS.EXA_PARAMETERS WHERE PARAMETER_NAME = 'SNAPSHOT_MODE'")).rows, [['SYSTEM TABLES', 'SYSTEM TABLES']]);
    await a.ok({ command: 'execute', sqlText: "ALTER SYSTEM SET SNAPSHOT_MODE = 'OFF'" });
  } finally {
    await a.close();
    await b.close();
  }
});

test('CURRENT_STATEMENT counts the statements of a session, in autocommit mode the COMMIT after each one too; PROFILE = ON records one COMPILE / EXECUTE part per statement', async () => {
  const c = await WireClient.connect(emu.url);
  try {
    const first = (await query(c, 'SELECT CURRENT_STATEMENT FROM DUAL')).rows[0]![0] as number;
    const second = (await query(c, 'SELECT CURRENT_STATEMENT FROM DUAL')).rows[0]![0] as number;
    assert.equal(second, first + 2);
    await c.ok({ command: 'execute', sqlText: "ALTER SESSION SET PROFILE = 'ON'" });
    await query(c, 'SELECT * FROM COMPAT.USERS');
    await c.ok({ command: 'execute', sqlText: 'FLUSH STATISTICS' });
    // what pyexasol's explain_last reads in autocommit mode: the statement before FLUSH STATISTICS and two COMMITs
    const p = await query(
      c,
      'SELECT PART_ID, PART_NAME, COMMAND_NAME, COMMAND_CLASS, OUT_ROWS, CPU, DURATION >= 0, STOP_TIME >= START_TIME FROM "$EXA_PROFILE_LAST_DAY" WHERE SESSION_ID = CURRENT_SESSION AND STMT_ID = CURRENT_STATEMENT - 4',
    );
    assert.deepEqual(p.rows, [[1, 'COMPILE / EXECUTE', 'SELECT', 'DQL', 0, null, true, true]]);
    await c.ok({ command: 'setAttributes', attributes: { autocommit: false } });
    await c.ok({ command: 'execute', sqlText: "INSERT INTO COMPAT.USERS (USER_ID) VALUES (1), (2)" });
    await c.ok({ command: 'execute', sqlText: 'FLUSH STATISTICS' });
    const d = await query(c, 'SELECT IPROC, COMMAND_NAME, COMMAND_CLASS, OUT_ROWS FROM "$EXA_PROFILE_DETAILS_LAST_DAY" WHERE SESSION_ID = CURRENT_SESSION AND STMT_ID = CURRENT_STATEMENT - 2');
    assert.deepEqual(d.rows, [[0, 'INSERT', 'DML', 2]]);
    await c.ok({ command: 'execute', sqlText: 'ROLLBACK' });
    // COMMIT, ROLLBACK and FLUSH STATISTICS leave no part
    assert.deepEqual((await query(c, `SELECT COUNT(*) FROM "$EXA_PROFILE_LAST_DAY" WHERE SESSION_ID = CURRENT_SESSION AND COMMAND_NAME IN ('COMMIT', 'ROLLBACK', 'FLUSH')`)).rows, [[0]]);
  } finally {
    await c.close();
  }
});

test('the login attribute snapshotTransactionsEnabled sets the session value of SNAPSHOT_MODE', async () => {
  const on = await WireClient.connect(emu.url, { attributes: { snapshotTransactionsEnabled: true } });
  const plain = await WireClient.connect(emu.url);
  try {
    const mode = "SELECT SESSION_VALUE FROM EXA_PARAMETERS WHERE PARAMETER_NAME = 'SNAPSHOT_MODE'";
    assert.deepEqual((await query(on, mode)).rows, [['SYSTEM TABLES']]);
    assert.deepEqual((await query(plain, mode)).rows, [['OFF']]);
  } finally {
    await on.close();
    await plain.close();
  }
});

test('SELECT "$SLEEP"(n) keeps the statement busy without work: abortQuery ends it with R0003, otherwise one row after n s', async () => {
  const c = await WireClient.connect(emu.url);
  try {
    const started = Date.now();
    c.send({ command: 'execute', sqlText: 'SELECT "$SLEEP"(20)' });
    await new Promise((r) => setTimeout(r, 200));
    c.send({ command: 'abortQuery' });
    const reply = (await c.next(5000)).json;
    assert.equal(reply.status, 'error');
    assert.equal(reply.exception.sqlCode, 'R0003');
    assert.ok(Date.now() - started < 5000);
    const short = await query(c, 'SELECT "$SLEEP"(0.1) FROM DUAL');
    assert.deepEqual(short.rows, [[null]]);
  } finally {
    await c.close();
  }
});
