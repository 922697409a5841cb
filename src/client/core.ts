/** What result streams, prepared statements and metadata need from their session (internal). */
import type { Telemetry } from './telemetry';
import { checkResults, type Result } from '../protocol';
import type { ValueMode } from '../values';
import type { FormatRules } from './decode';
import type { Transport } from './transport';

/** The session internals shared by the result, prepared-statement and metadata modules. */
export interface SessionCore {
  readonly transport: Transport;
  readonly mode: ValueMode;
  /** Bytes per fetch (to start with; see `streamResult`). */
  readonly fetchSize: number;
  /** Milliseconds of a round trip the server answered at once (measured at connect). */
  readonly roundTripMs: number;
  /** Upper bound for one message (server's maxDataMessageSize). */
  readonly maxMessageSize: number;
  readonly protocolVersion: number;
  /** Which value formats can be checked strictly under the session's current attributes. */
  formatRules(): FormatRules;
  /** Marks a statement as running (status$). */
  beginStatement(sql: string): StatementTracker;
  /** Logger and tracer of the session (no-ops without them). */
  readonly telemetry: Telemetry;
}

/** Progress reporting of one running statement. */
export interface StatementTracker {
  /** The total row count became known. */
  total(rows: number): void;
  /** More rows were received. */
  fetched(rows: number): void;
  /** The statement and its result are finished (failed, when `error` is given). Idempotent. */
  end(error?: unknown): void;
}

/** The result set handles that results hold. */
export function handlesOf(results: readonly Result[]): number[] {
  const out: number[] = [];
  for (const r of results) if (r.resultType === 'resultSet' && r.resultSet.resultSetHandle !== undefined) out.push(r.resultSet.resultSetHandle);
  return out;
}

/**
 * The result set handles in a reply's `responseData` (to close those nobody will read). A reply
 * that does not fit the protocol holds no handles worth closing: the empty list.
 */
export function handlesOfReply(responseData: unknown, command: string): number[] {
  try {
    return handlesOf(checkResults(responseData, command));
  } catch {
    return []; // not a results reply
  }
}

/** Closes result set handles without waiting and without failing (used for abandoned replies). */
export function closeHandlesQuietly(transport: Transport, handles: number[]): void {
  if (handles.length === 0 || transport.closed) return;
  transport.request({ command: 'closeResultSet', resultSetHandles: handles }).catch(() => {});
}

/** Milliseconds on a monotonic clock where there is one. */
export function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
