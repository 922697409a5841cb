/** The session status stream: enough for a progress bar. */

/** Running totals of a bulk IMPORT or EXPORT (`exasol-ws/bulk`) on the session, as `status$` carries them. */
export interface TransferStatus {
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

/** One status value of `session.status$`. */
export interface SessionStatus {
  state: 'connecting' | 'ready' | 'running' | 'closed';
  /** SQL of the running statement (state `running`). */
  sql?: string;
  /** `Date.now()` when the running statement started. */
  startedAt?: number;
  /** Rows received so far for the running statement's result. */
  rowsFetched?: number;
  /** Total rows of the running statement's result, once known. */
  totalRows?: number;
  /**
   * A bulk transfer's progress (at most every 100 ms, like `onProgress`): set on the statement's `running` value;
   * the last report, `done: true`, comes with state `ready` once the transfer succeeded. Other status values of the
   * session do not carry it.
   */
  transfer?: TransferStatus;
}
