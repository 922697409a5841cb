/**
 * Optional parts of the SDK loaded on first use. In the browser ESM build each `import()` below is
 * a separate chunk, so an app that never uses a feature never downloads it; the UMD and Node builds
 * inline them (the import then costs one microtask). A failed load (a chunk the network could not
 * deliver) rejects with ConnectionError and is tried again on the next call.
 */
import { ConnectionError } from '../errors';

/** Wraps a dynamic import: loaded once, shared by every caller, retried after a failure. */
export function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((e: unknown) => {
      loading = undefined;
      throw new ConnectionError(`cannot load a part of exasol-ws: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }));
}

/** Parallel reads over sub-connections (`session.parallel`). */
export const loadParallel = lazy(() => import('./parallel-read'));
/** Opening sub-connections (`session.openSubConnections()`, parallel reads). */
export const loadSubConnections = lazy(() => import('./subconnections-open'));
/** Schema, table and column listings (`session.schemas()` ...). */
export const loadMetadata = lazy(() => import('./metadata'));
/** `session.transaction(work)`. */
export const loadTransaction = lazy(() => import('./transaction'));
/** Logger and tracer support (only when `connect()` is given a logger or tracer). */
export const loadTelemetry = lazy(() => import('./telemetry-recorder'));
/** The `sql` tag's cache of prepared statements (on the tag's first use with values). */
export const loadStatementCache = lazy(() => import('./statement-cache'));
/** `executeBatch()` and `executeScript()`. */
export const loadBatch = lazy(() => import('./session-batch'));
/** Prepared statements and parameter binding (`prepare()`, queries with parameters, the `sql` tag with values). */
export const loadPrepared = lazy(() => import('./prepared-run'));
/** The session pool's machinery (`createPool()`, on the pool's first use). */
export const loadPool = lazy(() => import('./pool-core'));
