// Shared set-up for the fidelity tests that drive the official @exasol/exasol-driver-ts 0.8.0 (its CJS
// entry: the ESM entry cannot log in with a password under native Node ESM, see
// fidelity-driver-ts-session.test.ts) against the emulator over a real `ws` socket.
import { createRequire } from 'node:module';
import { X509Certificate } from 'node:crypto';
import WebSocket from 'ws';
import type { Config, ExaWebsocket, ExasolDriver as DriverType } from '@exasol/exasol-driver-ts';

const require = createRequire(import.meta.url);

/** The driver's CJS entry, as `require('@exasol/exasol-driver-ts')` gives it. */
export const driverTs = require('@exasol/exasol-driver-ts') as typeof import('@exasol/exasol-driver-ts');

/** A websocket factory on `ws` without TLS options (plain `ws://` URLs). */
export const plainFactory = (url: string): ExaWebsocket => new WebSocket(url) as unknown as ExaWebsocket;

/**
 * A websocket factory that trusts exactly the certificate whose SHA-256 fingerprint is given (64 hex
 * digits, as the emulator reports it): the check pyexasol and JDBC make with a DSN fingerprint, done
 * in `ws`'s `checkServerIdentity` since the driver leaves TLS to the factory. `sockets` collects every
 * socket made, so a test can cut one.
 */
export function pinnedFactory(fingerprint: string, sockets: WebSocket[] = []): (url: string) => ExaWebsocket {
  const want = fingerprint.replace(/:/g, '').toUpperCase();
  return (url: string) => {
    const ws = new WebSocket(url, { rejectUnauthorized: false });
    ws.on('upgrade', (res) => {
      const socket = res.socket as import('node:tls').TLSSocket;
      const raw = socket.getPeerCertificate?.().raw;
      const got = raw ? new X509Certificate(raw).fingerprint256.replace(/:/g, '') : '';
      if (got !== want) ws.terminate();
    });
    sockets.push(ws);
    return ws as unknown as ExaWebsocket;
  };
}

/** A factory on `ws` that records each socket it makes (to cut one in a test). */
export function recordingFactory(sockets: WebSocket[]): (url: string) => ExaWebsocket {
  return (url: string) => {
    const ws = new WebSocket(url);
    sockets.push(ws);
    return ws as unknown as ExaWebsocket;
  };
}

/** Makes a driver for `url` as user sys (password exasol) with the given extra options (not connected). */
export function newDriver(url: string, extra: Partial<Config> = {}, factory = plainFactory): DriverType {
  return new driverTs.ExasolDriver(factory, { url, user: 'sys', password: 'exasol', ...extra });
}

/** Connects a new driver (see {@link newDriver}) and returns it. */
export async function connected(url: string, extra: Partial<Config> = {}, factory = plainFactory): Promise<DriverType> {
  const d = newDriver(url, extra, factory);
  await d.connect();
  return d;
}

/** What `p` rejects with (an Error, or the plain object the driver rejects some logins with); throws when it resolves. */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection, got a result');
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A statement that runs for many seconds in the emulator's engine unless it is interrupted. */
export const LONG_QUERY = 'SELECT COUNT(*) AS N FROM range(200000) a, range(200000) b';
