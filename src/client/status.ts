/** The session status stream: enough for a progress bar. */

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
}
