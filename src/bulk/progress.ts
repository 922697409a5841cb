/** Running totals of a bulk transfer, reported through `onProgress` (throttled). */

/** One progress report. */
export interface BulkProgress {
  /** `'import'` or `'export'`. */
  direction: 'import' | 'export';
  /** CSV bytes moved so far, all tunnels (before gzip, after gunzip). */
  bytes: number;
  /** Rows moved so far when this side knows them (row sources and targets); at the end, the statement's row count. */
  rows?: number;
  /** Tunnels in use. */
  streams: number;
  /** True for the last report (after success). */
  done: boolean;
}

/** Progress interval, ms. */
const EVERY_MS = 100;

/** Counts bytes and rows and reports them at most every 100 ms. */
export class ProgressMeter {
  bytes = 0;
  rows: number | undefined;
  #last = 0;
  constructor(
    private readonly direction: 'import' | 'export',
    private readonly streams: number,
    private readonly report: ((p: BulkProgress) => void) | undefined,
    countsRows: boolean,
  ) {
    if (countsRows) this.rows = 0;
  }

  /** Adds moved bytes and rows. */
  add(bytes: number, rows = 0): void {
    this.bytes += bytes;
    if (this.rows !== undefined) this.rows += rows;
    if (this.report === undefined) return;
    const t = Date.now();
    if (t - this.#last < EVERY_MS) return;
    this.#last = t;
    this.#emit(false);
  }

  /** The final report, with the statement's row count. */
  finish(rowCount: number): void {
    this.rows = rowCount;
    this.#emit(true);
  }

  #emit(done: boolean): void {
    try {
      this.report?.({ direction: this.direction, bytes: this.bytes, ...(this.rows === undefined ? {} : { rows: this.rows }), streams: this.streams, done });
    } catch {
      // a throwing progress callback does not break the transfer
    }
  }
}
