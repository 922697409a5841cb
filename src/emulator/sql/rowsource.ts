/**
 * Streaming result sets: the row count is known up front, rows are encoded to wire JSON chunk by
 * chunk as the server fetches, and only the current DuckDB chunk is held in memory.
 */
import type { DuckDBDataChunk, DuckDBResult } from '@duckdb/node-api';
import type { ColumnInfo } from '../../protocol';
import type { RowSource } from './contract';
import type { ValueEncoder } from './encode';

/**
 * One DuckDB chunk encoded to wire JSON: per column, all values joined (each followed by `,`), and
 * the offset where each row's value starts (`offsets[c][rows]` = end). Rows are sliced out of the
 * column strings, so no per-value arrays live longer than one chunk.
 */
export interface EncodedChunk {
  rows: number;
  cols: string[];
  offsets: Int32Array[];
}

/** Encodes every value of a DuckDB chunk column by column. */
export function encodeChunk(chunk: DuckDBDataChunk, encoders: ValueEncoder[]): EncodedChunk {
  const n = chunk.rowCount;
  const cols: string[] = [];
  const offsets: Int32Array[] = [];
  for (let c = 0; c < encoders.length; c++) {
    const vec = chunk.getColumnVector(c);
    const enc = encoders[c]!;
    const off = new Int32Array(n + 1);
    const parts = new Array<string>(n + 1);
    let len = 0;
    for (let r = 0; r < n; r++) {
      off[r] = len;
      const v = vec.getItem(r);
      const t = v === null ? 'null' : enc(v);
      parts[r] = t;
      len += t.length + 1;
    }
    off[n] = len;
    parts[n] = '';
    cols.push(parts.join(','));
    offsets.push(off);
  }
  return { rows: n, cols, offsets };
}

/** Encodes rows given as JS values (column-major) into one chunk. */
export function encodeValues(columns: unknown[][], encoders: ValueEncoder[], rows: number): EncodedChunk {
  const cols: string[] = [];
  const offsets: Int32Array[] = [];
  for (let c = 0; c < encoders.length; c++) {
    const off = new Int32Array(rows + 1);
    let s = '';
    for (let r = 0; r < rows; r++) {
      off[r] = s.length;
      const v = columns[c]![r];
      s += (v === null || v === undefined ? 'null' : encoders[c]!(v)) + ',';
    }
    off[rows] = s.length;
    cols.push(s);
    offsets.push(off);
  }
  return { rows, cols, offsets };
}

/** Collects slices of encoded chunks into column-major JSON text. */
class Collector {
  readonly parts: string[][];
  rows = 0;
  bytes = 2;
  constructor(ncols: number) {
    this.parts = [];
    for (let c = 0; c < ncols; c++) this.parts.push([]);
  }
  /**
   * Takes rows [from, ...) of a chunk while they fit `maxBytes` (always at least one row overall)
   * and `limit` rows in total; returns the index after the last row taken.
   */
  take(chunk: EncodedChunk, from: number, maxBytes: number, limit: number): number {
    const ncols = chunk.cols.length;
    let r = from;
    while (r < chunk.rows && this.rows < limit) {
      let rb = 0;
      for (let c = 0; c < ncols; c++) rb += chunk.offsets[c]![r + 1]! - chunk.offsets[c]![r]!;
      if (this.rows > 0 && this.bytes + rb > maxBytes) break;
      this.bytes += rb;
      this.rows++;
      r++;
    }
    if (r > from) {
      for (let c = 0; c < ncols; c++) {
        const off = chunk.offsets[c]!;
        this.parts[c]!.push(chunk.cols[c]!.slice(off[from]!, off[r]! - 1));
      }
    }
    return r;
  }
  /** The collected rows as `[[c0r0,c0r1],[c1r0,c1r1]]`. */
  json(): string {
    let json = '[';
    for (let c = 0; c < this.parts.length; c++) {
      if (c > 0) json += ',';
      json += '[' + this.parts[c]!.join(',') + ']';
    }
    return json + ']';
  }
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
  prefetched?: EncodedChunk[];
  /** Called once by close() (frees a private cursor connection). */
  onClose?: () => Promise<void>;
  /** Opens an independent cursor over the same rows (see RowSource.fork). */
  fork?: () => Promise<RowSource>;
}

/** A RowSource reading a DuckDB stream sequentially, re-opening it on a backward or stale read. */
export class StreamRowSource implements RowSource {
  readonly columns: ColumnInfo[];
  readonly numRows: number;
  private readonly opts: StreamRowSourceOptions;
  private result: DuckDBResult | undefined;
  private resultGeneration = -1;
  /** Encoded chunks not yet consumed; the first starts at row `bufferStart`. */
  private buffer: EncodedChunk[] = [];
  private bufferStart = 0;
  /** Rows of buffer[0] already consumed. */
  private consumed = 0;
  /** Row index right after the last chunk pulled from the stream. */
  private streamPos = 0;
  private done = false;
  private closed = false;
  private fullyBuffered = false;
  private allChunks: EncodedChunk[] | undefined;

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
    const limit = Math.min(this.numRows - start, maxRows > 0 ? maxRows : Number.MAX_SAFE_INTEGER);
    const out = new Collector(this.columns.length);
    if (limit <= 0 || start < 0) return { numRows: 0, json: out.json() };
    if (this.fullyBuffered) {
      let row = 0;
      for (const chunk of this.allChunks!) {
        if (row + chunk.rows > start) {
          const from = Math.max(0, start - row);
          const end = out.take(chunk, from, maxBytes, limit);
          if (end < chunk.rows) break;
        }
        row += chunk.rows;
        if (out.rows >= limit) break;
      }
      return { numRows: out.rows, json: out.json() };
    }
    if (!this.result || !this.opts.isCurrent(this.resultGeneration) || start < this.cursor) await this.reopen();
    // skip forward
    while (this.cursor < start) {
      if (this.buffer.length === 0 && !(await this.pull(start))) break;
      const first = this.buffer[0]!;
      const skip = Math.min(first.rows - this.consumed, start - this.cursor);
      this.consumed += skip;
      if (this.consumed >= first.rows) {
        this.buffer.shift();
        this.bufferStart += first.rows;
        this.consumed = 0;
      }
    }
    while (out.rows < limit) {
      if (this.buffer.length === 0 && !(await this.pull())) break;
      const chunk = this.buffer[0]!;
      const end = out.take(chunk, this.consumed, maxBytes, limit);
      const full = end < chunk.rows && out.rows < limit;
      this.consumed = end;
      if (this.consumed >= chunk.rows) {
        this.buffer.shift();
        this.bufferStart += chunk.rows;
        this.consumed = 0;
      }
      if (full) break;
    }
    return { numRows: out.rows, json: out.json() };
  }

  /** An independent cursor over the same rows, when the source was made with one (large results). */
  get fork(): (() => Promise<RowSource>) | undefined {
    return this.opts.fork;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.opts.onClose) await this.opts.onClose();
    this.result = undefined;
    this.buffer = [];
    this.allChunks = undefined;
  }
}
