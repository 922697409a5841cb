/**
 * The Exasol emulator: a protocol-faithful Exasol WebSocket server (protocol v1-v5) on an embedded
 * DuckDB engine, for tests, demos and benchmarks. Node only.
 *
 * ```ts
 * import { startEmulator } from 'exasol-ws/emulator';
 * const emu = await startEmulator({ seed: 'demo' });   // ws://127.0.0.1:<free port>, user sys / exasol
 * // ... connect clients to emu.url ...
 * await emu.close();
 * ```
 */
import type { CreateEngine, Engine } from './sql/contract';
import { Cluster, planNodeIps } from './cluster';
import type { EmulatorContext } from './context';
import { createLoginKey } from './rsa';
import { listenNode, type NodeListener } from './server';
import { TunnelRegistry } from './tunnel';
import { loadTls, type TlsFiles, type TlsMaterial } from './tls';
import { settleWithin } from './deadline';
import { assertPeers, DUCKDB_PEER } from './peers';

// fail at import, with the install command, rather than with a bare ERR_MODULE_NOT_FOUND later
assertPeers([DUCKDB_PEER], 'exasol-ws/emulator needs its SQL engine');
import { createWebHandler, resolveConsoleRoot, type ConsoleOptions } from './web';
import { checkLatency } from './latency';

/** Options of {@link startEmulator}; all optional. */
export interface EmulatorOptions {
  /** TCP port; 0 (default) picks a free one. With several nodes all use the same port when possible. */
  port?: number;
  /** IPv4 address of node 1 (default 127.0.0.1); node k listens on the address k-1 above it. */
  host?: string;
  /** Serve `wss://`: `true` makes a self-signed certificate, or give PEM text / file paths. */
  tls?: boolean | TlsFiles;
  /** Number of cluster nodes (default 1): one listener each, on consecutive loopback addresses. */
  nodes?: number;
  /** User name -> password (default `{ sys: 'exasol' }`); names match case-insensitively. */
  users?: Record<string, string>;
  /**
   * OpenID tokens for `loginToken` (v3): token -> user name, or a list of tokens for the first user.
   * Refresh tokens also work in place of a password on v3 ("compatibility mode").
   */
  tokens?: { accessTokens?: Record<string, string> | string[]; refreshTokens?: Record<string, string> | string[] };
  /** DuckDB database file; in-memory when absent. */
  database?: string;
  /** `databaseName` of the login reply (default "DB1"). */
  databaseName?: string;
  /** Seed data: `'demo'` loads the sample schema (with a table of >= 1M rows). */
  seed?: 'demo';
  /**
   * Highest protocol version granted, 1-5 (default 3); higher requests are downgraded to it. 4 adds
   * `requestParallelConnections` and sub-logins with `sessionId`; 5 adds TIMESTAMP precision metadata.
   */
  maxProtocolVersion?: number;
  /** `releaseVersion` of the login reply, strict X.Y.Z (default "8.29.11", or "8.32.0" when maxProtocolVersion >= 4). */
  version?: string;
  /** Milliseconds every reply is held back, in order per connection (default 0): models a remote cluster. */
  latencyMs?: number;
  /** A ready engine or engine factory (default: the DuckDB engine). The emulator closes it on close(). */
  engine?: Engine | CreateEngine;
  /**
   * Serve a web page on the emulator's own port: a plain GET (over https with `tls`) gets the files of
   * `console.root` (the query console built into `dist/console/`), WebSocket upgrades go on to the sessions.
   * Off by default: without it a GET gets 426 and no file is ever read.
   */
  console?: ConsoleOptions;
}

