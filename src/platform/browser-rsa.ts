/**
 * RSA PKCS#1 v1.5 encryption of the login password in browsers, with `jsencrypt` (WebCrypto has no
 * RSAES-PKCS1-v1_5). Guards what jsencrypt does not: it draws its padding from
 * `crypto.getRandomValues` only where a `window` exists (elsewhere it would seed from
 * `Math.random`), it encodes characters outside the Basic Multilingual Plane as CESU-8 rather than
 * UTF-8, and it silently truncates a message too long for the key.
 */
import JSEncrypt from 'jsencrypt';
import { InputError } from '../errors';
import { utf8Encode } from './zlib';

/** Whether jsencrypt could seed its padding generator from crypto.getRandomValues when it loaded (it loads before this module). */
const SEEDED = (() => {
  const g = globalThis as { window?: unknown; crypto?: { getRandomValues?: unknown } };
  return g.window !== undefined && typeof g.crypto?.getRandomValues === 'function';
})();

/** Byte length of the modulus of a PEM public key, or undefined when jsencrypt cannot read it. */
function modulusBytes(enc: JSEncrypt): number | undefined {
  const n = (enc.getKey() as unknown as { n?: { bitLength(): number } }).n;
  return n === undefined ? undefined : Math.ceil(n.bitLength() / 8);
}

/** Encrypts the UTF-8 bytes of `text` under the PEM key and returns Base64; throws on what jsencrypt would get wrong. */
export function browserRsaEncrypt(pem: string, text: string): string {
  if (!SEEDED)
    throw new InputError(
      'password login needs a browser window here: jsencrypt takes its random padding from crypto.getRandomValues only in a window (in a worker it would use Math.random); use token login (accessToken/refreshToken) or the Node entry',
    );
  if (/[\uD800-\uDFFF]/.test(text)) throw new InputError('the password holds a character outside the Basic Multilingual Plane, which the browser RSA encryptor (jsencrypt) cannot encode as UTF-8');
  const enc = new JSEncrypt();
  enc.setPublicKey(pem);
  const size = modulusBytes(enc);
  if (size === undefined) throw new Error('jsencrypt could not read the key');
  if (utf8Encode(text).length > size - 11) throw new InputError(`the password is too long for the server's ${size * 8}-bit RSA key (at most ${size - 11} UTF-8 bytes)`);
  const out = enc.encrypt(text);
  if (out === false) throw new Error('jsencrypt refused the key');
  return out;
}
