// More of docs.exasol.com's SQL reference examples over real sockets (raw protocol, exact wire values and
// column metadata): each test names the documented example (or usage note) it checks. Where the docs give no
// result type, the type asserted is the emulator's documented assumption (README, SQL engine fidelity).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { toRows, WireClient } from './support/wire-client';

interface Column {
  name: string;
  dataType: Record<string, unknown>;
}

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

  /** Runs a query; returns its columns and rows (column-major data turned into rows). */
  async function query(sqlText: string): Promise<{ columns: Column[]; rows: unknown[][] }> {
    const r = (await c.ok({ command: 'execute', sqlText })).responseData.results[0];
    assert.equal(r.resultType, 'resultSet', sqlText);
    return { columns: r.resultSet.columns, rows: toRows(r.resultSet.data) };
  }
  /** The one row of a query as name -> value, and name -> data type. */
  async function row(sqlText: string): Promise<{ v: Record<string, unknown>; t: Record<string, Record<string, unknown>> }> {
    const { columns, rows } = await query(sqlText);
    assert.equal(rows.length, 1, sqlText);
    const v: Record<string, unknown> = {};
    const t: Record<string, Record<string, unknown>> = {};
    columns.forEach((col, i) => {
      v[col.name] = rows[0]![i];
      t[col.name] = col.dataType;
    });
    return { v, t };
  }
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
});
