/**
 * exasol-ws for browsers: `connect()` over the browser's WebSocket with an own PKCS#1 v1.5 RSA
 * encryptor, plus everything from the platform-neutral API. No Node built-in is reachable from here.
 */
import { connectWith } from './client/connect';
import { traced } from './client/origin';
import type { ConnectOptions } from './client/options';
import type { Session } from './client/session';
import type { RowMode } from './values';
import { checkPoolArgs, Pool, type PoolOptions } from './client/pool';
import { browserPlatform } from './platform/browser';

export * from './index';
export { browserPlatform };

/** Opens an Exasol session (browser). Rejects with AuthError, ConnectionError, TimeoutError, AbortError or InputError. */
export function connect<M extends RowMode = 'object'>(options: ConnectOptions & { rowMode?: M }): Promise<Session<M>> {
  return traced(new Error(), () => connectWith<M>(browserPlatform, options));
}

/**
 * Makes a session pool: each session is opened with `connect(options)` (host lists and failover
 * per session); see {@link PoolOptions}. Close it with `pool.close()` (or `await using`).
 */
export function createPool(options: ConnectOptions, poolOptions?: PoolOptions): Pool {
  checkPoolArgs(options);
  return new Pool(() => connectWith(browserPlatform, options), poolOptions);
}
