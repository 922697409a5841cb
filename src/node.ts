/**
 * exasol-ws for Node: `connect()` over `ws` with TLS fingerprint pinning, node:crypto RSA and
 * Pong heartbeats, plus everything from the platform-neutral API.
 */
import { connectWith } from './client/connect';
import { traced } from './client/origin';
import type { ConnectOptions } from './client/options';
import type { Session } from './client/session';
import type { RowMode } from './values';
import { checkPoolArgs, Pool, type PoolOptions } from './client/pool';
import { nodePlatform } from './platform/node';
import { publishSessionContext } from './client/shared-context';

export * from './index';
export { nodePlatform };

/** Opens an Exasol session (Node). Rejects with AuthError, ConnectionError, TimeoutError, AbortError or InputError. */
export function connect<M extends RowMode = 'object'>(options: ConnectOptions & { rowMode?: M }): Promise<Session<M>> {
  return traced(new Error(), async () => publishSessionContext(await connectWith<M>(nodePlatform, options)));
}

/**
 * Makes a session pool: each session is opened with `connect(options)` (host lists and failover
 * per session); see {@link PoolOptions}. Close it with `pool.close()` (or `await using`).
 */
export function createPool(options: ConnectOptions, poolOptions?: PoolOptions): Pool {
  checkPoolArgs(options);
  return new Pool(async () => publishSessionContext(await connectWith(nodePlatform, options)), poolOptions);
}
