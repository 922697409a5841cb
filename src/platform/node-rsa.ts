/** RSA PKCS#1 v1.5 encryption in Node with node:crypto (jsencrypt does not load under native Node ESM). */
import { constants, publicEncrypt } from 'node:crypto';
import { InputError } from '../errors';

/** Encrypts `plain` under the PKCS#1 PEM public key and returns Base64. */
export function nodeRsaEncrypt(pem: string, plain: Uint8Array): string {
  try {
    return publicEncrypt({ key: pem, padding: constants.RSA_PKCS1_PADDING }, plain).toString('base64');
  } catch (e) {
    throw new InputError(`RSA encryption of the password failed: ${(e as Error).message}`);
  }
}
