/** RSA PKCS#1 v1.5 encryption of the login password in Node, with node:crypto. */
import { constants, createPublicKey, publicEncrypt } from 'node:crypto';
import { InputError } from '../errors';

/** Encrypts `plain` under the PKCS#1 PEM public key and returns Base64; a message too long for the key is an InputError. */
export function nodeRsaEncrypt(pem: string, plain: Uint8Array): string {
  let key;
  try {
    key = createPublicKey(pem);
  } catch (e) {
    throw new Error(`node:crypto could not read the key (${(e as Error).message})`);
  }
  const size = Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
  if (size > 0 && plain.length > size - 11) throw new InputError(`the password is too long for the server's ${size * 8}-bit RSA key (at most ${size - 11} UTF-8 bytes)`);
  return publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, plain).toString('base64');
}
