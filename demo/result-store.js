// Keeps a streamed result as the chunks it arrived in (no copy into one big array, no DOM per row).
import { rowsBytes } from './result-size.js';

/** The rows of one result set, appended chunk by chunk; `row(i)` finds a row by binary search. */
export class ResultStore {
  /** @param {Array<{name: string, dataType?: object, sqlType?: string}>} columns */
  constructor(columns) {
    this.columns = columns;
    /** @type {unknown[][]} */
    this.chunks = [];
    /** Index of the first row of each chunk. */
    this.starts = [];
    /** Rows received so far. */
    this.count = 0;
    /** Rows the server reported for the whole result (undefined until known). */
    this.total = undefined;
    this.lastChunk = 0;
    /** Estimated bytes of the values received (see result-size.js): not the wire size. */
    this.bytes = 0;
  }

  /** Adds one chunk of rows. */
  append(rows) {
    if (rows.length === 0) return;
    this.starts.push(this.count);
    this.chunks.push(rows);
    this.count += rows.length;
    this.bytes += rowsBytes(rows, this.columns.length, (row, col) => this.value(row, col));
  }

  /** Row number `i` (0-based), or undefined when it has not arrived. */
  row(i) {
    if (i < 0 || i >= this.count) return undefined;
    let c = this.lastChunk;
    if (!(this.starts[c] <= i && i < this.starts[c] + this.chunks[c].length)) {
      let lo = 0;
      let hi = this.starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (this.starts[mid] <= i) lo = mid;
        else hi = mid - 1;
      }
      c = lo;
      this.lastChunk = c;
    }
    return this.chunks[c][i - this.starts[c]];
  }

  /** The value of column `col` (index) in `row`; rows may be objects keyed by name or arrays. */
  value(row, col) {
    if (Array.isArray(row)) return row[col];
    return row[this.columns[col].name];
  }

  /** Every row in order. */
  *rows() {
    for (const chunk of this.chunks) yield* chunk;
  }
}
