/**
 * TLS for the emulator (protocol.md §6.3): a self-signed certificate made at start (package
 * `selfsigned`, an optional peer dependency) or one given as PEM text / file paths, and its
 * SHA-256 fingerprint over the DER leaf certificate as 64 upper-case hex digits — the value Exasol
 * clients pin (`host/<fingerprint>:port`).
 */
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { loadSelfsigned } from './peers';

/** A certificate and key the emulator serves, each as PEM text or a path to a PEM file. */
export interface TlsFiles {
  cert: string;
  key: string;
}

/** Loaded TLS material. */
export interface TlsMaterial {
  cert: string;
  key: string;
  /** SHA-256 of the DER leaf certificate, 64 upper-case hex digits. */
  fingerprint: string;
}

async function pemOrFile(v: string, what: string): Promise<string> {
  if (v.includes('-----BEGIN')) return v;
  try {
    return await readFile(v, 'utf8');
  } catch (e) {
    throw new Error(`cannot read TLS ${what} file ${v}: ${(e as Error).message}`);
  }
}

/** The SHA-256 fingerprint of a PEM certificate's DER form, 64 upper-case hex digits. */
export function certificateFingerprint(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256.replace(/:/g, '').toUpperCase();
}

/** Loads the given certificate, or makes a self-signed one valid for the given IPs and `localhost`. */
export async function loadTls(given: TlsFiles | undefined, ips: string[]): Promise<TlsMaterial> {
  let cert: string;
  let key: string;
  if (given !== undefined) {
    cert = await pemOrFile(given.cert, 'certificate');
    key = await pemOrFile(given.key, 'key');
  } else {
    const selfsigned = await loadSelfsigned();
    const generate = selfsigned.generate ?? (selfsigned as unknown as { default: typeof import('selfsigned') }).default.generate;
    const notAfterDate = new Date(Date.now() + 365 * 24 * 3600 * 1000);
    const pems = await generate([{ name: 'commonName', value: 'exasol-emulator' }], {
      keySize: 2048,
      algorithm: 'sha256',
      notAfterDate,
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, ...ips.map((ip) => ({ type: 7 as const, ip }))] },
      ],
    });
    cert = pems.cert;
    key = pems.private;
  }
  return { cert, key, fingerprint: certificateFingerprint(cert) };
}
