/** gzip and gunzip of a stream of buffers as async generators (one gzip member; errors of the input pass through unchanged). */
import { createGunzip, createGzip, type Gunzip, type Gzip } from 'node:zlib';
import { TransferError } from './errors';

async function* through(z: Gzip | Gunzip, src: AsyncIterable<Buffer>, wrap: (e: Error) => Error): AsyncGenerator<Buffer> {
  const out: Buffer[] = [];
  let failure: Error | undefined;
  let onFailure: (() => void) | undefined;
  z.on('data', (c: Buffer) => out.push(c));
  z.on('error', (e) => {
    failure ??= wrap(e);
    onFailure?.();
  });
  // a zlib error does not always call the write callback (or emit 'end'): every wait also ends on 'error'
  const step = (start: (done: (e?: Error | null) => void) => void) =>
    new Promise<void>((resolve, reject) => {
      if (failure) return reject(failure);
      onFailure = () => reject(failure);
      start((e) => (e ? reject(failure ?? wrap(e)) : resolve()));
    }).finally(() => (onFailure = undefined));
  try {
    for await (const b of src) {
      await step((done) => z.write(b, done));
      if (failure) throw failure;
      while (out.length > 0) yield out.shift()!;
    }
    await step((done) => {
      z.once('end', () => done());
      z.end();
    });
    if (failure) throw failure;
    while (out.length > 0) yield out.shift()!;
  } finally {
    z.destroy();
  }
}

/** Compresses (level 1: the wire, not the disk, is the point). */
export const gzipped = (src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> => through(createGzip({ level: 1 }), src, (e) => e);

/** Decompresses one gzip member; a broken stream is a TransferError (its zlib error the cause). */
export const gunzipped = (src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> =>
  through(createGunzip(), src, (e) => new TransferError(`the database's gzip stream is broken: ${e.message}`, { cause: e }));
