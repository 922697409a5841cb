/**
 * TYPEOF(expr): the SQL type of its argument as Exasol writes it (`DECIMAL(18,0)`, `CHAR(5) UTF8`), a VARCHAR(40)
 * UTF8 (docs.exasol.com changelog 10769: "TYPEOF returns a normalized version of the type", "the return type is
 * VARCHAR(40) UTF8"). The type is the one the emulator would send for the expression as a select item:
 *  1. at translation, a literal, CAST, CONVERT or a call of documented result type (rewrite/select-list.ts's hints,
 *     TYPEOF itself among them) becomes a string constant;
 *  2. anything else is marked EXA_TYPEOF(x); before the statement runs ({@link resolveTypeof}) a column reference
 *     gets its declared type (catalog) and other expressions the type derived from DuckDB's (one extra bind each).
 * The EXA_TYPEOF macro is only a fallback for texts that skip step 2: DuckDB's type, mapped roughly.
 */
import { formatDataType, type DataType } from '../../../protocol';
import { identifierName, significant, tokenize } from '../lexer';
import type { Tok } from '../rewrite/tokens';
import { literalHint } from '../rewrite/select-list';
import { derivedType, storageType } from '../types';
import { findCalls, replaceTokens, textOf } from './calls';
import { probedTypes, type Binder } from './probe-calls';

const M = (sql: string): string => `CREATE OR REPLACE MACRO main.${sql}`;
const q = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** The fallback macro (see the file comment). */
export const TYPEOF_MACROS: string[] = [
  M(
    `EXA_TYPEOF(x) AS CASE WHEN typeof(x) LIKE 'DECIMAL%' THEN typeof(x) WHEN typeof(x) IN ('INTEGER', 'BIGINT', 'SMALLINT', 'TINYINT') THEN 'DECIMAL(18,0)' ` +
      `WHEN typeof(x) IN ('DOUBLE', 'FLOAT') THEN 'DOUBLE' WHEN typeof(x) IN ('BOOLEAN', 'DATE') THEN typeof(x) WHEN typeof(x) = 'TIMESTAMP' THEN 'TIMESTAMP(3)' ` +
      `ELSE 'VARCHAR(2000000) UTF8' END`,
  ),
];

/** Step 1: TYPEOF(x) -> the type's text when the form of x tells it, else EXA_TYPEOF(x). */
export function rewriteTypeof(sig: Tok[], all: Tok[]): void {
  for (const c of findCalls(sig, new Set(['TYPEOF']))) {
    if (c.args.length !== 1) continue;
    const [a, b] = c.args[0]!;
    const hint = literalHint(sig.slice(a, b));
    const text = hint ? `CAST(${q(formatDataType(hint))} AS VARCHAR)` : `EXA_TYPEOF(${textOf(sig, all, a, b)})`;
    replaceTokens(sig, all, c.name, c.close + 1, text);
  }
}

/** Whether a DuckDB text has EXA_TYPEOF calls for {@link resolveTypeof}. */
export function hasTypeof(sql: string): boolean {
  return sql.includes('EXA_TYPEOF(');
}

/** The column name when a DuckDB expression text is a (qualified) column reference. */
function columnRef(x: string): string | undefined {
  const sig = significant(tokenize(x));
  for (let i = 0; i < sig.length; i++) {
    const t = sig[i]!;
    const name = i % 2 === 0;
    if (name ? !(t.kind === 'word' || t.kind === 'quoted') : t.text !== '.') return undefined;
  }
  return sig.length % 2 === 1 ? identifierName(sig[sig.length - 1]!) : undefined;
}

/** Index of the `)` closing the call whose `(` is at `open` in a DuckDB text (strings and quoted names skipped). */
function closingParen(sql: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let i = open; i < sql.length; i++) {
    const ch = sql[i]!;
    if (quote !== '') {
      if (ch === quote) quote = '';
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
  }
  return -1;
}

/**
 * Step 2: every EXA_TYPEOF(x) of a DuckDB text replaced by the type's text: `declared(name)` gives a referenced
 * table's declared column type (undefined when no table declares the name).
 */
export async function resolveTypeof(sql: string, bind: Binder, declared: (name: string) => DataType | undefined): Promise<string> {
  let before = sql.length;
  for (let guard = 0; guard < 100; guard++) {
    const at = sql.lastIndexOf('EXA_TYPEOF(', before);
    if (at < 0) break;
    before = at - 1;
    const open = at + 'EXA_TYPEOF'.length;
    const close = closingParen(sql, open);
    if (close < 0) break;
    const x = sql.slice(open + 1, close);
    const message = await bind(sql.slice(0, at) + `bit_count(${x}, ${x})` + sql.slice(close + 1));
    const duckType = message === undefined ? undefined : probedTypes(message)?.[0];
    let type: DataType | undefined;
    const ref = columnRef(x);
    const d = ref === undefined ? undefined : declared(ref);
    if (d && duckType !== undefined && storageType(d) === duckType) type = d;
    else if (duckType !== undefined && duckType !== '"NULL"') type = derivedType(duckType);
    // unknown (a bare NULL, a bind that failed otherwise): the fallback macro answers
    if (type) sql = sql.slice(0, at) + `CAST(${q(formatDataType(type))} AS VARCHAR)` + sql.slice(close + 1);
  }
  return sql;
}
