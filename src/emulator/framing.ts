/**
 * Wire framing of the emulator (protocol.md §1, §6.1): one JSON document per WebSocket message;
 * plain text frames until compression is switched on after the login reply, then binary frames each
 * holding one complete zlib stream (RFC 1950) — in both directions.
 */
import { deflate, inflateSync } from 'node:zlib';

/** Largest decompressed request the emulator accepts (a zlib bomb guard). */
export const MAX_INFLATED_REQUEST = 512 * 1024 * 1024;

/** Thrown when an incoming frame cannot be turned into JSON text. */
export class FrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FrameError';
  }
}

/**
 * Turns an incoming WebSocket message into JSON text. Binary frames are inflated as zlib streams
 * (whether or not compression was negotiated: lenient like several clients); text frames are
 * taken as they are, also after compression was negotiated.
 * @throws FrameError when a binary frame is not a valid zlib stream.
 */
export function decodeFrame(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): string {
  const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
  if (!isBinary) return buf.toString('utf8');
  if (buf.length >= 2 && buf[0] === 0x78) {
    try {
      return inflateSync(buf, { maxOutputLength: MAX_INFLATED_REQUEST }).toString('utf8');
    } catch (e) {
      throw new FrameError(`binary message is not a valid zlib stream: ${(e as Error).message}`);
    }
  }
  // An uncompressed binary frame: accept UTF-8 JSON.
  return buf.toString('utf8');
}

/** Encodes an outgoing JSON text: as is (text frame) or as a zlib stream (binary frame). */
export function encodeFrame(json: string, compressed: boolean): Promise<string | Buffer> {
  if (!compressed) return Promise.resolve(json);
  return new Promise((resolve, reject) => {
    deflate(Buffer.from(json, 'utf8'), { level: 1 }, (err, out) => (err ? reject(err) : resolve(out)));
  });
}