/** A running emulator. */
export interface RunningEmulator {
  /** URL of node 1, e.g. `ws://127.0.0.1:8563`. */
  readonly url: string;
  /** URLs of every node. */
  readonly urls: string[];
  /** With TLS: SHA-256 of the certificate (64 upper-case hex digits); otherwise undefined. */
  readonly fingerprint: string | undefined;
  /** Port of node 1. */
  readonly port: number;
  /** With the `console` option: the page's URL on node 1 (`http://` or, with TLS, `https://`), ending in `/`; else undefined. */
  readonly consoleUrl: string | undefined;
  /** Number of live connections (logged in or not). */
  sessionCount(): number;
  /**
   * Shuts the emulator down, within about a second whatever the clients do: stops accepting, ends
   * every session (running statements interrupted, WebSocket close frame 1001 "going away", sockets
   * of clients that do not answer it destroyed after a short wait), drops connections that never
   * finished their HTTP upgrade or TLS handshake, closes the listeners and the engine. Leaves no
   * timers or handles behind. Idempotent: later calls return the same promise.
   */
  close(): Promise<void>;
  /**
   * Returns the running emulator to its state right after start, for use between tests: every open
   * session is ended as by close() (close frame 1001; clients reconnect), schemas and objects created
   * since are dropped, seed tables, views and sequences that were changed are recreated with their seed
   * rows, declared types and constraints. URL, port, fingerprint, users and tokens stay. Connections
   * made while it runs wait for it. A few milliseconds when no seed table was written; a written seed
   * table costs one copy of it (the first write copies it aside once, the reset copies it back).
   * Rejects after close(), or with an injected engine that has no reset().
   */
  reset(): Promise<void>;
  /** `await using emu = await startEmulator()`: close() at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** Default users: Exasol's docker default. */
export const DEFAULT_USERS: Readonly<Record<string, string>> = { sys: 'exasol' };

function tokenMap(v: Record<string, string> | string[] | undefined, firstUser: string): Map<string, string> {
  const out = new Map<string, string>();
  if (Array.isArray(v)) for (const t of v) out.set(t, firstUser);
  else if (v !== undefined) for (const [t, u] of Object.entries(v)) out.set(t, u.toUpperCase());
  return out;
}

/** Starts an emulator. Rejects with a clear error on bad options or when a port is taken. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  const nodes = options.nodes ?? 1;
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`port must be 0..65535, got ${port}`);
  const maxProtocolVersion = options.maxProtocolVersion ?? 3;
  if (![1, 2, 3, 4, 5].includes(maxProtocolVersion)) throw new RangeError(`maxProtocolVersion must be 1, 2, 3, 4 or 5, got ${maxProtocolVersion}`);
  const releaseVersion = options.version ?? (maxProtocolVersion >= 4 ? '8.32.0' : '8.29.11');
  const latencyMs = checkLatency(options.latencyMs);
  if (!/^\d+\.\d+\.\d+$/.test(releaseVersion)) throw new RangeError(`version must be X.Y.Z, got ${releaseVersion}`);
  const ips = planNodeIps(host, nodes);
  const users = options.users ?? DEFAULT_USERS;
  const passwords = new Map(Object.entries(users).map(([u, p]) => [u.toUpperCase(), p]));
  if (passwords.size === 0) throw new RangeError('users must name at least one user');
  const firstUser = [...passwords.keys()][0];

  const web = options.console === undefined ? undefined : createWebHandler(resolveConsoleRoot(options.console));
  let tls: TlsMaterial | undefined;
  if (options.tls) tls = await loadTls(options.tls === true ? undefined : options.tls, ips);
  const loginKey = await createLoginKey();
  const engineOpt = options.engine;
  const engine: Engine =
    typeof engineOpt === 'function'
      ? await engineOpt({ database: options.database, seed: options.seed, nodes: options.nodes })
      : (engineOpt ?? (await (await import('./sql/engine')).createEngine({ database: options.database, seed: options.seed, nodes: options.nodes })));

  const ctx: EmulatorContext = {
    engine,
    directory: {
      passwords,
      accessTokens: tokenMap(options.tokens?.accessTokens, firstUser),
      refreshTokens: tokenMap(options.tokens?.refreshTokens, firstUser),
    },
    loginKey,
    cluster: new Cluster(ips),
    releaseVersion,
    timestampSize: Number(releaseVersion.split('.')[0]) >= 8 ? 16 : 8,
    databaseName: options.databaseName ?? 'DB1',
    maxProtocolVersion,
    latencyMs,
    tls: tls !== undefined,
    closing: false,
    sessions: new Set(),
    sessionIds: new Set(),
    tunnels: new TunnelRegistry(),
  };

  const listeners: NodeListener[] = [];
  try {
    for (let i = 0; i < ips.length; i++) {
      const wanted = i === 0 ? port : listeners[0].port;
      let l: NodeListener;
      try {
        l = await listenNode(ctx, ips[i], wanted, i, tls, web);
      } catch (e) {
        if (i === 0 || (e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port !== 0) throw e;
        l = await listenNode(ctx, ips[i], 0, i, tls, web);
      }
      listeners.push(l);
      ctx.cluster.nodes[i].port = l.port;
    }
  } catch (e) {
    await Promise.all(listeners.map((l) => l.close()));
    await engine.close().catch(() => undefined);
    throw e;
  }

  const scheme = tls ? 'wss' : 'ws';
  const urls = listeners.map((l) => `${scheme}://${l.ip}:${l.port}`);
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => (closing ??= shutdown(ctx, listeners, engine));
  return {
    url: urls[0],
    urls,
    fingerprint: tls?.fingerprint,
    port: listeners[0].port,
    consoleUrl: web === undefined ? undefined : `${tls ? 'https' : 'http'}://${listeners[0].ip}:${listeners[0].port}/`,
    sessionCount: () => ctx.sessions.size,
    close,
    async reset() {
      if (closing !== undefined) throw new Error('reset() after close(): the emulator is closed');
      if (engine.reset === undefined) throw new Error('reset() needs an engine with reset(); the injected engine has none');
      await engine.reset(() => endSessions(ctx));
    },
    [Symbol.asyncDispose]: close,
  };
}

/** Longest the sessions get to end before the remaining sockets are destroyed and the engine closes, ms. */
const SHUTDOWN_DEADLINE_MS = 750;

/** Ends every live session as a shutdown does (bounded by the same deadline), keeping the listeners. */
async function endSessions(ctx: EmulatorContext): Promise<void> {
  await settleWithin(Promise.all([...ctx.sessions].map((s) => s.shutdown())), SHUTDOWN_DEADLINE_MS);
}

/** The shutdown behind {@link RunningEmulator.close}. */
async function shutdown(ctx: EmulatorContext, listeners: NodeListener[], engine: Engine): Promise<void> {
  ctx.closing = true;
  const listenersClosed = Promise.all(listeners.map((l) => l.close()));
  // sessions accepted during the shutdown end themselves (ctx.closing); wait for those too
  const sessionsEnded = (async () => {
    for (let round = 0; round < 10 && ctx.sessions.size > 0; round++) await Promise.all([...ctx.sessions].map((s) => s.shutdown()));
  })();
  await settleWithin(sessionsEnded, SHUTDOWN_DEADLINE_MS);
  ctx.tunnels.destroyAll();
  for (const l of listeners) l.destroyAll();
  await listenersClosed;
  await engine.close();
}

export type { TlsFiles } from './tls';
export { MissingPeerError } from './peers';
export type { ConsoleOptions } from './web';
export type { Engine, CreateEngine, EngineOptions } from './sql/contract';
