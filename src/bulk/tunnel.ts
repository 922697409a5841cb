/**
 * Opening one tunnel of the HTTP transport (http-transport.md §1): a plain TCP connection to a node's
 * database port, the 12-byte handshake, and the 24-byte reply with the internal address the SQL names.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { AbortError, ConnectionError, ProtocolError, TimeoutError } from '../errors';

/** `02 21 21 02` (magic), int32 LE 1, int32 LE 1. */
const HANDSHAKE = Buffer.from([0x02, 0x21, 0x21, 0x02, 1, 0, 0, 0, 1, 0, 0, 0]);
const REPLY_BYTES = 24;

/** An open tunnel: its socket (paused) and the internal `ip:port` to put into `AT 'http://...'`. */
export interface Tunnel {
  socket: Socket;
  address: string;
}

/** Opens a tunnel to `host:port`, bounded by `timeoutMs` and `signal`. */
export function openTunnel(host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<Tunnel> {
  return new Promise<Tunnel>((resolve, reject) => {
    const where = `${host}:${port}`;
    if (signal?.aborted) return reject(new AbortError('aborted before the tunnel was opened'));
    const socket = netConnect({ host: host.replace(/^\[|\]$/g, ''), port });
    let got: Buffer = Buffer.alloc(0);
    const fail = (e: Error) => {
      cleanup();
      socket.destroy();
      reject(e);
    };
    const timer = setTimeout(() => fail(new TimeoutError(`tunnel to ${where}: no handshake reply within ${timeoutMs} ms`)), timeoutMs);
    const onAbort = () => fail(new AbortError('aborted while opening a tunnel'));
    const onError = (e: Error) => fail(new ConnectionError(`tunnel to ${where}: ${e.message}`, { cause: e }));
    const onClose = () => fail(new ConnectionError(`tunnel to ${where}: closed by the server during the handshake (after ${got.length} of 24 bytes)`));
    const onData = (chunk: Buffer) => {
      got = got.length === 0 ? chunk : Buffer.concat([got, chunk]);
      if (got.length < REPLY_BYTES) return;
      cleanup();
      socket.pause();
      const internalPort = got.readInt32LE(4);
      const nul = got.indexOf(0, 8);
      const ip = got.subarray(8, nul < 0 || nul > REPLY_BYTES ? REPLY_BYTES : nul).toString('latin1');
      if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(ip) || ip.split('.').some((o) => Number(o) > 255) || internalPort < 1 || internalPort > 65535) {
        socket.destroy();
        return reject(new ProtocolError(`tunnel to ${where}: the handshake reply names no IPv4 address and port`));
      }
      if (got.length > REPLY_BYTES) socket.unshift(got.subarray(REPLY_BYTES));
      socket.on('error', () => undefined); // later errors are seen by whoever uses the socket
      resolve({ socket, address: `${ip}:${internalPort}` });
    };
    function cleanup() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('error', onError);
    socket.on('close', onClose);
    socket.on('data', onData);
    socket.once('connect', () => {
      socket.setNoDelay(true);
      socket.setKeepAlive(true, 60_000);
      socket.write(HANDSHAKE);
    });
  });
}
