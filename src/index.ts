/**
 * exasol-ws: the platform-neutral public API (types, errors, helpers). The runtime entries
 * (`node.ts`, `browser.ts`) add `connect()` bound to their platform adapters and re-export this.
 */
export { ExasolError, SqlError, AuthError, TimeoutError, AbortError, ConnectionError, ProtocolError, InputError, errorFromServer } from './errors';
export type { ExasolErrorDetails } from './errors';
export type { Value, Row, Column, ValueMode, BindValue, RowMode, RowOf, RowType } from './values';
export type { ConnectOptions, TokenProvider } from './client/options';
export type { Logger, LogLevel, Tracer, TraceSpan, SpanAttributes, ObservabilityOptions } from './client/telemetry';
export { DEFAULT_FETCH_SIZE, DEFAULT_CONNECT_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_STATEMENT_CACHE_SIZE, DEFAULT_PROTOCOL_VERSION, SDK_VERSION } from './client/options';
export type { SessionStatus, TransferStatus } from './client/status';
export type { ObservableState } from './client/observable-state';
export { Session } from './client/session';
export type { SessionDetails, StatementResult } from './client/session-channels';
export { PreparedStatement } from './client/prepared';
export type { ResultChunk, QueryResult, CallOptions, ReadOptions } from './client/results';
export { SqlQuery } from './client/sql-query';
export type { SqlTag } from './client/sql-query';
export { SqlIdentifier, SqlList } from './client/sql-template';
export type { SqlText, SqlValue } from './client/sql-template';
export type { WebSocketLike, SocketFactory } from './platform/socket';
export { ParallelReads } from './client/parallel';
export type { ParallelChunk, ParallelReadOptions } from './client/parallel';
export { SubConnections, SubConnection } from './client/subconnections';
export { Pool } from './client/pool';
export type { PoolOptions, PoolLease, PoolStats } from './client/pool';
export type { SubConnectionOptions } from './client/subconnections';
export type { MetadataFilter } from './client/metadata';
export { splitScript } from './client/script';
export { parseHosts, shuffleHosts } from './client/hosts';
export type { HostEntry } from './client/hosts';
export { connectWith } from './client/connect';
export type { Platform, TlsOptions } from './platform/types';
export type { Attributes, DataType, DataTypeName } from './protocol';
