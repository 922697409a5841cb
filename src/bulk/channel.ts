/** A bounded hand-over between the tunnels (producers) and one consumer, with backpressure both ways. */

/** A bounded queue; `push` waits while it is full, `pull` while it is empty. */
export class Channel<T> {
  #q: T[] = [];
  #busy = false;
  #ended = false;
  #error: unknown;
  #failed = false;
  #wake: (() => void)[] = [];

  constructor(private readonly capacity: number) {}

  #notify(): void {
    const w = this.#wake;
    this.#wake = [];
    for (const f of w) f();
  }

  #wait(): Promise<void> {
    return new Promise((r) => this.#wake.push(r));
  }

  /** Adds an item; waits while the queue is full. Rejects once the channel failed. */
  async push(item: T): Promise<void> {
    while (!this.#failed && this.#q.length >= this.capacity) await this.#wait();
    if (this.#failed) throw this.#error;
    this.#q.push(item);
    this.#notify();
  }

  /** The next item, or undefined after {@link end}; rejects once the channel failed. */
  async pull(): Promise<T | undefined> {
    this.#busy = false;
    this.#notify();
    for (;;) {
      if (this.#failed) throw this.#error;
      if (this.#q.length > 0) {
        this.#busy = true;
        const item = this.#q.shift()!;
        this.#notify();
        return item;
      }
      if (this.#ended) return undefined;
      await this.#wait();
    }
  }

  /** Waits until every item pushed so far was taken and the consumer asked for the next one. */
  async idle(): Promise<void> {
    while (!this.#failed && (this.#q.length > 0 || this.#busy)) await this.#wait();
    if (this.#failed) throw this.#error;
  }

  /** No more items will come. */
  end(): void {
    this.#ended = true;
    this.#notify();
  }

  /** Fails both sides with `e` (the first failure wins). */
  fail(e: unknown): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#error = e;
    this.#q = [];
    this.#notify();
  }
}
