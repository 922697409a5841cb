/**
 * CSV text to rows for EXPORT: fields as exact text (`null` for an empty unquoted field or the NULL
 * spelling), quoted fields with doubled delimiters, separators and line breaks inside them, any row
 * separator. Streaming: text is fed chunk by chunk, a row cut by a chunk border is completed later.
 */
import { TransferError } from './errors';
import type { Dialect } from './options';

/** A row as exported: the server's exact text of every value, `null` for NULL. */
export type CsvRow = (string | null)[];

/**
 * Longest CSV row held while waiting for its end (characters for `exportRows`, bytes for an export
 * to a byte target over several tunnels): a longer one is a TransferError, so a database that never
 * ends a row cannot fill the memory (8 columns of the largest VARCHAR fit).
 */
export const MAX_CSV_ROW_CHARS = 32 * 1024 * 1024;

/** A carried row this long is only scanned again once its end may have come. */
const LONG_ROW = 64 * 1024;

/** Parses CSV text incrementally; a row longer than {@link MAX_CSV_ROW_CHARS} is a TransferError. */
export class CsvParser {
  #carry = '';
  #line = 0;
  /** Fields of the last row (the size a new row is allocated with). */
  #width = 0;
  readonly #sep: string;
  readonly #delim: string;
  readonly #rowSep: string;
  readonly #null: string | undefined;

  constructor(d: Dialect) {
    this.#sep = d.sep;
    this.#delim = d.delim;
    this.#rowSep = d.rowSep;
    this.#null = d.null;
  }

