/** Standard Base64 (RFC 4648, padded) of bytes, through the runtime's `btoa` (browsers, Node >= 16). */

/** Encodes bytes as padded standard Base64. */
export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return btoa(s);
}
