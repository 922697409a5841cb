/** Options of `connect()` and their defaults. */
import type { TlsOptions } from '../platform/types';
import type { SocketFactory, WebSocketLike } from '../platform/socket';
import type { RowMode, ValueMode } from '../values';
import type { ObservabilityOptions } from './telemetry';

/** Supplies a token when one is needed (at connect, and at every sub-connection login); may be async. */
export type TokenProvider = () => string | Promise<string>;

/** Everything `connect()` accepts. Either `url` or `hosts` is required; either `user`+`password` or a token. */
export interface ConnectOptions extends ObservabilityOptions {
  /** `ws://host:port` or `wss://host:port`. May itself hold a host list: `wss://exa1..3:8563`. */
  url?: string;
  /** Host list with ranges and failover, e.g. `exa1..3:8563,backup:8564` (scheme from `url`, else `wss` when `tls` is set, else `ws`). */
  hosts?: string;
  /** Try hosts in random order (default true), as Exasol drivers do to spread load. */
  shuffleHosts?: boolean;
  user?: string;
  password?: string;
  /** OpenID access token (protocol v3 `loginToken`), or a function that supplies one at every login (e.g. from a token cache). */
  accessToken?: string | TokenProvider;
  /** OpenID refresh token (protocol v3 `loginToken`), or a function that supplies one at every login. */
  refreshToken?: string | TokenProvider;
  /**
   * Requested protocol version, 1-5 (default 5). Servers grant at most their own maximum (Exasol
   * 7.1-8.31: 3; 8.32+: 5); `session.info.protocolVersion` tells what was negotiated. 4 brings
   * `requestParallelConnections` for sub-connections, 5 TIMESTAMP(p) precision in column types.
   */
  protocolVersion?: 1 | 2 | 3 | 4 | 5;
  /** zlib compression of every message after login (default false). */
  compression?: boolean;
  /** Session autocommit (default true). */
  autocommit?: boolean;
  /** Schema to open at login. */
  schema?: string;
  /** Seconds between the server's heartbeat Pongs while a command runs (server default 1). */
  feedbackInterval?: number;
  /** Server-side statement timeout in seconds (0 = none); expiry fails with TimeoutError (R0001). */
  queryTimeout?: number;
  /**
   * Bytes of the first fetch of a result (default 512 KiB, capped at the server's maxDataMessageSize).
   * Against a far server whose replies the reader mostly waits for, later fetches grow up to 1 MiB
   * (or this, if larger); a larger value costs memory: two fetches' worth of rows are held at a time.
   */
  fetchSize?: number;
  clientName?: string;
  clientVersion?: string;
  clientOs?: string;
  /** Milliseconds for opening the socket and logging in (default 10000). */
  connectTimeout?: number;
  /** Milliseconds any one command may take, then it is aborted with TimeoutError (default 0 = unlimited). */
  commandTimeout?: number;
  /**
   * Milliseconds the server may stay silent while a command runs (replies and Pong heartbeats reset
   * it), then the connection is dropped with TimeoutError. Default 60000 in Node; 0 (off) in
   * browsers, which cannot see heartbeats — use `commandTimeout` there.
   */
  idleTimeout?: number;
  /** Row shape of reading calls that do not name one: `'object'` (default) or `'array'`. */
  rowMode?: RowMode;
  /** Prepared statements the `sql` tag keeps per SQL text, least recently used evicted (default 100; 0 prepares every time). */
  statementCacheSize?: number;
  /** `'typed'` (default) converts values by column type; `'bigint'` also, with big-precision integers always `bigint`; `'raw'` keeps wire values. */
  values?: ValueMode;
  /** Node only: TLS certificate pinning / checks. */
  tls?: TlsOptions;
  /**
   * Makes the WebSocket of each connection attempt instead of the runtime's (isomorphic-ws): for
   * custom transports, proxies that need their own client, or instrumentation. It gets the full
   * `ws(s)://` URL and returns an object with the WHATWG WebSocket interface ({@link WebSocketLike});
   * Node's TLS options apply only to the SDK's own sockets.
   */
  createSocket?: SocketFactory;
  /**
   * Node only: milliseconds between WebSocket Ping frames the client sends, for proxies and load
   * balancers that drop quiet connections (the server never pings; its Pongs also feed
   * `heartbeat$`). Default 0 (off).
   */
  keepAliveInterval?: number;
  /** Aborts connecting. */
  signal?: AbortSignal;
}

/** Protocol version requested when `protocolVersion` is not given. */
export const DEFAULT_PROTOCOL_VERSION = 5;
/**
 * Default fetch size in bytes: 512 KiB keeps streaming 10M rows under 130 MB of peak RSS (1 MiB
 * needed about 150 MB, at most 5% faster next to the server); the fetch ahead hides the round trips.
 */
export const DEFAULT_FETCH_SIZE = 512 * 1024;
/** Default number of prepared statements the `sql` tag caches per session. */
export const DEFAULT_STATEMENT_CACHE_SIZE = 100;
/** Default connect timeout in milliseconds. */
export const DEFAULT_CONNECT_TIMEOUT = 10_000;
/** Default idle timeout in milliseconds where heartbeats are visible. */
export const DEFAULT_IDLE_TIMEOUT = 60_000;
/** SDK version sent at login. */
export const SDK_VERSION = '0.1.0';
