/**
 * Node WebSocket adapter on `ws`: no message size limit (replies reach 64 MiB), Pong frames
 * surfaced as heartbeats, and TLS with certificate fingerprint pinning or an explicit opt-out.
 */
import { createHash } from 'node:crypto';
import * as tls from 'node:tls';
import WebSocket from 'ws';
import { AbortError, ConnectionError } from '../errors';
import { normalizeFingerprint } from './fingerprint';
import { guardConnect } from './connect-guard';
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
      maxPayload: 0x7fffffff,
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
      return reject(new ConnectionError(`cannot open ${url}: ${(e as Error).message}`, { cause: e }));
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
        fail(pinError ?? new ConnectionError(`cannot connect to ${url}: ${err.message}`, { cause: err }));
        return;
      }
      // After open: the close event follows and carries the failure.
      lastError = err;
    });
    let lastError: unknown;
    ws.on('close', (code, reason) => {
      if (!settled) {
        fail(pinError ?? new ConnectionError(`connection to ${url} closed during the handshake (code ${code})`));
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
      });
    });
  });
}
