/**
 * Rows to CSV text for IMPORT: every value written so that Exasol reads back exactly that value
 * (no rounding: bigint and decimal strings keep every digit, a Date keeps its milliseconds),
 * fields enclosed only when they must be, blocks of about {@link BLOCK_BYTES} bytes.
 * The hot loop joins a few rows into one string and encodes it straight into the block's buffer (no long
 * ropes to flatten, no per-row generator hop for sync sources, no per-field closure or regex for numbers);
 * the consumer pulls blocks, so memory stays bounded.
 */
import { InputError } from '../errors';
import type { Dialect } from './options';

/** A value of an imported row. */
export type BulkValue = string | number | bigint | boolean | Date | null | undefined;

/** Size of one CSV block handed to a tunnel, bytes (fewer, larger HTTP chunks and socket writes). */
export const BLOCK_BYTES = 256 * 1024;

/** A block of CSV text with the number of rows in it. */
export interface CsvBlock {
  bytes: Buffer;
  rows: number;
}

/** Rows as a source gives them: a sync iterable is read without a microtask per row. */
export type RowIterable = Iterable<readonly BulkValue[]> | AsyncIterable<readonly BulkValue[]>;

const pad2 = (n: number): string => (n < 10 ? '0' + n : '' + n);

/** `YYYY-MM-DD HH:MM:SS.mmm` of a Date in UTC (TIMESTAMP text). */
export function dateText(d: Date): string {
  const t = d.getTime();
  if (Number.isNaN(t)) throw new InputError('an Invalid Date cannot be imported');
  const y = d.getUTCFullYear();
  if (y < 1 || y > 9999) throw new InputError(`year ${y} is outside 0001-9999`);
  const ms = d.getUTCMilliseconds();
  return `${String(y).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}.${ms < 10 ? '00' + ms : ms < 100 ? '0' + ms : '' + ms}`;
}

/** Makes the function that writes one row followed by the row separator. */
export function rowWriter(d: Dialect): (row: readonly BulkValue[], index: number) => string {
  const { sep, delim, rowSep } = d;
  const specials = new RegExp(`[\\r\\n${delim === '' ? '' : escapeRe(delim)}]|${escapeRe(sep)}|^#`);
  const doubled = delim === '' ? undefined : new RegExp(escapeRe(delim), 'g');
  const nullText = d.null;
  // Exasol stores '' as NULL either way; an enclosed empty field says "empty string" where a reader cares
  const emptyText = delim === '' ? '' : delim + delim;
  const quoted = (s: string, row: number, col: number): string => {
    if (delim === '') throw new InputError(`row ${row}, column ${col}: the value needs quoting but format.columnDelimiter is empty`, { row, column: col });
    return delim + s.replace(doubled!, delim + delim) + delim;
  };
  const text = (s: string, row: number, col: number): string => {
    if (s === '') return emptyText;
    if (!specials.test(s) && s !== nullText) return s;
    return quoted(s, row, col);
  };
  /** Every type but number and string (the common ones are handled inline). */
  const other = (v: BulkValue, row: number, col: number): string => {
    switch (typeof v) {
      case 'bigint':
        return '' + v;
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
    const n = r.length;
    if (n !== width) {
      if (width < 0) width = n;
      if (n !== width || n === 0) throw new InputError(`row ${index} has ${n} values, the first row had ${width}`, { row: index });
    }
    let line = '';
    for (let c = 0; c < n; c++) {
      const v: BulkValue = r[c];
      let f: string;
      if (typeof v === 'number') {
        // v - v is NaN for NaN and the infinities
        if (v - v !== 0) throw new InputError(`row ${index}, column ${c}: ${v} cannot be imported (Exasol DOUBLE has no NaN or Infinity)`, { row: index, column: c });
        f = v === 0 && 1 / v < 0 ? '-0' : '' + v;
      } else if (typeof v === 'string') {
        f = v === '' ? emptyText : specials.test(v) || v === nullText ? quoted(v, index, c) : v;
      } else f = other(v, index, c);
      line = c === 0 ? f : line + sep + f;
    }
    return line + rowSep;
  };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\\-]/g, '\\$&');
}

const isSync = (v: RowIterable): v is Iterable<readonly BulkValue[]> => typeof (v as Iterable<unknown>)[Symbol.iterator] === 'function' && typeof (v as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function';

/** Rows joined into one string before it is encoded into the block (fewer encoder calls, no long ropes). */
const GROUP_ROWS = 16;
const GROUP_CHARS = 4096;

/**
 * Turns rows into CSV blocks of about {@link BLOCK_BYTES} bytes (UTF-8). The source is read only when the
 * consumer asks for the next block (backpressure); stopping early closes the source's iterator.
 */
export async function* csvBlocks(rows: RowIterable, d: Dialect): AsyncGenerator<CsvBlock> {
  const write = rowWriter(d);
  const sync = isSync(rows);
  const it: Iterator<readonly BulkValue[]> | AsyncIterator<readonly BulkValue[]> = sync ? rows[Symbol.iterator]() : (rows as AsyncIterable<readonly BulkValue[]>)[Symbol.asyncIterator]();
  let index = 0;
  let ended = false; // the source finished or failed: nothing to close
  let buf = Buffer.allocUnsafe(BLOCK_BYTES);
  let off = 0;
  let inBlock = 0;
  try {
    while (!ended) {
      let s = '';
      let k = 0;
      while (k < GROUP_ROWS && s.length < GROUP_CHARS) {
        let r: IteratorResult<readonly BulkValue[]>;
        try {
          r = sync ? (it as Iterator<readonly BulkValue[]>).next() : await it.next();
        } catch (e) {
          ended = true;
          throw e;
        }
        if (r.done === true) {
          ended = true;
          break;
        }
        s += write(r.value, index++);
        k++;
      }
      if (k === 0) break;
      const most = s.length * 3; // UTF-8 bytes of a UTF-16 code unit: at most 3
      if (off + most > buf.length) {
        if (off > 0) yield { bytes: buf.subarray(0, off), rows: inBlock };
        buf = Buffer.allocUnsafe(Math.max(BLOCK_BYTES, most));
        off = 0;
        inBlock = 0;
      }
      off += buf.write(s, off, 'utf8');
      inBlock += k;
    }
    if (inBlock > 0) yield { bytes: buf.subarray(0, off), rows: inBlock };
  } finally {
    if (!ended) await it.return?.();
  }
}