  /** Parses the complete rows of `text` (after what was carried over) into `out`. */
  push(text: string, out: CsvRow[]): void {
    if (this.#carry.length > LONG_ROW && !this.#mayEnd(text)) {
      // a long row that cannot end in `text`: no new scan of it (an endless row stays linear)
      this.#carry += text;
    } else this.#parse(this.#carry === '' ? text : this.#carry + text, false, out);
    if (this.#carry.length > MAX_CSV_ROW_CHARS) throw new TransferError(`CSV from the database: row ${this.#line + 1} is longer than ${MAX_CSV_ROW_CHARS} characters`);
  }

  /** Whether a carried row may end in `text`: a row ends only at a row separator, a quoted field at its delimiter. */
  #mayEnd(text: string): boolean {
    return text.includes(this.#rowSep[this.#rowSep.length - 1]!) || (this.#delim !== '' && text.includes(this.#delim));
  }

  /** Whether text of an unfinished row is held (the text so far did not end with a row separator). */
  get pending(): boolean {
    return this.#carry !== '';
  }

  /** The end of the text: the last row may lack its separator; an open quote is an error. */
  end(out: CsvRow[]): void {
    if (this.#carry !== '') this.#parse(this.#carry, true, out);
  }

  #parse(s: string, final: boolean, out: CsvRow[]): void {
    if (this.#sep.length === 1 && this.#rowSep.length === 1) return this.#parseOne(s, final, out);
    const sep = this.#sep;
    const delim = this.#delim;
    const rs = this.#rowSep;
    const nul = this.#null;
    // one-character separators and delimiter (the usual case) are compared as char codes
    const sepC = sep.length === 1 ? sep.charCodeAt(0) : -1;
    // the delimiter is one character or none (options.ts)
    const delimC = delim.length === 1 ? delim.charCodeAt(0) : -1;
    const rsC = rs.length === 1 ? rs.charCodeAt(0) : -1;
    const isSep = (at: number): boolean => (sepC >= 0 ? s.charCodeAt(at) === sepC : s.startsWith(sep, at));
    const isRs = (at: number): boolean => (rsC >= 0 ? s.charCodeAt(at) === rsC : s.startsWith(rs, at));
    const n = s.length;
    let pos = 0;
    // next separator / row separator positions, recomputed only when passed
    let nextSep = -2;
    let nextRs = -2;
    rows: while (pos < n) {
      const rowStart = pos;
      const row: CsvRow = [];
      for (;;) {
        if (delimC >= 0 && s.charCodeAt(pos) === delimC) {
          // enclosed field: one slice unless it holds doubled delimiters
          let value: string | undefined;
          let parts = '';
          let p = pos + 1;
          for (;;) {
            const q = s.indexOf(delim, p);
            if (q < 0) {
              if (final) throw new TransferError(`CSV from the database: unterminated quoted field in row ${this.#line + 1}`);
              this.#carry = s.slice(rowStart);
              return;
            }
            if (s.charCodeAt(q + 1) === delimC) {
              parts += s.slice(p, q) + delim;
              p = q + 2;
              continue;
            }
            value = parts === '' ? s.slice(p, q) : parts + s.slice(p, q);
            pos = q + 1;
            break;
          }
          if (pos === n && !final) {
            this.#carry = s.slice(rowStart);
            return;
          }
          row.push(value);
        } else {
          if (nextSep !== -1 && nextSep < pos) nextSep = s.indexOf(sep, pos);
          if (nextRs !== -1 && nextRs < pos) nextRs = s.indexOf(rs, pos);
          let end = nextSep >= 0 && (nextRs < 0 || nextSep < nextRs) ? nextSep : nextRs;
          if (end < 0) {
            if (!final) {
              this.#carry = s.slice(rowStart);
              return;
            }
            end = n;
          }
          if (end === pos) row.push(null);
          else {
            const value = s.slice(pos, end);
            row.push(value === nul ? null : value);
          }
          pos = end;
        }
        if (pos >= n) {
          // only reached when final: the last row without a separator
          out.push(row);
          this.#line++;
          break rows;
        }
        if (isSep(pos)) {
          pos += sep.length;
          if (pos >= n && !final) {
            this.#carry = s.slice(rowStart);
            return;
          }
          if (pos >= n) {
            row.push(null);
            out.push(row);
            this.#line++;
            break rows;
          }
          continue;
        }
        if (isRs(pos)) {
          pos += rs.length;
          out.push(row);
          this.#line++;
          continue rows;
        }
        // a several-character row or column separator may be cut by the end of this text
        if (!final && ((rs.length > 1 && n - pos < rs.length) || (sep.length > 1 && n - pos < sep.length))) {
          this.#carry = s.slice(rowStart);
          return;
        }
        throw new TransferError(`CSV from the database: unexpected ${JSON.stringify(s[pos])} after a field in row ${this.#line + 1}`);
      }
    }
    this.#carry = '';
  }

  /**
   * {@link #parse} for one-character column and row separators (the usual dialects), the same rows and errors
   * (test/sdk-bulk-csv-read.test.ts) at a lower cost per field: separators compared by char code without a call,
   * a row allocated with the width of the row before (an empty array grows to 16 slots at its first push).
   */
  #parseOne(s: string, final: boolean, out: CsvRow[]): void {
    const delim = this.#delim;
    const nul = this.#null;
    const sepC = this.#sep.charCodeAt(0);
    const rsC = this.#rowSep.charCodeAt(0);
    // the delimiter is one character or none (options.ts)
    const delimC = delim.length === 1 ? delim.charCodeAt(0) : -1;
    const sep = this.#sep;
    const rs = this.#rowSep;
    const n = s.length;
    let width = this.#width;
    // next separator / row separator positions, recomputed only when passed
    let nextSep = -2;
    let nextRs = -2;
    let pos = 0;
    rows: while (pos < n) {
      const rowStart = pos;
      const row: CsvRow = width > 0 ? new Array<string | null>(width) : [];
      let k = 0;
      for (;;) {
        let c = s.charCodeAt(pos);
        if (c === delimC) {
          // enclosed field: one slice unless it holds doubled delimiters
          let parts = '';
          let p = pos + 1;
          let q: number;
          for (;;) {
            q = s.indexOf(delim, p);
            if (q < 0) {
              if (final) throw new TransferError(`CSV from the database: unterminated quoted field in row ${this.#line + 1}`);
              this.#carry = s.slice(rowStart);
              return;
            }
            if (s.charCodeAt(q + 1) !== delimC) break;
            parts += s.slice(p, q + 1);
            p = q + 2;
          }
          row[k++] = parts === '' ? s.slice(p, q) : parts + s.slice(p, q);
          pos = q + 1;
          if (pos === n && !final) {
            this.#carry = s.slice(rowStart);
            return;
          }
        } else {
          if (nextSep !== -1 && nextSep < pos) nextSep = s.indexOf(sep, pos);
          if (nextRs !== -1 && nextRs < pos) nextRs = s.indexOf(rs, pos);
          let p = nextSep >= 0 && (nextRs < 0 || nextSep < nextRs) ? nextSep : nextRs;
          if (p < 0) p = n;
          if (p >= n && !final) {
            this.#carry = s.slice(rowStart);
            return;
          }
          if (p === pos) row[k++] = null;
          else {
            const value = s.slice(pos, p);
            row[k++] = value === nul ? null : value;
          }
          pos = p;
        }
        if (pos >= n) {
          // only reached when final: the last row without a separator
          this.#row(row, k, out);
          break rows;
        }
        c = s.charCodeAt(pos);
        if (c === sepC) {
          pos++;
          if (pos < n) continue;
          if (!final) {
            this.#carry = s.slice(rowStart);
            return;
          }
          row[k++] = null;
          this.#row(row, k, out);
          break rows;
        }
        if (c === rsC) {
          pos++;
          width = this.#row(row, k, out);
          continue rows;
        }
        throw new TransferError(`CSV from the database: unexpected ${JSON.stringify(s[pos])} after a field in row ${this.#line + 1}`);
      }
    }
    this.#carry = '';
  }

  /** Hands out a row of `k` fields (cut to them when allocated wider); returns its width. */
  #row(row: CsvRow, k: number, out: CsvRow[]): number {
    if (row.length !== k) row.length = k;
    out.push(row);
    this.#line++;
    return (this.#width = k);
  }
}
