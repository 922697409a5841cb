// The CSV reader of src/bulk/csv-read.ts as it was before its char-code fast paths (commit b4d9060), kept as the
// reference the fuzz test (sdk-bulk-csv-read.test.ts) compares the current reader with.
import { TransferError } from '../../src/bulk/errors';
import type { Dialect } from '../../src/bulk/options';

/** A row as exported: the server's exact text of every value, `null` for NULL. */
type CsvRow = (string | null)[];

/** Parses CSV text incrementally. */
export class ReferenceCsvParser {
  #carry = '';
  #line = 0;
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
    this.#parse(this.#carry === '' ? text : this.#carry + text, false, out);
  }

  /** The end of the text: the last row may lack its separator; an open quote is an error. */
  end(out: CsvRow[]): void {
    if (this.#carry !== '') this.#parse(this.#carry, true, out);
  }

  #parse(s: string, final: boolean, out: CsvRow[]): void {
    const sep = this.#sep;
    const delim = this.#delim;
    const rs = this.#rowSep;
    const nul = this.#null;
    const n = s.length;
    let pos = 0;
    // next separator / row separator positions, recomputed only when passed
    let nextSep = -2;
    let nextRs = -2;
    rows: while (pos < n) {
      const rowStart = pos;
      const row: CsvRow = [];
      for (;;) {
        if (delim !== '' && s.startsWith(delim, pos)) {
          // enclosed field
          let value = '';
          let p = pos + 1;
          for (;;) {
            const q = s.indexOf(delim, p);
            if (q < 0) {
              if (final) throw new TransferError(`CSV from the database: unterminated quoted field in row ${this.#line + 1}`);
              this.#carry = s.slice(rowStart);
              return;
            }
            value += s.slice(p, q);
            if (s.startsWith(delim, q + 1)) {
              value += delim;
              p = q + 2;
              continue;
            }
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
          const value = s.slice(pos, end);
          row.push(value === '' || value === nul ? null : value);
          pos = end;
        }
        if (pos >= n) {
          // only reached when final: the last row without a separator
          out.push(row);
          this.#line++;
          break rows;
        }
        if (s.startsWith(sep, pos)) {
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
        if (s.startsWith(rs, pos)) {
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
}
