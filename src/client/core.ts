/** What result streams, prepared statements and metadata need from their session (internal). */
import type { Result } from '../protocol';
import type { ValueMode } from '../values';
import type { Transport } from './transport';

/** The session internals shared by the result, prepared-statement and metadata modules. */
export interface SessionCore {
  readonly transport: Transport;
  readonly mode: ValueMode;
  /** Bytes per fetch. */
  readonly fetchSize: number;
  /** Upper bound for one message (server's maxDataMessageSize). */
  readonly maxMessageSize: number;
  readonly protocolVersion: number;
  /** Marks a statement as running (status$). */
  beginStatement(sql: string): StatementTracker;
}

/** Progress reporting of one running statement. */
export interface StatementTracker {
  /** The total row count became known. */
  total(rows: number): void;
  /** More rows were received. */
  fetched(rows: number): void;
  /** The statement and its result are finished. Idempotent. */
  end(): void;
}

/** Result set handles held by results of a reply (to close them when a reply arrives after the caller gave up). */
export function handlesOf(results: readonly Result[] | undefined): number[] {
  const out: number[] = [];
  for (const r of results ?? []) if (r.resultType === 'resultSet' && r.resultSet.resultSetHandle) out.push(r.resultSet.resultSetHandle);
  return out;
}

/** Closes result set handles without waiting and without failing (used for abandoned replies). */
export function closeHandlesQuietly(transport: Transport, handles: number[]): void {
  if (handles.length === 0 || transport.closed) return;
  transport.request({ command: 'closeResultSet', resultSetHandles: handles }).catch(() => {});
}
