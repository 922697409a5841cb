/**
 * Certificate fingerprint helpers: normalises what users write (`AB:CD...`, lower case) to the
 * 64 upper-case hex digits of SHA-256 over the DER leaf certificate.
 */
import { InputError } from '../errors';

/** Normalises a SHA-256 fingerprint to 64 upper-case hex digits; throws InputError when malformed. */
export function normalizeFingerprint(fp: string): string {
  const hex = fp.replace(/[:\s]/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) throw new InputError(`TLS fingerprint must be 64 hex digits (SHA-256 of the DER certificate), got "${fp}"`);
  return hex;
}
