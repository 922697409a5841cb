/**
 * One Exasol SQL session on its own DuckDB connection: current schema, autocommit and explicit
 * transactions, statement dispatch (OPEN/CLOSE SCHEMA, COMMIT/ROLLBACK, DDL with type catalog,
 * DML row counts, queries as RowSources), abort/timeout via DuckDB interrupt. CREATE TABLE/VIEW
 * live in session-ddl.ts, ALTER SESSION in session-settings.ts.
 */
import type { MetadataRequest } from '../../protocol';
import { SqlCode } from '../../protocol';
import { EngineError, type PreparedStatement, type SqlSession, type StatementContext, type StatementOutcome } from './contract';
import { createTableLike, translate, type ColumnDef, type Translation } from './dialect';
import { withInterrupt } from './interrupt';
import { settleWithin } from '../deadline';
import { mapError, position } from './errors';
import { quoteString } from './lexer';
import { answerMetadata } from './metadata';
import { prepareStatement } from './prepared';
import { declaredColumnsByName, openResultSet, resultTypes, type Cursor } from './resultset';
import { TrackedConnection, type EngineShared } from './shared';
import { timestampCutSql } from './timestamp-cut';
import { HIDDEN_SCHEMAS } from './catalog';
import { isEtlStatement, runEtl } from './etl';
import { hasDivisions, resolveDivisions } from './functions/division';
import { hasMultiplications, resolveMultiplications } from './functions/multiplication';
import { hasTypeof, resolveTypeof } from './functions/typeof';
import { mayReadCharText, padCharColumns } from './char-padding';
import { mayAddDays, resolveDatetimeArithmetic } from './functions/datetime-arithmetic';
import { applySessionSetting } from './session-settings';
import { recordParameter, tagConnection, unregisterSession } from './session-registry';
import { outRows, profileStatement } from './profile';
import { createTable, createView } from './session-ddl';
import { sleepSeconds, sleepUnlessAborted } from './functions/sleep';
import { describeQuery, parseDescribe, type DescribeStatement } from './describe';
import { runScriptStatement, scriptCallError, scriptStatement } from './scripts';

/** Longest close() waits for an interrupted statement, and then for cursors and the rollback, ms. */
export const CLOSE_WAIT_MS = 250;

/** Session implementation; created by the engine. */
export class Session implements SqlSession {
  currentSchema = '';
  autocommit = true;
  /** Session time zone (ALTER SESSION SET TIME_ZONE); TIMESTAMP WITH LOCAL TIME ZONE is shown in it. */
  timeZone = 'UNIVERSAL';
  /** Query timeout in seconds (ALTER SESSION SET QUERY_TIMEOUT, or the attribute `queryTimeout`). */
  queryTimeout = 0;
  /** Statements executed so far, implicit commits included (CURRENT_STATEMENT is the number of the running one). */
  statementId = 0;
  /** ALTER SESSION SET PROFILE = 'ON': statements leave their profile (profile.ts). */
  profile = false;
  readonly sessionId: string;
  readonly userName: string;
  readonly tc: TrackedConnection;
  readonly shared: EngineShared;
  private inTransaction = false;
  /** The open transaction has run only queries: a private cursor connection sees exactly its data. */
  private txReadOnly = false;
  private closed = false;
  private closing: Promise<void> | undefined;
  /** Aborted by close(): ends a `"$SLEEP"` wait of a statement still running then. */
  private readonly closeSignal = new AbortController();
  private readonly cursors = new Set<Cursor>();
  /** The DuckDB work in progress, if any (close() interrupts and awaits it). */
  private running: Promise<unknown> | undefined;

  constructor(shared: EngineShared, tc: TrackedConnection, info: { sessionId: string; userName: string }) {
    this.shared = shared;
    this.tc = tc;
    this.sessionId = info.sessionId;
    this.userName = info.userName;
  }

  get openTransaction(): number {
    return this.inTransaction ? 1 : 0;
  }

