/**
 * Fetch replies of the replay server, made cheap to serve so that the client, not the server, is
 * what the benchmark measures, whatever `startPosition` and `numBytes` a client asks for (the SDK
 * grows its fetch size as it goes).
 *
 * A chunk holds rows [start, start + numRows): as many as fit `numBytes` of column-major JSON data,
 * but at least one (protocol.md §3.7). Two sources:
 * - {@link PrecomputedRows}: every row's JSON tokens kept once, column by column, in one buffer per
 *   column with row offsets; a reply for any position and size is a few buffer copies. Compressed
 *   replies are deflated once per (position, size) and kept.
 * - {@link TemplatedRows}: for results too large to keep (10M rows), a few chunk templates per
 *   `numBytes`; row counts and positions stay exact, the values are those of a template.
 */
import { deflateSync, constants } from 'node:zlib';
import { BENCH_COLUMN_COUNT, BENCH_SEED, rowTokens } from './dataset';

/** One fetch reply. */
export interface Chunk {
  /** Rows in this reply (the `numRows` of its `responseData`). */
  numRows: number;
  /** The complete reply frame, UTF-8 JSON, sent as a text frame. */
  frame: Buffer;
  /** The same frame zlib-compressed (for compressed sessions), made on first use by {@link zlibFrame}. */
  zframe?: Buffer;
}

/** zlib level of compressed replies (fast, as a server compressing on the fly would choose). */
const ZLIB_LEVEL = constants.Z_BEST_SPEED;

/** The zlib-compressed frame of a chunk (a binary frame of a compressed session); computed once and kept. */
export function zlibFrame(c: Chunk): Buffer {
  return (c.zframe ??= deflateSync(c.frame, { level: ZLIB_LEVEL }));
}

/** Where the replay server takes fetch replies from. */
export interface RowSource {
  /** Total rows of the result set. */
  readonly totalRows: number;
  /**
   * Does ahead of time what serving a sequential reader with this `numBytes` needs; with `zlib`
   * also compresses those replies.
   */
  prepare(numBytes: number, zlib?: boolean): void;
  /** The reply for `fetch(startPosition, numBytes)`. */
  chunk(startPosition: number, numBytes: number): Chunk;
  /** The same reply with its compressed frame (`zframe`) made. */
  zchunk(startPosition: number, numBytes: number): Chunk;
}

/** Bytes of one row inside `data`: its tokens plus one separator per column. */
function rowBytes(tokens: string[]): number {
  let n = tokens.length;
  for (const t of tokens) n += Buffer.byteLength(t);
  return n;
}

function frameOf(k: number, data: string | Buffer[]): Buffer {
  const head = `{"status":"ok","responseData":{"numRows":${k},"data":`;
  if (typeof data === 'string') return Buffer.from(`${head}${data}}}`);
  return Buffer.concat([Buffer.from(head), ...data, Buffer.from('}}')]);
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
  return { numRows: k, frame: frameOf(k, '[' + cols.map((col) => '[' + col.join(',') + ']').join(',') + ']') };
}

/** The reply for a fetch at or past the end: zero rows, no data. */
export function emptyChunk(): Chunk {
  return { numRows: 0, frame: Buffer.from('{"status":"ok","responseData":{"numRows":0}}') };
}

/** Every row of a result as JSON tokens, column by column; replies for any position and size are cut from it. */
export class PrecomputedRows implements RowSource {
  /** Per column: the tokens of all rows, each followed by a comma. */
  #cols: Buffer[] = [];
  /** Per column: byte offset of row i's token (length totalRows + 1). */
  #offs: Uint32Array[] = [];
  /** Byte offset of row i in the concatenation of whole rows (as {@link rowBytes} counts them). */
  #rowEnd = new Float64Array(0);
  readonly #zlib = new Map<string, Chunk>();
  constructor(
    readonly totalRows: number,
    private readonly seed = BENCH_SEED,
  ) {}

