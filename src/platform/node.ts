/** The Node platform: `ws` sockets with TLS pinning, node:crypto RSA, Pong heartbeats. */
import * as os from 'node:os';
import { nodeRsaEncrypt } from './node-rsa';
import { openNodeSocket } from './node-socket';
import { nodeCodec } from './node-zlib';
import type { Platform } from './types';

/** The Node runtime adapter. */
export const nodePlatform: Platform = {
  name: 'node',
  seesPongs: true,
  codec: nodeCodec,
  openSocket: openNodeSocket,
  async rsaEncrypt(key, plain) {
    return nodeRsaEncrypt(key.pem, plain);
  },
  clientInfo() {
    return { clientOs: `${os.type()} ${os.release()}`, clientRuntime: `Node ${process.versions.node}` };
  },
};
