/**
 * The database's side of the HTTP exchange inside a tunnel (http-transport.md §3-§4): the emulator is the HTTP
 * client (GET for IMPORT, PUT with a chunked body for EXPORT) and, for `https` URLs, the TLS client with an
 * optional SPKI pin. Failures become Exasol's ETL-5105 (reading) / ETL-5106 (writing) texts with curl's codes.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { EngineError } from '../contract';
import type { EtlFile } from './statement';

/** Longest the TLS handshake on a tunnel may take, ms. */
export const TLS_HANDSHAKE_MS = 10_000;
/** Largest response head accepted from the client, bytes. */
const MAX_HEAD_BYTES = 64 * 1024;

/** A transfer failure, before it is worded as ETL-5105/5106. */
export class TransferFailure extends Error {
  constructor(
    /** curl-style detail text. */
    readonly detail: string,
    /** curl error code (7 connect, 56 receive, 55 send, 90 pin, 22 HTTP status). */
    readonly curlCode: number,
    /** curl error code text. */
    readonly curlText: string,
  ) {
    super(detail);
  }
}

/** Receiving failed (EOF or reset before the end of the body). */
export const recvFailure = (detail = 'Connection closed by peer'): TransferFailure => new TransferFailure(detail, 56, 'Failure when receiving data from the peer');
/** Sending failed (the peer went away). */
export const sendFailure = (detail = 'Connection closed by peer'): TransferFailure => new TransferFailure(detail, 55, 'Failed sending data to the peer');

/** The 42636 error of a failed transfer: ETL-5105 for IMPORT (reading), ETL-5106 for EXPORT (writing). */
export function etlTransferError(kind: 'import' | 'export', file: EtlFile, bytes: number, f: TransferFailure): EngineError {
  const verb = kind === 'import' ? 'ETL-5105: Following error occured while reading data from' : 'ETL-5106: Following error occured while writing data to';
  const where = `${file.url.replace(/\/$/, '')}/${file.name}`;
  if (f.curlCode === 22) return new EngineError('42636', `${verb} external connection [${where} failed with error code=${f.detail} after ${bytes} bytes.]`);
  return new EngineError('42636', `${verb} external connection [${where} failed after ${bytes} bytes. [${f.detail}],[${f.curlCode}],[${f.curlText}]]`);
}

/** The failure of an address with no registered tunnel (curl could not connect). */
export function noTunnel(file: EtlFile): TransferFailure {
  const [ip, port] = file.address.split(':');
  return new TransferFailure(`Failed to connect to ${ip} port ${port}: Connection refused`, 7, "Couldn't connect to server");
}

/** `sha256//` + base64(SHA-256(DER SubjectPublicKeyInfo)) of a certificate: what `PUBLIC KEY` pins. */
export function publicKeyPin(certDer: Buffer): string {
  const spki = new X509Certificate(certDer).publicKey.export({ type: 'spki', format: 'der' });
  return 'sha256//' + createHash('sha256').update(spki).digest('base64');
}

/**
 * The stream the HTTP exchange runs on: the tunnel itself, or (https) a TLS client session over it (no CA or
 * host check; the key pinned when `PUBLIC KEY` was given).
 */
export async function openChannel(file: EtlFile, tunnel: Duplex): Promise<Duplex> {
  if (!file.tls) return tunnel;
  const secure: TLSSocket = tlsConnect({ socket: tunnel, rejectUnauthorized: false });
  secure.on('error', () => undefined);
  const timer = setTimeout(() => secure.destroy(new Error('TLS handshake timed out')), TLS_HANDSHAKE_MS);
  try {
    await Promise.race([
      once(secure, 'secureConnect'),
      once(secure, 'close').then(() => {
        throw new TransferFailure('TLS handshake failed: connection closed by peer', 35, 'SSL connect error');
      }),
    ]);
  } catch (e) {
    secure.destroy();
    throw e instanceof TransferFailure ? e : new TransferFailure(`TLS handshake failed: ${(e as Error).message}`, 35, 'SSL connect error');
  } finally {
    clearTimeout(timer);
  }
  if (file.publicKeys !== undefined) {
    const cert = secure.getPeerCertificate();
    const pin = cert?.raw ? publicKeyPin(cert.raw) : '';
    if (!file.publicKeys.includes(pin)) {
      secure.destroy();
      throw new TransferFailure('SSL: public key does not match pinned public key', 90, 'SSL: public key does not match pinned public key');
    }
  }
  return secure;
}

/** The request head the database sends: `GET|PUT /<file> HTTP/1.1` with Host, Accept and (PUT) chunked encoding. */
export function requestHead(method: 'GET' | 'PUT', file: EtlFile): Buffer {
  const lines = [`${method} /${file.name} HTTP/1.1`, `Host: ${file.address}`, 'Accept: */*'];
  if (method === 'PUT') lines.push('Transfer-Encoding: chunked');
  return Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1');
}

/**
 * Pull-style reading of a stream with backpressure: the stream is paused while unread data piles up, and
 * every wait ends with the stream's end, close or error (or the statement's abort, which destroys it).
 */
