/**
 * zlib for compressed sessions on Node's native zlib: faster than any JavaScript inflater, stops
 * at the output limit (`maxOutputLength`) and verifies the Adler-32 checksum itself.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { ProtocolError } from '../errors';
import { checkZlibHeader } from './zlib';
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
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(out);
    } catch (e) {
      throw new ProtocolError('a compressed message is not UTF-8 text', { cause: e });
    }
  },
};
