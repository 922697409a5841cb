/**
 * The fast path of EXPORT: one SQL query that lets DuckDB write every CSV line itself, with texts byte-identical
 * to the JavaScript writer's (csv-write.ts): minimal DECIMALs, DOUBLEs as the shortest round-trip digits in
 * JavaScript's layout (`1.5E-10`, `0.00002`, `1E15`), 6-digit TIMESTAMPs, padded CHARs, signed intervals, the
 * DELIMIT rules, the NULL text and the separators. It is taken only when every column has such an exact form
 * (a pair of Exasol type and DuckDB result type listed below) and the file is UTF-8; else the statement keeps the
 * JavaScript path. Texts that can never need enclosing (digits, dates) skip the checks; a check that may be true
 * stays in the SQL.
 */
import type { DataType } from '../../../protocol';
import { dateText, ianaZone, nanosTimestampText, timestampText } from '../encode';
import { quoteString } from '../lexer';
import type { CsvOptions } from './statement';
import { doubleSql } from '../functions/double-text';

/** Switch and counter of the fast path, for tests and benches that compare it with the JavaScript path. */
export const exportFastPath = {
  /** Whether EXPORT may take the fast path (default true). */
  enabled: true,
  /** Statements written by the fast path so far. */
  exports: 0,
};

/** The SQL text of one column: `text` over the raw value `c` (not NULL) and `p` (the `pre` value of the row). */
interface ColumnText {
  /** An expression over `c` computed one level below (used more than once by `text`). */
  pre?: (c: string) => string;
  /** The value's text (NULL when it reads as NULL: an empty CHAR/VARCHAR). */
  text: (c: string, p: string) => string;
  /** Every character the text can hold, or undefined when it can hold any. */
  alphabet?: string;
  /** The text always holds a space (so DELIMIT AUTO always encloses it). */
  space?: boolean;
  /** `text` is NULL for a NULL value by itself (no CASE around it needed). */
  strict?: boolean;
  /**
   * `text` already enclosed by the delimiter `d` on both sides (NULL stays NULL), taken for a column that is always
   * enclosed and whose alphabet lacks the delimiter: one concat per value instead of two `||` around the text.
   */
  enclosed?: (c: string, p: string, d: string) => string;
}

/** A string as an SQL expression: quoted runs, control characters (NUL among them) as `chr(n)`. */
export function sqlText(s: string): string {
  if (s === '') return "''";
  const parts: string[] = [];
  let run = '';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || code === 0x7f) {
      if (run !== '') parts.push(quoteString(run));
      run = '';
      parts.push(`chr(${code})`);
    } else run += ch;
  }
  if (run !== '') parts.push(quoteString(run));
  return parts.length === 1 ? parts[0]! : `(${parts.join(' || ')})`;
}

/** `padN` of encode.ts in SQL: left-padded with zeros to `width`, never cut. */
function padSql(s: string, width: number): string {
  return `lpad(${s}, CAST(greatest(length(${s}), ${width}) AS INTEGER), '0')`;
}

const DIGITS = '0123456789';
const DEC_INT = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/;

/**
 * Date or timestamp text through strftime, as dateText/timestampText write it: years below 0 padded like padN
 * (`00-5`), infinities as the JavaScript texts of DuckDB's infinity values.
 */
function dateLike(c: string, format: string, posInf: string, negInf: string, negativeYears = true): string {
  return (
    `CASE WHEN NOT isfinite(${c}) THEN CASE WHEN ${c} > DATE '2000-01-01' THEN ${sqlText(posInf)} ELSE ${sqlText(negInf)} END ` +
    (negativeYears ? `WHEN ${c} < make_date(0, 1, 1) THEN ${padSql(`CAST(year(${c}) AS VARCHAR)`, 4)} || strftime(${c}, '-${format}') ` : '') +
    `ELSE strftime(${c}, '%Y-${format}') END`
  );
}

const MAX_I64 = 2n ** 63n - 1n;

/** `x` (never NULL) followed by the literal `tail` and enclosed by `d` (none when empty), as one concat. */
function wrap(x: string, d: string, tail = ''): string {
  if (d === '') return tail === '' ? x : `${x} || ${sqlText(tail)}`;
  return `concat(${sqlText(d)}, ${x}, ${sqlText(tail + d)})`;
}

