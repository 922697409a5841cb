/**
 * Interrupting DuckDB reliably: `connection.interrupt()` is lost when it arrives before the query
 * has started running (DuckDB resets the flag at query start), so after an abort the connection is
 * interrupted again every few milliseconds until the guarded work settles.
 */

/** Repeat period of the interrupt after an abort, in ms. */
const REPEAT_MS = 20;

/** Runs `work`; while it runs, an abort of `signal` interrupts `interrupt` until `work` settles. */
export async function withInterrupt<T>(signal: AbortSignal | undefined, interrupt: () => void, work: () => Promise<T>): Promise<T> {
  if (!signal) return work();
  let timer: ReturnType<typeof setInterval> | undefined;
  const onAbort = (): void => {
    interrupt();
    timer = setInterval(interrupt, REPEAT_MS);
    timer.unref?.();
  };
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await work();
  } finally {
    signal.removeEventListener('abort', onAbort);
    if (timer !== undefined) clearInterval(timer);
  }
}
