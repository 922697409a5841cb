// Fidelity: error paths of the official @exasol/exasol-driver-ts 0.8.0 against the emulator: SQL errors
// as the driver reports them (E-EDJS-25 with the server's code and text), raw error replies, wrong
// result kinds, query timeout (R0001), cancel/abort (R0003) and the connection staying usable after.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { connected, driverTs, LONG_QUERY, recordingFactory, rejection, sleep } from './support/driver-ts';
import type { ExasolDriver } from '@exasol/exasol-driver-ts';

let emu: RunningEmulator;
let d: ExasolDriver;
let session: string;
before(async () => {
  emu = await startEmulator();
  d = await connected(emu.url);
  session = String((await d.query('SELECT CURRENT_SESSION AS S')).getRows()[0]!.S);
});
after(async () => {
  await d.close();
  await emu.close();
});

/** The driver's message for an SQL error: `E-EDJS-25: SQL error: code: '<code>', message: '<text>'`. */
function sqlError(code: string, text: string): string {
  return `E-EDJS-25: SQL error: code: '${code}', message: '${text} (Session: ${session})'`;
}

async function message(p: Promise<unknown>): Promise<string> {
  const e = await rejection(p);
  assert.ok(e instanceof Error, `expected an Error, got ${JSON.stringify(e)}`);
  assert.equal(e.name, 'ExaError');
  return e.message;
}

test('driver-ts: a syntax error is E-EDJS-25 with code 42000 and the server text with line, column and session', async () => {
  // wire-quirks.md §17: the end of the text shows as ';'
  assert.equal(await message(d.query('SELECT')), sqlError('42000', "syntax error, unexpected ';' [line 1, column 7]"));
  assert.match(await message(d.execute('SELEC 1')), /^E-EDJS-25: SQL error: code: '42000', message: 'syntax error, unexpected .+ \[line 1, column 1\] \(Session: \d+\)'$/);
  // the connection stays usable
  assert.deepEqual((await d.query('SELECT 1 AS X')).getRows(), [{ X: 1 }]);
});

