/**
 * Assertions shared by the raw-frame conformance tests of the emulator (emulator-wire-conformance*.test.ts).
 */
import assert from 'node:assert/strict';
import type { WireClient } from './wire-client';

/** Asserts an error reply: exactly `status` and `exception`, a 5-character sqlCode, a non-empty text matching `text`. */
export function assertError(r: any, sqlCode: string, text?: RegExp): void {
  assert.deepEqual(Object.keys(r).sort(), ['exception', 'status'], JSON.stringify(r));
  assert.equal(r.status, 'error');
  assert.deepEqual(Object.keys(r.exception).sort(), ['sqlCode', 'text']);
  assert.equal(r.exception.sqlCode, sqlCode, JSON.stringify(r));
  assert.equal(typeof r.exception.text, 'string');
  assert.ok(r.exception.text.length > 0);
  if (text) assert.match(r.exception.text, text);
}

/** The `dataType` of every column of a query, by column name. */
export async function columnTypes(c: WireClient, sql: string): Promise<Record<string, unknown>> {
  const rs = (await c.ok({ command: 'execute', sqlText: sql })).responseData.results[0].resultSet;
  return Object.fromEntries(rs.columns.map((col: { name: string; dataType: unknown }) => [col.name, col.dataType]));
}