/** `x` enclosed by `d` (none when empty); NULL stays NULL. */
function wrapNull(x: string, d: string): string {
  return d === '' ? x : `${sqlText(d)} || ${x} || ${sqlText(d)}`;
}

/** The exact SQL text of a column, or undefined when the pair of types has none here. */
function columnText(t: DataType, duckType: string, timeZone: string): ColumnText | undefined {
  switch (t.type) {
    case 'DECIMAL': {
      if (DEC_INT.test(duckType)) return { text: (c) => `CAST(${c} AS VARCHAR)`, alphabet: '-' + DIGITS, strict: true };
      const m = /^DECIMAL\((\d+),(\d+)\)$/.exec(duckType);
      if (m === null || Number(m[2]) !== (t.scale ?? 0)) return undefined;
      if (Number(m[2]) === 0) return { text: (c) => `CAST(${c} AS VARCHAR)`, alphabet: '-' + DIGITS, strict: true };
      return { text: (c) => `rtrim(rtrim(CAST(${c} AS VARCHAR), '0'), '.')`, alphabet: '-.' + DIGITS, strict: true };
    }
    case 'DOUBLE': {
      if (duckType !== 'DOUBLE' && duckType !== 'FLOAT') return undefined;
      const v = (c: string): string => (duckType === 'FLOAT' ? `CAST(${c} AS DOUBLE)` : c);
      return { pre: (c) => `CAST(${v(c)} AS VARCHAR)`, text: (c, p) => doubleSql(v(c), p), alphabet: '-+.E' + DIGITS + 'NaInfity' };
    }
    case 'BOOLEAN':
      return duckType === 'BOOLEAN' ? { text: (c) => `CASE WHEN ${c} THEN '1' ELSE '0' END`, alphabet: '01' } : undefined;
    case 'DATE':
      if (duckType !== 'DATE') return undefined;
      return { text: (c) => dateLike(c, '%m-%d', dateText(2 ** 31 - 1), dateText(-(2 ** 31 - 1))), alphabet: '-' + DIGITS, strict: true };
    case 'TIMESTAMP WITH LOCAL TIME ZONE':
    case 'TIMESTAMP': {
      if (t.type !== 'TIMESTAMP' && ianaZone(timeZone) !== 'UTC') return undefined;
      const format = '%m-%d %H:%M:%S.%f';
      // DuckDB's own text (`YYYY-MM-DD HH:MM:SS[.f]` for years 1-9999), its fraction padded or cut to 6 digits, is
      // cheaper than strftime; strftime for the rest (a flat CASE: nested ones cost more)
      const pre = (c: string): string => `CAST(${c} AS VARCHAR)`;
      if (duckType === 'TIMESTAMP') {
        const usual = (c: string): string => `${c} >= TIMESTAMP '0001-01-01 00:00:00' AND ${c} <= TIMESTAMP '9999-12-31 23:59:59.999999'`;
        const other = (c: string): string => dateLike(c, format, timestampText(MAX_I64), timestampText(-MAX_I64));
        // `d` around the text (a string whose first and last character is it) or nothing
        const text = (c: string, p: string, d = ''): string =>
          `CASE WHEN length(${p}) = 26 AND ${usual(c)} THEN ${wrap(p, d)} WHEN length(${p}) = 19 AND ${usual(c)} THEN ${wrap(p, d, '.000000')} ` +
          `WHEN ${usual(c)} THEN ${wrap(`rpad(${p}, 26, '0')`, d)} ELSE ${wrapNull(other(c), d)} END`;
        return { pre, text, enclosed: text, alphabet: '-.: ' + DIGITS, space: true, strict: true };
      }
      if (duckType === 'TIMESTAMP_NS') {
        const ns = (n: bigint): string => nanosTimestampText(n).slice(0, 26);
        // years 1677-2262 only (a year-0 bound would not even cast); rpad cuts the 9-digit fraction to 6
        const text = (c: string, p: string, d = ''): string =>
          `CASE WHEN length(${p}) = 19 THEN ${wrap(p, d, '.000000')} WHEN length(${p}) > 19 THEN ${wrap(`rpad(${p}, 26, '0')`, d)} ` +
          `ELSE ${wrapNull(dateLike(c, format, ns(MAX_I64), ns(-MAX_I64), false), d)} END`;
        return { pre, text, enclosed: text, alphabet: '-.: ' + DIGITS, space: true, strict: true };
      }
      return undefined;
    }
    case 'INTERVAL YEAR TO MONTH': {
      if (duckType !== 'INTERVAL') return undefined;
      const prec = t.precision ?? 2;
      return {
        pre: (c) => `CAST(datepart('year', ${c}) AS BIGINT) * 12 + datepart('month', ${c})`,
        text: (_c, p) => `CASE WHEN ${p} < 0 THEN '-' ELSE '+' END || ${padSql(`CAST(abs(${p}) // 12 AS VARCHAR)`, prec)} || '-' || lpad(CAST(abs(${p}) % 12 AS VARCHAR), 2, '0')`,
        alphabet: '+-' + DIGITS,
      };
    }
    case 'INTERVAL DAY TO SECOND': {
      if (duckType !== 'INTERVAL') return undefined;
      const prec = t.precision ?? 2;
      const f = t.fraction ?? 3;
      const a = (p: string): string => `abs(${p})`;
      const two = (x: string): string => `lpad(CAST(${x} AS VARCHAR), 2, '0')`;
      const us = (p: string): string => `lpad(CAST(${a(p)} % 1000000 AS VARCHAR), 6, '0')`;
      const frac = (p: string): string => (f <= 0 ? "''" : f <= 6 ? `'.' || left(${us(p)}, ${f})` : `'.' || ${us(p)} || '${'0'.repeat(f - 6)}'`);
      return {
        pre: (c) =>
          `((CAST(datepart('year', ${c}) AS HUGEINT) * 12 + datepart('month', ${c})) * 30 + datepart('day', ${c})) * 86400000000 + ` +
          `CAST(datepart('hour', ${c}) AS HUGEINT) * 3600000000 + CAST(datepart('minute', ${c}) AS HUGEINT) * 60000000 + datepart('microseconds', ${c})`,
        text: (_c, p) =>
          `CASE WHEN ${p} < 0 THEN '-' ELSE '+' END || ${padSql(`CAST(${a(p)} // 86400000000 AS VARCHAR)`, prec)} || ' ' || ` +
          `${two(`${a(p)} % 86400000000 // 3600000000`)} || ':' || ${two(`${a(p)} % 3600000000 // 60000000`)} || ':' || ${two(`${a(p)} % 60000000 // 1000000`)} || ${frac(p)}`,
        alphabet: '+-.: ' + DIGITS,
        space: true,
      };
    }
    case 'CHAR': {
      if (duckType !== 'VARCHAR') return undefined;
      const size = t.size ?? 1;
      return { text: (c) => `CASE WHEN ${c} = '' THEN NULL WHEN length(${c}) >= ${size} THEN ${c} ELSE ${c} || repeat(' ', ${size} - length(${c})) END` };
    }
    case 'VARCHAR':
      return duckType === 'VARCHAR' ? { text: (c) => `NULLIF(${c}, '')`, strict: true } : undefined;
    default:
      return undefined;
  }
}

/** Whether a text of `alphabet` may contain `s` (always, when the alphabet is open). */
function mayContain(alphabet: string | undefined, s: string): boolean {
  if (alphabet === undefined) return true;
  for (const ch of s) if (!alphabet.includes(ch)) return false;
  return true;
}

/** Whether the column's `enclosed` text is its field: always enclosed, and no delimiter in it to double. */
function enclosedByText(col: ColumnText, o: CsvOptions): boolean {
  const d = o.delimiter;
  if (col.enclosed === undefined || d === '' || o.delimit === 'NEVER' || mayContain(col.alphabet, d)) return false;
  return o.delimit === 'ALWAYS' || (col.space === true && col.alphabet !== undefined);
}

/** makeFieldWriter of csv-write.ts in SQL, over a text column `x` (NULL stays NULL), simplified for the column's alphabet. */
function fieldSql(x: string, col: ColumnText, o: CsvOptions): string {
  const d = o.delimiter;
  if (d === '' || o.delimit === 'NEVER' || enclosedByText(col, o)) return x;
  const enclosed = mayContain(col.alphabet, d) ? `${sqlText(d)} || replace(${x}, ${sqlText(d)}, ${sqlText(d + d)}) || ${sqlText(d)}` : `${sqlText(d)} || ${x} || ${sqlText(d)}`;
  if (o.delimit === 'ALWAYS' || (col.space === true && col.alphabet !== undefined)) return enclosed;
  const checks: string[] = [];
  for (const s of [o.columnSeparator, d, '\n', '\r', ' ']) if (mayContain(col.alphabet, s)) checks.push(`contains(${x}, ${sqlText(s)})`);
  if (mayContain(col.alphabet, '#')) checks.push(`starts_with(${x}, '#')`);
  if (o.nullText !== undefined && o.nullText !== '' && mayContain(col.alphabet, o.nullText)) checks.push(`${x} = ${sqlText(o.nullText)}`);
  if (checks.length === 0) return x;
  return `CASE WHEN ${checks.join(' OR ')} THEN ${enclosed} ELSE ${x} END`;
}

/** Options the fast path writes exactly (UTF-8 only: other encodings may fail on a character, ETL-3009). */
export function fastExportOptions(o: CsvOptions): boolean {
  const enc = o.encoding.toUpperCase().replace(/_/g, '-');
  return enc === 'UTF-8' || enc === 'UTF8';
}

/**
 * The query whose one VARCHAR column is each row's CSV line (without the row separator), or undefined when a
 * column has no exact SQL form. `duckSql` is the translated query, `duckTypes` DuckDB's types of its columns.
 */
export function fastExportQuery(duckSql: string, types: DataType[], duckTypes: string[], o: CsvOptions, timeZone: string): string | undefined {
  if (!fastExportOptions(o) || types.length !== duckTypes.length || types.length === 0) return undefined;
  const cols: ColumnText[] = [];
  for (let i = 0; i < types.length; i++) {
    const col = columnText(types[i]!, duckTypes[i]!, timeZone);
    if (col === undefined) return undefined;
    cols.push(col);
  }
  const raw = cols.map((_, i) => `"c${i}"`);
  // three levels: values (and `pre` texts used twice), texts, the line
  const level1 = cols.map((col, i) => (col.pre === undefined ? raw[i]! : `${raw[i]}, ${col.pre(raw[i]!)} AS "p${i}"`)).join(', ');
  const text = (col: ColumnText, i: number): string => (enclosedByText(col, o) ? col.enclosed!(raw[i]!, `"p${i}"`, o.delimiter) : col.text(raw[i]!, `"p${i}"`));
  const level2 = cols.map((col, i) => `${col.strict === true ? text(col, i) : `CASE WHEN ${raw[i]} IS NULL THEN NULL ELSE ${text(col, i)} END`} AS "t${i}"`).join(', ');
  const nullText = sqlText(o.nullText ?? '');
  // concat skips NULL parts: with an empty NULL text a NULL field needs no coalesce in a line of several fields
  const bare = (o.nullText ?? '') === '' && cols.length > 1;
  const fields = cols.map((col, i) => (bare ? fieldSql(`"t${i}"`, col, o) : `coalesce(${fieldSql(`"t${i}"`, col, o)}, ${nullText})`));
  // concat of the parts: one allocation per line
  const line = fields.length === 1 ? fields[0]! : `concat(${fields.join(`, ${sqlText(o.columnSeparator)}, `)})`;
  return (
    `SELECT ${line} AS "line" FROM (SELECT ${level2} FROM (SELECT ${level1} ` +
    `FROM (${duckSql}) AS "__exa_export_q"(${raw.join(', ')})) AS "__exa_export_1") AS "__exa_export_2"`
  );
}

/** The COPY statement writing the lines of `query` to `path`, each ended by the row separator, nothing else added. */
export function copyStatement(query: string, path: string, o: CsvOptions): string {
  return `COPY (${query}) TO ${quoteString(path)} (FORMAT csv, HEADER false, QUOTE '', ESCAPE '', DELIMITER ${quoteString('\x01')}, NEW_LINE ${quoteString(o.rowSeparator)}, USE_TMP_FILE false)`;
}
