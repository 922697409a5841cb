/**
 * What Node's `ws` adds to the WHATWG socket of {@link openSocket}: a message size limit enforced
 * from each frame's header (small until login, then derived from the server's maxDataMessageSize),
 * framing violations reported as ProtocolError, Pong frames surfaced as heartbeats, client Pings,
 * and TLS with certificate fingerprint pinning or an explicit opt-out.
 */
import { createHash } from 'node:crypto';
import * as tls from 'node:tls';
import type WebSocket from 'ws';
import WebSocketImpl from 'isomorphic-ws';
import { ConnectionError, ProtocolError } from '../errors';
import { normalizeFingerprint } from './fingerprint';
import { undecodedText } from './node-text';
import type { SocketExtras, WebSocketLike } from './socket';
import type { OpenSocketOptions } from './types';

/** `ws` reports framing violations as errors whose code starts with WS_ERR_. */
function framingError(err: unknown): unknown {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('WS_ERR_') ? new ProtocolError(`the server broke the WebSocket protocol: ${(err as Error).message}`, { cause: err }) : err;
}

/** `ws` client options for one attempt: frame limit, handshake timeout, TLS checks or a pinned certificate. */
function clientOptions(_url: string, options: OpenSocketOptions): { options: object; connectError(): Error | undefined } {
  const pinned = options.tls?.fingerprint !== undefined ? normalizeFingerprint(options.tls.fingerprint) : undefined;
  let pinError: ConnectionError | undefined;
  const wsOptions: WebSocket.ClientOptions = {
    maxPayload: options.maxMessageBytes,
    perMessageDeflate: false,
    handshakeTimeout: options.timeoutMs > 0 ? options.timeoutMs : undefined,
    rejectUnauthorized: pinned !== undefined ? false : options.tls?.rejectUnauthorized ?? true,
  };
  if (options.tls?.ca !== undefined) wsOptions.ca = options.tls.ca;
  if (pinned !== undefined) {
    wsOptions.createConnection = ((opts: tls.ConnectionOptions) => {
      const s = tls.connect({ ...opts, rejectUnauthorized: false });
      s.once('secureConnect', () => {
        const der = s.getPeerCertificate(false)?.raw;
        const actual = der ? createHash('sha256').update(der).digest('hex').toUpperCase() : '(no certificate)';
        if (actual !== pinned) {
          pinError = new ConnectionError(`TLS certificate fingerprint mismatch: expected ${pinned}, server sent ${actual}`);
          s.destroy(pinError);
        }
      });
      return s;
    }) as unknown as WebSocket.ClientOptions['createConnection'];
  }
  return { options: wsOptions, connectError: () => pinError };
}

const asWs = (ws: WebSocketLike) => ws as unknown as WebSocket;

/** The `ws` extras for {@link openSocket} in Node. */
export const nodeSocketExtras: SocketExtras = {
  binaryType: 'nodebuffer',
  constructorOptions: clientOptions,
  attach(ws, events) {
    // Only `ws` sockets have these; a user's socket factory may hand over something else.
    if (typeof asWs(ws).on !== 'function') return;
    asWs(ws).on('pong', events.pong);
  },
  listen(ws, deliver) {
    // Only `ws`'s own sockets: a factory's socket may have an `on` with other events.
    if (!(ws instanceof (WebSocketImpl as unknown as typeof WebSocket))) return false;
    asWs(ws).on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
      // binaryType 'nodebuffer': one Buffer per message (fragments already joined)
      const buf = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
      if (isBinary) return deliver.binary(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
      deliver.text(undecodedText(buf));
    });
    return true;
  },
  errorOf(ev) {
    return framingError((ev as { error?: unknown }).error);
  },
  setMaxMessageBytes(ws, bytes) {
    // ws reads the limit from its receiver on every frame header; it has no public setter.
    const receiver = (ws as unknown as { _receiver?: { _maxPayload?: number } })._receiver;
    if (receiver !== undefined && typeof receiver._maxPayload === 'number') receiver._maxPayload = bytes;
  },
  keepAlive(ws, ms) {
    const timer = setInterval(() => {
      if (ws.readyState === 1) asWs(ws).ping();
      else if (ws.readyState > 1) clearInterval(timer);
    }, ms);
    timer.unref();
    if (typeof asWs(ws).once === 'function') asWs(ws).once('close', () => clearInterval(timer));
  },
  terminate(ws) {
    if (typeof asWs(ws).terminate === 'function') asWs(ws).terminate();
    else if (ws.readyState <= 1) ws.close();
  },
};
