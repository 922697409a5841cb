/**
 * zlib (RFC 1950) for compressed sessions in runtimes without a native zlib (browsers): a bounded
 * inflate on fflate that checks the header, stops as soon as the output passes the limit (the input
 * is fed in small slices, so a zlib bomb never allocates more than a slice's worth beyond it) and
 * verifies the Adler-32 checksum; and, for runtimes without `CompressionStream`, a zlib stream of
 * stored (uncompressed) blocks that every inflater reads.
 */
import { Inflate } from 'fflate';
import { ProtocolError } from '../errors';

const encoder = new TextEncoder();

/** Compressed input fed to the inflater at a time (bounds the output produced per step to ~1000x this). */
const SLICE = 8192;

/** Largest stored deflate block (RFC 1951, 3.2.4). */
const STORED_MAX = 65535;

/** Adds bytes to an Adler-32 sum `[a, b]`, reduced often enough that the sums stay exact doubles. */
function adler32(sum: number[], bytes: Uint8Array): void {
  let [a, b] = sum as [number, number];
  for (let i = 0; i < bytes.length; ) {
    const end = Math.min(bytes.length, i + 4096);
    for (; i < end; i++) b += a += bytes[i]!;
    a %= 65521;
    b %= 65521;
  }
  sum[0] = a;
  sum[1] = b;
}

/**
 * A JSON text as one zlib stream of stored blocks: valid zlib, not smaller. For runtimes without
 * `CompressionStream` (browsers from before 2023), which compressed sessions still reach.
 */
export function storedZlib(text: string): Uint8Array {
  const data = encoder.encode(text);
  const blocks = Math.max(1, Math.ceil(data.length / STORED_MAX));
  const out = new Uint8Array(data.length + 5 * blocks + 6);
  out[0] = 0x78; // deflate, 32 KiB window
  out[1] = 0x01; // no dictionary, fastest; (0x78 << 8 | 0x01) % 31 == 0
  let o = 2;
  for (let k = 0; k < blocks; k++) {
    const part = data.subarray(k * STORED_MAX, (k + 1) * STORED_MAX);
    const n = part.length;
    out.set([k === blocks - 1 ? 1 : 0, n & 255, n >> 8, ~n & 255, (~n >> 8) & 255], o);
    out.set(part, o + 5);
    o += 5 + n;
  }
  const sum = [1, 0];
  adler32(sum, data);
  const v = ((sum[1]! << 16) | sum[0]!) >>> 0;
  out.set([v >>> 24, (v >> 16) & 255, (v >> 8) & 255, v & 255], o);
  return out;
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
  const sum = [1, 0];
  const inflater = new Inflate((chunk) => {
    size += chunk.length;
    if (size > limit) throw new ProtocolError(`a compressed message inflates to more than ${limit} bytes`);
    adler32(sum, chunk);
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
  if (((sum[1]! << 16) | sum[0]!) >>> 0 !== expected) throw new ProtocolError('a compressed message fails its Adler-32 checksum');
  return text;
}

/** Encodes a string as UTF-8 bytes. */
export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}
