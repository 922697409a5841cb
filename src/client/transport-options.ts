/**
 * What a {@link Transport} is given and what it reports: per-call request options, its settings,
 * the events it reports to its session, and the message size limits before and after login.
 */
import type { Attributes, OkReply } from '../protocol';
import type { ExasolError } from '../errors';
import type { Codec } from '../platform/types';
import type { Transport } from './transport';

/** Per-call options of {@link Transport.request}. */
export interface RequestOptions {
  signal?: AbortSignal;
  /** SQL text for error messages. */
  sql?: string;
  /** Overrides the transport's command timeout (ms, 0 = none). */
  timeoutMs?: number;
  /** Receives the reply of a command that was given up (aborted/timed out) but still answered, e.g. to close its handles. */
  late?: (reply: OkReply) => void;
  /**
   * Checks the `ok` reply's shape before it is handed out (a function of `../protocol/validate`);
   * a reply that fails it breaks the session with the ProtocolError it throws.
   */
  check?: (reply: OkReply, text: string) => void;
  /** Called when the reply's message arrives, before it is inflated or parsed. */
  arrived?: () => void;
  /**
   * Called once with the start of the reply's text (inflated) before it is decoded or parsed, e.g. to
   * send the next request early: its first 256 bytes as Latin-1 where the socket hands text over
   * undecoded (Node), else the whole text.
   */
  peek?: (text: string) => void;
  /**
   * The reply may carry result data: parse it with `JSON.parse` (no walk over every number) and
   * leave integers beyond 2^53 to the column decoders, which get the text through `check`.
   */
  data?: boolean;
}

/** Settings of a transport. */
export interface TransportOptions {
  /** Milliseconds a command may take before it is aborted with TimeoutError (0 = no limit). */
  commandTimeoutMs: number;
  /** Milliseconds without any frame (replies or Pong heartbeats) while waiting, before the connection is dropped (0 = off). */
  idleTimeoutMs: number;
  /** zlib for compressed sessions (bounded inflate). */
  codec: Codec;
}

/** Largest message accepted before login (public key, session description, errors: all small). */
export const LOGIN_MESSAGE_LIMIT = 1 << 20;

/**
 * Largest message accepted after login: the server's `maxDataMessageSize` (clamped to 1-256 MiB)
 * plus a quarter for the JSON around the data.
 */
export function messageLimit(maxDataMessageSize: number): number {
  const m = Math.min(Math.max(maxDataMessageSize, 1 << 20), 256 << 20);
  return m + Math.floor(m / 4);
}

/** Callbacks from the transport to its session. */
export interface TransportEvents {
  /** A Pong heartbeat arrived. */
  pong(): void;
  /** A reply carried changed attributes. */
  attributes(changed: Attributes): void;
  /** The socket closed; `error` says why when it was not a normal close. */
  closed(error: ExasolError | undefined): void;
}
