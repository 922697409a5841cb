/**
 * Node's received text as an {@link UndecodedText}: UTF-8 bytes in a Buffer (a text frame from `ws`,
 * or an inflated zlib message), decoded only when the transport asks for the text.
 */
import type { UndecodedText } from './types';

/** Bytes of a message shown as its `head`. */
const HEAD_BYTES = 256;

/** Wraps UTF-8 bytes (already checked as UTF-8) for the transport: its first bytes now, its text later. */
export function undecodedText(buf: Buffer): UndecodedText {
  return { byteLength: buf.byteLength, head: buf.toString('latin1', 0, Math.min(HEAD_BYTES, buf.byteLength)), text: () => buf.toString('utf8') };
}
