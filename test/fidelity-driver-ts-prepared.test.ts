// Fidelity: prepared statements of the official @exasol/exasol-driver-ts 0.8.0 against the emulator:
// parameter metadata, DML and queries with parameters, typed values, errors (value count, types, a
// closed statement) and how the driver holds its one connection while a statement is open.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { connected, rejection } from './support/driver-ts';

let emu: RunningEmulator;
before(async () => {
  emu = await startEmulator();
  const d = await connected(emu.url);
  await d.execute('CREATE SCHEMA DRV_PREP');
  await d.execute(
    'CREATE TABLE DRV_PREP.T (ID DECIMAL(18,0), NAME VARCHAR(10), PRICE DECIMAL(10,2), RATIO DOUBLE, OK BOOLEAN, D DATE, TS TIMESTAMP)',
  );
  await d.close();
});
after(async () => {
  await emu.close();
});

test('driver-ts: prepared INSERT with every common type, then a prepared query with a parameter', async () => {
  const d = await connected(emu.url);
  try {
    const ins = await d.prepare('INSERT INTO DRV_PREP.T VALUES (?, ?, ?, ?, ?, ?, ?)');
    const r = await ins.execute(1, 'one', '12.50', 0.5, true, '2024-02-29', '2024-02-29 12:34:56.789', 2, null, null, null, null, null, null);
    assert.equal(r.status, 'ok', JSON.stringify(r.exception));
    assert.deepEqual(r.responseData.results[0], { resultType: 'rowCount', rowCount: 2 });
    await ins.close();
    const q = await d.prepare('SELECT ID, NAME, PRICE, RATIO, OK, D, TS FROM DRV_PREP.T WHERE ID = ?');
    const got = await q.execute(1);
    assert.equal(got.status, 'ok');
    const rs = got.responseData.results[0]!.resultSet!;
    assert.deepEqual(
      rs.data!.map((col) => col[0]),
      [1, 'one', '12.5', 0.5, true, '2024-02-29', '2024-02-29 12:34:56.789000'],
    );
    const none = await q.execute(2);
    assert.deepEqual(none.responseData.results[0]!.resultSet!.data!.slice(1).map((c) => c[0]), [null, null, null, null, null, null]);
    await q.close();
  } finally {
    await d.close();
  }
});

test('driver-ts: one prepared statement executed many times, and run again after an error reply', async () => {
  const d = await connected(emu.url);
  try {
    await d.execute('CREATE TABLE DRV_PREP.R (N DECIMAL(9,0), S VARCHAR(3))');
    const ins = await d.prepare('INSERT INTO DRV_PREP.R VALUES (?, ?)');
    for (let i = 0; i < 20; i++) assert.equal((await ins.execute(i, 'v')).status, 'ok');
    // a value too long for VARCHAR(3): the reply is an error; Statement.execute hands it back, it does not throw
    const bad = await ins.execute(99, 'toolong');
    assert.equal(bad.status, 'error');
    assert.equal(bad.exception?.sqlCode, '22001');
    assert.match(String(bad.exception?.text), /\(Session: \d+\)$/);
    assert.equal((await ins.execute(20, 'w')).status, 'ok');
    await ins.close();
    assert.deepEqual((await d.query('SELECT COUNT(*) AS N, MAX(N) AS M FROM DRV_PREP.R')).getRows(), [{ N: 21, M: 20 }]);
  } finally {
    await d.close();
  }
});

test('driver-ts: parameter values the server refuses (strict JSON typing): error replies, nothing inserted', async () => {
  const d = await connected(emu.url);
  try {
    const ins = await d.prepare('INSERT INTO DRV_PREP.T (ID, NAME, RATIO) VALUES (?, ?, ?)');
    // a number for VARCHAR
    const a = await ins.execute(5, 12, 1.5);
    assert.equal(a.status, 'error');
    assert.equal(a.exception?.sqlCode, '00000');
    assert.match(String(a.exception?.text), /^getString: JSON value is not a string\./);
    // an integral JavaScript number for DOUBLE: JSON.stringify writes 2, not 2.0, and the server wants a
    // JSON double (wire-quirks.md §8): the driver cannot send an integral DOUBLE parameter as a number
    const b = await ins.execute(5, 'x', 2);
    assert.equal(b.status, 'error');
    assert.equal(b.exception?.sqlCode, '00000');
    assert.match(String(b.exception?.text), /^getDouble: JSON value is not a double/);
    // a string that is no number for DOUBLE
    const c = await ins.execute(5, 'x', 'not a number');
    assert.equal(c.status, 'error');
    assert.equal(c.exception?.sqlCode.length, 5);
    assert.equal((await ins.execute(5, 'x', 2.5)).status, 'ok');
    await ins.close();
    assert.deepEqual((await d.query('SELECT COUNT(*) AS N FROM DRV_PREP.T WHERE ID = 5')).getRows(), [{ N: 1 }]);
  } finally {
    await d.close();
  }
});

