// Helpers of the sdk-bulk tests: socket counting (no tunnel left open) and collecting streams.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { connect as netConnect, type Socket } from 'node:net';
import { once } from 'node:events';

/** Open TCP sockets of this process (client and in-process emulator sides alike). */
export function tcpSockets(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'TLSWrap').length;
}

/** Waits (up to 3 s) until the socket count is back at `baseline` (or below: sockets of earlier tests may still have been closing), then asserts it. */
export async function assertNoLeakedSockets(baseline: number): Promise<void> {
  for (let i = 0; i < 60 && tcpSockets() > baseline; i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(tcpSockets() <= baseline, `every tunnel socket was closed (${tcpSockets()} open, ${baseline} before)`);
}

/** A Writable that keeps what it gets. */
export function sink(): { w: Writable; text: () => string; bytes: () => Buffer } {
  const parts: Buffer[] = [];
  const w = new Writable({
    write(c: Buffer, _e, cb) {
      parts.push(c);
      cb();
    },
  });
  return { w, text: () => Buffer.concat(parts).toString('utf8'), bytes: () => Buffer.concat(parts) };
}

/** The raw transport handshake a client sends first on the database port (http-transport.md). */
export const TUNNEL_HANDSHAKE = Buffer.from([0x02, 0x21, 0x21, 0x02, 1, 0, 0, 0, 1, 0, 0, 0]);

/**
 * Opens a raw HTTP-transport tunnel to an emulator on 127.0.0.1: connects, sends the handshake and reads the
 * 24-byte reply; returns the socket and the internal `host:port` to write into IMPORT/EXPORT's `AT` clause.
 */
export async function openTunnel(port: number): Promise<{ raw: Socket; address: string }> {
  const raw: Socket = netConnect(port, '127.0.0.1');
  await once(raw, 'connect');
  raw.write(TUNNEL_HANDSHAKE);
  let reply = Buffer.alloc(0);
  while (reply.length < 24) reply = Buffer.concat([reply, ((await once(raw, 'data')) as [Buffer])[0]]);
  const address = `${reply.subarray(8, 24).toString('ascii').replace(/\0+$/, '')}:${reply.readInt32LE(4)}`;
  raw.on('error', () => undefined);
  return { raw, address };
}
