/**
 * Fetch replies of the replay server, serialized ahead of time so that serving a `fetch` costs a
 * map lookup and a socket write: the client, not the server, is what the benchmark measures.
 *
 * A chunk holds rows [start, start + numRows): as many as fit `numBytes` of column-major JSON data,
 * but at least one (protocol.md §3.7). Two sources:
 * - {@link PrecomputedRows}: every chunk of the whole result, built once per requested `numBytes`.
 * - {@link TemplatedRows}: for results too large to keep (10M rows), a few chunk templates that
 *   repeat; row counts and positions stay exact, the values of chunk c are those of chunk c mod T.
 */
import { deflateSync } from 'node:zlib';
import { BENCH_COLUMN_COUNT, BENCH_SEED, rowTokens } from './dataset';

/** One pre-serialized fetch reply. */
export interface Chunk {
  /** Rows in this reply (the `numRows` of its `responseData`). */
  numRows: number;
  /** The complete reply frame, UTF-8 JSON, sent as a text frame. */
  frame: Buffer;
  /** The same frame zlib-compressed (for compressed sessions), made on first use by {@link zlibFrame}. */
  zframe?: Buffer;
}

/** The zlib-compressed frame of a chunk (a binary frame of a compressed session); computed once and kept. */
export function zlibFrame(c: Chunk): Buffer {
  return (c.zframe ??= deflateSync(c.frame));
}

/** Where the replay server takes fetch replies from. */
export interface RowSource {
  /** Total rows of the result set. */
  readonly totalRows: number;
  /**
   * Serializes every chunk a sequential reader with this `numBytes` will ask for, ahead of time;
   * with `zlib` also their compressed frames.
   */
  prepare(numBytes: number, zlib?: boolean): void;
  /** The reply for `fetch(startPosition, numBytes)`; built on the spot when not prepared. */
  chunk(startPosition: number, numBytes: number): Chunk;
}

/** Bytes of one row inside `data`: its tokens plus one separator per column. */
function rowBytes(tokens: string[]): number {
  let n = tokens.length;
  for (const t of tokens) n += Buffer.byteLength(t);
  return n;
}

/**
 * Serializes the fetch reply for rows produced by `tokensOf(0..)`, greedily: stops before the row
 * that would push the data past `numBytes` (but takes at least one) or at `maxRows`.
 */
export function buildChunk(tokensOf: (k: number) => string[], maxRows: number, numBytes: number): Chunk {
  const cols: string[][] = Array.from({ length: BENCH_COLUMN_COUNT }, () => []);
  let bytes = 4; // outer brackets and one column's brackets, roughly
  let k = 0;
  while (k < maxRows) {
    const tokens = tokensOf(k);
    const b = rowBytes(tokens);
    if (k > 0 && bytes + b > numBytes) break;
    bytes += b;
    for (let c = 0; c < cols.length; c++) cols[c]!.push(tokens[c]!);
    k++;
  }
  const data = '[' + cols.map((col) => '[' + col.join(',') + ']').join(',') + ']';
  const frame = Buffer.from(`{"status":"ok","responseData":{"numRows":${k},"data":${data}}}`);
  return { numRows: k, frame };
}

/** The reply for a fetch at or past the end: zero rows, no data. */
export function emptyChunk(): Chunk {
  return { numRows: 0, frame: Buffer.from('{"status":"ok","responseData":{"numRows":0}}') };
}

/** Every chunk of a result, kept in memory; honest to any `startPosition`. */
export class PrecomputedRows implements RowSource {
  private readonly byNumBytes = new Map<number, Map<number, Chunk>>();
  constructor(
    readonly totalRows: number,
    private readonly seed = BENCH_SEED,
  ) {}

  prepare(numBytes: number, zlib = false): void {
    if (zlib) {
      this.prepare(numBytes);
      for (const c of this.byNumBytes.get(numBytes)!.values()) zlibFrame(c);
      return;
    }
    if (this.byNumBytes.has(numBytes)) return;
    const chunks = new Map<number, Chunk>();
    for (let start = 0; start < this.totalRows; ) {
      const c = this.build(start, numBytes);
      chunks.set(start, c);
      start += c.numRows;
    }
    this.byNumBytes.set(numBytes, chunks);
  }

  chunk(startPosition: number, numBytes: number): Chunk {
    if (startPosition >= this.totalRows) return emptyChunk();
    return this.byNumBytes.get(numBytes)?.get(startPosition) ?? this.build(startPosition, numBytes);
  }

  private build(start: number, numBytes: number): Chunk {
    return buildChunk((k) => rowTokens(start + k, this.seed), this.totalRows - start, numBytes);
  }
}

/**
 * A huge result served from `templateCount` chunk templates per `numBytes`: every template holds
 * the same number of rows k (the smallest greedy fit among them), chunk c of a sequential reader is
 * template c mod T. Unaligned positions and the final short chunk are built on the spot from the
 * real rows. Memory stays at T chunks however many rows are streamed.
 */
export class TemplatedRows implements RowSource {
  private readonly byNumBytes = new Map<number, { rowsPerChunk: number; templates: Chunk[] }>();
  constructor(
    readonly totalRows: number,
    private readonly templateCount = 8,
    private readonly seed = BENCH_SEED,
  ) {}

  prepare(numBytes: number, zlib = false): void {
    if (zlib) {
      this.prepare(numBytes);
      for (const c of this.byNumBytes.get(numBytes)!.templates) zlibFrame(c);
      return;
    }
    if (this.byNumBytes.has(numBytes)) return;
    const fits: number[] = [];
    let start = 0;
    for (let t = 0; t < this.templateCount; t++) {
      const s = start;
      const c = buildChunk((k) => rowTokens(s + k, this.seed), Number.MAX_SAFE_INTEGER, numBytes);
      fits.push(c.numRows);
      start += c.numRows;
    }
    const k = Math.min(...fits);
    const templates: Chunk[] = [];
    for (let t = 0; t < this.templateCount; t++) {
      templates.push(buildChunk((j) => rowTokens(t * k + j, this.seed), k, Number.MAX_SAFE_INTEGER));
    }
    this.byNumBytes.set(numBytes, { rowsPerChunk: k, templates });
  }

  chunk(startPosition: number, numBytes: number): Chunk {
    if (startPosition >= this.totalRows) return emptyChunk();
    this.prepare(numBytes);
    const p = this.byNumBytes.get(numBytes)!;
    const k = p.rowsPerChunk;
    if (startPosition % k === 0 && startPosition + k <= this.totalRows) {
      return p.templates[(startPosition / k) % p.templates.length]!;
    }
    return buildChunk((j) => rowTokens(startPosition + j, this.seed), this.totalRows - startPosition, numBytes);
  }
}
