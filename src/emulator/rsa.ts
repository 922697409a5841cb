/**
 * The RSA-1024 key a password login hands out (protocol.md §2.1): the public key in the three forms
 * real servers send (PKCS#1 PEM, upper-case hex modulus, hex exponent) and decryption of the
 * client's PKCS#1 v1.5 (type 2) ciphertext.
 *
 * Node 20 refuses `privateDecrypt` with PKCS#1 v1.5 padding (CVE-2023-46809 hardening), so the
 * ciphertext is decrypted raw (`RSA_NO_PADDING`) and the type-2 padding is checked and stripped here.
 */
import { constants, generateKeyPair, privateDecrypt, type KeyObject } from 'node:crypto';
import type { PublicKeyData } from '../protocol';

/** A login key pair: what goes on the wire, and how to read the reply. */
export interface LoginKey {
  /** The `responseData` of the public-key reply (field order as a real server sends it). */
  readonly publicData: PublicKeyData;
  /** Decrypts a Base64 RSA PKCS#1 v1.5 ciphertext to the UTF-8 plaintext, or `null` when it is not valid. */
  decrypt(base64: string): string | null;
}

/** Generates a fresh RSA-1024 key pair (about 10-50 ms) and wraps it as a {@link LoginKey}. */
export function createLoginKey(): Promise<LoginKey> {
  return new Promise((resolve, reject) => {
    generateKeyPair('rsa', { modulusLength: 1024, publicExponent: 0x10001 }, (err, publicKey, privateKey) => {
      if (err) reject(err);
      else resolve(wrapKey(publicKey, privateKey));
    });
  });
}

function wrapKey(publicKey: KeyObject, privateKey: KeyObject): LoginKey {
  const pem = (publicKey.export({ type: 'pkcs1', format: 'pem' }) as string).trim();
  const jwk = publicKey.export({ format: 'jwk' });
  const modulus = Buffer.from(jwk.n as string, 'base64url').toString('hex').toUpperCase();
  const exponent = Buffer.from(jwk.e as string, 'base64url').toString('hex').toUpperCase().padStart(6, '0');
  const keyBytes = 128;
  return {
    publicData: { publicKeyPem: pem, publicKeyExponent: exponent, publicKeyModulus: modulus } as PublicKeyData,
    decrypt(base64: string): string | null {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) return null;
      const cipher = Buffer.from(base64, 'base64');
      if (cipher.length !== keyBytes) return null;
      let block: Buffer;
      try {
        block = privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, cipher);
      } catch {
        return null;
      }
      return stripType2Padding(block);
    },
  };
}

/**
 * Removes PKCS#1 v1.5 encryption padding: `00 02 <at least 8 non-zero bytes> 00 <message>`.
 * Returns the message as UTF-8, or `null` when the block is not a valid type-2 block.
 */
export function stripType2Padding(block: Buffer): string | null {
  if (block.length < 11 || block[0] !== 0x00 || block[1] !== 0x02) return null;
  const sep = block.indexOf(0x00, 2);
  if (sep < 10) return null;
  const message = block.subarray(sep + 1);
  const text = message.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(message)) return null;
  return text;
}
