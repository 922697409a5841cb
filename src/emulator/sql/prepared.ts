/**
 * Prepared statements: `?` parameters typed from the columns they target, strict value checks,
 * bulk INSERT ... VALUES (?,...) executed as multi-row inserts (one statement per 10k rows, not
 * per row), prepared queries returning RowSources.
 */
import type { ColumnInfo, DataType } from '../../protocol';
import { ErrorText, SqlCode } from '../../protocol';
import { EngineError, type PreparedInfo, type PreparedStatement, type StatementContext, type StatementOutcome } from './contract';
import type { Translation } from './dialect';
import { mapError } from './errors';
import { parseStatements } from './shared';
import { appendToStage } from './stage';
import { identifierName, keyword, quoteString, significant, tokenize, type Token } from './lexer';
import { castExpression, paramLiteral, paramText } from './params';
import { declaredColumnsByName, openResultSet, resultTypes } from './resultset';
import type { Session } from './session';
import { referencedTables } from './tables';
import { derivedType, VARCHAR_MAX, wireType } from './types';

let stageCounter = 0;
const COMPARISON = new Set(['=', '<', '>', '<=', '>=', '<>', '!=']);
const ARITHMETIC = new Set(['+', '-', '*', '/']);

/** Name and Exasol type of each column of a table: declared types first, DuckDB's otherwise. */
export async function tableColumnTypes(session: Session, schema: string, table: string): Promise<{ name: string; type: DataType }[]> {
  const declared = await session.shared.catalog.columns(session.tc.con, schema, table);
  session.tc.bump();
  const r = await session.tc.con.runAndReadAll(
    `SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = ${quoteString(schema)} AND table_name = ${quoteString(table)} ORDER BY column_index`,
  );
  return r.getRows().map((row) => {
    const name = String(row[0]);
    const d = declared.find((c) => c.name === name);
    return { name, type: d ? d.type : derivedType(String(row[1])) };
  });
}

/** Reports GEOMETRY parameters as VARCHAR(2000000) UTF8, like real servers. */
function paramType(t: DataType | undefined): DataType {
  if (!t || t.type === 'GEOMETRY') return { ...VARCHAR_MAX };
  return t;
}

interface InsertShape {
  /** Index of `(` of the single VALUES tuple in significant tokens of the DuckDB SQL. */
  open: number;
  close: number;
}