export class StreamReader {
  private readonly chunks: Buffer[] = [];
  private buffered = 0;
  private ended = false;
  private failed: Error | undefined;
  private wake: (() => void) | undefined;
  /** Bytes received so far. */
  received = 0;

  constructor(private readonly s: Duplex) {
    s.on('data', (c: Buffer) => {
      this.chunks.push(c);
      this.buffered += c.length;
      this.received += c.length;
      if (this.buffered > 1 << 20) s.pause();
      this.notify();
    });
    s.on('end', () => {
      this.ended = true;
      this.notify();
    });
    s.on('close', () => {
      this.ended = true;
      this.notify();
    });
    s.on('error', (e: Error) => {
      this.failed ??= e;
      this.notify();
    });
    s.resume();
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  /** The next bytes, or null at the end of the stream. */
  async next(): Promise<Buffer | null> {
    for (;;) {
      const c = this.chunks.shift();
      if (c !== undefined) {
        this.buffered -= c.length;
        if (this.buffered < 1 << 18) this.s.resume();
        return c;
      }
      if (this.failed !== undefined) throw recvFailure(this.failed.message);
      if (this.ended) return null;
      await new Promise<void>((r) => (this.wake = r));
    }
  }

  /** Puts bytes back in front (read too far). */
  unshift(b: Buffer): void {
    if (b.length === 0) return;
    this.chunks.unshift(b);
    this.buffered += b.length;
  }
}

/** A parsed response head. */
export interface ResponseHead {
  status: number;
  chunked: boolean;
  contentLength: number | undefined;
}

/** Reads the response head (status line and headers up to the empty line). */
export async function readResponseHead(r: StreamReader): Promise<ResponseHead> {
  let head = Buffer.alloc(0);
  for (;;) {
    const end = head.indexOf('\r\n\r\n');
    if (end >= 0) {
      r.unshift(head.subarray(end + 4));
      return parseHead(head.subarray(0, end).toString('latin1'));
    }
    if (head.length > MAX_HEAD_BYTES) throw new TransferFailure('Response header too large', 8, 'Weird server reply');
    const c = await r.next();
    if (c === null) throw head.length === 0 ? recvFailure('Empty reply from server') : recvFailure();
    head = Buffer.concat([head, c]);
  }
}

function parseHead(text: string): ResponseHead {
  const lines = text.split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/.exec(lines[0] ?? '');
  if (m === null) throw new TransferFailure('Unsupported HTTP response from the client', 8, 'Weird server reply');
  let chunked = false;
  let contentLength: number | undefined;
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'transfer-encoding' && /chunked/i.test(value)) chunked = true;
    if (name === 'content-length' && /^\d+$/.test(value)) contentLength = Number(value);
  }
  return { status: Number(m[1]), chunked, contentLength };
}

/**
 * The response body's bytes: chunked (either hex case, extensions ignored; the zero chunk is required),
 * Content-Length, or up to the end of the stream. A body cut short fails with curl's code 56.
 */
export async function* responseBody(r: StreamReader, head: ResponseHead): AsyncGenerator<Buffer> {
  if (head.chunked) {
    let buf: Buffer = Buffer.alloc(0);
    const fill = async (n: number): Promise<void> => {
      while (buf.length < n) {
        const c = await r.next();
        if (c === null) throw recvFailure('transfer closed with outstanding read data remaining');
        buf = buf.length === 0 ? c : Buffer.concat([buf, c]);
      }
    };
    for (;;) {
      let nl = buf.indexOf('\r\n');
      while (nl < 0) {
        if (buf.length > 1024) throw new TransferFailure('invalid chunk size line', 56, 'Failure when receiving data from the peer');
        await fill(buf.length + 1);
        nl = buf.indexOf('\r\n');
      }
      const sizeText = buf.subarray(0, nl).toString('latin1').split(';')[0]!.trim();
      if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText)) throw new TransferFailure('invalid chunk size', 56, 'Failure when receiving data from the peer');
      const size = parseInt(sizeText, 16);
      buf = buf.subarray(nl + 2);
      if (size === 0) return;
      // stream the chunk's data as it arrives
      let left = size;
      while (left > 0) {
        if (buf.length === 0) await fill(1);
        const take = Math.min(left, buf.length);
        yield buf.subarray(0, take);
        buf = buf.subarray(take);
        left -= take;
      }
      await fill(2);
      if (buf[0] !== 0x0d || buf[1] !== 0x0a) throw new TransferFailure('chunk not followed by CRLF', 56, 'Failure when receiving data from the peer');
      buf = buf.subarray(2);
    }
  }
  if (head.contentLength !== undefined) {
    let left = head.contentLength;
    while (left > 0) {
      const c = await r.next();
      if (c === null) throw recvFailure('transfer closed with outstanding read data remaining');
      const part = c.length > left ? c.subarray(0, left) : c;
      left -= part.length;
      yield part;
    }
    return;
  }
  for (;;) {
    const c = await r.next();
    if (c === null) return;
    yield c;
  }
}
