/** gzip and gunzip of a stream of buffers as async generators (one gzip member; errors of the input pass through unchanged). */
import { createGunzip, createGzip, type Gunzip, type Gzip } from 'node:zlib';

async function* through(z: Gzip | Gunzip, src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const out: Buffer[] = [];
  let failure: Error | undefined;
  z.on('data', (c: Buffer) => out.push(c));
  z.on('error', (e) => (failure ??= e));
  try {
    for await (const b of src) {
      await new Promise<void>((resolve, reject) => z.write(b, (e) => (e ? reject(e) : resolve())));
      if (failure) throw failure;
      while (out.length > 0) yield out.shift()!;
    }
    await new Promise<void>((resolve, reject) => {
      z.once('end', resolve);
      z.once('error', reject);
      z.end();
    });
    if (failure) throw failure;
    while (out.length > 0) yield out.shift()!;
  } finally {
    z.destroy();
  }
}

/** Compresses (level 1: the wire, not the disk, is the point). */
export const gzipped = (src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> => through(createGzip({ level: 1 }), src);

/** Decompresses one gzip member. */
export const gunzipped = (src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> => through(createGunzip(), src);