/** Types each `?` of a statement. */
async function parameterTypes(session: Session, t: Translation, sql: string): Promise<DataType[]> {
  const sig = significant(tokenize(sql));
  const types: (DataType | undefined)[] = new Array(t.paramCount).fill(undefined);
  const paramIndex = new Map<Token, number>();
  sig.filter((x) => x.kind === 'param').forEach((x, i) => paramIndex.set(x, i));
  if (t.paramCount === 0) return [];
  const refs = referencedTables(sql);
  if (t.verb === 'INSERT' && refs[0]) {
    const ref = refs[0];
    const cols = await tableColumnTypes(session, ref.schema || session.currentSchema, ref.table);
    // explicit column list?
    let i = sig.findIndex((x) => keyword(x) === 'INTO');
    while (i < sig.length && sig[i]!.text !== '(' && keyword(sig[i]) !== 'VALUES' && keyword(sig[i]) !== 'SELECT') i++;
    let targets = cols;
    if (sig[i]?.text === '(') {
      const names: string[] = [];
      for (i++; i < sig.length && sig[i]!.text !== ')'; i++) if (sig[i]!.kind === 'word' || sig[i]!.kind === 'quoted') names.push(identifierName(sig[i]!));
      targets = names.map((n) => cols.find((c) => c.name === n) ?? { name: n, type: VARCHAR_MAX });
      i++;
    }
    if (keyword(sig[i]) === 'VALUES') {
      let col = 0;
      let depth = 0;
      for (let j = i + 1; j < sig.length; j++) {
        const x = sig[j]!;
        if (x.text === '(') {
          depth++;
          if (depth === 1) col = 0;
          continue;
        }
        if (x.text === ')') {
          depth--;
          continue;
        }
        if (depth === 1 && x.text === ',') col++;
        else if (depth === 1 && x.kind === 'param' && (sig[j - 1]!.text === '(' || sig[j - 1]!.text === ',') && (sig[j + 1]?.text === ',' || sig[j + 1]?.text === ')')) {
          types[paramIndex.get(x)!] = targets[col]?.type;
        }
      }
    }
  }
  const needByName = types.some((x) => x === undefined);
  if (needByName) {
    const declared = await declaredColumnsByName(session.tc, session.shared.catalog, sql, session.currentSchema);
    const byName = new Map<string, DataType>();
    for (const [k, v] of declared) byName.set(k, v.type);
    for (const ref of refs) {
      for (const c of await tableColumnTypes(session, ref.schema || session.currentSchema, ref.table)) if (!byName.has(c.name)) byName.set(c.name, c.type);
    }
    for (let j = 0; j < sig.length; j++) {
      const x = sig[j]!;
      if (x.kind !== 'param') continue;
      const idx = paramIndex.get(x)!;
      if (types[idx] !== undefined) continue;
      let col: Token | undefined;
      if (COMPARISON.has(sig[j - 1]?.text ?? '')) col = sig[j - 2];
      else if (COMPARISON.has(sig[j + 1]?.text ?? '')) col = sig[j + 2];
      else {
        // col IN (?, ?) / col BETWEEN ? AND ? / col LIKE ?
        let k = j - 1;
        while (k >= 0 && (sig[k]!.text === ',' || sig[k]!.kind === 'param' || keyword(sig[k]) === 'AND')) k--;
        if (sig[k]?.text === '(' && ['IN'].includes(keyword(sig[k - 1]))) col = sig[k - 2];
        else if (['BETWEEN', 'LIKE'].includes(keyword(sig[k]))) col = sig[k - 1];
      }
      if (col && (col.kind === 'word' || col.kind === 'quoted')) types[idx] = byName.get(identifierName(col));
      // ID + ?, ? * PRICE: a number in arithmetic with a numeric column takes the column's type (an assumption: the
      // docs do not say; a parameter without such context, e.g. a bare `SELECT ?`, stays VARCHAR(2000000) UTF8)
      if (types[idx] !== undefined) continue;
      const other = ARITHMETIC.has(sig[j - 1]?.text ?? '') ? sig[j - 2] : ARITHMETIC.has(sig[j + 1]?.text ?? '') ? sig[j + 2] : operatorCallOperand(sig, j);
      const t = other && (other.kind === 'word' || other.kind === 'quoted') ? byName.get(identifierName(other)) : undefined;
      if (t && (t.type === 'DECIMAL' || t.type === 'DOUBLE')) types[idx] = t;
    }
  }
  return types.map((x) => x ?? { ...VARCHAR_MAX });
}

/** The other operand of `EXA_MUL(?, x)` / `EXA_DIV(x, ?)` (the dialect's marked `*` and `/`) when the parameter at sig[j] is one. */
function operatorCallOperand(sig: Token[], j: number): Token | undefined {
  const call = (k: number): boolean => ['EXA_MUL', 'EXA_DIV'].includes(keyword(sig[k]));
  if (sig[j - 1]?.text === '(' && call(j - 2) && sig[j + 1]?.text === ',' && sig[j + 3]?.text === ')') return sig[j + 2];
  if (sig[j - 1]?.text === ',' && sig[j - 3]?.text === '(' && call(j - 4) && sig[j + 1]?.text === ')') return sig[j - 2];
  return undefined;
}

/** Finds the single `VALUES ( ... )` tuple of an INSERT for multi-row execution. */
function insertShape(sig: Token[]): InsertShape | undefined {
  const v = sig.findIndex((x) => keyword(x) === 'VALUES');
  if (v < 0 || sig[v + 1]?.text !== '(') return undefined;
  let depth = 0;
  for (let j = v + 1; j < sig.length; j++) {
    if (sig[j]!.text === '(') depth++;
    else if (sig[j]!.text === ')') {
      depth--;
      if (depth === 0) return j === sig.length - 1 ? { open: v + 1, close: j } : undefined;
    }
  }
  return undefined;
}

