/** The browser platform: the runtime's WebSocket, own PKCS#1 v1.5 RSA on BigInt, no Pong visibility. */
import { openBrowserSocket } from './browser-socket';
import { rsaPkcs1Encrypt } from './rsa-pkcs1';
import { browserCodec } from './browser-zlib';
import type { Platform } from './types';

/** The browser runtime adapter (also works in any runtime with a global WebSocket and WebCrypto). */
export const browserPlatform: Platform = {
  name: 'browser',
  seesPongs: false,
  codec: browserCodec,
  openSocket: openBrowserSocket,
  async rsaEncrypt(key, plain) {
    return rsaPkcs1Encrypt(key.modulusHex, key.exponentHex, plain);
  },
  clientInfo() {
    const nav = (globalThis as { navigator?: { userAgent?: string; platform?: string } }).navigator;
    return { clientOs: nav?.platform ?? 'unknown', clientRuntime: nav?.userAgent ?? 'browser' };
  },
};
