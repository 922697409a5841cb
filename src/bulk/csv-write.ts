/**
 * Rows to CSV bytes for IMPORT: every value written so that Exasol reads back exactly that value
 * (no rounding: bigint and decimal strings keep every digit, a Date keeps its milliseconds),
 * fields enclosed only when they must be, blocks of about {@link BLOCK_BYTES} bytes.
 * Values are encoded straight into the block's buffer: ASCII text byte by byte in the same pass that
 * looks for characters that need quoting, integers and Dates digit by digit (no intermediate strings,
 * little garbage); text with other characters goes through the UTF-8 encoder. The consumer pulls
 * blocks, so memory stays bounded.
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

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\\-]/g, '\\$&');
}

/** Bytes a value of a number takes at most as text (`-1.2345678901234567e-308`). */
const NUMBER_ROOM = 32;
/** Bytes of a Date's text. */
const DATE_BYTES = 23;
/** Writes `n` (0-99) as two digits at `at`. */
function two(b: Buffer, n: number, at: number): void {
  const q = (n / 10) | 0;
  b[at] = 48 + q;
  b[at + 1] = 48 + n - q * 10;
}

const NO_NUMBERS: number[] = [];
const TRUE = [84, 82, 85, 69];
const FALSE = [70, 65, 76, 83, 69];

/**
 * Encodes rows into buffers of {@link BLOCK_BYTES} (a longer row gets a buffer of its own size). Whole rows
 * end at `off`; a row being written that does not fit moves to a new buffer and the full one waits in `ready`.
 */
class RowEncoder {
  buf = Buffer.allocUnsafe(BLOCK_BYTES);
  /** End of the last whole row. */
  off = 0;
  /** Whole rows in `buf`. */
  rows = 0;
  /** Full blocks for the consumer (more than one when a group of rows filled several). */
  readonly ready: CsvBlock[] = [];
  #width = -1;
  /** The numbers of the rows being written that go through JSON, their text, where the next one starts in it, its index. */
  #dbl: number[] = NO_NUMBERS;
  #dblText = '';
  #dblAt = 1;
  #dblNext = 0;
  readonly #sepCode: number; // the separator's only character, or -1
  readonly #sepFirst: number; // its first character
  readonly #sepBytes: Buffer;
  readonly #rowSep: Buffer;
  readonly #delim: string;
  readonly #dq: number; // the delimiter's character, or -1
  readonly #delimBytes: number; // its UTF-8 bytes
  readonly #quotedUnitBytes: number; // most UTF-8 bytes of a code unit of a quoted value
  readonly #nullText: string | undefined;
  readonly #specials: RegExp;
  readonly #doubled: RegExp | undefined;
  readonly #emptyText: Buffer;
  readonly #dateSafe: boolean; // a Date's text never needs quoting in this dialect

  constructor(d: Dialect) {
    const { sep, delim, rowSep } = d;
    this.#sepCode = sep.length === 1 && sep.charCodeAt(0) < 0x80 ? sep.charCodeAt(0) : -1;
    this.#sepFirst = sep.charCodeAt(0);
    this.#sepBytes = Buffer.from(sep, 'utf8');
    this.#rowSep = Buffer.from(rowSep, 'latin1');
    this.#delim = delim;
    this.#dq = delim === '' ? -1 : delim.charCodeAt(0);
    this.#delimBytes = Buffer.byteLength(delim, 'utf8');
    this.#quotedUnitBytes = Math.max(3, 2 * this.#delimBytes);
    this.#nullText = d.null;
    this.#specials = new RegExp(`[\\r\\n${delim === '' ? '' : escapeRe(delim)}]|${escapeRe(sep)}|^#`);
    this.#doubled = delim === '' ? undefined : new RegExp(escapeRe(delim), 'g');
    // Exasol stores '' as NULL either way; an enclosed empty field says "empty string" where a reader cares
    this.#emptyText = Buffer.from(delim + delim, 'utf8');
    const sample = '0123456789-: .';
    this.#dateSafe = ![...sep].some((c) => sample.includes(c)) && !sample.includes(delim || 'x') && (d.null === undefined || !/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/.test(d.null));
  }

