/**
 * `KILL SESSION <id>` and `KILL STATEMENT [<n>] IN SESSION <id>` (also `CURRENT_SESSION`): statements about
 * sessions, answered by the protocol server, which knows every live session (the SQL engine does not).
 * KILL SESSION ends the named session as a shutdown does (its running statement aborted, close frame, everything
 * freed); KILL STATEMENT aborts the statement running in it (R0003 for its client). An id no live session has is
 * ignored (row count 0).
 */
import type { EmulatorContext } from './context';

/** What a KILL statement asks for. */
export interface KillRequest {
  what: 'session' | 'statement';
  /** The target session id, or 'current'. */
  target: bigint | 'current';
}

/** Parses a KILL statement; undefined for any other text. */
export function killRequest(sqlText: string): KillRequest | undefined {
  const m = /^\s*KILL\s+(SESSION|STATEMENT(?:\s+\d+)?\s+IN\s+SESSION)\s+(\d{1,20}|CURRENT_SESSION)\s*;?\s*$/i.exec(sqlText);
  if (!m) return undefined;
  const what = /^SESSION$/i.test(m[1]!) ? 'session' : 'statement';
  return { what, target: /^\d/.test(m[2]!) ? BigInt(m[2]!) : 'current' };
}

/**
 * Carries out a KILL on another session (`self` is the session that sent it). Returns true when the sender's own
 * session is to end (KILL SESSION CURRENT_SESSION, or its own id): the caller replies first, then closes.
 */
export function applyKill(ctx: EmulatorContext, self: bigint, req: KillRequest): boolean {
  const id = req.target === 'current' ? self : req.target;
  if (id === self) return req.what === 'session';
  for (const s of ctx.sessions) {
    if (s.sessionId !== id) continue;
    if (req.what === 'session') void s.shutdown();
    else s.abortStatement();
  }
  return false;
}
