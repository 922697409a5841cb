/**
 * Caller frames on errors. Replies arrive in socket callbacks, so an error's own stack shows the
 * SDK's internals, not the line that called `query`. Each public call captures an Error where it
 * was made (cheap: V8 formats a stack only when it is read) and, if the call fails, appends that
 * stack to the error's, as postgres.js does.
 */
import { ExasolError } from '../errors';

const ADDED = Symbol('exasol-ws.origin');

/** Appends the stack of `origin` (taken where the public call was made) to an ExasolError's stack, once. */
export function addOrigin(e: unknown, origin: Error): unknown {
  if (!(e instanceof ExasolError) || (e as { [ADDED]?: boolean })[ADDED]) return e;
  const frames = (origin.stack ?? '').replace(/^[^\n]*\n?/, '');
  Object.defineProperty(e, ADDED, { value: true });
  if (frames !== '') Object.defineProperty(e, 'stack', { value: `${e.stack ?? `${e.name}: ${e.message}`}\n${frames}`, writable: true, configurable: true });
  return e;
}

/** Runs `f`, giving its rejection the caller's frames (`origin` must be created in the public method). */
export function traced<T>(origin: Error, f: () => Promise<T>): Promise<T> {
  let p: Promise<T>;
  try {
    p = f();
  } catch (e) {
    p = Promise.reject(e);
  }
  return p.catch((e: unknown) => {
    throw addOrigin(e, origin);
  });
}