  /** Makes room for `need` more bytes at `o` (inside the row that starts at `off`); the row's offset after a move. */
  #room(o: number, need: number): number {
    if (o + need <= this.buf.length) return o;
    const part = o - this.off;
    const nb = Buffer.allocUnsafe(Math.max(BLOCK_BYTES, part + need + (part >> 1)));
    this.buf.copy(nb, 0, this.off, o);
    if (this.off > 0) this.ready.push({ bytes: this.buf.subarray(0, this.off), rows: this.rows });
    this.buf = nb;
    this.off = 0;
    this.rows = 0;
    return part;
  }

  /**
   * Writes rows (the first is row `first`). The numbers that are not small integers are turned into text
   * by one JSON.stringify call for all of them (JSON writes a finite number as its ToString text, without
   * allocating a string for each: about half the cost of `'' + v`), then copied from that text.
   */
  writeRows(group: readonly (readonly BulkValue[])[], first: number): void {
    const dbl: number[] = [];
    for (let i = 0; i < group.length; i++) {
      const r = group[i]!;
      if (!Array.isArray(r)) continue; // refused when it is written
      for (let c = 0; c < r.length; c++) {
        const v: BulkValue = r[c];
        if (typeof v === 'number' && (v | 0) !== v && v - v === 0) dbl.push(v);
      }
    }
    this.#dbl = dbl;
    this.#dblText = dbl.length > 0 ? JSON.stringify(dbl) : '';
    this.#dblAt = 1;
    this.#dblNext = 0;
    for (let i = 0; i < group.length; i++) this.row(group[i]!, first + i);
    this.#dbl = NO_NUMBERS;
  }

  /** Writes one row and its separator. */
  row(r: readonly BulkValue[], index: number): void {
    if (!Array.isArray(r)) throw new InputError(`row ${index} is not an array`, { row: index });
    const n = r.length;
    if (n !== this.#width) {
      if (this.#width < 0) this.#width = n;
      if (n !== this.#width || n === 0) throw new InputError(`row ${index} has ${n} values, the first row had ${this.#width}`, { row: index });
    }
    let o = this.off;
    const sepCode = this.#sepCode;
    for (let c = 0; c < n; c++) {
      if (c > 0) {
        if (sepCode >= 0) {
          o = this.#room(o, 1);
          this.buf[o++] = sepCode;
        } else o = this.#bytes(this.#sepBytes, o);
      }
      const v: BulkValue = r[c];
      if (typeof v === 'string') o = this.#string(v, o, index, c);
      else if (typeof v === 'number') o = this.#number(v, o, index, c);
      else if (v === null || v === undefined) continue;
      else o = this.#other(v, o, index, c);
    }
    o = this.#bytes(this.#rowSep, o);
    this.off = o;
    this.rows++;
    if (o >= BLOCK_BYTES) {
      // a full block, or a buffer grown for a long row: it goes out now, the next rows get a block-sized one
      this.ready.push({ bytes: this.buf.subarray(0, o), rows: this.rows });
      this.buf = Buffer.allocUnsafe(BLOCK_BYTES);
      this.off = 0;
      this.rows = 0;
    }
  }

  /** The rows not yet handed out, if any. */
  rest(): CsvBlock | undefined {
    return this.rows > 0 ? { bytes: this.buf.subarray(0, this.off), rows: this.rows } : undefined;
  }

  #bytes(src: Buffer, o: number): number {
    o = this.#room(o, src.length);
    const b = this.buf;
    for (let i = 0; i < src.length; i++) b[o++] = src[i]!;
    return o;
  }

  #string(s: string, o: number, row: number, col: number): number {
    const n = s.length;
    if (n === 0) return this.#bytes(this.#emptyText, o);
    o = this.#room(o, n); // plain ASCII: a byte a character
    const b = this.buf;
    const dq = this.#dq;
    const sf = this.#sepFirst;
    let p = o;
    if (s.charCodeAt(0) !== 35 /* # */) {
      let i = 0;
      for (; i < n; i++) {
        const ch = s.charCodeAt(i);
        if (ch >= 0x80 || ch === 10 || ch === 13 || ch === dq || ch === sf) break;
        b[p++] = ch;
      }
      if (i === n && s !== this.#nullText) return p;
    }
    // not plain ASCII, or it may need quoting: room for the most bytes it can take (UTF-8 bytes of a UTF-16 code
    // unit: at most 3; quoted, a code unit that is the delimiter becomes two of them)
    const needs = this.#specials.test(s) || s === this.#nullText;
    o = this.#room(o, needs ? n * this.#quotedUnitBytes + this.#delimBytes * 2 : n * 3);
    return o + this.buf.write(needs ? this.#quoted(s, row, col) : s, o, 'utf8');
  }

  #quoted(s: string, row: number, col: number): string {
    const delim = this.#delim;
    if (delim === '') throw new InputError(`row ${row}, column ${col}: the value needs quoting but format.columnDelimiter is empty`, { row, column: col });
    return delim + s.replace(this.#doubled!, delim + delim) + delim;
  }

  #number(v: number, o: number, row: number, col: number): number {
    // v - v is NaN for NaN and the infinities
    if (v - v !== 0) throw new InputError(`row ${row}, column ${col}: ${v} cannot be imported (Exasol DOUBLE has no NaN or Infinity)`, { row, column: col });
    o = this.#room(o, NUMBER_ROOM);
    const b = this.buf;
    if ((v | 0) === v) {
      if (v === 0) {
        if (1 / v < 0) b[o++] = 45;
        b[o++] = 48;
        return o;
      }
      let x = v;
      if (x < 0) {
        b[o++] = 45;
        x = -x;
      }
      let len = 1;
      for (let t = x; t >= 10; t = Math.floor(t / 10)) len++;
      let p = o + len;
      while (x >= 10) {
        const q = Math.floor(x / 10);
        b[--p] = 48 + (x - q * 10);
        x = q;
      }
      b[--p] = 48 + x;
      return o + len;
    }
    const k = this.#dblNext;
    if (k < this.#dbl.length && this.#dbl[k] === v) {
      // the next number of the JSON text (a row read again gave the same value)
      const t = this.#dblText;
      let at = this.#dblAt;
      for (;;) {
        const ch = t.charCodeAt(at++);
        if (ch === 44 /* , */ || ch === 93 /* ] */) break;
        b[o++] = ch;
      }
      this.#dblAt = at;
      this.#dblNext = k + 1;
      return o;
    }
    this.#dbl = NO_NUMBERS; // out of step (a row that changed when read again): no more from the JSON text
    return this.#ascii('' + v, o);
  }

  /** ASCII text known to need no quoting (room made). */
  #ascii(t: string, o: number): number {
    const b = this.buf;
    for (let i = 0; i < t.length; i++) b[o++] = t.charCodeAt(i);
    return o;
  }

  /** Every type but number, string, null and undefined. */
  #other(v: BulkValue, o: number, row: number, col: number): number {
    switch (typeof v) {
      case 'bigint': {
        const t = '' + v;
        return this.#ascii(t, this.#room(o, t.length));
      }
      case 'boolean': {
        const t = v ? TRUE : FALSE;
        o = this.#room(o, t.length);
        const b = this.buf;
        for (let i = 0; i < t.length; i++) b[o++] = t[i]!;
        return o;
      }
      default:
        if (v instanceof Date) return this.#dateSafe ? this.#date(v, o) : this.#string(dateText(v), o, row, col);
        throw new InputError(`row ${row}, column ${col}: unsupported value of type ${typeof v}; use string, number, bigint, boolean, Date or null`, { row, column: col });
    }
  }

  /** A Date's text digit by digit (the same as {@link dateText}). */
  #date(d: Date, o: number): number {
    const t = d.getTime();
    if (Number.isNaN(t)) throw new InputError('an Invalid Date cannot be imported');
    const y = d.getUTCFullYear();
    if (y < 1 || y > 9999) throw new InputError(`year ${y} is outside 0001-9999`);
    o = this.#room(o, DATE_BYTES);
    const b = this.buf;
    two(b, (y / 100) | 0, o);
    two(b, y % 100, o + 2);
    b[o + 4] = 45;
    two(b, d.getUTCMonth() + 1, o + 5);
    b[o + 7] = 45;
    two(b, d.getUTCDate(), o + 8);
    b[o + 10] = 32;
    two(b, d.getUTCHours(), o + 11);
    b[o + 13] = 58;
    two(b, d.getUTCMinutes(), o + 14);
    b[o + 16] = 58;
    two(b, d.getUTCSeconds(), o + 17);
    b[o + 19] = 46;
    const ms = d.getUTCMilliseconds();
    const h = (ms / 100) | 0;
    b[o + 20] = 48 + h;
    two(b, ms - h * 100, o + 21);
    return o + DATE_BYTES;
  }
}

