/**
 * CREATE VIEW and CREATE TABLE (with identity columns, and AS <query>) on an emulated session: the
 * DuckDB statements, then the declared Exasol types recorded in the type catalog.
 */
import { SqlCode } from '../../protocol';
import { EngineError, type StatementContext } from './contract';
import { IDENTITY_PLACEHOLDER, type Translation } from './dialect';
import { position } from './errors';
import { quoteIdent } from './lexer';
import type { Session } from './session';
import { storageType, typeProblem } from './types';

/** The schema a CREATE names, else the current one; an EngineError when there is neither. */
function targetSchema(s: Session, t: Translation, sql: string): string {
  const schema = t.schema || s.currentSchema;
  if (!schema) throw new EngineError(SqlCode.syntaxOrAccess, `no schema specified or opened or current schema has been dropped ${position(sql, t.schemaOffset ?? 0)}`);
  return schema;
}

/** CREATE [OR REPLACE] VIEW: creates it and records the Exasol types of its columns. */
export async function createView(s: Session, t: Translation, sql: string, ctx: StatementContext): Promise<void> {
  const schema = targetSchema(s, t, sql);
  await s.runSql(t.sql, sql, ctx);
  s.shared.catalog.invalidate();
  if (t.queryOffset !== undefined && t.table) {
    const defs = await s.describe(sql.slice(t.queryOffset), sql, ctx);
    await s.guard(sql, ctx, () => s.shared.catalog.record(s.tc.con, schema, t.table!, defs));
  }
}

/** CREATE [OR REPLACE] TABLE: columns (identity columns backed by sequences) or AS <query>; resolves with the rows inserted. */
export async function createTable(s: Session, t: Translation, sql: string, ctx: StatementContext): Promise<number> {
  const schema = targetSchema(s, t, sql);
  if (t.queryOffset !== undefined && t.table) return createTableAs(s, t, schema, sql, ctx);
  for (const c of t.columns ?? []) {
    const p = typeProblem(c.type);
    if (p) throw new EngineError(SqlCode.syntaxOrAccess, p);
  }
  let duckSql = t.sql;
  const identities = (t.columns ?? []).filter((c) => c.identity);
  for (let k = 0; k < identities.length; k++) {
    const seq = `${quoteIdent(schema)}.${quoteIdent(`__exa_seq_${t.table}_${identities[k]!.name}`)}`;
    await s.runSql(`CREATE OR REPLACE SEQUENCE ${seq}`, sql, ctx);
    duckSql = duckSql.replace(`${IDENTITY_PLACEHOLDER}${k}__`, seq.replace(/'/g, "''"));
  }
  await s.runSql(duckSql, sql, ctx);
  s.shared.catalog.invalidate();
  if (t.columns && t.columns.length > 0) {
    await s.guard(sql, ctx, () => s.shared.catalog.record(s.tc.con, schema, t.table!, t.columns!));
  } else if (t.table) {
    await s.guard(sql, ctx, () => s.shared.catalog.forget(s.tc.con, schema, t.table!));
  }
  return 0;
}

/** CREATE TABLE t AS <query>: creates the table with the query's Exasol types, then fills it. */
async function createTableAs(s: Session, t: Translation, schema: string, sql: string, ctx: StatementContext): Promise<number> {
  let text = sql.slice(t.queryOffset);
  const noData = /\s+WITH\s+(NO\s+)?DATA\s*;?\s*$/i.exec(text);
  if (noData) text = text.slice(0, noData.index);
  const defs = await s.describe(text, sql, ctx);
  const name = `${quoteIdent(schema)}.${quoteIdent(t.table!)}`;
  const cols = defs.map((d) => `${quoteIdent(d.name)} ${storageType(d.type)}`).join(', ');
  await s.runSql(`CREATE ${t.replace ? 'OR REPLACE ' : ''}TABLE ${name} (${cols})`, sql, ctx);
  s.shared.catalog.invalidate();
  await s.guard(sql, ctx, () => s.shared.catalog.record(s.tc.con, schema, t.table!, defs));
  if (t.noData) return 0;
  const sub = s.translate(text);
  return s.runSql(`INSERT INTO ${name} ${await s.typedSql(sub.sql, sql, ctx)}`, sql, ctx);
}
