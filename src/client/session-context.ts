/**
 * What `connect()` knew when it opened a session (URL, TLS settings, command channel). Internal: not
 * part of the public API. The Node entry also publishes it under a global symbol (shared-context.ts)
 * for separately bundled Node entries (`exasol-ws/bulk`).
 */
import { InputError } from '../errors';
import type { ConnectOptions } from './options';
import type { Platform, TlsOptions } from '../platform/types';
import type { Transport } from './transport';
import type { TransferStatus } from './status';

/** What `connect()` knew when it opened a session: sub-connections and bulk tunnels are opened the same way. */
export interface SessionContext {
  readonly platform: Platform;
  readonly options: ConnectOptions;
  /** The URL the main session is connected to. */
  readonly url: string;
  /** TLS settings of the main socket (with a pinned fingerprint when the host entry had one). */
  readonly tls: TlsOptions | undefined;
  /** The main session's command channel. */
  readonly transport: Transport;
  /** Publishes a bulk transfer's progress on the session's `status$`. */
  readonly reportTransfer?: (progress: TransferStatus) => void;
}

const contexts = new WeakMap<object, SessionContext>();

/** Internal (connect.ts): remembers how a session was opened. */
export function bindSessionContext(session: object, context: SessionContext): void {
  contexts.set(session, context);
}

/** Internal: how a session was opened; InputError for a session `connect()` did not make. */
export function sessionContext(session: object): SessionContext {
  const c = contexts.get(session);
  if (c === undefined) throw new InputError('this session was not opened by connect()');
  return c;
}