  /** Runs `fn` with DuckDB interrupted when the context aborts; maps errors to EngineError. */
  async guard<T>(sql: string, ctx: StatementContext, fn: () => Promise<T>): Promise<T> {
    const signal = ctx.signal;
    if (signal.aborted) throw mapError(new Error('aborted'), sql, signal);
    const run = withInterrupt(signal, () => this.tc.con.interrupt(), fn);
    this.running = run;
    try {
      return await run;
    } catch (e) {
      const err = mapError(e, sql, signal);
      await this.afterError();
      throw err;
    } finally {
      if (this.running === run) this.running = undefined;
    }
  }

  /** DuckDB aborts a whole explicit transaction on error: roll it back so the session stays usable. */
  private async afterError(): Promise<void> {
    if (!this.inTransaction) return;
    try {
      await this.tc.con.run('ROLLBACK');
    } catch {
      /* already rolled back */
    }
    this.inTransaction = false;
  }

  /** Opens the DuckDB transaction when autocommit is off; `readOnly` says the statement about to run only reads. */
  async beginIfNeeded(readOnly = false): Promise<void> {
    if (!this.autocommit && !this.inTransaction) {
      this.tc.bump();
      await this.tc.con.run('BEGIN TRANSACTION');
      this.inTransaction = true;
      this.txReadOnly = true;
    }
    if (!readOnly) this.txReadOnly = false;
  }

  async schemaExists(name: string): Promise<boolean> {
    if (HIDDEN_SCHEMAS.has(name) && name !== 'SYS') return false;
    this.tc.bump();
    const r = await this.tc.con.runAndReadAll(`SELECT 1 FROM duckdb_schemas() WHERE schema_name = ${quoteString(name)} AND NOT internal`);
    return r.currentRowCount > 0;
  }

  async setCurrentSchema(name: string): Promise<void> {
    if (!(await this.schemaExists(name))) throw new EngineError(SqlCode.syntaxOrAccess, `schema ${name} not found`);
    await this.useSchema(name);
  }

  private async useSchema(name: string): Promise<void> {
    this.tc.bump();
    await this.tc.con.run(`SET schema = ${quoteString(name === '' ? 'main' : name)}`);
    this.currentSchema = name;
  }

  /** The translation of a statement for this session's state. */
  translate(sql: string): Translation {
    return translate(sql, { sessionId: this.sessionId, userName: this.userName, currentSchema: this.currentSchema, timeZone: this.timeZone, statementId: this.statementId });
  }

  async execute(sql: string, ctx: StatementContext): Promise<StatementOutcome> {
    if (this.closed) throw new EngineError(SqlCode.unknown, 'session closed');
    this.statementId++;
    const stmtId = this.statementId;
    const start = Date.now();
    const outcome = await this.executeStatement(sql, ctx);
    if (this.profile) await profileStatement(this.tc, { sessionId: this.sessionId, stmtId, sql, start, stop: Date.now(), outRows: outRows(outcome) });
    // in autocommit mode Exasol commits after each statement as a statement of its own, numbered next (pyexasol's
    // explain_last reads the profile of CURRENT_STATEMENT - 4 there, CURRENT_STATEMENT - 2 without autocommit)
    if (this.autocommit && !/^\s*(COMMIT|ROLLBACK)\b/i.test(sql)) this.statementId++;
    return outcome;
  }

  /** Runs one statement: the body of {@link execute}. */
  private async executeStatement(sql: string, ctx: StatementContext): Promise<StatementOutcome> {
    if (isEtlStatement(sql)) {
      await this.commitOpenWork(sql, ctx);
      return { kind: 'rowCount', rowCount: await runEtl(this, sql, ctx) };
    }
    // CREATE/DROP/EXECUTE SCRIPT: the body is not SQL (scripts.ts)
    const script = scriptStatement(sql);
    if (script) {
      await this.commitOpenWork(sql, ctx);
      return { kind: 'rowCount', rowCount: await runScriptStatement(this, script, sql, ctx) };
    }
    // CREATE TABLE t LIKE s runs as the CREATE TABLE AS it stands for (dialect.ts)
    sql = createTableLike(sql) ?? sql;
    const described = parseDescribe(sql);
    if (described) return this.describeObject(described, sql, ctx);
    let t: Translation;
    try {
      t = this.translate(sql);
      await this.shared.snapshot?.beforeStatement(sql);
    } catch (e) {
      throw mapError(e, sql);
    }
    try {
      return await this.run(t, sql, ctx);
    } catch (e) {
      // a call of a stored script: it cannot run here (scripts.ts)
      throw e instanceof EngineError && !this.closed ? await scriptCallError(this, e) : e;
    }
  }

