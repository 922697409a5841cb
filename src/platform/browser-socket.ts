/**
 * Browser WebSocket adapter on the runtime's own `WebSocket` (binaryType `arraybuffer`). Browsers
 * expose no control frames, so no Pong heartbeats, and TLS trust is the browser's.
 */
import { AbortError, ConnectionError } from '../errors';
import { displayUrl, guardConnect } from './connect-guard';
import type { OpenSocketOptions, PlatformSocket, SocketHandlers } from './types';

const NOOP: SocketHandlers = { message() {}, pong() {}, close() {} };

/** Opens a WebSocket with the global `WebSocket`; resolves once it is open. */
export function openBrowserSocket(url: string, options: OpenSocketOptions): Promise<PlatformSocket> {
  return new Promise<PlatformSocket>((resolve, reject) => {
    if (options.signal?.aborted) return reject(new AbortError('connect aborted'));
    const WS = (globalThis as { WebSocket?: typeof WebSocket }).WebSocket;
    if (WS === undefined) return reject(new ConnectionError('this runtime has no global WebSocket'));
    let ws: WebSocket;
    try {
      ws = new WS(url);
    } catch (e) {
      return reject(new ConnectionError(`cannot open ${displayUrl(url)}: ${(e as Error).message}`, { cause: e }));
    }
    ws.binaryType = 'arraybuffer';
    let settled = false;
    let handlers = NOOP;
    let closed = false;
    const cleanup = guardConnect(url, options, fail);
    function fail(err: Error) {
      if (settled) return;
      settled = true;
      cleanup();
      try {
        ws.close();
      } catch {
        /* already closing */
      }
      reject(err);
    }
    ws.onerror = () => {
      if (!settled) fail(new ConnectionError(`cannot connect to ${displayUrl(url)}`));
    };
    ws.onclose = (ev) => {
      if (!settled) return fail(new ConnectionError(`connection to ${displayUrl(url)} closed during the handshake (code ${ev.code})`));
      if (closed) return;
      closed = true;
      handlers.close(ev.code, ev.reason);
    };
    ws.onmessage = (ev) => {
      const d = ev.data as unknown;
      if (typeof d === 'string') handlers.message(d);
      else if (d instanceof ArrayBuffer) handlers.message(new Uint8Array(d));
    };
    ws.onopen = () => {
      if (settled) return;
      settled = true;
      cleanup();
      resolve({
        send(data) {
          ws.send(data as string | ArrayBufferView<ArrayBuffer>);
        },
        close() {
          ws.close(1000);
        },
        terminate() {
          ws.close();
          if (!closed) {
            closed = true;
            handlers.close(1006, 'terminated');
          }
        },
        setHandlers(h) {
          handlers = h;
        },
        setMaxMessageBytes() {
          // The browser's WebSocket has no frame limit: the transport checks each message's size.
        },
      });
    };
  });
}
