/**
 * zlib for compressed sessions in browsers: the runtime's own `CompressionStream('deflate')` and
 * `DecompressionStream('deflate')` (native code; inflating is about three times fflate's speed)
 * where they exist, otherwise fflate's inflate and, for outgoing messages, stored blocks (valid
 * zlib, uncompressed). The inflating stream is fed in slices and read as it produces output, so
 * inflating stops as soon as the output passes the limit (a zlib bomb costs at most one slice's
 * worth beyond it); the native inflater checks the Adler-32 checksum itself.
 */
import { ProtocolError } from '../errors';
import { checkZlibHeader, inflateText, storedZlib } from './zlib';
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

/** The last compression started: the next one starts after it, so the promises settle in call order. */
let previous: Promise<unknown> = Promise.resolve();

/** Compresses one message with the runtime's CompressionStream (zlib format, its default level), after the ones before it. */
function deflateNative(text: string): Promise<Uint8Array> {
  const out = previous.then(async () => new Uint8Array(await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('deflate'))).arrayBuffer()));
  previous = out.catch(() => {});
  return out;
}

/** The browser codec: native zlib where the runtime has the compression streams; fflate's inflate and stored blocks otherwise. */
export const browserCodec: Codec = {
  deflate: (text) => (typeof CompressionStream === 'function' ? deflateNative(text) : storedZlib(text)),
  inflate: (bytes, limit) => (typeof DecompressionStream === 'function' ? inflateNative(bytes, limit) : inflateText(bytes, limit)),
};
