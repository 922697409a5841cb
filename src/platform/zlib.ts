/** zlib (RFC 1950) framing for compressed sessions, on fflate, the same in every runtime. */
import { unzlibSync, zlibSync } from 'fflate';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Compresses a JSON text into one zlib stream (level 1, as fast clients do). */
export function deflateText(text: string): Uint8Array {
  return zlibSync(encoder.encode(text), { level: 1 });
}

/** Inflates one zlib stream and decodes it as UTF-8. */
export function inflateText(bytes: Uint8Array): string {
  return decoder.decode(unzlibSync(bytes));
}

/** Encodes a string as UTF-8 bytes. */
export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}
