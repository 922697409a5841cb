/**
 * How result values look in JavaScript. With `values: 'typed'` (the default) each column's wire
 * values are converted exactly, by the column's type:
 *
 * | Exasol type | JS value |
 * |---|---|
 * | DECIMAL(p<=15,0) | `number` |
 * | DECIMAL(p>15,0) (INT = DECIMAL(18,0), BIGINT = DECIMAL(36,0)) | `number` while within ±(2^53-1), `bigint` beyond (never rounded) |
 * | DECIMAL(p,s>0) | exact decimal `string`, e.g. `"3.14"` |
 * | DOUBLE | `number` |
 * | BOOLEAN | `boolean` |
 * | CHAR, VARCHAR, DATE, TIMESTAMP (6 fraction digits), intervals, GEOMETRY (WKT), HASHTYPE (hex) | `string` |
 * | NULL | `null` |
 *
 * With `values: 'bigint'` DECIMAL(p>15,0) values are always `bigint` (one JS type per column).
 * With `values: 'raw'` the wire values are returned unchanged, except that integer tokens beyond
 * 2^53 arrive as strings of their exact digits (nothing is ever rounded).
 */
import type { DataType } from './protocol';

/** One value of a result row. */
export type Value = string | number | bigint | boolean | null;

/** A result row keyed by column name. Rows inherit nothing: any column name (`__proto__`, `constructor`) is safe. */
export type Row = Record<string, Value>;

/** A result column. */
export interface Column {
  /** Column name as the server reports it (several columns may share a name). */
  name: string;
  /**
   * The column's property name in row objects: its `name`, except that a repeated name gets `_2`,
   * `_3`, ... (the first suffix no other column uses), so `SELECT 1 AS A, 2 AS A` reads as
   * `{ A: 1, A_2: 2 }`. Use `rowMode: 'array'` to get rows as arrays in column order instead.
   */
  key: string;
  /** The wire type description. */
  dataType: DataType;
  /** The type as SQL names it, e.g. `DECIMAL(18,0)`, `VARCHAR(20) UTF8`. */
  sqlType: string;
}

/**
 * `'typed'` converts values by column type (see the table above); `'bigint'` is the same except that
 * DECIMAL(p>15,0) values are always `bigint`; `'raw'` keeps wire values.
 */
export type ValueMode = 'typed' | 'bigint' | 'raw';

/**
 * The shape of result rows: `'object'` (default) gives one object per row keyed by {@link Column.key};
 * `'array'` gives one array per row in column order (like pg's `rowMode: 'array'`).
 */
export type RowMode = 'object' | 'array';

/** The row type of a {@link RowMode}. */
export type RowOf<M extends RowMode> = M extends 'array' ? Value[] : Row;

/**
 * The row type of a reading call: `T` when the caller names one (`query<User>(...)`), else the
 * row type of the row mode. With `rowMode: 'array'`, name the mode too: `query<[number, string], 'array'>(...)`.
 */
export type RowType<T, M extends RowMode> = [T] extends [never] ? RowOf<M> : T;

/** A value accepted as a prepared-statement parameter; converted by the parameter's type. */
export type BindValue = string | number | bigint | boolean | Date | null | undefined;