test('driver-ts: a value count that is not a multiple of the parameter count fails in the driver (E-EDJS-4)', async () => {
  const d = await connected(emu.url);
  try {
    const ins = await d.prepare('INSERT INTO DRV_PREP.T (ID, NAME) VALUES (?, ?)');
    await assert.rejects(ins.execute(1, 'a', 2), /E-EDJS-4: Invalid value count for prepared status\./);
    await ins.close();
  } finally {
    await d.close();
  }
});

test('driver-ts: executing a closed statement is answered with an error reply; other statements run once it is closed', async () => {
  const d = await connected(emu.url);
  try {
    const q = await d.prepare('SELECT ? AS P FROM DUAL');
    const first = await q.execute('x');
    assert.deepEqual(first.responseData.results[0]!.resultSet!.data, [['x']]);
    await q.close();
    const again = await q.execute('y');
    assert.equal(again.status, 'error');
    assert.equal(again.exception?.sqlCode, '00000');
    assert.deepEqual((await d.query('SELECT 1 AS X')).getRows(), [{ X: 1 }]);
  } finally {
    await d.close();
  }
});

test('driver-ts: an open prepared statement holds the driver\'s only connection: other statements fail with E-EDJS-8 until close()', async () => {
  const d = await connected(emu.url);
  try {
    const q = await d.prepare('SELECT ? AS P FROM DUAL');
    assert.match(String((await rejection(d.query('SELECT 1 AS X'))) as Error), /E-EDJS-8: Execution failed pool reached its limit/);
    await q.close();
    assert.deepEqual((await d.query('SELECT 1 AS X')).getRows(), [{ X: 1 }]);
  } finally {
    await d.close();
  }
});

test('driver-ts: preparing invalid SQL: the server answers 42000, the driver fails reading the missing handle and keeps the connection claimed', async () => {
  const d = await connected(emu.url);
  try {
    // prepare() does not look at the reply's status: reading responseData.statementHandle of an error
    // reply throws a TypeError (a driver defect; a real server answers this text with 42000 too)
    const err = await rejection(d.prepare('SELEC ?'));
    assert.ok(err instanceof TypeError, String(err));
    // the connection the failed prepare claimed is never released: the driver cannot run anything else
    assert.match(String((await rejection(d.query('SELECT 1 AS X'))) as Error), /E-EDJS-8/);
    // what the server answered, seen on a second driver through sendCommand
    const other = await connected(emu.url);
    const raw = await other.sendCommand<unknown>({ command: 'createPreparedStatement', sqlText: 'SELEC ?' } as never);
    assert.equal(raw.status, 'error');
    assert.equal(raw.exception?.sqlCode, '42000');
    assert.match(String(raw.exception?.text), /^syntax error, unexpected .+ \[line 1, column 1\] \(Session: \d+\)$/);
    const unknown = await other.sendCommand<unknown>({ command: 'createPreparedStatement', sqlText: 'INSERT INTO DRV_PREP.NOPE VALUES (?)' } as never);
    assert.equal(unknown.exception?.sqlCode, '42000');
    assert.match(String(unknown.exception?.text), /^object DRV_PREP\.NOPE not found \[line 1, column \d+\] \(Session: \d+\)$/);
    await other.close();
  } finally {
    await d.close();
  }
});

test('driver-ts: parameter metadata from the server types the values the driver sends', async () => {
  const d = await connected(emu.url);
  try {
    const raw = await d.sendCommand<{ statementHandle: number; parameterData: { numColumns: number; columns: Array<{ dataType: unknown }> } }>({
      command: 'createPreparedStatement',
      sqlText: 'INSERT INTO DRV_PREP.T (ID, NAME, PRICE, OK) VALUES (?, ?, ?, ?)',
    } as never);
    assert.equal(raw.status, 'ok');
    assert.equal(raw.responseData.parameterData.numColumns, 4);
    assert.deepEqual(
      raw.responseData.parameterData.columns.map((c) => c.dataType),
      [
        { type: 'DECIMAL', precision: 18, scale: 0 },
        { type: 'VARCHAR', size: 10, characterSet: 'UTF8' },
        { type: 'DECIMAL', precision: 10, scale: 2 },
        { type: 'BOOLEAN' },
      ],
    );
    await d.sendCommand({ command: 'closePreparedStatement', statementHandle: raw.responseData.statementHandle } as never);
  } finally {
    await d.close();
  }
});
