/**
 * An ad-hoc self-signed certificate (RSA-2048, SHA-256) for the TLS of the tunnels, built with
 * node:crypto alone (a minimal DER writer), and its `PUBLIC KEY` pin: `sha256//` + base64 of the
 * SHA-256 of the DER SubjectPublicKeyInfo, the form the database compares.
 */
import { createHash, generateKeyPair, randomBytes, sign, type KeyObject } from 'node:crypto';

/** Key, certificate (PEM) and the pin the SQL sends. */
export interface TunnelCredentials {
  key: string;
  cert: string;
  pin: string;
}

const der = (tag: number, ...parts: Buffer[]): Buffer => {
  const body = Buffer.concat(parts);
  const n = body.length;
  let len: Buffer;
  if (n < 0x80) len = Buffer.from([n]);
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
    len = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), len, body]);
};
const seq = (...p: Buffer[]) => der(0x30, ...p);
const int = (b: Buffer) => der(0x02, b[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
const oid = (dotted: string) => {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [a! * 40 + b!];
  for (const v of rest) {
    const enc = [v & 0x7f];
    for (let x = Math.floor(v / 128); x > 0; x = Math.floor(x / 128)) enc.unshift(0x80 | (x & 0x7f));
    out.push(...enc);
  }
  return der(0x06, Buffer.from(out));
};
const utcTime = (d: Date) => der(0x17, Buffer.from(d.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z', 'ascii'));
const SHA256_RSA = seq(oid('1.2.840.113549.1.1.11'), Buffer.from([0x05, 0x00]));

/** The `PUBLIC KEY` pin of a public key: `sha256//` + base64(SHA-256(DER SPKI)). */
export function publicKeyPin(spkiDer: Buffer): string {
  return 'sha256//' + createHash('sha256').update(spkiDer).digest('base64');
}

/** Makes fresh credentials (one per transfer; the key pair is generated off the main thread). */
export async function adHocCredentials(): Promise<TunnelCredentials> {
  const { publicKey, privateKey } = await new Promise<{ publicKey: KeyObject; privateKey: KeyObject }>((resolve, reject) =>
    generateKeyPair('rsa', { modulusLength: 2048 }, (e, pub, priv) => (e ? reject(e) : resolve({ publicKey: pub, privateKey: priv }))),
  );
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const name = seq(der(0x31, seq(oid('2.5.4.3'), der(0x0c, Buffer.from('exasol-ws bulk transfer', 'utf8')))));
  const now = Date.now();
  const serial = randomBytes(16);
  // positive and minimal in DER: a first byte of 0 (with the next below 0x80) is a padded INTEGER that
  // OpenSSL refuses ('illegal padding'), which failed about one TLS transfer in 256
  serial[0] = (serial[0]! & 0x7f) | 0x01;
  const tbs = seq(
    der(0xa0, int(Buffer.from([2]))),
    int(serial),
    SHA256_RSA,
    name,
    seq(utcTime(new Date(now - 86_400_000)), utcTime(new Date(now + 365 * 86_400_000))),
    name,
    spki,
  );
  const signature = sign('sha256', tbs, privateKey);
  const cert = seq(tbs, SHA256_RSA, der(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const pem = `-----BEGIN CERTIFICATE-----\n${cert.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`;
  return { key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, cert: pem, pin: publicKeyPin(spki) };
}
