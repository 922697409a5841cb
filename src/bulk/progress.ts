/**
 * Running totals of a bulk transfer, reported through `onProgress` and on the session's `status$`
 * (`status.transfer`), both throttled to one report per 100 ms, plus a final one after success.
 */
import type { TransferStatus } from '../client/status';
import { sharedSessionContext } from '../client/shared-context';

/** One progress report (the same values `session.status$` carries as `transfer`). */
export type BulkProgress = TransferStatus;

/** Progress interval, ms. */
const EVERY_MS = 100;

/** Where a session takes transfer progress for its `status$`, if it was opened by `connect()`. */
function statusSink(session: object | undefined): ((p: TransferStatus) => void) | undefined {
  if (session === undefined) return undefined;
  try {
    return sharedSessionContext(session).reportTransfer;
  } catch {
    return undefined; // not a connect() session: the transfer itself refuses it
  }
}

/** Counts bytes and rows and reports them at most every 100 ms. */
export class ProgressMeter {
  bytes = 0;
  rows: number | undefined;
  #last = 0;
  readonly #status: ((p: TransferStatus) => void) | undefined;
  readonly #quiet: boolean;

  /** `session`: the transfer's session, whose `status$` gets the reports too. */
  constructor(
    private readonly direction: 'import' | 'export',
    private readonly streams: number,
    private readonly report: ((p: BulkProgress) => void) | undefined,
    countsRows: boolean,
    session?: object,
  ) {
    if (countsRows) this.rows = 0;
    this.#status = statusSink(session);
    this.#quiet = report === undefined && this.#status === undefined;
  }

  /** Adds moved bytes and rows. */
  add(bytes: number, rows = 0): void {
    this.bytes += bytes;
    if (this.rows !== undefined) this.rows += rows;
    if (this.#quiet) return;
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
    const p: BulkProgress = { direction: this.direction, bytes: this.bytes, ...(this.rows === undefined ? {} : { rows: this.rows }), streams: this.streams, done };
    try {
      this.report?.(p);
    } catch {
      // a throwing progress callback does not break the transfer
    }
    try {
      this.#status?.({ ...p });
    } catch {
      // nor does a throwing status$ subscriber
    }
  }
}
