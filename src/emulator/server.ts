/**
 * The emulator's listeners: per cluster node one TCP listener whose connections are told apart by their first
 * bytes: the HTTP transport's raw handshake (tunnel.ts) or else the HTTP(S) server with a WebSocket endpoint
 * (any path, no permessage-deflate; each accepted socket becoming a {@link Session}) and the console's files.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import type { EmulatorContext } from './context';
import { Session } from './session';
import type { TlsMaterial } from './tls';
import type { WebHandler } from './web';
import { mayBeTunnel, serveTunnelHandshake } from './tunnel';

/** Largest request message accepted (bulk prepared inserts can be big). */
export const MAX_REQUEST_BYTES = 512 * 1024 * 1024;

/** A listening node. */
export interface NodeListener {
  ip: string;
  port: number;
  /**
   * Stops accepting connections and drops every connection that is not a WebSocket session yet
   * (idle or half-sent HTTP requests). Resolves once every socket of the listener is gone, so call
   * {@link destroyAll} after the sessions had their chance to close. Idempotent.
   */
  close(): Promise<void>;
  /** Destroys every socket still open on this listener (the last step of a shutdown). */
  destroyAll(): void;
}

/**
 * Starts listening on `ip:port` (port 0 = any free port) for cluster node `nodeIndex`. Plain HTTP requests go to
 * `web` (the console's files) when given, else they get 426 Upgrade Required.
 */
export async function listenNode(ctx: EmulatorContext, ip: string, port: number, nodeIndex: number, tls?: TlsMaterial, web?: WebHandler): Promise<NodeListener> {
  const onRequest = web ?? ((_req: unknown, res: import('node:http').ServerResponse) => {
    res.writeHead(426, { 'content-type': 'text/plain', upgrade: 'websocket' });
    res.end('Exasol emulator: connect with a WebSocket client (ws:// or wss://).\n');
  });
  const http: HttpServer = tls ? createHttpsServer({ cert: tls.cert, key: tls.key }, onRequest) : createHttpServer(onRequest);
  // every TCP socket, also those that never finish a TLS handshake or an HTTP upgrade
  const sockets = new Set<Socket>();
  /** Sockets given to the HTTP(S) server (its own close handles them). */
  const handed = new WeakSet<Socket>();
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false, maxPayload: MAX_REQUEST_BYTES });
  wss.on('connection', (ws) => {
    new Session(ws, ctx, nodeIndex);
  });
  wss.on('error', () => undefined);
  // the TCP listener: a tunnel handshake stays here, anything else goes on to the HTTP(S) server
  const front = createNetServer((socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.once('data', (first: Buffer) => {
      socket.pause();
      if (mayBeTunnel(first)) {
        serveTunnelHandshake(socket, first, ip, ctx.tunnels);
        return;
      }
      socket.unshift(first);
      handed.add(socket);
      http.emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    front.once('error', onError);
    front.listen(port, ip, () => {
      front.off('error', onError);
      resolve();
    });
  });
  front.on('error', () => undefined);
  http.on('error', () => undefined);
  const bound = (front.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;
  return {
    ip,
    port: bound,
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        wss.close();
        front.close(() => resolve());
        http.closeAllConnections();
        // connections not handed to the HTTP server yet (no byte sent) or half-sent tunnel handshakes
        for (const socket of sockets) if (!handed.has(socket)) socket.destroy();
      })),
    destroyAll: () => {
      for (const socket of sockets) socket.destroy();
    },
  };
}
