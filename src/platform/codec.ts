/** The codec a connection uses: the platform's, loaded first when the platform loads it on demand. */
import { ProtocolError } from '../errors';
import type { Codec, Platform } from './types';

/** For a session without compression: nothing is ever deflated or inflated (a binary frame is refused before). */
const UNCOMPRESSED: Codec = {
  deflate() {
    throw new ProtocolError('compression is off in this session');
  },
  inflate() {
    throw new ProtocolError('compression is off in this session');
  },
};

/** The codec for a connection with or without compression (the platform's loads only when compression is asked for). */
export async function codecFor(platform: Platform, compression: boolean): Promise<Codec> {
  if (!compression) return typeof platform.codec === 'function' ? UNCOMPRESSED : platform.codec;
  return typeof platform.codec === 'function' ? platform.codec() : platform.codec;
}
