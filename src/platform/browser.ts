/** The browser platform: the runtime's WebSocket through isomorphic-ws, RSA through jsencrypt, no Pong visibility. */
import { openSocket } from './socket';
import { browserRsaEncrypt } from './browser-rsa';
import { browserCodec } from './browser-zlib';
import type { Platform } from './types';

/** The browser runtime adapter (also works in any runtime with a global WebSocket and WebCrypto). */
export const browserPlatform: Platform = {
  name: 'browser',
  seesPongs: false,
  codec: browserCodec,
  openSocket: (url, options) => openSocket(url, options),
  async rsaEncrypt(pem, text) {
    return browserRsaEncrypt(pem, text);
  },
  clientInfo() {
    const nav = (globalThis as { navigator?: { userAgent?: string; platform?: string } }).navigator;
    return { clientOs: nav?.platform ?? 'unknown', clientRuntime: nav?.userAgent ?? 'browser' };
  },
};
