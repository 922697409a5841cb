/**
 * zlib (RFC 1950) for compressed sessions on fflate, for runtimes without a native zlib (browsers):
 * compression of outgoing messages, and a bounded inflate that checks the header, stops as soon
 * as the output passes the limit (the input is fed in small slices, so a zlib bomb never
 * allocates more than a slice's worth beyond it) and verifies the Adler-32 checksum.
 */
import { Inflate, zlibSync } from 'fflate';
import { ProtocolError } from '../errors';

const encoder = new TextEncoder();

/** Compressed input fed to the inflater at a time (bounds the output produced per step to ~1000x this). */
const SLICE = 8192;

/** Compresses a JSON text into one zlib stream (level 1, as fast clients do). */
export function deflateText(text: string): Uint8Array {
  return zlibSync(encoder.encode(text), { level: 1 });
}

/** Checks a zlib header (deflate, window <= 32 KiB, check bits, no preset dictionary). */
export function checkZlibHeader(bytes: Uint8Array): void {
  const cmf = bytes[0]!;
  const flg = bytes[1]!;
  if (bytes.length < 6 || (cmf & 15) !== 8 || cmf >> 4 > 7 || ((cmf << 8) | flg) % 31 !== 0 || flg & 32) throw new ProtocolError('a compressed message is not a zlib stream');
}

/** Inflates one zlib stream of at most `limit` output bytes and decodes it as strict UTF-8. */
export function inflateText(bytes: Uint8Array, limit: number): string {
  checkZlibHeader(bytes);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let text = '';
  let size = 0;
  let a = 1;
  let b = 0;
  const inflater = new Inflate((chunk) => {
    size += chunk.length;
    if (size > limit) throw new ProtocolError(`a compressed message inflates to more than ${limit} bytes`);
    // Adler-32, reduced often enough that the sums stay exact doubles.
    for (let i = 0; i < chunk.length; ) {
      const end = Math.min(chunk.length, i + 4096);
      for (; i < end; i++) b += a += chunk[i]!;
      a %= 65521;
      b %= 65521;
    }
    text += decoder.decode(chunk, { stream: true });
  });
  const body = bytes.subarray(2, bytes.length - 4);
  try {
    for (let i = 0; i < body.length; i += SLICE) inflater.push(body.subarray(i, i + SLICE), i + SLICE >= body.length);
    text += decoder.decode();
  } catch (e) {
    if (e instanceof ProtocolError) throw e;
    throw new ProtocolError(`a compressed message is corrupt: ${(e as Error).message}`, { cause: e });
  }
  const t = bytes.length - 4;
  const expected = ((bytes[t]! << 24) | (bytes[t + 1]! << 16) | (bytes[t + 2]! << 8) | bytes[t + 3]!) >>> 0;
  if (((b << 16) | a) >>> 0 !== expected) throw new ProtocolError('a compressed message fails its Adler-32 checksum');
  return text;
}

/** Encodes a string as UTF-8 bytes. */
export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}
