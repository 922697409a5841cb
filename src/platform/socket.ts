/**
 * The one WebSocket adapter of the SDK, written against the WHATWG WebSocket interface that
 * `isomorphic-ws` gives in every runtime: the browser's own `WebSocket` in browsers, `ws` in Node.
 * What only `ws` offers (a frame limit read from each frame's header, TLS pinning through the
 * constructor's options, Pong frames, client Pings) comes in as {@link SocketExtras} from the Node
 * platform; a browser passes none. A user's socket factory plugs in here too.
 */
import WebSocketImpl from 'isomorphic-ws';
import { AbortError, ConnectionError } from '../errors';
import { displayUrl, guardConnect } from './connect-guard';
import type { OpenSocketOptions, PlatformSocket, SocketHandlers, UndecodedText } from './types';

/**
 * The part of the WHATWG WebSocket interface the SDK uses. A custom socket (see
 * `ConnectOptions.createSocket`) must offer it: `binaryType`, the four `on*` handlers, `send`,
 * `close` and `readyState`.
 */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  send(data: string | ArrayBufferView | ArrayBuffer): void;
  close(code?: number, reason?: string): void;
}

/** Makes the socket of one connection attempt; `url` is the full `ws(s)://` address. */
export type SocketFactory = (url: string) => WebSocketLike;

/** Runtime-specific additions to the WHATWG socket (Node's `ws`); every member is optional. */
export interface SocketExtras {
  /** `binaryType` to ask for (`'arraybuffer'` by default; `ws` hands out Buffers without a copy with `'nodebuffer'`). */
  binaryType?: string;
  /** Third constructor argument (`ws` client options); `connectError` reports a failure the options detected (a pin mismatch). */
  constructorOptions?(url: string, options: OpenSocketOptions): { options: object; connectError(): Error | undefined };
  /**
   * Called once the socket is open: takes over message delivery where the runtime can hand text
   * over undecoded (`ws`), returning true when it did (the WHATWG `onmessage` is then dropped).
   */
  listen?(ws: WebSocketLike, deliver: { text(message: UndecodedText): void; binary(bytes: Uint8Array): void }): boolean;
  /** Called once the socket is open, with the raw socket: installs Pong listening and framing error mapping. */
  attach?(ws: WebSocketLike, events: { pong(): void; error(err: unknown): void }): void;
  /** Lowers or raises the largest accepted frame, refusing a bigger one from its header. */
  setMaxMessageBytes?(ws: WebSocketLike, bytes: number): void;
  /** Sends a Ping control frame every `ms` milliseconds until the socket closes. */
  keepAlive?(ws: WebSocketLike, ms: number): void;
  /** Drops the connection without the closing handshake. */
  terminate?(ws: WebSocketLike): void;
  /** The error an `error` event carries, as the SDK reports it after the socket opened. */
  errorOf?(event: unknown): unknown;
}

const NOOP: SocketHandlers = { message() {}, pong() {}, close() {} };
const CONNECTING = 0;

/** Opens a WebSocket (the runtime's, or the one `factory` makes) and resolves once it is open. */
export function openSocket(url: string, options: OpenSocketOptions, extras: SocketExtras = {}): Promise<PlatformSocket> {
  const factory = options.createSocket;
  return new Promise<PlatformSocket>((resolve, reject) => {
    if (options.signal?.aborted) return reject(new AbortError('connect aborted'));
    let ws: WebSocketLike;
    let connectError: () => Error | undefined = () => undefined;
    try {
      if (factory !== undefined) {
        ws = factory(url);
        if (ws === null || typeof ws !== 'object' || typeof ws.send !== 'function') throw new TypeError('the socket factory returned no WebSocket');
      } else {
        const Ctor = WebSocketImpl as unknown as (new (url: string, protocols?: unknown, options?: object) => WebSocketLike) | null;
        if (typeof Ctor !== 'function') throw new TypeError('this runtime has no WebSocket');
        const made = extras.constructorOptions?.(url, options);
        if (made !== undefined) connectError = made.connectError;
        ws = made !== undefined ? new Ctor(url, undefined, made.options) : new Ctor(url);
      }
    } catch (e) {
      return reject(new ConnectionError(`cannot open ${displayUrl(url)}: ${(e as Error).message}`, { cause: e }));
    }
    ws.binaryType = extras.binaryType ?? 'arraybuffer';
    let settled = false;
    let closed = false;
    let handlers = NOOP;
    let lastError: unknown;
    const cleanup = guardConnect(url, options, fail);
    /** Drops the socket without the closing handshake where the platform can, else closes it. */
    const drop = () => {
      if (extras.terminate !== undefined) extras.terminate(ws);
      else if (ws.readyState <= 1) ws.close();
    };
    function fail(err: Error) {
      if (settled) return;
      settled = true;
      cleanup();
      ws.onopen = null;
      try {
        drop();
      } catch {
        /* already closing */
      }
      reject(err);
    }
    function closeOnce(code: number, reason: string) {
      if (closed) return;
      closed = true;
      handlers.close(code, reason, lastError);
    }
    ws.onerror = (ev) => {
      if (!settled) {
        const cause = extras.errorOf?.(ev);
        const detail = cause instanceof Error ? `: ${cause.message}` : '';
        fail(connectError() ?? new ConnectionError(`cannot connect to ${displayUrl(url)}${detail}`, cause === undefined ? undefined : { cause }));
        return;
      }
      // After open the close event follows and reports the failure.
      lastError = extras.errorOf?.(ev) ?? lastError;
    };
    ws.onclose = (ev) => {
      if (!settled) return fail(connectError() ?? new ConnectionError(`connection to ${displayUrl(url)} closed during the handshake (code ${ev.code})`));
      closeOnce(ev.code, String(ev.reason ?? ''));
    };
    ws.onmessage = (ev) => {
      const d = ev.data;
      if (typeof d === 'string') handlers.message(d);
      else if (d instanceof ArrayBuffer) handlers.message(new Uint8Array(d));
      else if (ArrayBuffer.isView(d)) handlers.message(new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
    };
    ws.onopen = () => {
      if (settled) return;
      settled = true;
      cleanup();
      extras.attach?.(ws, { pong: () => handlers.pong(), error: (e) => (lastError = e) });
      const listening = extras.listen?.(ws, {
        text: (m) => (handlers.text !== undefined ? handlers.text(m) : handlers.message(m.text())),
        binary: (b) => handlers.message(b),
      });
      if (listening === true) ws.onmessage = null;
      const socket: PlatformSocket = {
        send(data) {
          ws.send(data);
        },
        close() {
          if (ws.readyState <= 1) ws.close(1000);
        },
        terminate() {
          drop();
          // The socket reports its close later (a browser's never, when the peer is gone): report it now.
          closeOnce(1006, 'terminated');
        },
        setHandlers(h) {
          handlers = h;
        },
        setMaxMessageBytes(bytes) {
          // Without the extra the transport checks each message's size on arrival.
          extras.setMaxMessageBytes?.(ws, bytes);
        },
      };
      // Only a socket that has ping() (ws) can keep a connection alive; a factory's socket may not.
      if (extras.keepAlive !== undefined && typeof (ws as { ping?: unknown }).ping === 'function') socket.keepAlive = (ms) => extras.keepAlive!(ws, ms);
      resolve(socket);
    };
    // A factory may hand over a socket that is already open (or already gone).
    if (ws.readyState === 1) ws.onopen(undefined);
    else if (ws.readyState !== CONNECTING) fail(new ConnectionError(`the socket to ${displayUrl(url)} is already closed`));
  });
}
