/**
 * What `connect()` knew when it opened a session (URL, TLS settings, command channel), kept on the
 * session under a global symbol so that separately bundled entries (`exasol-ws/bulk`) and other
 * copies of the library find it too. Internal: not part of the public API.
 */
import { InputError } from '../errors';
import type { ConnectOptions } from './options';
import type { Platform, TlsOptions } from '../platform/types';
import type { Transport } from './transport';

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
}

const CONTEXT = Symbol.for('exasol-ws.session-context');

/** Internal (connect.ts): remembers how a session was opened (non-enumerable, read-only). */
export function bindSessionContext(session: object, context: SessionContext): void {
  Object.defineProperty(session, CONTEXT, { value: context, enumerable: false, writable: false, configurable: false });
}

/** Internal: how a session was opened; InputError for a session `connect()` did not make. */
export function sessionContext(session: object): SessionContext {
  const c = typeof session === 'object' && session !== null ? (session as { [CONTEXT]?: SessionContext })[CONTEXT] : undefined;
  if (c === undefined) throw new InputError('this session was not opened by connect()');
  return c;
}