/** Rows written together (their numbers go through one JSON.stringify). */
const GROUP_ROWS = 32;

const isSync = (v: RowIterable): v is Iterable<readonly BulkValue[]> => typeof (v as Iterable<unknown>)[Symbol.iterator] === 'function' && typeof (v as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function';

/**
 * Turns rows into CSV blocks of about {@link BLOCK_BYTES} bytes (UTF-8). The source is read only when the
 * consumer asks for the next block (backpressure); stopping early closes the source's iterator. Rows are
 * written {@link GROUP_ROWS} at a time, so a refused row is reported after at most that many more were read.
 */
export async function* csvBlocks(rows: RowIterable, d: Dialect): AsyncGenerator<CsvBlock> {
  const enc = new RowEncoder(d);
  const sync = isSync(rows);
  const it: Iterator<readonly BulkValue[]> | AsyncIterator<readonly BulkValue[]> = sync ? rows[Symbol.iterator]() : (rows as AsyncIterable<readonly BulkValue[]>)[Symbol.asyncIterator]();
  let index = 0;
  let ended = false; // the source finished or failed: nothing to close
  const group: (readonly BulkValue[])[] = [];
  try {
    for (;;) {
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
      group.push(r.value);
      if (group.length < GROUP_ROWS) continue;
      enc.writeRows(group, index);
      index += group.length;
      group.length = 0;
      while (enc.ready.length > 0) yield enc.ready.shift()!;
    }
    if (group.length > 0) enc.writeRows(group, index);
    while (enc.ready.length > 0) yield enc.ready.shift()!;
    const last = enc.rest();
    if (last !== undefined) yield last;
  } finally {
    if (!ended) await it.return?.();
  }
}
