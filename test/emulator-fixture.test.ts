// The emulator as a test fixture: reset() between tests really returns to the seed state (created schemas and
// tables gone, written/dropped seed tables back with their rows, declared types and constraints, sequences
// restarted, open sessions ended and new ones fresh), copies a seed table only once, and `await using` closes.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Session } from '../src/node';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { createEngine } from '../src/emulator/sql/engine';
import type { StatementContext, StatementOutcome } from '../src/emulator/sql/contract';
import { parseJson } from '../src/protocol';
import { mkdtempSync, rmSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const open = (emu: RunningEmulator): Promise<Session> => connect({ url: emu.url, user: 'sys', password: 'exasol' });

async function scalar(s: Session, sql: string): Promise<unknown> {
  const { rows } = await s.query(sql);
  return Object.values(rows[0] as Record<string, unknown>)[0];
}

/** The seed's row counts and a content digest, read through the SDK. */
async function seedDigest(s: Session): Promise<string> {
  const { rows } = await s.query(
    `SELECT (SELECT COUNT(*) FROM RETAIL.CUSTOMERS) AS C, (SELECT SUM(CUSTOMER_ID) FROM RETAIL.CUSTOMERS WHERE IS_ACTIVE) AS CA,
            (SELECT COUNT(*) FROM RETAIL.ORDERS) AS O, (SELECT SUM(TOTAL) FROM RETAIL.ORDERS) AS OT,
            (SELECT COUNT(*) FROM RETAIL.EVENTS) AS E, (SELECT SUM(AMOUNT) FROM RETAIL.EVENTS) AS EA,
            (SELECT MAX(NAME) FROM RETAIL.CUSTOMERS) AS MN FROM DUAL`,
  );
  return JSON.stringify(rows[0]);
}

describe('emulator fixture: reset() with the demo seed', () => {
  let emu: RunningEmulator;
  let seeded: string;
  before(async () => {
    emu = await startEmulator({ seed: 'demo' });
    const s = await open(emu);
    seeded = await seedDigest(s);
    await s.close();
  });
  after(() => emu.close());
  beforeEach(() => emu.reset());

  it('drops schemas, tables and views created since, keeps URL and port', async () => {
    const { url, port } = emu;
    const s = await open(emu);
    await s.execute('CREATE SCHEMA SCRATCH');
    await s.execute('CREATE TABLE T (A INT)');
    await s.execute('CREATE TABLE RETAIL.EXTRA (A INT)');
    await s.execute('CREATE VIEW RETAIL.V AS SELECT 1 AS ONE FROM DUAL');
    await s.close();
    await emu.reset();
    assert.equal(emu.url, url);
    assert.equal(emu.port, port);
    const t = await open(emu);
    const { rows } = await t.query('SELECT SCHEMA_NAME FROM EXA_ALL_SCHEMAS ORDER BY 1');
    assert.deepEqual(rows.map((r) => ({ ...r })), [{ SCHEMA_NAME: 'RETAIL' }]);
    const tables = await t.query("SELECT TABLE_NAME FROM EXA_ALL_TABLES WHERE TABLE_SCHEMA = 'RETAIL' ORDER BY 1");
    assert.deepEqual(tables.rows.map((r) => (r as { TABLE_NAME: string }).TABLE_NAME), ['ALL_TYPES', 'CUSTOMERS', 'EVENTS', 'ORDERS', 'ORDER_ITEMS', 'PRODUCTS']);
    assert.equal(await scalar(t, "SELECT COUNT(*) FROM EXA_ALL_VIEWS WHERE VIEW_SCHEMA = 'RETAIL'"), 0);
    await t.execute('CREATE SCHEMA SCRATCH'); // the name is free again
    await t.close();
  });

  it('restores written, altered and dropped seed tables with rows, types and constraints', async () => {
    const s = await open(emu);
    await s.execute('DELETE FROM RETAIL.EVENTS WHERE EVENT_ID < 500000');
    await s.execute("UPDATE RETAIL.CUSTOMERS SET NAME = 'zz' WHERE CUSTOMER_ID <= 10");
    await s.execute('DROP TABLE RETAIL.ORDERS');
    await s.execute('ALTER TABLE RETAIL.PRODUCTS ADD COLUMN EXTRA_COL INT');
    await s.execute('CREATE OR REPLACE TABLE RETAIL.ALL_TYPES (ID INT)');
    assert.notEqual(await seedDigest(s).catch(() => 'gone'), seeded);
    await s.close();
    await emu.reset();
    const t = await open(emu);
    assert.equal(await seedDigest(t), seeded);
    assert.equal(await scalar(t, "SELECT COUNT(*) FROM EXA_ALL_COLUMNS WHERE COLUMN_TABLE = 'PRODUCTS' AND COLUMN_NAME = 'EXTRA_COL'"), 0);
    // declared types (the catalog) and constraints are back
    const types = await t.query('SELECT C_CHAR, C_HASHTYPE FROM RETAIL.ALL_TYPES WHERE ID = 1');
    assert.deepEqual(types.columns.map((c) => c.dataType.type), ['CHAR', 'HASHTYPE']);
    await assert.rejects(t.execute("INSERT INTO RETAIL.ORDERS VALUES (1, 1, DATE '2024-01-01', 'NEW', 1)"), /primary key/);
    await assert.rejects(t.execute("UPDATE RETAIL.CUSTOMERS SET COUNTRY = 'XYZ' WHERE CUSTOMER_ID = 1"), /right truncation/);
    await t.close();
  });

  it('brings back a dropped seed schema', async () => {
    const s = await open(emu);
    await s.execute('DROP SCHEMA RETAIL CASCADE');
    assert.equal(await scalar(s, 'SELECT COUNT(*) FROM EXA_ALL_SCHEMAS'), 0);
    await s.close();
    await emu.reset();
    const t = await open(emu);
    assert.equal(await seedDigest(t), seeded);
    await t.close();
  });

  it('ends open sessions; new sessions start fresh; connections during a reset wait for it', async () => {
    const s = await open(emu);
    await s.execute('OPEN SCHEMA RETAIL');
    await s.setAutocommit(false);
    await s.execute("INSERT INTO CUSTOMERS (CUSTOMER_ID, NAME) VALUES (-1, 'uncommitted')");
    assert.equal(emu.sessionCount(), 1);
    const closed = new Promise<string>((resolve) => s.status$.subscribe((st) => st.state === 'closed' && resolve(st.state)));
    const resetting = emu.reset();
    const during = open(emu); // made while the reset runs
    await resetting;
    assert.equal(await closed, 'closed');
    await assert.rejects(s.query('SELECT 1 FROM DUAL'));
    const u = await during;
    assert.equal(await scalar(u, 'SELECT CURRENT_SCHEMA FROM DUAL'), null, 'no schema opened');
    assert.equal(await scalar(u, 'SELECT COUNT(*) FROM RETAIL.CUSTOMERS WHERE CUSTOMER_ID = -1'), 0);
    assert.equal(emu.sessionCount(), 1);
    await u.close();
  });

  it('restarts IDENTITY sequences; sees a write through a prepared statement', async () => {
    const s = await open(emu);
    await s.execute('CREATE TABLE RETAIL.IDS (ID INT IDENTITY, V VARCHAR(5))');
    await s.execute("INSERT INTO RETAIL.IDS (V) VALUES ('a')");
    const p = await s.prepare('DELETE FROM RETAIL.PRODUCTS WHERE PRODUCT_ID = ?');
    await p.execute([[1], [2]]);
    await p.close();
    assert.equal(await scalar(s, 'SELECT COUNT(*) FROM RETAIL.PRODUCTS'), 998);
    await s.close();
    await emu.reset();
    const t = await open(emu);
    assert.equal(await scalar(t, 'SELECT COUNT(*) FROM RETAIL.PRODUCTS'), 1000);
    await t.execute('CREATE TABLE RETAIL.IDS (ID INT IDENTITY, V VARCHAR(5))');
    await t.execute("INSERT INTO RETAIL.IDS (V) VALUES ('b')");
    assert.equal(await scalar(t, 'SELECT ID FROM RETAIL.IDS'), 1);
    await t.close();
  });

  it('rejects after close()', async () => {
    const other = await startEmulator();
    await other.close();
    await assert.rejects(other.reset(), /reset\(\) after close\(\)/);
  });
});

const ctx = (): StatementContext => ({ signal: new AbortController().signal, protocolVersion: 3, resultSetMaxRows: 0 });
async function data(o: StatementOutcome): Promise<unknown[][]> {
  if (o.kind !== 'resultSet') throw new Error('expected rows');
  const r = await o.rows.read(0, 1 << 20, 1000);
  await o.rows.close();
  return parseJson(r.json) as unknown[][];
}

describe('engine reset without a seed', () => {
  it('empties the database; copies a seed table only when a statement may write it', async () => {
    const engine = await createEngine({});
    try {
      let s = await engine.openSession({ sessionId: '1', userName: 'SYS' });
      await s.execute('CREATE SCHEMA A', ctx());
      await s.execute('CREATE TABLE T (X CHAR(3))', ctx());
      await engine.reset!();
      s = await engine.openSession({ sessionId: '2', userName: 'SYS' });
      assert.deepEqual(await data(await s.execute('SELECT SCHEMA_NAME FROM EXA_ALL_SCHEMAS', ctx())), [[]]);
      await s.close();
    } finally {
      await engine.close();
    }
  });

  it('copies seed tables lazily and once', async () => {
    const engine = await createEngine({ seed: 'demo' });
    try {
      // reach the engine's snapshot through a session (the shared state)
      const s = (await engine.openSession({ sessionId: '1', userName: 'SYS' })) as unknown as { shared: { snapshot: { copiedTables: number; touched(): string[] } } } & Awaited<ReturnType<typeof engine.openSession>>;
      const snap = s.shared.snapshot;
      await s.execute('SELECT COUNT(*) FROM RETAIL.EVENTS', ctx());
      await s.execute('CREATE TABLE RETAIL.MINE (A INT)', ctx());
      assert.equal(snap.copiedTables, 0, 'reads and new tables copy nothing');
      await s.execute('INSERT INTO RETAIL.CUSTOMERS (CUSTOMER_ID, NAME) VALUES (-5, \'x\')', ctx());
      await s.execute('DELETE FROM RETAIL.CUSTOMERS WHERE CUSTOMER_ID = -5', ctx());
      assert.equal(snap.copiedTables, 1);
      assert.deepEqual(snap.touched(), ['RETAIL.CUSTOMERS']);
      await engine.reset!();
      assert.deepEqual(snap.touched(), []);
      const t = await engine.openSession({ sessionId: '2', userName: 'SYS' });
      await t.execute("UPDATE RETAIL.CUSTOMERS SET NAME = 'y' WHERE CUSTOMER_ID = 1", ctx());
      assert.equal(snap.copiedTables, 1, 'the copy is kept for later resets');
      await engine.reset!();
      const u = await engine.openSession({ sessionId: '3', userName: 'SYS' });
      assert.deepEqual(await data(await u.execute('SELECT NAME FROM RETAIL.CUSTOMERS WHERE CUSTOMER_ID = 1', ctx())), [['Customer 1']]);
      assert.deepEqual(await data(await u.execute("SELECT COUNT(*) FROM EXA_ALL_TABLES WHERE TABLE_NAME = 'MINE'", ctx())), [[0]]);
      await u.close();
    } finally {
      await engine.close();
    }
  });

  it('with a database file: returns to the file\'s state at start, IDENTITY sequences included; leaves no copies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exa-reset-'));
    const file = join(dir, 'db.duckdb');
    try {
      let engine = await createEngine({ database: file });
      let s = await engine.openSession({ sessionId: '1', userName: 'SYS' });
      await s.execute('CREATE SCHEMA F', ctx());
      await s.execute('CREATE TABLE IDS (ID INT IDENTITY, V VARCHAR(5))', ctx());
      await s.execute("INSERT INTO IDS (V) VALUES ('a'), ('b')", ctx());
      await engine.close();
      engine = await createEngine({ database: file });
      try {
        s = await engine.openSession({ sessionId: '2', userName: 'SYS' });
        await s.execute("INSERT INTO F.IDS (V) VALUES ('c'), ('d')", ctx());
        await engine.reset!();
        s = await engine.openSession({ sessionId: '3', userName: 'SYS' });
        await s.execute("INSERT INTO F.IDS (V) VALUES ('e')", ctx());
        assert.deepEqual(await data(await s.execute('SELECT ID, V FROM F.IDS ORDER BY ID', ctx())), [[1, 2, 3], ['a', 'b', 'e']]);
      } finally {
        await engine.close();
      }
      // the closed file holds no copies
      const raw = await DuckDBInstance.create(file);
      const con = await raw.connect();
      const left = await con.runAndReadAll("SELECT COUNT(*) FROM duckdb_schemas() WHERE schema_name = '__exa_seed'");
      con.closeSync();
      raw.closeSync();
      assert.equal(Number(left.getRows()[0]![0]), 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('await using closes the emulator at the end of the scope', async () => {
    let seen: RunningEmulator;
    {
      await using emu = await startEmulator();
      seen = emu;
      const s = await open(emu);
      await s.close();
    }
    await assert.rejects(seen.reset(), /after close/);
    await assert.rejects(connect({ url: seen.url, user: 'sys', password: 'exasol' }));
  });
});
