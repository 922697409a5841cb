/**
 * Rows to CSV text for IMPORT: every value written so that Exasol reads back exactly that value
 * (no rounding: bigint and decimal strings keep every digit, a Date keeps its milliseconds),
 * fields enclosed only when they must be, blocks of about 64 KiB.
 */
import { InputError } from '../errors';
import type { Dialect } from './options';

/** A value of an imported row. */
export type BulkValue = string | number | bigint | boolean | Date | null | undefined;

/** Size of one CSV block handed to a tunnel, characters. */
export const BLOCK_CHARS = 64 * 1024;

/** A block of CSV text with the number of rows in it. */
export interface CsvBlock {
  bytes: Buffer;
  rows: number;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `YYYY-MM-DD HH:MM:SS.mmm` of a Date in UTC (TIMESTAMP text). */
export function dateText(d: Date): string {
  const t = d.getTime();
  if (Number.isNaN(t)) throw new InputError('an Invalid Date cannot be imported');
  const y = d.getUTCFullYear();
  if (y < 1 || y > 9999) throw new InputError(`year ${y} is outside 0001-9999`);
  return `${pad(y, 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

/** Makes the function that writes one row (without the row separator). */
export function rowWriter(d: Dialect): (row: readonly BulkValue[], index: number) => string {
  const { sep, delim } = d;
  const specials = new RegExp(`[\\r\\n${delim === '' ? '' : escapeRe(delim)}]|${escapeRe(sep)}|^#`);
  const doubled = delim === '' ? undefined : new RegExp(escapeRe(delim), 'g');
  const nullText = d.null;
  const text = (s: string, row: number, col: number): string => {
    if (s === '') return delim === '' ? '' : delim + delim; // Exasol stores '' as NULL either way
    if (!specials.test(s) && s !== nullText) return s;
    if (delim === '') throw new InputError(`row ${row}, column ${col}: the value needs quoting but format.columnDelimiter is empty`, { row, column: col });
    return delim + s.replace(doubled!, delim + delim) + delim;
  };
  const field = (v: BulkValue, row: number, col: number): string => {
    switch (typeof v) {
      case 'string':
        return text(v, row, col);
      case 'number':
        if (!Number.isFinite(v)) throw new InputError(`row ${row}, column ${col}: ${v} cannot be imported (Exasol DOUBLE has no NaN or Infinity)`, { row, column: col });
        return Object.is(v, -0) ? '-0' : String(v);
      case 'bigint':
        return String(v);
      case 'boolean':
        return v ? 'TRUE' : 'FALSE';
      case 'undefined':
        return '';
      default:
        if (v === null) return '';
        if (v instanceof Date) return text(dateText(v), row, col);
        throw new InputError(`row ${row}, column ${col}: unsupported value of type ${typeof v}; use string, number, bigint, boolean, Date or null`, { row, column: col });
    }
  };
  let width = -1;
  return (r, index) => {
    if (!Array.isArray(r)) throw new InputError(`row ${index} is not an array`, { row: index });
    if (width < 0) width = r.length;
    if (r.length !== width || width === 0) throw new InputError(`row ${index} has ${r.length} values, the first row had ${width}`, { row: index });
    let line = field(r[0], index, 0);
    for (let c = 1; c < r.length; c++) line += sep + field(r[c], index, c);
    return line;
  };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\\-]/g, '\\$&');
}

/** Turns rows into CSV blocks of about {@link BLOCK_CHARS} characters (UTF-8 bytes). */
export async function* csvBlocks(rows: AsyncIterable<readonly BulkValue[]>, d: Dialect): AsyncGenerator<CsvBlock> {
  const write = rowWriter(d);
  let text = '';
  let n = 0;
  let index = 0;
  for await (const r of rows) {
    text += write(r, index++) + d.rowSep;
    n++;
    if (text.length >= BLOCK_CHARS) {
      yield { bytes: Buffer.from(text, 'utf8'), rows: n };
      text = '';
      n = 0;
    }
  }
  if (n > 0) yield { bytes: Buffer.from(text, 'utf8'), rows: n };
}
