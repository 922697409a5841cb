/**
 * The browser platform: the runtime's WebSocket through isomorphic-ws, no Pong visibility. RSA
 * (jsencrypt) and zlib (the compression streams, fflate) are loaded on first use: a token login never
 * loads jsencrypt, a session without compression never loads fflate.
 */
import { lazy } from '../client/lazy';
import { openSocket } from './socket';
import type { Platform } from './types';

const loadRsa = lazy(() => import('./browser-rsa'));

/** The browser runtime adapter (also works in any runtime with a global WebSocket and WebCrypto). */
export const browserPlatform: Platform = {
  name: 'browser',
  seesPongs: false,
  codec: lazy(async () => (await import('./browser-zlib')).browserCodec),
  openSocket: (url, options) => openSocket(url, options),
  async rsaEncrypt(pem, text) {
    return (await loadRsa()).browserRsaEncrypt(pem, text);
  },
  clientInfo() {
    const nav = (globalThis as { navigator?: { userAgent?: string; platform?: string } }).navigator;
    return { clientOs: nav?.platform ?? 'unknown', clientRuntime: nav?.userAgent ?? 'browser' };
  },
};
