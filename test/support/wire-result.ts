// Reading one statement's result over the raw wire client, for the tests that check documented SQL examples:
// columns and rows (column-major data turned into rows), or the one row as name -> value and name -> data type.
import assert from 'node:assert/strict';
import { toRows, type WireClient } from './wire-client';

/** A result column as the server sends it. */
export interface WireColumn {
  name: string;
  dataType: Record<string, unknown>;
}

/** Runs a query that must give a result set; returns its columns and rows. */
export async function queryResult(c: WireClient, sqlText: string): Promise<{ columns: WireColumn[]; rows: unknown[][] }> {
  const r = (await c.ok({ command: 'execute', sqlText })).responseData.results[0];
  assert.equal(r.resultType, 'resultSet', sqlText);
  return { columns: r.resultSet.columns, rows: toRows(r.resultSet.data) };
}

/** The one row of a query as name -> value (`v`), and name -> data type (`t`). */
export async function oneRow(c: WireClient, sqlText: string): Promise<{ v: Record<string, unknown>; t: Record<string, Record<string, unknown>> }> {
  const { columns, rows } = await queryResult(c, sqlText);
  assert.equal(rows.length, 1, sqlText);
  const v: Record<string, unknown> = {};
  const t: Record<string, Record<string, unknown>> = {};
  columns.forEach((col, i) => {
    v[col.name] = rows[0]![i];
    t[col.name] = col.dataType;
  });
  return { v, t };
}
