/**
 * Rows out of an async generator of row batches, without an async generator's cost per row (a row taken from
 * the current batch is one resolved promise; the batch generator is resumed only for the next batch). Calls are
 * served in order, as an async generator serves them; `return`/`throw` reach the batch generator (its
 * `finally` runs), so leaving a `for await` loop early behaves exactly as with the batch generator itself.
 */

/** An AsyncGenerator of the rows of `batches`, which returns what `batches` returns. */
export class RowIterator<T, R> implements AsyncGenerator<T, R, undefined> {
  #batch: T[] = [];
  #i = 0;
  /** The last call that had to wait (later calls are served after it). */
  #queue: Promise<unknown> | undefined;
  #done: IteratorReturnResult<R> | undefined;

  constructor(private readonly batches: AsyncGenerator<T[], R, undefined>) {}

  #serial<V>(step: () => Promise<V>): Promise<V> {
    const p = this.#queue === undefined ? step() : this.#queue.then(step, step);
    this.#queue = p;
    const clear = (): void => {
      if (this.#queue === p) this.#queue = undefined;
    };
    p.then(clear, clear);
    return p;
  }

  /** The next row (from the current batch at once, else from the next batch). */
  next(): Promise<IteratorResult<T, R>> {
    if (this.#queue === undefined && this.#i < this.#batch.length) return Promise.resolve({ value: this.#batch[this.#i++]!, done: false });
    return this.#serial(() => this.#pull());
  }

  /** The next row, resuming the batch generator as long as the batches are empty. */
  async #pull(): Promise<IteratorResult<T, R>> {
    for (;;) {
      if (this.#i < this.#batch.length) return { value: this.#batch[this.#i++]!, done: false };
      if (this.#done !== undefined) return this.#done;
      const r = await this.batches.next();
      if (r.done === true) {
        this.#done = { value: r.value, done: true };
        return this.#done;
      }
      this.#batch = r.value;
      this.#i = 0;
    }
  }

  /** Ends the iteration early: the rows left are dropped and the batch generator is closed. */
  return(value?: R | PromiseLike<R>): Promise<IteratorResult<T, R>> {
    return this.#serial(async () => {
      this.#batch = [];
      this.#i = 0;
      const r = await this.batches.return(value as R);
      return r.done === true ? (this.#done = { value: r.value, done: true }) : r;
    }) as Promise<IteratorResult<T, R>>;
  }

  /** Throws into the batch generator (which ends it unless it catches). */
  throw(e?: unknown): Promise<IteratorResult<T, R>> {
    return this.#serial(async () => {
      this.#batch = [];
      this.#i = 0;
      const r = await this.batches.throw(e);
      if (r.done === true) return (this.#done = { value: r.value, done: true });
      this.#batch = r.value;
      return this.#pull();
    });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }
}
