/**
 * Node WebSocket adapter on `ws`: a message size limit enforced from each frame's header (small
 * until login, then derived from the server's maxDataMessageSize), framing violations reported as
 * ProtocolError, Pong frames surfaced as heartbeats, and TLS with certificate fingerprint pinning
 * or an explicit opt-out.
 */
import { createHash } from 'node:crypto';
import * as tls from 'node:tls';
import WebSocket from 'ws';
import { AbortError, ConnectionError, ProtocolError } from '../errors';
import { normalizeFingerprint } from './fingerprint';
import { displayUrl, guardConnect } from './connect-guard';
import type { OpenSocketOptions, PlatformSocket, SocketHandlers } from './types';

const NOOP: SocketHandlers = { message() {}, pong() {}, close() {} };

/** Opens a WebSocket with `ws`; resolves once the opening handshake is complete. */
export function openNodeSocket(url: string, options: OpenSocketOptions): Promise<PlatformSocket> {
  const pinned = options.tls?.fingerprint !== undefined ? normalizeFingerprint(options.tls.fingerprint) : undefined;
  return new Promise<PlatformSocket>((resolve, reject) => {
    if (options.signal?.aborted) return reject(new AbortError('connect aborted'));
    let settled = false;
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
    let ws: WebSocket;
    try {
      ws = new WebSocket(url, wsOptions);
    } catch (e) {
      return reject(new ConnectionError(`cannot open ${displayUrl(url)}: ${(e as Error).message}`, { cause: e }));
    }
    let handlers = NOOP;
    let closed = false;
    const cleanup = guardConnect(url, options, fail);
    function fail(err: Error) {
      if (settled) return;
      settled = true;
      cleanup();
      ws.removeAllListeners('open');
      ws.on('error', () => {});
      ws.terminate();
      reject(err);
    }
    ws.on('error', (err) => {
      if (!settled) {
        fail(pinError ?? new ConnectionError(`cannot connect to ${displayUrl(url)}: ${err.message}`, { cause: err }));
        return;
      }
      // After open: the close event follows and carries the failure. ws names framing violations WS_ERR_*.
      const code = (err as { code?: unknown }).code;
      lastError = typeof code === 'string' && code.startsWith('WS_ERR_') ? new ProtocolError(`the server broke the WebSocket protocol: ${err.message}`, { cause: err }) : err;
    });
    let lastError: unknown;
    ws.on('close', (code, reason) => {
      if (!settled) {
        fail(pinError ?? new ConnectionError(`connection to ${displayUrl(url)} closed during the handshake (code ${code})`));
        return;
      }
      if (closed) return;
      closed = true;
      handlers.close(code, reason.toString(), lastError);
    });
    ws.on('open', () => {
      if (settled) return;
      settled = true;
      cleanup();
      ws.on('message', (data, isBinary) => {
        const buf = data as Buffer;
        if (isBinary) handlers.message(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
        else handlers.message(buf.toString('utf8'));
      });
      ws.on('pong', () => handlers.pong());
      resolve({
        send(data) {
          ws.send(data, { binary: typeof data !== 'string' });
        },
        close() {
          ws.close(1000);
        },
        terminate() {
          ws.terminate();
        },
        setHandlers(h) {
          handlers = h;
        },
        setMaxMessageBytes(bytes) {
          // ws reads the limit from its receiver on every frame header; it has no public setter.
          const receiver = (ws as unknown as { _receiver?: { _maxPayload?: number } })._receiver;
          if (receiver !== undefined && typeof receiver._maxPayload === 'number') receiver._maxPayload = bytes;
        },
      });
    });
  });
}
