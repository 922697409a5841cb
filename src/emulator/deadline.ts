/**
 * Bounded waits for shutdown paths: wait for something to settle, but never longer than a budget,
 * and leave no timer behind either way. Used by the server (socket close handshake, a session's
 * running command) and by the SQL engine (a DuckDB statement that ignores interrupts).
 */

/** Longest delay a Node timer can hold (about 24.8 days); longer ones would fire after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The timer delay for a period of `seconds` from a client (queryTimeout, feedbackInterval), or undefined
 * when it means "never": 0, or longer than a Node timer can hold (such a timer would fire at once).
 */
export function timerDelay(seconds: number): number | undefined {
  const ms = seconds * 1000;
  return ms > 0 && ms <= MAX_TIMER_MS ? ms : undefined;
}

/** Ends a wait early: when `signal` aborts, the wait continues for at most `ms` more. */
export interface WaitCut {
  /** Aborted when the wait should be shortened. */
  signal: AbortSignal;
  /** What is left of the wait after the cut, ms. */
  ms: number;
}

/**
 * Waits until `p` settles (fulfilled or rejected: never rejects itself), `ms` have passed, or `cut`
 * aborted and its shorter budget ran out. Resolves true when `p` settled in time. Clears its timers.
 */
export function settleWithin(p: Promise<unknown>, ms: number, cut?: WaitCut): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    let done = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cutTimer: ReturnType<typeof setTimeout> | undefined;
    const finish = (settled: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearTimeout(cutTimer);
      cut?.signal.removeEventListener('abort', onCut);
      resolve(settled);
    };
    const onCut = (): void => {
      if (!done && cutTimer === undefined) cutTimer = setTimeout(() => finish(false), cut!.ms);
    };
    timer = setTimeout(() => finish(false), ms);
    if (cut !== undefined) {
      if (cut.signal.aborted) onCut();
      else cut.signal.addEventListener('abort', onCut, { once: true });
    }
    p.then(
      () => finish(true),
      () => finish(true),
    );
  });
}
