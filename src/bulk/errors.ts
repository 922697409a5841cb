/** The one error a failed bulk transfer rejects with: both sides' causes in one object. */
import { ExasolError } from '../errors';

/** Which side of a transfer failed first. */
export type BulkSide = 'sql' | 'transfer';

/**
 * An IMPORT or EXPORT over the HTTP transport failed. `sqlError` is what the database said about the
 * statement (e.g. a `SqlError` with ETL-5105 or a conversion error), `transferError` what went wrong on
 * this side of the tunnel (your source or target stream, the tunnel socket, a timeout). Either or both
 * are set; `cause` is the one that failed first (`side`). `sqlCode` is the database's code when it sent one.
 */
export class BulkError extends ExasolError {
  static override readonly kind = 'BulkError';
  /** `'import'` or `'export'`. */
  readonly direction: 'import' | 'export';
  /** The side that failed first; `cause` is its error. */
  readonly side: BulkSide;
  /** The statement's error as the SDK reports it (`SqlError`, `AbortError`, `TimeoutError`, `ConnectionError`), if it failed. */
  readonly sqlError?: Error;
  /** The error of the transfer side (source or target stream, tunnel socket, timeout), if it failed. */
  readonly transferError?: Error;
  /** CSV bytes moved before the failure (before gzip). */
  readonly bytes: number;

  constructor(direction: 'import' | 'export', side: BulkSide, errors: { sqlError?: Error; transferError?: Error }, bytes: number, sql?: string) {
    const first = side === 'sql' ? errors.sqlError : errors.transferError;
    const other = side === 'sql' ? errors.transferError : errors.sqlError;
    const what = direction === 'import' ? 'IMPORT' : 'EXPORT';
    const msg =
      `${what} failed on the ${side === 'sql' ? 'database (SQL) side' : 'transfer side'}: ${first?.message ?? 'unknown error'}` +
      (other !== undefined ? ` | ${side === 'sql' ? 'transfer' : 'SQL'} side: ${other.message}` : '') +
      ` (after ${bytes} bytes)`;
    const sqlCode = (errors.sqlError as { sqlCode?: unknown } | undefined)?.sqlCode;
    super(msg, { cause: first, sql, ...(typeof sqlCode === 'string' ? { sqlCode } : {}) });
    this.direction = direction;
    this.side = side;
    if (errors.sqlError !== undefined) this.sqlError = errors.sqlError;
    if (errors.transferError !== undefined) this.transferError = errors.transferError;
    this.bytes = bytes;
  }
}

/** A failure on this side of a tunnel (socket, HTTP exchange, timeout), before it is combined into a {@link BulkError}. */
export class TransferError extends ExasolError {
  static override readonly kind = 'TransferError';
}
