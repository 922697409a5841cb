// SQL engine: database files keep schemas and declared types; the demo seed is complete and deterministic.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { SqlSession, StatementContext } from '../src/emulator/sql/contract';
import { createEngine } from '../src/emulator/sql/engine';
import { DATA_TYPE_NAMES, parseJson } from '../src/protocol';

const ctx = (): StatementContext => ({ signal: new AbortController().signal, protocolVersion: 3, resultSetMaxRows: 0 });

async function rows(s: SqlSession, sql: string): Promise<{ types: string[]; data: unknown[][] }> {
  const o = await s.execute(sql, ctx());
  if (o.kind !== 'resultSet') throw new Error('expected a result set');
  const r = await o.rows.read(0, 1 << 24, 100000);
  await o.rows.close();
  return { types: o.rows.columns.map((c) => c.dataType.type), data: parseJson(r.json) as unknown[][] };
}

describe('emulator-sql engine', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exasol-ws-sql-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps schemas, data and declared types in a database file', async () => {
    const file = join(dir, 'db.duckdb');
    const first = await createEngine({ database: file });
    const s1 = await first.openSession({ sessionId: '1', userName: 'SYS' });
    await s1.execute('CREATE SCHEMA KEEP', ctx());
    await s1.execute('CREATE TABLE K (C CHAR(5) ASCII, H HASHTYPE(2 BYTE))', ctx());
    await s1.execute("INSERT INTO K VALUES ('a', 'beef')", ctx());
    await first.close();
    const second = await createEngine({ database: file });
    const s2 = await second.openSession({ sessionId: '2', userName: 'SYS' });
    await s2.setCurrentSchema('KEEP');
    const o = await s2.execute('SELECT * FROM K', ctx());
    if (o.kind !== 'resultSet') throw new Error('expected a result set');
    assert.deepEqual(o.rows.columns.map((c) => c.dataType), [
      { type: 'CHAR', size: 5, characterSet: 'ASCII' },
      { type: 'HASHTYPE', size: 4 },
    ]);
    assert.equal((await o.rows.read(0, 1000, 10)).json, '[["a    "],["beef"]]');
    await o.rows.close();
    await second.close();
  });

  it('seeds RETAIL deterministically with every Exasol type and a 1M-row table', async () => {
    const sums: unknown[] = [];
    for (let run = 0; run < 2; run++) {
      const engine = await createEngine({ seed: 'demo' });
      const s = await engine.openSession({ sessionId: '3', userName: 'SYS' });
      const counts = await rows(s, 'SELECT (SELECT COUNT(*) FROM RETAIL.EVENTS) E, (SELECT COUNT(*) FROM RETAIL.CUSTOMERS) C, (SELECT COUNT(*) FROM RETAIL.ORDERS) O FROM DUAL');
      assert.deepEqual(counts.data, [[1000000], [10000], [100000]]);
      const all = await rows(s, 'SELECT * FROM RETAIL.ALL_TYPES');
      for (const t of DATA_TYPE_NAMES) assert.ok(all.types.includes(t), `ALL_TYPES has a ${t} column`);
      const orphans = await rows(s, 'SELECT COUNT(*) FROM RETAIL.ORDERS O LEFT JOIN RETAIL.CUSTOMERS C ON O.CUSTOMER_ID = C.CUSTOMER_ID WHERE C.CUSTOMER_ID IS NULL');
      assert.deepEqual(orphans.data, [[0]], 'every order has a customer');
      sums.push((await rows(s, 'SELECT SUM(AMOUNT), SUM(SCORE), MAX(EVENT_TIME) FROM RETAIL.EVENTS')).data);
      await s.close();
      await engine.close();
    }
    assert.deepEqual(sums[0], sums[1]);
  });
});