test('driver-ts: unknown objects, constraint and data errors carry the server code', async () => {
  assert.equal(await message(d.query('SELECT * FROM NO_SUCH_TABLE')), sqlError('42000', 'object NO_SUCH_TABLE not found [line 1, column 15]'));
  await d.execute('CREATE SCHEMA DRV_ERR');
  await d.execute('CREATE TABLE DRV_ERR.T (ID DECIMAL(3,0) NOT NULL, S VARCHAR(3))');
  assert.match(await message(d.execute("INSERT INTO DRV_ERR.T VALUES (1, 'toolong')")), /^E-EDJS-25: SQL error: code: '22001', message: '.+ \(Session: \d+\)'$/);
  assert.match(await message(d.execute('INSERT INTO DRV_ERR.T VALUES (NULL, NULL)')), /^E-EDJS-25: SQL error: code: '\w{5}', message: '.+ \(Session: \d+\)'$/);
  assert.match(await message(d.query('SELECT 1/0 AS X')), /^E-EDJS-25: SQL error: code: '22012', message: 'data exception - division by zero/);
});

test('driver-ts: raw responses carry status error and the exception instead of throwing', async () => {
  const raw = await d.query('SELECT', undefined, undefined, 'raw');
  assert.equal(raw.status, 'error');
  assert.deepEqual(raw.exception, { text: `syntax error, unexpected ';' [line 1, column 7] (Session: ${session})`, sqlCode: '42000' });
  const ok = await d.execute('SELECT 15 AS X', undefined, undefined, 'raw');
  assert.equal(ok.status, 'ok');
  assert.equal(ok.responseData.numResults, 1);
  assert.equal(ok.responseData.results[0]!.resultType, 'resultSet');
  assert.equal(ok.responseData.results[0]!.resultSet!.data![0]![0], 15);
});

test('driver-ts: query() of a row count is E-EDJS-11, execute() of a result set is E-EDJS-10', async () => {
  await d.execute('CREATE SCHEMA DRV_KIND');
  await d.execute('CREATE TABLE DRV_KIND.T (X DECIMAL(3,0))');
  assert.equal(await message(d.query('INSERT INTO DRV_KIND.T VALUES (1)')), 'E-EDJS-11: Invalid result type. Please use method execute instead of query');
  assert.equal(await message(d.execute('SELECT X FROM DRV_KIND.T')), 'E-EDJS-10: Invalid result type. Please use method query to execute sql');
  // the statement itself ran: the row is there
  assert.deepEqual((await d.query('SELECT X FROM DRV_KIND.T')).getRows(), [{ X: 1 }]);
  // DDL answers a row count of 0
  assert.equal(await d.execute('CREATE TABLE DRV_KIND.U (X DECIMAL(3,0))'), 0);
});

test('driver-ts: executeBatch does not throw on an SQL error: the raw reply has status error and the failing statement', async () => {
  await d.execute('CREATE SCHEMA DRV_BATCH_ERR');
  await d.execute('CREATE TABLE DRV_BATCH_ERR.T (X DECIMAL(3,0))');
  const r = await d.executeBatch(['INSERT INTO DRV_BATCH_ERR.T VALUES (1)', 'INSERT INTO NO_SUCH_TABLE VALUES (2)', 'INSERT INTO DRV_BATCH_ERR.T VALUES (3)']);
  assert.equal(r.status, 'error');
  assert.equal(r.exception?.sqlCode, '42000');
  assert.match(String(r.exception?.text), /^object NO_SUCH_TABLE not found \[line 1, column 13\] \(Session: \d+\)$/);
  // the statement after the failing one did not run
  const rows = (await d.query('SELECT X FROM DRV_BATCH_ERR.T WHERE X = 3')).getRows();
  assert.deepEqual(rows, []);
});

test('driver-ts: queryTimeout given with a statement ends it with R0001; the session stays usable', async () => {
  const own = await connected(emu.url);
  try {
    const started = Date.now();
    const err = await message(own.query(LONG_QUERY, { queryTimeout: 1 }));
    assert.match(err, /^E-EDJS-25: SQL error: code: 'R0001', message: 'Query terminated because timeout has been reached\. \(Session: \d+\)'$/);
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
    assert.deepEqual((await own.query('SELECT 2 AS X', { queryTimeout: 0 })).getRows(), [{ X: 2 }]);
    // ALTER SESSION sets the same attribute
    assert.equal(await own.execute('ALTER SESSION SET QUERY_TIMEOUT = 1'), 0);
    assert.match(await message(own.execute(`CREATE TABLE DRV_ERR.T_TIMEOUT AS ${LONG_QUERY}`)), /code: 'R0001'/);
  } finally {
    await own.close();
  }
});

test('driver-ts: cancel() aborts the running statement with R0003 within the time a real server takes', async () => {
  const own = await connected(emu.url);
  try {
    for (const run of [(s: string) => own.query(s), (s: string) => own.execute(s)]) {
      const started = Date.now();
      const pending = message(run(LONG_QUERY));
      await sleep(500);
      await own.cancel();
      assert.match(await pending, /^E-EDJS-25: SQL error: code: 'R0003', message: 'Client requested execution abort\. \(Session: \d+\)'$/);
      assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
      assert.deepEqual((await own.query('SELECT 3 AS X')).getRows(), [{ X: 3 }]);
    }
    // cancel() with nothing running is ignored by the server: the next statement gets its own reply
    await own.cancel();
    assert.deepEqual((await own.query('SELECT 4 AS X')).getRows(), [{ X: 4 }]);
  } finally {
    await own.close();
  }
});

test('driver-ts: the cancel function handed to getCancel aborts that statement; an aborted autocommit-off transaction is rolled back', async () => {
  const own = await connected(emu.url, { autocommit: false });
  try {
    await own.execute('CREATE SCHEMA DRV_ABORT');
    await own.execute('CREATE TABLE DRV_ABORT.T (X DECIMAL(3,0))');
    await own.execute('COMMIT');
    await own.execute('INSERT INTO DRV_ABORT.T VALUES (1)');
    let cancel: (() => void) | undefined;
    const pending = message(own.query(LONG_QUERY, undefined, (c) => (cancel = c)));
    await sleep(400);
    assert.ok(cancel);
    cancel();
    assert.match(await pending, /code: 'R0003'/);
    assert.deepEqual((await own.query('SELECT COUNT(*) AS N FROM DRV_ABORT.T')).getRows(), [{ N: 0 }]);
  } finally {
    await own.close();
  }
});

test('driver-ts: a second statement while one runs on the same driver fails in the driver (E-EDJS-8), not on the server', async () => {
  // the driver holds one connection and opens no second one: a concurrent statement cannot get it
  const own = await connected(emu.url);
  try {
    const first = own.query('SELECT COUNT(*) AS N FROM range(3000) a, range(3000) b');
    assert.equal(await message(own.query('SELECT 1')), "E-EDJS-8: Execution failed pool reached its limit from '1' parallel connections.");
    assert.deepEqual((await first).getRows(), [{ N: 9_000_000 }]);
  } finally {
    await own.close();
  }
});

test('driver-ts: "$SLEEP"(n), the statement the official test suites cancel: waits n s, R0003 on cancel, R0001 on timeout', async () => {
  const own = await connected(emu.url);
  try {
    let started = Date.now();
    const r = await own.query('SELECT "$SLEEP"(1)');
    assert.ok(Date.now() - started >= 950, `returned after ${Date.now() - started} ms`);
    assert.deepEqual(r.getColumns().map((c) => c.name), ['"$SLEEP"(1)']);
    assert.deepEqual(Object.values(r.getRows()[0]!), [null]);
    // a prepared statement waits when it is executed
    const st = await own.prepare('SELECT "$SLEEP"(1) AS S, ? AS P FROM DUAL');
    started = Date.now();
    assert.deepEqual((await st.execute('p')).responseData.results[0]!.resultSet!.data, [[null], ['p']]);
    assert.ok(Date.now() - started >= 950, `returned after ${Date.now() - started} ms`);
    await st.close();
    started = Date.now();
    const pending = message(own.query('select "$SLEEP"(5)'));
    await sleep(500);
    await own.cancel();
    assert.match(await pending, /^E-EDJS-25: SQL error: code: 'R0003', message: 'Client requested execution abort\. \(Session: \d+\)'$/);
    assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
    started = Date.now();
    assert.match(await message(own.execute('SELECT "$SLEEP"(5)', { queryTimeout: 1 })), /code: 'R0001'/);
    assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
  } finally {
    await own.close();
  }
});

test('driver-ts: the client cutting its socket during "$SLEEP"(5): the query rejects at once, onClose runs once, the server frees the session', async () => {
  const sockets: import('ws').WebSocket[] = [];
  let closes = 0;
  const base = emu.sessionCount();
  const own = new driverTs.ExasolDriver(recordingFactory(sockets), { url: emu.url, user: 'sys', password: 'exasol', onClose: () => closes++ });
  await own.connect();
  const pending = rejection(own.query('SELECT "$SLEEP"(5)'));
  await sleep(300);
  sockets[0]!.terminate();
  const outcome = await Promise.race([pending.then(() => 'rejected'), sleep(1000).then(() => 'timed out')]);
  assert.equal(outcome, 'rejected');
  assert.equal(closes, 1);
  for (let i = 0; i < 150 && emu.sessionCount() > base; i++) await sleep(20);
  assert.equal(emu.sessionCount(), base);
  await own.close();
});
