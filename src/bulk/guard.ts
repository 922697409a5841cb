/**
 * The watchdog of one tunnel: the tunnel is destroyed with a TimeoutError when the database side
 * makes no progress for `timeoutMs` (time spent waiting for the user's source or target is not
 * counted), and every wait on the stream ends when it closes or fails.
 */
import type { Duplex } from 'node:stream';
import { ExasolError, TimeoutError } from '../errors';
import { TransferError } from './errors';

/** Guards one tunnel stream. */
export class Guard {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #failure: Error | undefined;
  #held = 0;

  constructor(
    readonly stream: Duplex,
    private readonly timeoutMs: number,
    /** The tunnel's name in messages (`tunnel 000.csv (host:port)`). */
    readonly what: string,
  ) {
    stream.on('error', (e) => {
      // a socket's own error (ECONNRESET, EPIPE, TLS) becomes a TransferError naming the tunnel, the error its cause
      this.#failure ??= e instanceof ExasolError ? e : new TransferError(`${what}: ${e.message}`, { cause: e });
    });
    stream.once('close', () => this.#stop());
    this.touch();
  }

  /** The first error the stream saw (a timeout, a reset). */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /** Progress: the idle timer starts again. */
  touch(): void {
    this.#stop();
    if (this.#held > 0 || this.stream.destroyed) return;
    this.#timer = setTimeout(() => this.fail(new TimeoutError(`${this.what}: no progress from the database for ${this.timeoutMs} ms`)), this.timeoutMs);
    this.#timer.unref?.();
  }

  /** Runs `work` (waiting on the user's source or target) with the idle timer stopped. */
  async user<T>(work: Promise<T>): Promise<T> {
    this.#held++;
    this.#stop();
    try {
      return await work;
    } finally {
      this.#held--;
      this.touch();
    }
  }

  /** Ends the tunnel with `e` (idempotent; the first error wins). */
  fail(e: Error): void {
    this.#failure ??= e;
    this.#stop();
    this.stream.destroy(e);
  }

  /** Stops the watchdog for good (the transfer is over). */
  done(): void {
    this.#held = Number.POSITIVE_INFINITY;
    this.#stop();
  }

  /** The error to report when the stream ended unexpectedly. */
  closedError(when: string): Error {
    return this.#failure ?? new TransferError(`${this.what}: the database closed the tunnel ${when}`);
  }

  /** Resolves on 'drain'; rejects when the stream closes or fails first. */
  drain(): Promise<void> {
    const s = this.stream;
    if (s.destroyed) return Promise.reject(this.closedError('while sending'));
    return new Promise<void>((resolve, reject) => {
      const done = (e?: Error) => {
        s.off('drain', onDrain);
        s.off('close', onClose);
        if (e) reject(e);
        else resolve();
      };
      const onDrain = () => {
        this.touch();
        done();
      };
      const onClose = () => done(this.closedError('while sending'));
      s.on('drain', onDrain);
      s.on('close', onClose);
    });
  }

  #stop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