  #build(): void {
    if (this.#cols.length > 0) return;
    const n = this.totalRows;
    const parts: string[][] = Array.from({ length: BENCH_COLUMN_COUNT }, () => []);
    this.#offs = Array.from({ length: BENCH_COLUMN_COUNT }, () => new Uint32Array(n + 1));
    this.#rowEnd = new Float64Array(n + 1);
    const at = new Array<number>(BENCH_COLUMN_COUNT).fill(0);
    for (let i = 0; i < n; i++) {
      const tokens = rowTokens(i, this.seed);
      let b = 0;
      for (let c = 0; c < BENCH_COLUMN_COUNT; c++) {
        const t = tokens[c]!;
        parts[c]!.push(t);
        const len = Buffer.byteLength(t) + 1;
        at[c]! += len;
        this.#offs[c]![i + 1] = at[c]!;
        b += len;
      }
      this.#rowEnd[i + 1] = this.#rowEnd[i]! + b;
    }
    this.#cols = parts.map((p) => Buffer.from(p.join(',') + ','));
  }

  prepare(numBytes: number, zlib = false): void {
    this.#build();
    if (!zlib) return;
    for (let start = 0; start < this.totalRows; ) start += this.zchunk(start, numBytes).numRows;
  }

  zchunk(startPosition: number, numBytes: number): Chunk {
    const key = `${startPosition}:${numBytes}`;
    let c = this.#zlib.get(key);
    if (c === undefined) {
      c = this.chunk(startPosition, numBytes);
      zlibFrame(c);
      // kept: the next reader with the same layout (every rep of a case) finds it compressed
      this.#zlib.set(key, c);
    }
    return c;
  }

  chunk(startPosition: number, numBytes: number): Chunk {
    if (startPosition >= this.totalRows) return emptyChunk();
    this.#build();
    // the most rows k >= 1 with 4 + bytes(rows start..start+k) <= numBytes
    const base = this.#rowEnd[startPosition]!;
    let lo = startPosition + 1;
    let hi = this.totalRows;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (4 + this.#rowEnd[mid]! - base <= numBytes) lo = mid;
      else hi = mid - 1;
    }
    const end = lo;
    const pieces: Buffer[] = [Buffer.from('[')];
    for (let c = 0; c < BENCH_COLUMN_COUNT; c++) {
      const off = this.#offs[c]!;
      pieces.push(Buffer.from(c === 0 ? '[' : ',['), this.#cols[c]!.subarray(off[startPosition]!, off[end]! - 1), Buffer.from(']'));
    }
    pieces.push(Buffer.from(']'));
    return { numRows: end - startPosition, frame: frameOf(end - startPosition, pieces) };
  }
}

/**
 * A huge result served from `templateCount` chunk templates per `numBytes`: every template holds
 * the same number of rows k (the smallest greedy fit among them); the reply at any position is
 * template (position / k) mod T, cut short at the end of the result. Memory stays at T chunks per
 * size however many rows are streamed.
 */
export class TemplatedRows implements RowSource {
  private readonly byNumBytes = new Map<number, { rowsPerChunk: number; templates: Chunk[] }>();
  constructor(
    readonly totalRows: number,
    private readonly templateCount = 8,
    private readonly seed = BENCH_SEED,
  ) {}

  prepare(numBytes: number, zlib = false): void {
    if (!this.byNumBytes.has(numBytes)) {
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
    if (zlib) for (const c of this.byNumBytes.get(numBytes)!.templates) zlibFrame(c);
  }

  zchunk(startPosition: number, numBytes: number): Chunk {
    const c = this.chunk(startPosition, numBytes);
    zlibFrame(c);
    return c;
  }

  chunk(startPosition: number, numBytes: number): Chunk {
    if (startPosition >= this.totalRows) return emptyChunk();
    this.prepare(numBytes);
    const p = this.byNumBytes.get(numBytes)!;
    const k = p.rowsPerChunk;
    if (startPosition + k <= this.totalRows) return p.templates[Math.floor(startPosition / k) % p.templates.length]!;
    return buildChunk((j) => rowTokens(startPosition + j, this.seed), this.totalRows - startPosition, numBytes);
  }
}
