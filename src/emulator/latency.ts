/**
 * Simulated network latency of the emulator: every reply of a connection leaves `ms` milliseconds
 * after it is ready, in the order the replies were made (a later reply never overtakes an earlier
 * one). Models a remote cluster for tests and benchmarks; 0 sends at once.
 */

/** Delays the replies of one connection; {@link stop} drops what is still waiting (the connection ended). */
export class ReplyDelay {
  #last: Promise<void> = Promise.resolve();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #wakers = new Set<() => void>();
  #stopped = false;

  constructor(
    /** Delay of every reply, in milliseconds (0 = none). */
    readonly ms: number,
  ) {}

  /**
   * Resolves `ms` after the call, and not before the replies made earlier were released; resolves
   * at once once stopped. Never rejects.
   */
  wait(): Promise<void> {
    if (this.ms <= 0 || this.#stopped) return this.#last;
    const due = Date.now() + this.ms;
    const previous = this.#last;
    const mine = previous.then(
      () =>
        new Promise<void>((resolve) => {
          const left = due - Date.now();
          if (left <= 0 || this.#stopped) return resolve();
          const wake = () => {
            clearTimeout(timer);
            this.#timers.delete(timer);
            this.#wakers.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, left);
          this.#timers.add(timer);
          this.#wakers.add(wake);
        }),
    );
    this.#last = mine;
    return mine;
  }

  /** Releases every waiting reply at once and clears the timers (the connection is ending). */
  stop(): void {
    this.#stopped = true;
    for (const wake of [...this.#wakers]) wake();
  }
}

/** Checks the emulator's `latencyMs` option: an integer 0..60000. */
export function checkLatency(ms: unknown): number {
  if (ms === undefined) return 0;
  if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 0 || ms > 60_000) throw new RangeError(`latencyMs must be an integer 0..60000, got ${String(ms)}`);
  return ms;
}
