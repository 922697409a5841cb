/**
 * exasol-ws for Node: `connect()` over `ws` with TLS fingerprint pinning, node:crypto RSA and
 * Pong heartbeats, plus everything from the platform-neutral API.
 */
import { connectWith } from './client/connect';
import { traced } from './client/origin';
import type { ConnectOptions } from './client/options';
import type { Session } from './client/session';
import type { RowMode } from './values';
import { nodePlatform } from './platform/node';

export * from './index';
export { nodePlatform };

/** Opens an Exasol session (Node). Rejects with AuthError, ConnectionError, TimeoutError, AbortError or InputError. */
export function connect<M extends RowMode = 'object'>(options: ConnectOptions & { rowMode?: M }): Promise<Session<M>> {
  return traced(new Error(), () => connectWith<M>(nodePlatform, options));
}
