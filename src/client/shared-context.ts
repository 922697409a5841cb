/**
 * A session's context published under a global symbol (Node entry only), so that separately bundled
 * Node entries such as `exasol-ws/bulk`, which have their own copy of session-context.ts, find it.
 * The browser builds do not include this file.
 */
import { sessionContext, type SessionContext } from './session-context';

const CONTEXT = Symbol.for('exasol-ws.session-context');

/** Publishes how `session` was opened (a non-enumerable, read-only property); returns the session. */
export function publishSessionContext<S extends object>(session: S): S {
  Object.defineProperty(session, CONTEXT, { value: sessionContext(session) });
  return session;
}

/** How a session was opened: published by any copy of the Node entry, or known to this copy; InputError otherwise. */
export function sharedSessionContext(session: object): SessionContext {
  const published = (session as { [CONTEXT]?: SessionContext } | null)?.[CONTEXT];
  return published ?? sessionContext(session);
}
