/**
 * RSA encryption with PKCS#1 v1.5 type-2 padding (RFC 8017 §7.2.1) on a modulus and exponent in
 * hex, using BigInt and `crypto.getRandomValues`. Browsers need this because WebCrypto only offers
 * RSA-OAEP; it is ~1 KB instead of an 18 KB library. Node uses node:crypto instead.
 */
import { ExasolError, InputError } from '../errors';
import { toBase64 } from './base64';

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
    e >>= 1n;
  }
  return result;
}

function hexToBigInt(hex: string, what: string): bigint {
  if (!/^[0-9a-fA-F]+$/.test(hex)) throw new ExasolError(`server sent an invalid RSA ${what}`);
  return BigInt('0x' + hex);
}

/** Fills `out` with random bytes that are all non-zero. */
function randomNonZero(out: Uint8Array): void {
  const c = globalThis.crypto;
  if (c === undefined || typeof c.getRandomValues !== 'function') throw new ExasolError('crypto.getRandomValues is not available');
  let filled = 0;
  const buf = new Uint8Array(out.length + 16);
  while (filled < out.length) {
    c.getRandomValues(buf);
    for (let i = 0; i < buf.length && filled < out.length; i++) if (buf[i] !== 0) out[filled++] = buf[i]!;
  }
}

/** Encrypts `plain` under (modulus, exponent) and returns the ciphertext (modulus length) as Base64. */
export function rsaPkcs1Encrypt(modulusHex: string, exponentHex: string, plain: Uint8Array): string {
  const n = hexToBigInt(modulusHex, 'modulus');
  const e = hexToBigInt(exponentHex, 'exponent');
  const k = Math.ceil(n.toString(16).length / 2);
  if (plain.length > k - 11) throw new InputError(`password or token too long for the server's RSA key (${plain.length} bytes, at most ${k - 11})`);
  const em = new Uint8Array(k);
  em[1] = 2;
  const ps = em.subarray(2, k - plain.length - 1);
  randomNonZero(ps);
  em.set(plain, k - plain.length);
  let m = 0n;
  for (const byte of em) m = (m << 8n) | BigInt(byte);
  let c = modPow(m, e, n);
  const out = new Uint8Array(k);
  for (let i = k - 1; i >= 0; i--) {
    out[i] = Number(c & 0xffn);
    c >>= 8n;
  }
  return toBase64(out);
}