class Prepared implements PreparedStatement {
  readonly info: PreparedInfo;
  private readonly session: Session;
  private readonly t: Translation;
  private readonly sql: string;
  private readonly types: DataType[];
  private closed = false;

  constructor(session: Session, sql: string, t: Translation, types: DataType[], info: PreparedInfo) {
    this.session = session;
    this.sql = sql;
    this.t = t;
    this.types = types;
    this.info = info;
  }

  /** SQL pieces around each `?` of the DuckDB statement text. */
  private pieces(text: string): string[] {
    const toks = tokenize(text);
    const out: string[] = [];
    let cur = '';
    for (const x of toks) {
      if (x.kind === 'param') {
        out.push(cur);
        cur = '';
      } else cur += x.text;
    }
    out.push(cur);
    return out;
  }

  private literalRow(data: unknown[][], row: number): string[] {
    return this.types.map((t, c) => paramLiteral(data[c]![row], t));
  }

  async execute(columns: ColumnInfo[] | undefined, data: unknown[][], numRows: number, ctx: StatementContext): Promise<StatementOutcome> {
    if (this.closed) throw new EngineError(SqlCode.unknown, 'Statement handle not found');
    const n = this.types.length;
    if (n > 0 && (data.length !== n || (columns !== undefined && columns.length !== n))) {
      throw new EngineError(SqlCode.unknown, ErrorText.columnCountMismatch);
    }
    for (const col of data) {
      if (!Array.isArray(col) || col.length < numRows) throw new EngineError(SqlCode.unknown, 'the number of rows in the data is smaller than numRows');
    }
    const s = this.session;
    const rows = n === 0 ? Math.min(numRows, 1) || 1 : numRows;
    if (this.t.kind === 'query') {
      const pieces = this.pieces(this.t.sql);
      const lits = n > 0 && numRows > 0 ? this.literalRow(data, 0) : this.types.map(() => 'NULL');
      const sql = pieces.map((p, i) => p + (i < lits.length ? lits[i] : '')).join('');
      return s.run({ ...this.t, sql }, this.sql, ctx);
    }
    if (n > 0 && numRows === 0) return { kind: 'rowCount', rowCount: 0 };
    const sig = significant(tokenize(this.t.sql));
    const shape = this.t.verb === 'INSERT' && n > 0 ? insertShape(sig) : undefined;
    let total = 0;
    if (shape) {
      const head = this.t.sql.slice(0, sig[shape.open - 1]!.offset);
      const inner = this.pieces(this.t.sql.slice(sig[shape.open]!.offset + 1, sig[shape.close]!.offset));
      let select = '';
      for (let i = 0; i < inner.length; i++) select += inner[i] + (i < n ? castExpression(`"P${i}"`, this.types[i]!) : '');
      return { kind: 'rowCount', rowCount: await this.bulkInsert(head, select, data, rows, ctx) };
    }
    const pieces = this.pieces(this.t.sql);
    for (let r = 0; r < rows; r++) {
      const lits = n > 0 ? this.literalRow(data, r) : [];
      const sql = pieces.map((p, i) => p + (i < lits.length ? lits[i] : '')).join('');
      const out = await s.run({ ...this.t, sql }, this.sql, ctx);
      if (out.kind === 'rowCount') total += out.rowCount;
    }
    return { kind: 'rowCount', rowCount: total };
  }

