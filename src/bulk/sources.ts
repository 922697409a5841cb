/**
 * What an IMPORT reads from, normalised: rows (arrays of values) or CSV bytes. A file path or a byte
 * Readable is CSV; an (async) iterable or object-mode Readable is rows when its first item is an array,
 * CSV text when it is a string or bytes. Nothing is read twice and nothing is held beyond one block.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { InputError } from '../errors';
import type { BulkValue, RowIterable } from './csv-write';

/** An IMPORT source: a file path (or `file:` URL), a Node Readable, or an (async) iterable of rows or of CSV text chunks. */
export type ImportSource =
  | string
  | URL
  | NodeJS.ReadableStream
  | Iterable<readonly BulkValue[]>
  | AsyncIterable<readonly BulkValue[]>
  | AsyncIterable<string | Uint8Array>
  | Iterable<string | Uint8Array>;

/** A normalised source (rows stay sync when the source is: no microtask per row). */
export type Source = { kind: 'rows'; rows: RowIterable } | { kind: 'bytes'; bytes: AsyncIterable<Buffer> };

const isIterable = (v: unknown): v is Iterable<unknown> => v != null && typeof (v as Iterable<unknown>)[Symbol.iterator] === 'function';
const isAsyncIterable = (v: unknown): v is AsyncIterable<unknown> => v != null && typeof (v as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';

/** Normalises an import source; the first item is read to tell rows from text. InputError for anything else. */
export async function openSource(src: ImportSource): Promise<Source> {
  if (typeof src === 'string' || src instanceof URL) {
    const path = src instanceof URL ? fileURLToPath(src) : src;
    if (path === '') throw new InputError('the source file path is empty');
    const stream = createReadStream(path, { highWaterMark: 64 * 1024 });
    // fail before any tunnel when the file cannot be opened
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', (e) => reject(new InputError(`cannot read ${path}: ${e.message}`)));
    });
    return { kind: 'bytes', bytes: toBuffers(stream) };
  }
  if (typeof src === 'object' && src !== null && typeof (src as Readable).pipe === 'function' && !(src as Readable).readableObjectMode && isAsyncIterable(src)) {
    return { kind: 'bytes', bytes: toBuffers(src as AsyncIterable<unknown>) };
  }
  if (!(isAsyncIterable(src) || isIterable(src))) {
    throw new InputError('source must be a file path, a Readable, or an (async) iterable of rows or CSV text');
  }
  const async = isAsyncIterable(src);
  const it = async ? src[Symbol.asyncIterator]() : (src as Iterable<unknown>)[Symbol.iterator]();
  const first = await it.next();
  if (first.done === true) return { kind: 'rows', rows: [] };
  const head = first.value as unknown;
  const rest = async function* <T>(): AsyncGenerator<T> {
    yield head as T;
    try {
      for (;;) {
        const r = await it.next();
        if (r.done === true) return;
        yield r.value as T;
      }
    } finally {
      await it.return?.();
    }
  };
  if (Array.isArray(head)) return { kind: 'rows', rows: async ? prependAsync(head, it as AsyncIterator<unknown>) : prependSync(head, it as Iterator<unknown>) };
  if (typeof head === 'string' || head instanceof Uint8Array) return { kind: 'bytes', bytes: toBuffers(rest<unknown>()) };
  await it.return?.();
  throw new InputError('source items must be rows (arrays) or CSV text (strings or bytes)');
}

type Rows = readonly BulkValue[];

/** `head` then the rest of a sync iterator, without a generator layer; read once. */
function prependSync(head: unknown, it: Iterator<unknown>): Iterable<Rows> {
  let first = true;
  const iterator: Iterator<Rows> = {
    next: () => {
      if (!first) return it.next() as IteratorResult<Rows>;
      first = false;
      return { done: false, value: head as Rows };
    },
    return: (v?: unknown) => {
      it.return?.();
      return { done: true, value: v as Rows };
    },
  };
  return { [Symbol.iterator]: () => iterator };
}

/** `head` then the rest of an async iterator: each `next()` is the source's own promise (no extra hop per row). */
function prependAsync(head: unknown, it: AsyncIterator<unknown>): AsyncIterable<Rows> {
  let first = true;
  const iterator: AsyncIterator<Rows> = {
    next: () => {
      if (!first) return it.next() as Promise<IteratorResult<Rows>>;
      first = false;
      return Promise.resolve({ done: false, value: head as Rows });
    },
    return: async (v?: unknown) => {
      await it.return?.();
      return { done: true, value: v as Rows };
    },
  };
  return { [Symbol.asyncIterator]: () => iterator };
}

/** The chunks of a byte or text source as Buffers (strings as UTF-8). */
async function* toBuffers(src: AsyncIterable<unknown>): AsyncGenerator<Buffer> {
  for await (const c of src) {
    if (typeof c === 'string') yield Buffer.from(c, 'utf8');
    else if (c instanceof Uint8Array) yield Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
    else throw new InputError('a CSV text source yielded something that is neither a string nor bytes');
  }
}

/** Gathers small chunks into blocks of at least `min` bytes (fewer, larger HTTP chunks). */
export async function* coalesce(src: AsyncIterable<Buffer>, min = 64 * 1024): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let size = 0;
  for await (const c of src) {
    if (c.length === 0) continue;
    if (size === 0 && c.length >= min) {
      yield c;
      continue;
    }
    parts.push(c);
    size += c.length;
    if (size >= min) {
      yield parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
      parts = [];
      size = 0;
    }
  }
  if (size > 0) yield parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
}

/**
 * Cuts CSV bytes into blocks that end at a row boundary (a row separator outside quotes: the quote
 * count so far is even, as doubled quotes count twice), so blocks can go to different tunnels. The
 * bytes of an unfinished row are held as they came (no copy per chunk); `tooLong` is thrown when they
 * pass `maxRow` bytes.
 */
export async function* rowAligned(src: AsyncIterable<Buffer>, delim: number | undefined, lastSepByte: number, maxRow = Number.POSITIVE_INFINITY, tooLong?: () => Error): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let size = 0;
  let inQuote = false;
  for await (const c of src) {
    let cut = -1;
    let q: boolean = inQuote;
    for (let i = 0; i < c.length; i++) {
      const b = c[i];
      if (b === delim) q = !q;
      else if (b === lastSepByte && !q) cut = i + 1;
    }
    inQuote = q; // the parity of the bytes after the last cut (the cut itself is outside quotes)
    if (cut < 0) {
      parts.push(c);
      size += c.length;
      if (size > maxRow) throw tooLong?.() ?? new RangeError(`a row longer than ${maxRow} bytes`);
      continue;
    }
    yield parts.length === 0 ? c.subarray(0, cut) : Buffer.concat([...parts, c.subarray(0, cut)], size + cut);
    parts = cut < c.length ? [c.subarray(cut)] : [];
    size = c.length - cut;
  }
  if (size > 0) yield parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
}
