/**
 * The emulator's optional peer packages: `@duckdb/node-api` (its SQL engine; checked when the emulator
 * module loads) and `selfsigned` (only for TLS without a given certificate; checked before listening). A missing one fails at once with a
 * {@link MissingPeerError} that names every missing package and the command that installs them,
 * instead of Node's bare `ERR_MODULE_NOT_FOUND` somewhere inside the emulator.
 */
import { createRequire } from 'node:module';

/** The DuckDB package and the exact version the emulator is built and tested against. */
export const DUCKDB_PEER = { name: '@duckdb/node-api', version: '1.5.6-r.1' } as const;
/** The certificate generator for `tls: true` / `--tls` without `--cert`/`--key`. */
export const SELFSIGNED_PEER = { name: 'selfsigned', version: '^5.5.0' } as const;

/** A peer package the emulator needs. */
export interface Peer {
  readonly name: string;
  readonly version: string;
}

/** Raised when an optional peer package the emulator needs is not installed or cannot be loaded. */
export class MissingPeerError extends Error {
  /** Always `EXASOL_EMULATOR_MISSING_PEER`. */
  readonly code = 'EXASOL_EMULATOR_MISSING_PEER';
  /** Names of the missing packages. */
  readonly packages: string[];
  /** The command that installs them, e.g. `npm install --save-dev @duckdb/node-api@1.5.6-r.1`. */
  readonly installCommand: string;
  constructor(peers: readonly Peer[], why: string, cause?: unknown) {
    const packages = peers.map((p) => p.name);
    const installCommand = `npm install --save-dev ${peers.map((p) => `${p.name}@${p.version}`).join(' ')}`;
    super(`${why}: ${packages.join(' and ')} ${packages.length > 1 ? 'are' : 'is'} not installed. Install with: ${installCommand}`, cause === undefined ? undefined : { cause });
    this.name = 'MissingPeerError';
    this.packages = packages;
    this.installCommand = installCommand;
  }
}

const localRequire = createRequire(import.meta.url);

/** Whether a package can be resolved from the emulator's own location (nothing is loaded). */
function resolvable(name: string): boolean {
  try {
    localRequire.resolve(name);
    return true;
  } catch {
    return false;
  }
}

/** Throws a {@link MissingPeerError} naming every one of `peers` that cannot be resolved. */
export function assertPeers(peers: readonly Peer[], why: string): void {
  const missing = peers.filter((p) => !resolvable(p.name));
  if (missing.length > 0) throw new MissingPeerError(missing, why);
}

/** Whether an error says that a module could not be found (ESM or CJS flavour). */
function notFound(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

/**
 * Loads DuckDB's Node API. A missing package gives a {@link MissingPeerError}; a package whose native
 * binding cannot be loaded (a platform package dropped from the install) an Error saying so.
 */
export async function loadDuckDB(): Promise<typeof import('@duckdb/node-api')> {
  try {
    return await import('@duckdb/node-api');
  } catch (e) {
    if (notFound(e) && !resolvable(DUCKDB_PEER.name)) throw new MissingPeerError([DUCKDB_PEER], 'the Exasol emulator needs DuckDB', e);
    throw new Error(
      `the Exasol emulator could not load ${DUCKDB_PEER.name} on ${process.platform}-${process.arch} (is its native package ` +
        `@duckdb/node-bindings-${process.platform}-${process.arch} installed? reinstall with: npm install --save-dev ${DUCKDB_PEER.name}@${DUCKDB_PEER.version}): ` +
        (e instanceof Error ? e.message : String(e)),
      { cause: e },
    );
  }
}

/** Loads `selfsigned` (TLS with a generated certificate); a missing package gives a {@link MissingPeerError}. */
export async function loadSelfsigned(): Promise<typeof import('selfsigned')> {
  try {
    return await import('selfsigned');
  } catch (e) {
    if (notFound(e)) throw new MissingPeerError([SELFSIGNED_PEER], 'TLS without a given certificate needs a certificate generator', e);
    throw e;
  }
}