  /**
   * Many-row INSERT: every value is checked, appended as text to a temporary staging table with
   * DuckDB's appender, then cast into the target with one INSERT ... SELECT (atomic, and fast:
   * 100k rows take a fraction of a second instead of 100k statements).
   */
  private async bulkInsert(head: string, select: string, data: unknown[][], rows: number, ctx: StatementContext): Promise<number> {
    const s = this.session;
    const con = s.tc.con;
    const stage = `__exa_stage_${++stageCounter}`;
    const n = this.types.length;
    return s.guard(this.sql, ctx, async () => {
      await s.beginIfNeeded();
      s.tc.bump();
      await con.run(`CREATE TEMP TABLE "${stage}" (${this.types.map((_, i) => `"P${i}" VARCHAR`).join(', ')}, "__ROW" BIGINT)`);
      try {
        await appendToStage(con, stage, rows, n, (r, c) => paramText(data[c]![r], this.types[c]!));
        s.tc.bump();
        const res = await con.run(`${head} SELECT ${select} FROM temp.main."${stage}" ORDER BY "__ROW"`);
        return res.rowsChanged;
      } finally {
        s.tc.bump();
        await con.run(`DROP TABLE IF EXISTS temp.main."${stage}"`);
      }
    });
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** DuckDB's complaints about an unknown table, view, schema or column: a real server's prepare fails on them too. */
const UNKNOWN_OBJECT = /^(?:Catalog Error: .* does not exist|Binder Error: Table "[^"]+" does not have a column with name|Binder Error: Referenced (?:column|table) "[^"]+" not found|Binder Error: Referenced update column )/;

/**
 * Binds a DML statement without running it, so that an unknown table or column fails the prepare
 * (42000 `object ... not found`) as on a real server, not the first execution. DuckDB's other
 * complaints at this stage (parameters it cannot type alone) are left to the execution.
 */
async function bindCheck(session: Session, duckSql: string): Promise<void> {
  let prepared;
  try {
    session.tc.bump();
    prepared = await session.tc.con.prepare(duckSql);
  } catch (e) {
    if (UNKNOWN_OBJECT.test(e instanceof Error ? e.message : String(e))) throw e;
    return;
  }
  prepared.destroySync();
}

/** Statement kinds the emulator answers itself; every other kind goes to DuckDB and is parsed at prepare time. */
const ANSWERED_BY_EMULATOR = new Set<Translation['kind']>(['openSchema', 'closeSchema', 'commit', 'rollback', 'noop', 'alterSession']);

/**
 * Prepares a statement for a session. Text that is not a valid statement is refused here, with the
 * error execute gives for the same text (42000 `syntax error, ...` with `[line, column]`), as real
 * servers compile the statement at prepare time.
 */
export async function prepareStatement(session: Session, sql: string, ctx: StatementContext): Promise<PreparedStatement> {
  if (ctx.signal.aborted) throw mapError(new Error('aborted'), sql, ctx.signal);
  let t: Translation;
  try {
    t = session.translate(sql);
    // a text of only blanks and comments is accepted, as execute accepts it
    if (!ANSWERED_BY_EMULATOR.has(t.kind) && significant(tokenize(t.sql)).length > 0) await parseStatements(session.shared, t.sql);
    await session.shared.snapshot?.beforeStatement(sql);
  } catch (e) {
    throw mapError(e, sql, ctx.signal);
  }
  if (t.kind === 'dml') await session.guard(sql, ctx, () => bindCheck(session, t.sql));
  const types = await session.guard(sql, ctx, () => parameterTypes(session, t, t.sql));
  let resultColumns: ColumnInfo[] | null = null;
  if (t.kind === 'query') {
    // each parameter as a NULL of the type its value will have (as paramLiteral writes it), divisions typed as at execution
    let p = 0;
    const withNulls = await session.typedSql(
      tokenize(t.sql)
        .map((x) => (x.kind === 'param' ? castExpression('NULL', types[p++]!) : x.text))
        .join(''),
      sql,
      ctx,
    );
    const declared = await session.guard(sql, ctx, () => declaredColumnsByName(session.tc, session.shared.catalog, t.sql, session.currentSchema));
    const rs = await openResultSet({
      tc: session.tc,
      sql: `SELECT * FROM (${withNulls}) AS "__exa_describe" LIMIT 0`,
      types: (names, duckTypes) => resultTypes(names, duckTypes, t.items, declared),
      protocolVersion: ctx.protocolVersion,
      timestampSize: ctx.timestampSize,
      maxRows: 0,
      guard: (fn) => session.guard(sql, ctx, fn),
    });
    resultColumns = rs.columns;
    await rs.close();
  }
  const parameters = types.map((dt) => ({ name: '', dataType: wireType(paramType(dt), ctx.protocolVersion, ctx.timestampSize) }));
  return new Prepared(session, sql, t, types, { parameters, resultColumns });
}
