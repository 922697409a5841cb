/**
 * The raw handshake of Exasol's HTTP transport (http-transport.md §1) on the emulator's port: a client that
 * opens a plain TCP connection and writes the 12 bytes `02 21 21 02, 1, 1` (int32 LE) gets one 24-byte reply
 * (int32 LE 0, int32 LE internal port, the internal IPv4 address as ASCII, NUL-padded to 16 bytes). The socket
 * then stays silent, registered under `ip:port`, until an IMPORT/EXPORT statement naming that address takes it.
 */
import type { Socket } from 'node:net';

/** The first four bytes of the transport's handshake (the magic 0x02212102, same in either byte order). */
export const TUNNEL_MAGIC = Buffer.from([0x02, 0x21, 0x21, 0x02]);
/** Length of the client's handshake packet. */
export const TUNNEL_REQUEST_BYTES = 12;
/** Longest a connection that began like a handshake may take to send all 12 bytes, ms. */
export const TUNNEL_HANDSHAKE_MS = 10_000;

/** Live tunnels by internal address (`ip:port`), shared by every node of one emulator. */
export class TunnelRegistry {
  private readonly byAddress = new Map<string, Socket>();
  private nextPort = 40000;

  /** Registers a socket under a fresh internal port of `ip`; it is forgotten when it closes. Returns the port. */
  register(ip: string, socket: Socket): number {
    let port = this.nextPort;
    while (this.byAddress.has(`${ip}:${port}`)) port = port >= 65000 ? 40000 : port + 1;
    this.nextPort = port >= 65000 ? 40000 : port + 1;
    const address = `${ip}:${port}`;
    this.byAddress.set(address, socket);
    socket.once('close', () => {
      if (this.byAddress.get(address) === socket) this.byAddress.delete(address);
    });
    return port;
  }

  /** Takes the tunnel registered under `address` (`ip:port`) for one statement: it is no longer registered. */
  take(address: string): Socket | undefined {
    const s = this.byAddress.get(address);
    if (s === undefined) return undefined;
    this.byAddress.delete(address);
    return s.destroyed ? undefined : s;
  }

  /** Number of registered tunnels (for tests and shutdown). */
  get size(): number {
    return this.byAddress.size;
  }

  /** Destroys every registered tunnel (emulator shutdown). */
  destroyAll(): void {
    for (const s of this.byAddress.values()) s.destroy();
    this.byAddress.clear();
  }
}

/** The 24-byte reply to a handshake: int32 LE 0, int32 LE port, ASCII IPv4 NUL-padded to 16 bytes. */
export function handshakeReply(ip: string, port: number): Buffer {
  const out = Buffer.alloc(24);
  out.writeInt32LE(0, 0);
  out.writeInt32LE(port, 4);
  out.write(ip, 8, 16, 'ascii');
  return out;
}

/** Whether `first` (the first bytes a client sent) can still be the start of a tunnel handshake. */
export function mayBeTunnel(first: Buffer): boolean {
  const n = Math.min(first.length, TUNNEL_MAGIC.length);
  return n > 0 && first.subarray(0, n).equals(TUNNEL_MAGIC.subarray(0, n));
}

/**
 * Serves the handshake on a socket whose first bytes (`first`) began like one: waits for all 12 bytes (bounded
 * by {@link TUNNEL_HANDSHAKE_MS}), checks magic and the two `1`s, answers in a single write and registers the
 * socket. A malformed packet, extra bytes before the reply, or a timeout closes the socket.
 */
export function serveTunnelHandshake(socket: Socket, first: Buffer, ip: string, registry: TunnelRegistry): void {
  let buf = first;
  const timer = setTimeout(() => socket.destroy(), TUNNEL_HANDSHAKE_MS);
  timer.unref?.();
  const onData = (chunk: Buffer): void => {
    buf = Buffer.concat([buf, chunk]);
    void check();
  };
  const check = (): boolean => {
    if (buf.length < TUNNEL_REQUEST_BYTES) return false;
    clearTimeout(timer);
    socket.off('data', onData);
    socket.pause();
    const ok =
      buf.length === TUNNEL_REQUEST_BYTES && buf.subarray(0, 4).equals(TUNNEL_MAGIC) && buf.readInt32LE(4) === 1 && buf.readInt32LE(8) === 1;
    if (!ok) {
      socket.destroy();
      return true;
    }
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 60_000);
    const port = registry.register(ip, socket);
    socket.write(handshakeReply(ip, port));
    return true;
  };
  socket.once('close', () => clearTimeout(timer));
  socket.on('error', () => undefined);
  if (check()) return;
  socket.on('data', onData);
  socket.resume();
}
