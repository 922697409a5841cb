/**
 * EXTRACT(field FROM x) as Exasol computes it (docs.exasol.com, EXTRACT): YEAR / MONTH / DAY / HOUR / MINUTE /
 * SECOND of a DATE or TIMESTAMP; YEAR / MONTH of an INTERVAL YEAR TO MONTH and DAY / HOUR / MINUTE / SECOND of an
 * INTERVAL DAY TO SECOND are its fields (`EXTRACT(HOUR FROM INTERVAL '1 23:59:30.123' DAY TO SECOND)` = 23; DuckDB
 * keeps such an interval as 47 hours). SECOND keeps the fraction (59.123), DECIMAL(9,6) (an assumption). A negative
 * interval gives negative fields. The operand's type is only known to DuckDB: each macro asks `typeof` (an INTERVAL
 * overload would make a NULL operand ambiguous) and reads an interval back from its text (exact).
 */
import { keyword } from '../lexer';
import type { Tok } from '../rewrite/tokens';
import { findCalls, replaceTokens, textOf } from './calls';
import { intervalMicros } from './dates';

const M = (sql: string): string => `CREATE OR REPLACE MACRO main.${sql}`;
const FIELDS = ['YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE', 'SECOND'] as const;

/** The interval operand `x` as a DuckDB INTERVAL (binds for any operand type). */
const iv = `TRY_CAST(CAST(x AS VARCHAR) AS INTERVAL)`;
const months = `(datepart('year', ${iv}) * 12 + datepart('month', ${iv}))`;
const micros = intervalMicros(iv);
/** |v| // d, then % m (when given), with v's sign. */
const part = (v: string, d: string, m?: string): string => `sign(${v}) * (${m ? `(abs(${v}) % ${m})` : `abs(${v})`} // ${d})`;

/** One field of an interval (a BIGINT; SECOND: DECIMAL(9,6) with its fraction). */
function intervalField(f: (typeof FIELDS)[number]): string {
  switch (f) {
    case 'YEAR': return part(months, '12');
    case 'MONTH': return `sign(${months}) * (abs(${months}) % 12)`;
    case 'DAY': return part(micros, '86400000000');
    case 'HOUR': return part(micros, '3600000000', '86400000000');
    case 'MINUTE': return part(micros, '60000000', '3600000000');
    case 'SECOND': return `CAST(sign(${micros}) * (abs(${micros}) % 60000000) AS DECIMAL(18, 0)) * CAST(0.000001 AS DECIMAL(7, 6))`;
  }
}

/** One field of a DATE / TIMESTAMP. */
const datetimeField = (f: (typeof FIELDS)[number]): string =>
  f === 'SECOND' ? `date_part('microsecond', CAST(x AS TIMESTAMP)) / 1000000` : `date_part('${f.toLowerCase()}', x)`;

/** The statements creating EXA_EXTRACT_<FIELD>(x) (idempotent). */
export const EXTRACT_MACROS: string[] = FIELDS.map((f) => {
  const type = f === 'SECOND' ? 'DECIMAL(9, 6)' : 'BIGINT';
  return M(`EXA_EXTRACT_${f}(x) AS CAST(CASE WHEN typeof(x) = 'INTERVAL' THEN ${intervalField(f)} ELSE ${datetimeField(f)} END AS ${type})`);
});

/** EXTRACT(field FROM x) -> EXA_EXTRACT_<FIELD>(x); other fields (DuckDB's own, e.g. DOW) are left to DuckDB. */
export function rewriteExtract(sig: Tok[], all: Tok[]): void {
  for (const c of findCalls(sig, new Set(['EXTRACT']))) {
    const field = keyword(sig[c.open + 1]) as (typeof FIELDS)[number];
    if (!FIELDS.includes(field) || keyword(sig[c.open + 2]) !== 'FROM') continue;
    const x = textOf(sig, all, c.open + 3, c.close);
    // a bare NULL has no type the macro could ask for
    const out = /^\s*NULL\s*$/i.test(x) ? `CAST(NULL AS ${field === 'SECOND' ? 'DECIMAL(9, 6)' : 'BIGINT'})` : `EXA_EXTRACT_${field}(${x})`;
    replaceTokens(sig, all, c.name, c.close + 1, out);
  }
}
