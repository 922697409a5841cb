/**
 * The ways to consume a chunk stream: a cold Observable (`query$`), a whole result in memory
 * (`query`), and a row iterator (`rows`) whose `next()` resolves straight from the buffered chunk,
 * so a row costs no more than a resolved promise.
 */
import { Observable } from 'rxjs';
import { AbortError } from '../errors';
import { addOrigin } from './origin';
import type { Column } from '../values';
import { Chunk, type QueryResult, type ResultChunk } from './results';

/** Links an optional outer signal to a new controller: aborting the outer aborts the inner. */
export function linkedController(outer?: AbortSignal): AbortController {
  const ac = new AbortController();
  if (outer === undefined) return ac;
  if (outer.aborted) {
    ac.abort();
    return ac;
  }
  const onAbort = () => ac.abort();
  outer.addEventListener('abort', onAbort, { once: true });
  ac.signal.addEventListener('abort', () => outer.removeEventListener('abort', onAbort), { once: true });
  return ac;
}

/**
 * Wraps a chunk stream factory as a cold Observable: each subscription runs it; unsubscribing
 * (or the outer signal) aborts a running statement or closes the open result.
 */
export function observe<R>(make: (signal: AbortSignal) => AsyncGenerator<ResultChunk<R>, void, undefined>, outer: AbortSignal | undefined, origin: Error): Observable<ResultChunk<R>> {
  return new Observable<ResultChunk<R>>((sub) => {
    const ac = linkedController(outer);
    const gen = make(ac.signal);
    void (async () => {
      try {
        for (;;) {
          let r: IteratorResult<ResultChunk<R>, void> | undefined = await gen.next();
          if (r.done || sub.closed) break;
          sub.next(r.value);
          r = undefined; // not kept while the next chunk is fetched and decoded
          if (sub.closed) break;
        }
        if (!sub.closed) sub.complete();
      } catch (e) {
        if (!sub.closed) sub.error(addOrigin(e, origin));
      } finally {
        await gen.return(undefined).catch(() => {});
      }
    })();
    return () => ac.abort();
  });
}

/** Reads a whole chunk stream into memory. */
export async function collect<R>(chunks: AsyncIterable<ResultChunk<R>>): Promise<QueryResult<R>> {
  let columns: Column[] = [];
  const rows: R[] = [];
  let rowCount: number | undefined;
  for await (const c of chunks) {
    columns = c.columns;
    if (c.rowCount !== undefined) rowCount = c.rowCount;
    for (let i = 0; i < c.rows.length; i++) rows.push(c.rows[i]!);
  }
  return rowCount === undefined ? { columns, rows } : { columns, rows, rowCount };
}

/**
 * Iterates the rows of a chunk stream. `next()` answers from the current chunk without waiting,
 * building each row only when it is handed out (no array of a chunk's rows is kept); only when
 * the chunk is used up does it pull (and so fetch) the next one. An aborted signal ends the
 * iteration with AbortError at the next row; `return()` (a `break` out of `for await`) closes the
 * stream, and with it the result set.
 */
export function rowIterator<R>(chunks: AsyncGenerator<ResultChunk<R>, void, undefined>, signal: AbortSignal | undefined, origin: Error): AsyncIterableIterator<R> {
  let at: ((i: number) => R) | undefined;
  let size = 0;
  let i = 0;
  let ended = false;
  const use = (c: ResultChunk<R> | undefined) => {
    i = 0;
    if (c === undefined) {
      at = undefined;
      size = 0;
    } else if (c instanceof Chunk) {
      at = (k) => (c as Chunk<R>).rowAt(k);
      size = c.size;
    } else {
      const rows = c.rows;
      at = (k) => rows[k]!;
      size = rows.length;
    }
  };
  const finish = async (): Promise<IteratorResult<R, undefined>> => {
    ended = true;
    use(undefined);
    await chunks.return(undefined);
    return { done: true, value: undefined };
  };
  const pull = async (): Promise<IteratorResult<R, undefined>> => {
    use(undefined); // the used-up chunk is not kept while the next one is fetched and decoded
    for (;;) {
      const r = await chunks.next();
      if (r.done) {
        ended = true;
        return { done: true, value: undefined };
      }
      use(r.value);
      if (size > 0) return { done: false, value: at!(i++) };
    }
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    next() {
      if (ended) return Promise.resolve({ done: true, value: undefined });
      if (signal?.aborted) return finish().then(() => Promise.reject(addOrigin(new AbortError('aborted by signal'), origin)));
      if (i < size) return Promise.resolve({ done: false, value: at!(i++) });
      return pull().catch((e: unknown) => {
        ended = true;
        throw addOrigin(e, origin);
      });
    },
    return() {
      return ended ? Promise.resolve({ done: true, value: undefined }) : finish();
    },
  };
}

/** Hands out the chunks of a stream as an async iterator whose failures carry the caller's frames; `return()` closes the result. */
export function chunkIterator<R>(chunks: AsyncGenerator<ResultChunk<R>, void, undefined>, origin: Error): AsyncIterableIterator<ResultChunk<R>> {
  const fail = (e: unknown): never => {
    throw addOrigin(e, origin);
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    next: () => chunks.next().catch(fail) as Promise<IteratorResult<ResultChunk<R>>>,
    return: () => chunks.return(undefined).catch(fail) as Promise<IteratorResult<ResultChunk<R>>>,
  };
}
