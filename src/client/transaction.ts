/**
 * `session.transaction(async (tx) => ...)`: runs the callback with autocommit off, commits when it
 * resolves and rolls back when it throws (rethrowing its error), then restores autocommit as it was.
 */
import { InputError } from '../errors';
import type { CallOptions } from './results';
import type { Session } from './session';

/** The implementation behind {@link Session.transaction}. */
export async function runTransaction<T>(session: Session, work: (tx: Session) => Promise<T>, options: CallOptions = {}): Promise<T> {
  if (typeof work !== 'function') throw new InputError('transaction expects a function');
  const wasOn = session.attributes$.value.autocommit !== false;
  if (wasOn) await session.setAutocommit(false, options);
  let value: T;
  try {
    value = await work(session);
  } catch (e) {
    // The work's error is what the caller needs; a failed rollback (lost connection) adds nothing.
    if (!session.closed) await session.rollback().catch(() => {});
    if (wasOn && !session.closed) await session.setAutocommit(true).catch(() => {});
    throw e;
  }
  try {
    await session.commit(options);
  } catch (e) {
    if (!session.closed) await session.rollback().catch(() => {});
    throw e;
  } finally {
    if (wasOn && !session.closed) await session.setAutocommit(true).catch(() => {});
  }
  return value;
}
