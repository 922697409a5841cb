/**
 * Added latency for the replay server: actions (socket writes) run N ms after they were queued, in
 * the order they were queued, on timers, so the event loop stays free for other connections.
 */

/** A per-connection queue of delayed actions. */
export interface DelayedQueue {
  /** Runs `action` `ms` after now (at once, synchronously, when the delay is 0), after every earlier one. */
  run(action: () => void): void;
  /** Drops whatever is still waiting (the connection closed). */
  cancel(): void;
}

/** A queue that delays every action by `ms` milliseconds (0: runs them at once). */
export function delayedQueue(ms: number): DelayedQueue {
  if (!(ms > 0)) return { run: (action) => action(), cancel: () => undefined };
  const queue: { due: number; action: () => void }[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    timer = undefined;
    const now = performance.now();
    // timers may fire up to ~1 ms early relative to performance.now(): treat that as due
    while (queue.length > 0 && queue[0]!.due <= now + 1) queue.shift()!.action();
    if (queue.length > 0) timer = setTimeout(flush, queue[0]!.due - now);
  };
  return {
    run(action) {
      queue.push({ due: performance.now() + ms, action });
      timer ??= setTimeout(flush, ms);
    },
    cancel() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      queue.length = 0;
    },
  };
}
