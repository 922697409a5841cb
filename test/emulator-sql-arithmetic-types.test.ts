// Result types of sums, differences, products and numeric literals as Exasol documents them, over real sockets:
// DECIMAL(p1,s1) +/- DECIMAL(p2,s2) is DECIMAL(max(p1-s1, p2-s2) + 1 + max(s1,s2), max(s1,s2)) (Exasol Solution
// Center SOL-79), a numeric literal is the smallest DECIMAL holding its value (docs.exasol.com, Numeric literals),
// and a DECIMAL of more than 18 digits is a JSON string on the wire (wire-quirks.md §7).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { toRows, WireClient } from './support/wire-client';

let emu: RunningEmulator;
let c: WireClient;

before(async () => {
  emu = await startEmulator();
  c = await WireClient.connect(emu.url);
  await c.ok({ command: 'execute', sqlText: 'CREATE SCHEMA ARITH' });
  await c.ok({
    command: 'execute',
    sqlText: 'CREATE TABLE ARITH.N (ID DECIMAL(18,0), RATING DECIMAL(10,5), A12 DECIMAL(12,0), B15 DECIMAL(15,3), C15 DECIMAL(15,9), D36 DECIMAL(36,0), X DOUBLE, D DATE)',
  });
  await c.ok({
    command: 'execute',
    sqlText: "INSERT INTO ARITH.N VALUES (999999999999999999, 1.5, 7, 2.5, 0.000000001, 999999999999999999999999999999999999, 0.5, DATE '2024-02-28')",
  });
});
after(async () => {
  await c.close();
  await emu.close();
});

/** Column types and the first row of a query. */
async function first(sqlText: string): Promise<{ types: Record<string, unknown>[]; row: unknown[] }> {
  const r = await c.ok({ command: 'execute', sqlText });
  const rs = r.responseData.results[0].resultSet;
  return { types: rs.columns.map((x: { dataType: Record<string, unknown> }) => x.dataType), row: toRows(rs.data)[0]! };
}

const dec = (precision: number, scale: number): Record<string, unknown> => ({ type: 'DECIMAL', precision, scale });

test('a sum of DECIMALs has one integer digit more than the wider operand and the larger scale; past 18 digits it is a string', async () => {
  const { types, row } = await first('SELECT ID + 1, ID - 1, ID + RATING, RATING - ID, A12 + C15, B15 + C15, ID + ID FROM ARITH.N');
  assert.deepEqual(types, [dec(19, 0), dec(19, 0), dec(24, 5), dec(24, 5), dec(22, 9), dec(22, 9), dec(19, 0)]);
  // DuckDB would keep ID + 1 in 18 digits and fail on 10^18; Exasol's DECIMAL(19,0) holds it
  assert.deepEqual(row, ['1000000000000000000', '999999999999999998', '1000000000000000000.5', '-999999999999999997.5', '7.000000001', '2.500000001', '1999999999999999998']);
});

test('a sum is at most DECIMAL(36,s); a value beyond 36 digits fails with 22002', async () => {
  const { types, row } = await first('SELECT D36 - 1 FROM ARITH.N');
  assert.deepEqual(types, [dec(36, 0)]);
  assert.deepEqual(row, ['999999999999999999999999999999999998']);
  const r = await c.request({ command: 'execute', sqlText: 'SELECT D36 + 1 FROM ARITH.N' });
  assert.equal(r.status, 'error');
  assert.equal(r.exception.sqlCode, '22002');
});

test('sums that are not exact keep their types: DOUBLE, DATE + days, integer literals only', async () => {
  const { types, row } = await first('SELECT X + ID, D + 1, D - 1, 1 + 1, 2 - 10 FROM ARITH.N');
  assert.deepEqual(types, [{ type: 'DOUBLE' }, { type: 'DATE', size: 4 }, { type: 'DATE', size: 4 }, dec(2, 0), dec(3, 0)]);
  assert.deepEqual(row.slice(1), ['2024-02-29', '2024-02-27', 2, -8]);
});

test('products add precisions and scales (SOL-79: (12,0) * (15,3) is (27,3))', async () => {
  const { types, row } = await first('SELECT A12 * B15, A12 * C15 FROM ARITH.N');
  assert.deepEqual(types, [dec(27, 3), dec(27, 9)]);
  assert.deepEqual(row, ['17.5', '0.000000007']);
});

test('a numeric literal is the smallest DECIMAL holding its value: 1.0 is DECIMAL(1,0) and a JSON number; an exponent makes a DOUBLE', async () => {
  const { types, row } = await first('SELECT 1.0, 10.0, 2.50, 0.05, -2.50, 1e1 FROM DUAL');
  assert.deepEqual(types, [dec(1, 0), dec(2, 0), dec(2, 1), dec(2, 2), dec(2, 1), { type: 'DOUBLE' }]);
  assert.deepEqual(row, [1, 10, '2.5', '0.05', '-2.5', 10]);
});

test('a prepared statement describes a sum with the same type as the executed one, with a parameter too', async () => {
  const p = await c.ok({ command: 'createPreparedStatement', sqlText: 'SELECT a.*, a.ID + 1 AS NEXT_ID FROM ARITH.N a' });
  const rs = p.responseData.results[0].resultSet;
  const next = rs.columns.find((x: { name: string }) => x.name === 'NEXT_ID');
  assert.deepEqual(next.dataType, dec(19, 0));
  await c.ok({ command: 'closePreparedStatement', statementHandle: p.responseData.statementHandle });
  // a parameter takes the column's type: ID + ? is DECIMAL(18,0) + DECIMAL(18,0), described and executed alike
  const q = await c.ok({ command: 'createPreparedStatement', sqlText: 'SELECT ID + ? AS S FROM ARITH.N' });
  assert.deepEqual(q.responseData.results[0].resultSet.columns[0].dataType, dec(19, 0));
  const d = q.responseData;
  const run = await c.ok({ command: 'executePreparedStatement', statementHandle: d.statementHandle, numColumns: 1, numRows: 1, columns: d.parameterData.columns, data: [[1]] });
  const out = run.responseData.results[0].resultSet;
  assert.deepEqual([out.columns[0].dataType, toRows(out.data)[0]], [dec(19, 0), ['1000000000000000000']]);
  await c.ok({ command: 'closePreparedStatement', statementHandle: d.statementHandle });
});

test('a literal in a product or sum counts with its literal type: DECIMAL * 2 adds one digit, * 1.50 two digits and one scale', async () => {
  const { types, row } = await first('SELECT RATING * 2, RATING * 1.50, B15 * 1.0, RATING + 0.50 FROM ARITH.N');
  assert.deepEqual(types, [dec(11, 5), dec(12, 6), dec(16, 3), dec(11, 5)]);
  assert.deepEqual(row, ['3', '2.25', '2.5', '2']);
});

test('a statement with more than 32 sums is not typed sum by sum (one bind each): it runs with DuckDB types, values unchanged', async () => {
  const items = Array.from({ length: 40 }, (_, i) => `RATING + ${i}`).join(', ');
  const { types, row } = await first(`SELECT ${items} FROM ARITH.N`);
  // typed, RATING + 1 would be DECIMAL(11,5); DuckDB widens the INTEGER literal to ten digits
  assert.equal(types[0]!.type, 'DECIMAL');
  assert.notDeepEqual(types[1], dec(11, 5));
  assert.deepEqual([row[0], row[39]], ['1.5', '40.5']);
});
