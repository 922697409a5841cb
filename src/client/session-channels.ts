/**
 * What a session shares with the code around it: the description from the login reply, the
 * subjects it publishes (attributes, status, heartbeat) and the helpers that feed them, the settings
 * it keeps from `connect()`, and the internals its lazily loaded parts use.
 */
import { BehaviorSubject, Subject } from 'rxjs';
import type { Attributes, SessionInfo } from '../protocol';
import { InputError } from '../errors';
import type { BindValue, Column, Row, RowMode, ValueMode } from '../values';
import type { SessionCore, StatementTracker } from './core';
import type { CallOptions, ResultChunk } from './results';
import type { Telemetry } from './telemetry';
import type { SessionStatus, TransferStatus } from './status';
import type { Transport } from './transport';
/** The session description from the login reply (`sessionId` exact, as a string). */
export interface SessionDetails extends Omit<SessionInfo, 'sessionId'> {
  /** The 64-bit session id as exact decimal digits. */
  sessionId: string;
}

/** Outcome of one statement of a batch or script. */
export type StatementResult = { kind: 'rowCount'; rowCount: number } | { kind: 'resultSet'; columns: Column[]; rows: Row[] };

/** Subjects a session publishes; created before the transport so it can feed them. */
export interface SessionChannels {
  attributes: BehaviorSubject<Attributes>;
  status: BehaviorSubject<SessionStatus>;
  heartbeat: Subject<number>;
}

/** Creates the channels of a new session. */
export function createChannels(): SessionChannels {
  return {
    attributes: new BehaviorSubject<Attributes>({}),
    status: new BehaviorSubject<SessionStatus>({ state: 'connecting' }),
    heartbeat: new Subject<number>(),
  };
}

/** Settings a session keeps from `connect()`. */
export interface SessionSettings {
  mode: ValueMode;
  /** Row mode of reading calls that do not name one. */
  rowMode: RowMode;
  /** Prepared statements the `sql` tag keeps per text (0: none). */
  statementCacheSize: number;
  /** Logger and tracer. */
  telemetry: Telemetry;
  fetchSize: number;
  /** Milliseconds of a round trip the server answered at once (measured at connect). */
  roundTripMs: number;
}

/** Separates the optional `params` from the options (both positions are optional). */
export function splitArgs<O extends CallOptions>(a?: readonly BindValue[] | O, b?: O): { params?: readonly BindValue[]; options: O } {
  if (Array.isArray(a)) return { params: a, options: b ?? ({} as O) };
  if (a !== undefined && (typeof a !== 'object' || a === null)) throw new InputError('expected an array of parameters or an options object');
  return { options: (a as O | undefined) ?? b ?? ({} as O) };
}

/** The internals of a session that its lazily loaded parts use (internal). */
export interface SessionInternals {
  readonly core: SessionCore;
  readonly transport: Transport;
  /** Throws InputError for an empty or non-string SQL text. */
  check(sql: unknown): void;
  /** Marks a statement as running (status$, telemetry). */
  track(sql: string): StatementTracker;
  /** Runs one statement without parameters and streams its result (rows as objects). */
  stream(sql: string, signal: AbortSignal | undefined): AsyncGenerator<ResultChunk<Row>, void, undefined>;
  /** Re-reads the attributes after ALTER SESSION. */
  afterStatement(sql: string): Promise<void>;
}

/** Sets a bulk transfer's progress on the current status value (nothing once the session is closed). */
export function reportTransfer(channels: SessionChannels, transport: Transport, transfer: TransferStatus): void {
  const status = channels.status;
  if (status.closed || transport.closed) return;
  status.next({ ...status.value, transfer });
}

/** Merges changed attributes into the current set (for the transport's attribute events). */
export function mergeAttributes(channels: SessionChannels, changed: Attributes): void {
  if (channels.attributes.closed) return;
  channels.attributes.next({ ...channels.attributes.value, ...changed });
}
