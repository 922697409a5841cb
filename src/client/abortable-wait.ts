/**
 * Waiting for a stream's requests one at a time, cut short by an AbortSignal through one listener
 * for the whole stream. A listener per request (the transport's `signal` option) made the garbage
 * collector promote every fetched chunk to the old space (three times the mark-compact pauses in
 * the 1M-row bench); a stream of fetches uses this instead.
 */

/** Waits for one promise after another; an abort rejects the wait in progress. */
export interface AbortableWait {
  /** Resolves like `p`, or rejects with the abort error as soon as the signal aborts. */
  wait<T>(p: Promise<T>): Promise<T>;
  /** Removes the listener (idempotent). */
  dispose(): void;
}

/** A waiter on `signal` (none: waits are plain) whose aborts reject with `abortError()`. */
export function abortableWait(signal: AbortSignal | undefined, abortError: () => Error): AbortableWait {
  if (signal === undefined) return { wait: (p) => p, dispose: () => {} };
  let interrupt: ((e: unknown) => void) | undefined;
  const onAbort = () => interrupt?.(abortError());
  signal.addEventListener('abort', onAbort, { once: true });
  return {
    wait<T>(p: Promise<T>): Promise<T> {
      if (signal.aborted) return Promise.reject(abortError());
      return new Promise<T>((resolve, reject) => {
        interrupt = reject;
        p.then(
          (v) => {
            interrupt = undefined;
            resolve(v);
          },
          (e: unknown) => {
            interrupt = undefined;
            reject(e);
          },
        );
      });
    },
    dispose() {
      interrupt = undefined;
      signal.removeEventListener('abort', onAbort);
    },
  };
}
