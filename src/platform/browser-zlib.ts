/**
 * zlib for compressed sessions in browsers: the runtime's own `DecompressionStream('deflate')`
 * (native code, about three times fflate's speed) where it exists, fflate otherwise. The stream
 * is fed in slices and read as it produces output, so inflating stops as soon as the output passes
 * the limit (a zlib bomb costs at most one slice's worth beyond it); the native inflater checks the
 * Adler-32 checksum itself. Outgoing messages are compressed with fflate (small and synchronous).
 */
import { ProtocolError } from '../errors';
import { checkZlibHeader, deflateText, inflateText } from './zlib';
import type { Codec } from './types';

/** Compressed input written to the native inflater at a time. */
const SLICE = 16384;

async function inflateNative(bytes: Uint8Array, limit: number): Promise<string> {
  checkZlibHeader(bytes);
  const stream = new DecompressionStream('deflate');
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const feeding = (async () => {
    for (let i = 0; i < bytes.length; i += SLICE) {
      await writer.ready;
      await writer.write(bytes.subarray(i, i + SLICE) as Uint8Array<ArrayBuffer>);
    }
    await writer.close();
  })();
  feeding.catch(() => {});
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let text = '';
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > limit) throw new ProtocolError(`a compressed message inflates to more than ${limit} bytes`);
      text += decoder.decode(value, { stream: true });
    }
    return text + decoder.decode();
  } catch (e) {
    reader.cancel().catch(() => {});
    writer.abort().catch(() => {});
    if (e instanceof ProtocolError) throw e;
    throw new ProtocolError(`a compressed message is corrupt: ${(e as Error).message}`, { cause: e });
  }
}

/** The browser codec: native inflate where the runtime has DecompressionStream, fflate otherwise. */
export const browserCodec: Codec = {
  deflate: deflateText,
  inflate: (bytes, limit) => (typeof DecompressionStream === 'function' ? inflateNative(bytes, limit) : inflateText(bytes, limit)),
};
