/**
 * Streaming result sets: the row count is known up front, rows are encoded to wire JSON chunk by
 * chunk as the server fetches, and only the current DuckDB chunk is held in memory.
 */
import type { DuckDBDataChunk, DuckDBResult } from '@duckdb/node-api';
import type { ColumnInfo } from '../../protocol';
import type { RowSource } from './contract';
import type { ValueEncoder } from './encode';

/** Encodes every value of a DuckDB chunk column by column: `out[col][row]` JSON tokens. */
export function encodeChunk(chunk: DuckDBDataChunk, encoders: ValueEncoder[]): string[][] {
  const n = chunk.rowCount;
  const out: string[][] = [];
  for (let c = 0; c < encoders.length; c++) {
    const vec = chunk.getColumnVector(c);
    const enc = encoders[c]!;
    const col = new Array<string>(n);
    for (let r = 0; r < n; r++) {
      const v = vec.getItem(r);
      col[r] = v === null ? 'null' : enc(v);
    }
    out.push(col);
  }
  return out;
}

/** How a row source (re)opens its DuckDB stream: the rows from `offset` on. */
export type OpenStream = (offset: number) => Promise<DuckDBResult>;

/** Options of a {@link StreamRowSource}. */
export interface StreamRowSourceOptions {
  columns: ColumnInfo[];
  encoders: ValueEncoder[];
  numRows: number;
  open: OpenStream;
  /** True while a stream opened at generation `g` is still usable on its connection. */
  isCurrent: (generation: number) => boolean;
  /** The connection's generation right after opening a stream. */
  generation: () => number;
  /** Chunks already read (e.g. while finding out whether the result is small). */
  prefetched?: string[][][];
}

/** A RowSource reading a DuckDB stream sequentially, re-opening it on a backward or stale read. */
export class StreamRowSource implements RowSource {
  readonly columns: ColumnInfo[];
  readonly numRows: number;
  private readonly opts: StreamRowSourceOptions;
  private result: DuckDBResult | undefined;
  private resultGeneration = -1;
  /** Encoded chunks not yet consumed; the first starts at row `bufferStart`. */
  private buffer: string[][][] = [];
  private bufferStart = 0;
  /** Rows of buffer[0] already consumed. */
  private consumed = 0;
  /** Row index right after the last chunk pulled from the stream. */
  private streamPos = 0;
  private done = false;
  private closed = false;
  private fullyBuffered = false;
  private allChunks: string[][][] | undefined;

  constructor(opts: StreamRowSourceOptions) {
    this.opts = opts;
    this.columns = opts.columns;
    this.numRows = opts.numRows;
    if (opts.prefetched) {
      // small result: everything is here already
      this.allChunks = opts.prefetched;
      this.fullyBuffered = true;
    }
  }

  /** Re-runs the query from its first row (the skip loop of read() then moves to `start`). */
  private async reopen(): Promise<void> {
    this.result = await this.opts.open(0);
    this.resultGeneration = this.opts.generation();
    this.buffer = [];
    this.bufferStart = 0;
    this.consumed = 0;
    this.streamPos = 0;
    this.done = false;
  }

  /** Pulls the next DuckDB chunk; whole chunks before `skipTo` are dropped without encoding. */
  private async pull(skipTo = 0): Promise<boolean> {
    if (this.done || !this.result) return false;
    let chunk = await this.result.fetchChunk();
    while (chunk && chunk.rowCount > 0 && this.buffer.length === 0 && this.streamPos + chunk.rowCount <= skipTo) {
      this.streamPos += chunk.rowCount;
      this.bufferStart = this.streamPos;
      this.consumed = 0;
      chunk = await this.result.fetchChunk();
    }
    if (!chunk || chunk.rowCount === 0) {
      this.done = true;
      return false;
    }
    const enc = encodeChunk(chunk, this.opts.encoders);
    this.buffer.push(enc);
    this.streamPos += chunk.rowCount;
    return true;
  }

  /** Row index of the next unread row of the current cursor. */
  private get cursor(): number {
    return this.bufferStart + this.consumed;
  }

  async read(start: number, maxBytes: number, maxRows: number): Promise<{ numRows: number; json: string }> {
    if (this.closed) throw new Error('result set closed');
    const ncols = this.columns.length;
    const limit = Math.min(this.numRows - start, maxRows > 0 ? maxRows : Number.MAX_SAFE_INTEGER);
    const cols: string[][] = [];
    for (let c = 0; c < ncols; c++) cols.push([]);
    if (limit <= 0 || start < 0) return { numRows: 0, json: '[' + cols.map(() => '[]').join(',') + ']' };
    let taken = 0;
    let bytes = 2;
    if (this.fullyBuffered) {
      let row = 0;
      for (const chunk of this.allChunks!) {
        const n = chunk[0]?.length ?? 0;
        if (row + n <= start) {
          row += n;
          continue;
        }
        for (let r = Math.max(0, start - row); r < n && taken < limit; r++) {
          let rb = 0;
          for (let c = 0; c < ncols; c++) rb += chunk[c]![r]!.length + 1;
          if (taken > 0 && bytes + rb > maxBytes) return this.emit(cols, taken);
          for (let c = 0; c < ncols; c++) cols[c]!.push(chunk[c]![r]!);
          bytes += rb;
          taken++;
        }
        row += n;
        if (taken >= limit) break;
      }
      return this.emit(cols, taken);
    }
    if (!this.result || !this.opts.isCurrent(this.resultGeneration) || start < this.cursor) await this.reopen();
    // skip forward
    while (this.cursor < start) {
      if (this.buffer.length === 0 && !(await this.pull(start))) break;
      const first = this.buffer[0]!;
      const n = first[0]?.length ?? 0;
      const skip = Math.min(n - this.consumed, start - this.cursor);
      this.consumed += skip;
      if (this.consumed >= n) {
        this.buffer.shift();
        this.bufferStart += n;
        this.consumed = 0;
      }
    }
    while (taken < limit) {
      if (this.buffer.length === 0 && !(await this.pull())) break;
      const chunk = this.buffer[0]!;
      const n = chunk[0]?.length ?? 0;
      let r = this.consumed;
      let full = false;
      for (; r < n && taken < limit; r++) {
        let rb = 0;
        for (let c = 0; c < ncols; c++) rb += chunk[c]![r]!.length + 1;
        if (taken > 0 && bytes + rb > maxBytes) {
          full = true;
          break;
        }
        for (let c = 0; c < ncols; c++) cols[c]!.push(chunk[c]![r]!);
        bytes += rb;
        taken++;
      }
      this.consumed = r;
      if (this.consumed >= n) {
        this.buffer.shift();
        this.bufferStart += n;
        this.consumed = 0;
      }
      if (full) break;
    }
    return this.emit(cols, taken);
  }

  private emit(cols: string[][], taken: number): { numRows: number; json: string } {
    let json = '[';
    for (let c = 0; c < cols.length; c++) {
      if (c > 0) json += ',';
      json += '[' + cols[c]!.join(',') + ']';
    }
    return { numRows: taken, json: json + ']' };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.result = undefined;
    this.buffer = [];
    this.allChunks = undefined;
  }
}
