/**
 * Probes of the emulator's SQL engine without sockets, shared by the SQL function tests: a statement context,
 * the first row of a query with its column types, and the Exasol-style error a statement must fail with.
 */
import assert from 'node:assert/strict';
import { EngineError, type SqlSession, type StatementContext } from '../../src/emulator/sql/contract';
import { parseJson, type DataType } from '../../src/protocol';

/** A fresh statement context (protocol v3, no row limit, never aborted). */
export const statementContext = (): StatementContext => ({ signal: new AbortController().signal, protocolVersion: 3, resultSetMaxRows: 0 });

/** The first row of a query as name -> wire value, and the column types. */
export async function firstRow(s: SqlSession, sql: string): Promise<{ values: Record<string, unknown>; types: Record<string, DataType> }> {
  const o = await s.execute(sql, statementContext());
  if (o.kind !== 'resultSet') throw new Error('expected rows');
  const r = await o.rows.read(0, 1 << 20, 100);
  await o.rows.close();
  const cols = parseJson(r.json) as unknown[][];
  const values: Record<string, unknown> = {};
  const types: Record<string, DataType> = {};
  o.rows.columns.forEach((c, i) => {
    values[c.name] = cols[i]![0];
    types[c.name] = c.dataType;
  });
  return { values, types };
}

/** Asserts that `sql` fails with an EngineError of `code` whose text matches `text` and shows nothing of DuckDB. */
export async function failsWith(s: SqlSession, sql: string, code: string, text: RegExp): Promise<void> {
  await assert.rejects(s.execute(sql, statementContext()), (e: unknown) => {
    assert.ok(e instanceof EngineError, String(e));
    assert.equal(e.sqlCode, code, e.message);
    assert.match(e.message, text);
    assert.doesNotMatch(e.message, /Binder Error|Catalog Error|DuckDB|Did you mean|EXA_/);
    return true;
  });
}
