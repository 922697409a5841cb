// The socket side of a hostile server's connection, shared by the single-node fake (hostile-server.ts) and the fake
// cluster (hostile-cluster-server.ts): sending as the session would, and the ActContext a misbehaviour acts through.
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import { zlibOf } from './hostile-replies';
import type { ActContext } from './hostile-server';

/** What an {@link ActContext} needs of a connection. */
export interface HostileConn {
  ws: WebSocket;
  socket: Socket;
  /** Replies are zlib binary frames. */
  compressed: boolean;
  /** Timers to clear when the connection ends. */
  timers: Set<ReturnType<typeof setTimeout>>;
}

/** Sends a message as the session would (zlib binary when compressed, text otherwise); nothing once the socket is not open. */
export function sendAs(c: HostileConn, text: string): void {
  if (c.ws.readyState !== c.ws.OPEN) return;
  if (c.compressed) c.ws.send(zlibOf(text), { binary: true });
  else c.ws.send(text);
}

/** The context of one misbehaviour on `c`; `freeze` and `later` are the server's own (each records them its way). */
export function actContext(c: HostileConn, normal: string | undefined, own: Pick<ActContext, 'freeze' | 'later'>): ActContext {
  return {
    normal,
    compressed: c.compressed,
    send: (t) => sendAs(c, t),
    sendText: (t) => c.ws.readyState === c.ws.OPEN && c.ws.send(t),
    sendBinary: (b) => c.ws.readyState === c.ws.OPEN && c.ws.send(b, { binary: true }),
    sendRaw: (b) => !c.socket.destroyed && c.socket.write(b),
    close: (code = 1011, reason = 'hostile close') => c.ws.close(code, reason),
    reset: () => (typeof c.socket.resetAndDestroy === 'function' ? c.socket.resetAndDestroy() : c.socket.destroy()),
    pongEvery: (ms) => {
      const t = setInterval(() => c.ws.readyState === c.ws.OPEN && c.ws.pong(), ms);
      c.timers.add(t);
    },
    ...own,
  };
}
