/**
 * zlib for compressed sessions on Node's native zlib: faster than any JavaScript inflater, stops
 * at the output limit (`maxOutputLength`) and verifies the Adler-32 checksum itself; the text is
 * checked to be UTF-8 and decoded natively.
 */
import { isUtf8 } from 'node:buffer';
import { deflateSync, inflateSync } from 'node:zlib';
import { ProtocolError } from '../errors';
import { checkZlibHeader } from './zlib';
import { undecodedText } from './node-text';
import type { Codec } from './types';

/** The native codec (Node). */
export const nodeCodec: Codec = {
  deflate(text) {
    return deflateSync(text, { level: 1 });
  },
  inflate(bytes, limit) {
    checkZlibHeader(bytes);
    let out: Buffer;
    try {
      out = inflateSync(bytes, { maxOutputLength: limit });
    } catch (e) {
      const tooLarge = (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
      throw new ProtocolError(tooLarge ? `a compressed message inflates to more than ${limit} bytes` : `a compressed message is corrupt: ${(e as Error).message}`, { cause: e });
    }
    // Node's native UTF-8 check and decoder: about twice as fast as a fatal TextDecoder here.
    if (!isUtf8(out)) throw new ProtocolError('a compressed message is not UTF-8 text');
    // Decoded by the transport after it has read the reply's first bytes (to send the next fetch).
    return undecodedText(out);
  },
};