  /** DESC[RIBE] (describe.ts): the object's columns from EXA_ALL_COLUMNS; 42000 when it does not exist. */
  private async describeObject(d: DescribeStatement, sql: string, ctx: StatementContext): Promise<StatementOutcome> {
    const schema = d.schema ?? this.currentSchema;
    const query = describeQuery(d, schema);
    const found = await this.guard(sql, ctx, async () => {
      this.tc.bump();
      return (await this.tc.con.runAndReadAll(`SELECT 1 FROM (${query}) LIMIT 1`)).currentRowCount > 0;
    });
    if (!found) {
      const name = d.schema === undefined ? d.object : `${d.schema}.${d.object}`;
      throw new EngineError(SqlCode.syntaxOrAccess, `object ${name} not found ${position(sql, d.offset)}`);
    }
    let t: Translation;
    try {
      t = this.translate(query);
    } catch (e) {
      throw mapError(e, sql);
    }
    return this.run(t, sql, ctx);
  }

  /** Binds a DuckDB text on this session's connection without running it: the binder's error, or undefined. */
  private async bindOnly(text: string): Promise<string | undefined> {
    this.tc.bump();
    try {
      const p = await this.tc.con.prepare(text);
      p.destroySync();
      return undefined;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }

  /** The DuckDB text with its products and divisions typed as Exasol types them (functions/multiplication.ts, division.ts) and datetime +/- n as days (functions/datetime-arithmetic.ts). */
  async typedSql(duckSql: string, sql: string, ctx: StatementContext): Promise<string> {
    const bind = (text: string): Promise<string | undefined> => this.bindOnly(text);
    if (mayReadCharText(duckSql)) duckSql = await this.guard(sql, ctx, () => padCharColumns(duckSql, (schema, table) => this.shared.catalog.columns(this.tc.con, schema, table), this.currentSchema));
    const products = hasMultiplications(duckSql)
      ? await this.guard(sql, ctx, () => resolveMultiplications(duckSql, bind, this.shared.catalog.typedProducts, this.currentSchema + '\u0000' + duckSql))
      : duckSql;
    const typed = hasDivisions(products) ? await this.guard(sql, ctx, () => resolveDivisions(products, bind)) : products;
    const key = this.currentSchema + '\u0000' + typed;
    const days = mayAddDays(typed) ? await this.guard(sql, ctx, () => resolveDatetimeArithmetic(typed, bind, this.shared.catalog.typedSums, key)) : typed;
    if (!hasTypeof(days)) return days;
    // TYPEOF(column): the declared type of a referenced table's column (functions/typeof.ts)
    const declared = await this.guard(sql, ctx, () => declaredColumnsByName(this.tc, this.shared.catalog, days, this.currentSchema));
    return this.guard(sql, ctx, () => resolveTypeof(days, bind, (name) => declared.get(name)?.type));
  }

  /** Autocommit was switched on while work was open: the next statement commits it first (as JDBC/Exasol do). */
  private async commitOpenWork(sql: string, ctx: StatementContext): Promise<void> {
    if (!this.autocommit || !this.inTransaction) return;
    this.inTransaction = false;
    this.tc.bump();
    await this.guard(sql, ctx, () => this.tc.con.run('COMMIT'));
  }

  /** Executes an already translated statement. */
  async run(translation: Translation, sql: string, ctx: StatementContext): Promise<StatementOutcome> {
    const sleep = sleepSeconds(sql);
    if (sleep > 0) {
      // "$SLEEP"(n) (functions/sleep.ts): wait first; abort, timeout or close end the wait
      const stop = AbortSignal.any([ctx.signal, this.closeSignal.signal]);
      await this.guard(sql, ctx, () => sleepUnlessAborted(sleep, stop));
    }
    const rowCount = (n: number): StatementOutcome => ({ kind: 'rowCount', rowCount: n });
    const t = hasDivisions(translation.sql) || hasMultiplications(translation.sql) || mayAddDays(translation.sql) || mayReadCharText(translation.sql) || hasTypeof(translation.sql) ? { ...translation, sql: await this.typedSql(translation.sql, sql, ctx) } : translation;
    await this.commitOpenWork(sql, ctx);
    switch (t.kind) {
      case 'openSchema': {
        if (!(await this.schemaExists(t.schema ?? ''))) {
          throw new EngineError(SqlCode.syntaxOrAccess, `schema ${t.schema} not found ${position(sql, t.schemaOffset ?? 0)}`);
        }
        await this.useSchema(t.schema!);
        return rowCount(0);
      }
      case 'closeSchema':
        await this.useSchema('');
        return rowCount(0);
      case 'noop':
        return rowCount(0);
      case 'alterSession':
        if (!t.setting!.system) applySessionSetting(this, t.setting!, sql);
        // the value EXA_PARAMETERS shows (session-registry.ts)
        if (t.setting!.name !== '') await this.guard(sql, ctx, () => recordParameter(this.tc.con, this.sessionId, t.setting!.name, t.setting!.value, t.setting!.system === true));
        return rowCount(0);
      case 'commit':
      case 'rollback':
        if (this.inTransaction) {
          this.tc.bump();
          this.inTransaction = false;
          await this.guard(sql, ctx, () => this.tc.con.run(t.kind === 'commit' ? 'COMMIT' : 'ROLLBACK'));
        }
        return rowCount(0);
      default:
        break;
    }
    await this.guard(sql, ctx, () => this.beginIfNeeded(t.kind === 'query'));
    switch (t.kind) {
      case 'query': {
        const declared = await this.guard(sql, ctx, () => declaredColumnsByName(this.tc, this.shared.catalog, t.sql, this.currentSchema));
        const rows = await openResultSet({
          tc: this.tc,
          sql: t.sql,
          types: (names, duckTypes) => resultTypes(names, duckTypes, t.items, declared),
          protocolVersion: ctx.protocolVersion,
          timestampSize: ctx.timestampSize,
          maxRows: ctx.protocolVersion >= 2 ? ctx.resultSetMaxRows : 0,
          timeZone: this.timeZone,
          signal: ctx.signal,
          // large results get a private cursor connection unless the transaction holds changes it would not see
          cursor: this.inTransaction && !this.txReadOnly ? undefined : () => this.openCursor(),
          guard: (fn) => this.guard(sql, ctx, fn),
        });
        return { kind: 'resultSet', rows };
      }
      case 'createSchema': {
        await this.runSql(t.sql, sql, ctx);
        // Exasol opens a newly created schema
        if (t.schema) await this.useSchema(t.schema);
        return rowCount(0);
      }
      case 'createView':
        await createView(this, t, sql, ctx);
        return rowCount(0);
      case 'createTable':
        return rowCount(await createTable(this, t, sql, ctx));
      case 'alterTable': {
        await this.runSql(t.sql, sql, ctx);
        this.shared.catalog.invalidate();
        if (t.columns && t.columns.length > 0) {
          const schema = t.schema || this.currentSchema;
          await this.guard(sql, ctx, () => this.shared.catalog.record(this.tc.con, schema, t.table!, t.columns!, true));
        }
        return rowCount(0);
      }
      case 'ddl':
        await this.runSql(t.sql, sql, ctx);
        this.shared.catalog.invalidate();
        return rowCount(0);
      default: {
        const n = await this.runSql(t.sql, sql, ctx);
        if (t.kind !== 'dml') return rowCount(0);
        // TIMESTAMP(p): digits past p written by this statement are dropped (timestamp-cut.ts)
        const cut = await this.guard(sql, ctx, () => timestampCutSql(this.shared.catalog, this.tc.con, t.verb, sql, this.currentSchema));
        if (cut !== undefined) await this.runSql(cut, sql, ctx);
        return rowCount(n);
      }
    }
  }

  /**
   * Names and Exasol types of a query's result columns (select-item hints, declared types of the
   * referenced tables, DuckDB's types otherwise), without running it.
   */
  async describe(querySql: string, sql: string, ctx: StatementContext): Promise<ColumnDef[]> {
    let text = querySql.trim();
    const noData = /\s+WITH\s+(NO\s+)?DATA\s*;?\s*$/i.exec(text);
    if (noData) text = text.slice(0, noData.index);
    const sub = this.translate(text);
    sub.sql = await this.typedSql(sub.sql, sql, ctx);
    const declared = await this.guard(sql, ctx, () => declaredColumnsByName(this.tc, this.shared.catalog, sub.sql, this.currentSchema));
    return this.guard(sql, ctx, async () => {
      this.tc.bump();
      const r = await this.tc.con.stream(`SELECT * FROM (${sub.sql}) AS "__exa_describe" LIMIT 0`);
      const names = r.columnNames();
      const types = resultTypes(names, r.columnTypes().map((x) => x.toString()), sub.items, declared);
      return names.map((name, i) => ({ name, type: types[i]!, notNull: false, defaultText: null, identity: false }));
    });
  }

  /** A private connection (same schema) for one large result; released by the RowSource or at close. */
  private async openCursor(): Promise<Cursor> {
    const con = await this.shared.instance.connect();
    try {
      await this.shared.prepareConnection?.(con);
      await tagConnection(con, this.sessionId);
    } catch (e) {
      con.closeSync();
      throw e;
    }
    const tc = new TrackedConnection(con);
    let released = false;
    const cursor: Cursor = {
      tc,
      interrupt: () => con.interrupt(),
      release: async () => {
        if (released) return;
        released = true;
        this.cursors.delete(cursor);
        try {
          await con.run('ROLLBACK');
        } catch {
          /* no transaction open */
        }
        con.closeSync();
      },
    };
    this.cursors.add(cursor);
    try {
      await con.run(`SET schema = ${quoteString(this.currentSchema === '' ? 'main' : this.currentSchema)}`);
    } catch (e) {
      await cursor.release();
      throw e;
    }
    return cursor;
  }

  /** Runs DuckDB SQL and returns the changed-row count. */
  async runSql(duckSql: string, sql: string, ctx: StatementContext): Promise<number> {
    return this.guard(sql, ctx, async () => {
      this.tc.bump();
      const r = await this.tc.con.run(duckSql);
      return r.rowsChanged;
    });
  }

  async setParameter(name: string, value: string): Promise<void> {
    if (this.closed) return;
    this.tc.bump();
    await recordParameter(this.tc.con, this.sessionId, name, value, false);
  }

  async prepare(sql: string, ctx: StatementContext): Promise<PreparedStatement> {
    if (this.closed) throw new EngineError(SqlCode.unknown, 'session closed');
    return prepareStatement(this, sql, ctx);
  }

  async metadata(request: MetadataRequest, ctx: StatementContext): Promise<StatementOutcome> {
    return answerMetadata(this, request, ctx);
  }

  /**
   * Closes the session. A statement still running (the client vanished, or the emulator shuts down)
   * is interrupted; one that ignores the interrupt is waited for at most {@link CLOSE_WAIT_MS}, then
   * left to finish in the background on its closed connection, so close() never hangs. Idempotent.
   */
  close(): Promise<void> {
    this.closing ??= this.doClose();
    return this.closing;
  }

  private async doClose(): Promise<void> {
    this.closed = true;
    this.closeSignal.abort();
    const interruptAll = (): void => {
      this.tc.con.interrupt();
      for (const c of this.cursors) c.interrupt();
    };
    if (this.running) {
      const stop = new AbortController();
      stop.abort('abort');
      const running = this.running;
      await withInterrupt(stop.signal, interruptAll, () => settleWithin(running, CLOSE_WAIT_MS));
    }
    await settleWithin(
      (async () => {
        for (const c of [...this.cursors]) await c.release();
        try {
          if (this.inTransaction) await this.tc.con.run('ROLLBACK');
        } catch {
          /* ignore */
        }
        // its row in EXA_DBA_SESSIONS goes with it (session-registry.ts)
        await unregisterSession(this.tc.con, this.sessionId).catch(() => undefined);
      })(),
      CLOSE_WAIT_MS,
    );
    this.inTransaction = false;
    this.tc.bump();
    this.tc.con.closeSync();
    for (const c of [...this.cursors]) c.tc.con.closeSync();
    this.cursors.clear();
  }
}
