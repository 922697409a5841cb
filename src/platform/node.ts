/** The Node platform: `ws` sockets (through isomorphic-ws) with TLS pinning, node:crypto RSA, Pong heartbeats. */
import * as os from 'node:os';
import { nodeRsaEncrypt } from './node-rsa';
import { nodeSocketExtras } from './node-socket';
import { openSocket } from './socket';
import { nodeCodec } from './node-zlib';
import type { Platform } from './types';

/** The Node runtime adapter. */
export const nodePlatform: Platform = {
  name: 'node',
  seesPongs: true,
  codec: nodeCodec,
  openSocket: (url, options) => openSocket(url, options, nodeSocketExtras),
  async rsaEncrypt(pem, text) {
    return nodeRsaEncrypt(pem, Buffer.from(text, 'utf8'));
  },
  clientInfo() {
    return { clientOs: `${os.type()} ${os.release()}`, clientRuntime: `Node ${process.versions.node}` };
  },
};
