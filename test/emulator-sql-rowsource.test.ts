// SQL engine: RowSource paging — byte budget, at least one row, maxRows, backward and stale reads,
// resultSetMaxRows, and a 10M-row stream read with bounded memory.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Engine, RowSource, SqlSession, StatementContext } from '../src/emulator/sql/contract';
import { createEngine } from '../src/emulator/sql/engine';
import { parseJson } from '../src/protocol';

const ctx = (resultSetMaxRows = 0, protocolVersion = 3): StatementContext => ({ signal: new AbortController().signal, protocolVersion, resultSetMaxRows });

async function source(s: SqlSession, sql: string, c = ctx()): Promise<RowSource> {
  const o = await s.execute(sql, c);
  if (o.kind !== 'resultSet') throw new Error('expected a result set');
  return o.rows;
}

describe('emulator-sql RowSource', () => {
  let engine: Engine;
  let s: SqlSession;
  before(async () => {
    engine = await createEngine({ seed: 'demo' });
    s = await engine.openSession({ sessionId: '31', userName: 'SYS' });
  });
  after(async () => {
    await s.close();
    await engine.close();
  });

  it('pages through a large result by byte budget, in order, without gaps', async () => {
    const rs = await source(s, 'SELECT EVENT_ID, KIND FROM RETAIL.EVENTS ORDER BY EVENT_ID LIMIT 50000');
    assert.equal(rs.numRows, 50000);
    let pos = 0;
    let reads = 0;
    while (pos < rs.numRows) {
      const r = await rs.read(pos, 64 * 1024, 1000000);
      assert.ok(r.numRows > 0);
      assert.ok(r.json.length <= 64 * 1024 + 64, `chunk of ${r.json.length} bytes exceeds the budget`);
      const data = parseJson(r.json) as unknown[][];
      assert.equal(data[0]!.length, r.numRows);
      assert.equal(data[0]![0], String(pos), 'EVENT_ID (BIGINT = DECIMAL(36,0)) is a string and rows come in order');
      assert.equal(data[0]![r.numRows - 1], String(pos + r.numRows - 1));
      pos += r.numRows;
      reads++;
    }
    assert.equal(pos, 50000);
    assert.ok(reads > 5, 'the budget split the result');
    await rs.close();
  });

  it('returns at least one row for a tiny budget and honours maxRows', async () => {
    const rs = await source(s, 'SELECT NAME FROM RETAIL.CUSTOMERS ORDER BY CUSTOMER_ID');
    assert.equal(rs.numRows, 10000);
    const one = await rs.read(0, 1, 100);
    assert.equal(one.numRows, 1);
    assert.equal(one.json, '[["Customer 1"]]');
    const three = await rs.read(1, 1 << 20, 3);
    assert.equal(three.json, '[["Customer 2","Customer 3","Customer 4"]]');
    await rs.close();
  });

  it('re-reads backwards and after another statement used the connection', async () => {
    const rs = await source(s, 'SELECT range AS N FROM range(100000)');
    const first = await rs.read(0, 1 << 20, 10);
    assert.equal(first.json, '[[0,1,2,3,4,5,6,7,8,9]]');
    const later = await rs.read(50000, 1 << 20, 2);
    assert.equal(later.json, '[[50000,50001]]');
    // another statement on the same session invalidates DuckDB's stream
    await s.execute('SELECT 1 FROM DUAL', ctx());
    assert.equal((await rs.read(50002, 1 << 20, 2)).json, '[[50002,50003]]');
    assert.equal((await rs.read(5, 1 << 20, 2)).json, '[[5,6]]', 'backward start re-runs the query');
    assert.equal((await rs.read(100000, 1 << 20, 2)).numRows, 0, 'reading past the end gives no rows');
    await rs.close();
  });

  it('keeps reading the snapshot of a large result while the session changes the table', async () => {
    await s.execute('CREATE SCHEMA SNAP', ctx());
    await s.execute('CREATE TABLE S AS SELECT range AS ID FROM range(20000)', ctx());
    const rs = await source(s, 'SELECT ID FROM S ORDER BY ID');
    assert.equal(rs.numRows, 20000);
    assert.equal((await rs.read(0, 1 << 20, 2)).json, '[[0,1]]');
    assert.deepEqual(await s.execute('DELETE FROM S', ctx()), { kind: 'rowCount', rowCount: 20000 });
    assert.equal((await rs.read(2, 1 << 20, 2)).json, '[[2,3]]');
    assert.equal((await rs.read(19998, 1 << 20, 10)).json, '[[19998,19999]]');
    await rs.close();
    await rs.close();
  });

  it('caps rows with resultSetMaxRows (v2+ only)', async () => {
    const capped = await source(s, 'SELECT * FROM RETAIL.ORDERS', ctx(123));
    assert.equal(capped.numRows, 123);
    const r = await capped.read(0, 1 << 24, 1000000);
    assert.equal(r.numRows, 123);
    await capped.close();
    const v1 = await source(s, 'SELECT * FROM RETAIL.ORDERS', ctx(123, 1));
    assert.equal(v1.numRows, 100000);
    await v1.close();
  });

  it('streams 10M rows with bounded memory', async () => {
    const rs = await source(s, 'SELECT range AS N, range * 2 AS M FROM range(10000000)');
    assert.equal(rs.numRows, 10000000);
    let pos = 0;
    let sum = 0n;
    let peak = 0;
    const base = process.memoryUsage().rss;
    while (pos < rs.numRows) {
      const r = await rs.read(pos, 8 * 1024 * 1024, 10000000);
      const data = JSON.parse(r.json) as number[][];
      sum += BigInt(data[0]![data[0]!.length - 1]!);
      pos += r.numRows;
      peak = Math.max(peak, process.memoryUsage().rss - base);
    }
    assert.equal(pos, 10000000);
    assert.ok(sum > 0n);
    // 10M rows encoded are ~160 MB of JSON; holding them would need far more than this
    assert.ok(peak < 400 * 1024 * 1024, `rss grew by ${Math.round(peak / 1e6)} MB`);
    await rs.close();
  });
});
