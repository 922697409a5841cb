// Helpers of the sdk-bulk tests: socket counting (no tunnel left open) and collecting streams.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';

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
