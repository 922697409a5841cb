// A hostile tunnel endpoint for the bulk tests: a TCP listener on 127.0.0.1 that the SDK is pointed at
// with the `hosts` option. It plays the database's side of http-transport.md: it reads the 12-byte
// handshake, answers (or not) with a 24-byte reply, and then acts as the database's HTTP client inside
// the tunnel, following a per-case script that can lie, stall, flood or break the framing.
import { createServer, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

/** The 24-byte handshake reply: 4 ignored bytes, int32 LE port, NUL-padded ASCII address. */
export function handshakeReply(address = '10.0.0.5', port = 40000, first = 0): Buffer {
  const b = Buffer.alloc(24);
  b.writeInt32LE(first, 0);
  b.writeInt32LE(port, 4);
  b.write(address, 8, 'latin1');
  return b;
}

/** One tunnel as the script sees it: the SDK's socket after its handshake arrived. */
export interface TunnelPeer {
  /** The tunnel's number, in the order the SDK connected (its file is `000.csv`, `001.csv`, ...). */
  index: number;
  /** The raw socket (the SDK's tunnel). */
  socket: Socket;
  /** Everything the SDK sent after its 12-byte handshake. */
  received(): Buffer;
  /** The SDK's handshake bytes. */
  handshake: Buffer;
  /** Writes bytes; resolves once they were handed to the kernel or the socket closed (never waits on a peer that does not read: see `flood`). */
  send(bytes: string | Buffer): Promise<void>;
  /** Writes `bytes` again and again until the SDK closes the tunnel or `maxBytes` went out; resolves with the bytes written. */
  flood(bytes: Buffer, maxBytes: number): Promise<number>;
  /** Waits until the SDK sent `text` (latin1) after its handshake, or the tunnel closed, or `ms` passed; true when it was seen. */
  waitFor(text: string, ms?: number): Promise<boolean>;
  /** Resolves when the SDK closed (or reset) the tunnel, or after `ms` with false (reads again to see it). */
  closedWithin(ms: number): Promise<boolean>;
  /** Stops reading from the SDK (a database that takes no more data). */
  stopReading(): void;
  /** Ends the tunnel (FIN). */
  end(): void;
  /** Resets the tunnel (RST). */
  reset(): void;
}

/** What a case does with one tunnel once the SDK's handshake arrived. */
export type TunnelScript = (peer: TunnelPeer) => Promise<void>;

/** A running hostile tunnel endpoint. */
export interface HostileTunnel {
  /** `['127.0.0.1:<port>']`, for the `hosts` option. */
  hosts: string[];
  /** Resolves with the script's outcome of the first tunnel (its error, if it threw). */
  scriptDone: Promise<Error | undefined>;
  /** The peers of the tunnels accepted so far. */
  peers: TunnelPeer[];
  /** Destroys every tunnel and the listener. */
  close(): Promise<void>;
}

/** Starts a tunnel endpoint that runs `script` on every connection after the SDK's handshake. */
export async function startHostileTunnel(script: TunnelScript): Promise<HostileTunnel> {
  const sockets = new Set<Socket>();
  const peers: TunnelPeer[] = [];
  let settle!: (e: Error | undefined) => void;
  const scriptDone = new Promise<Error | undefined>((r) => (settle = r));
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => sockets.delete(socket));
    let got = Buffer.alloc(0);
    let started = false;
    let closed = false;
    const waiters = new Set<() => void>();
    const wake = () => {
      for (const w of [...waiters]) w();
    };
    socket.once('close', () => {
      closed = true;
      wake();
    });
    socket.on('data', (c: Buffer) => {
      got = Buffer.concat([got, c]);
      wake();
      if (!started && got.length >= 12) {
        started = true;
        const peer = makePeer(peers.length, socket, got.subarray(0, 12), () => got.subarray(12), () => closed, waiters);
        peers.push(peer);
        script(peer).then(
          () => settle(undefined),
          (e: unknown) => settle(e instanceof Error ? e : new Error(String(e))),
        );
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    hosts: [`127.0.0.1:${port}`],
    scriptDone,
    peers,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

function makePeer(index: number, socket: Socket, handshake: Buffer, received: () => Buffer, closed: () => boolean, waiters: Set<() => void>): TunnelPeer {
  const until = (test: () => boolean, ms: number): Promise<boolean> =>
    new Promise((resolve) => {
      if (test()) return resolve(true);
      const check = () => {
        if (test()) finish(true);
        else if (closed()) finish(false);
      };
      const timer = setTimeout(() => finish(test()), ms);
      const finish = (v: boolean) => {
        clearTimeout(timer);
        waiters.delete(check);
        resolve(v);
      };
      waiters.add(check);
    });
  return {
    index,
    socket,
    handshake,
    received,
    send: (bytes) =>
      new Promise<void>((resolve) => {
        if (socket.destroyed || closed()) return resolve();
        socket.write(bytes, () => resolve());
      }),
    flood: async (bytes, maxBytes) => {
      let sent = 0;
      while (sent < maxBytes && !socket.destroyed && !closed()) {
        if (!socket.write(bytes)) {
          const drained = await Promise.race([once(socket, 'drain').then(() => true), once(socket, 'close').then(() => false), sleep(5000).then(() => false)]);
          if (!drained) break;
        }
        sent += bytes.length;
      }
      return sent;
    },
    waitFor: (text, ms = 3000) => until(() => received().includes(text, 0, 'latin1'), ms),
    closedWithin: (ms) => {
      socket.resume(); // a paused socket never sees the FIN
      return until(() => closed(), ms);
    },
    stopReading: () => socket.pause(),
    end: () => socket.end(),
    reset: () => (typeof socket.resetAndDestroy === 'function' ? socket.resetAndDestroy() : socket.destroy()),
  };
}

/** The EXPORT request head a database sends (`PUT /000.csv`, chunked unless `headers` say otherwise). */
export function putHead(file = '000.csv', headers = 'Transfer-Encoding: chunked'): string {
  return `PUT /${file} HTTP/1.1\r\nHost: 10.0.0.5:40000\r\nAccept: */*\r\n${headers === '' ? '' : headers + '\r\n'}\r\n`;
}

/** The IMPORT request head a database sends. */
export function getHead(file = '000.csv'): string {
  return `GET /${file} HTTP/1.1\r\nHost: 10.0.0.5:40000\r\nAccept: */*\r\n\r\n`;
}

/** `data` as one HTTP chunk. */
export function chunk(data: string | Buffer): Buffer {
  const b = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return Buffer.concat([Buffer.from(b.length.toString(16) + '\r\n'), b, Buffer.from('\r\n')]);
}

/** The last chunk of a chunked body. */
export const LAST = '0\r\n\r\n';
