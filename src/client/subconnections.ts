/**
 * Sub-connections (protocol.md §3.16, protocol-v4-v5.md §3): a group of extra WebSockets, one per
 * cluster node, logged in to the main session's parallel group, so that a result can be read
 * through all nodes at once. Protocol v4+ asks with `requestParallelConnections` and connects to
 * the `getHosts` addresses on the main port, sending the main `sessionId` in the sub-login; v1-v3
 * use `enterParallel` and the `ip:port` list it returns. Every sub-connection has the main
 * session's TLS settings, compression, timeouts and typed errors, and is closed with the main
 * session (or with {@link SubConnections.close}). Opening a group (`subconnections-open.ts`) is
 * loaded on first use.
 */
import { ConnectionError, InputError } from '../errors';
import type { OkReply } from '../protocol';
import type { Platform, TlsOptions } from '../platform/types';
import type { ConnectOptions } from './options';
import type { RequestOptions, Transport } from './transport';
import type { CallOptions } from './results';
import type { Session } from './session';
import type { SessionDetails } from './session-channels';
import { sessionContext, type SessionContext } from './session-context';

export { bindSessionContext, sessionContext, type SessionContext } from './session-context';

/** Options of {@link Session.openSubConnections}. */
export interface SubConnectionOptions extends CallOptions {
  /** Sub-connections to ask for (default: one per distinct node `getHosts` lists). The server may grant fewer. */
  count?: number;
  /**
   * Where to open them, `host:port` each, in place of the addresses the server names (v1-v3:
   * `enterParallel`'s list; v4+: the `getHosts` IPs with the main port). For NAT, proxies, tests.
   */
  hosts?: readonly string[];
}

/** One logged-in sub-connection. Only `fetch` and `executePreparedStatement` may be sent to one alone; see {@link SubConnections.all}. */
export class SubConnection {
  /** Position in the group (0-based). */
  readonly index: number;
  /** URL it is connected to. */
  readonly url: string;
  /** Its login reply (its own session id; protocol version as negotiated by its sub-login). */
  readonly info: SessionDetails;
  readonly #transport: Transport;

  /** Internal: made by {@link openSubConnections}. */
  constructor(index: number, url: string, info: SessionDetails, transport: Transport) {
    this.index = index;
    this.url = url;
    this.info = info;
    this.#transport = transport;
  }

  /** True once its socket is closed (by the group, the server or a failure). */
  get closed(): boolean {
    return this.#transport.closed;
  }

  /**
   * Sends a raw command (e.g. `{ command: 'fetch', resultSetHandle, startPosition, numBytes }`) and
   * resolves with the `ok` reply; error replies reject with the matching typed error.
   */
  request<D = unknown>(msg: { command: string; [field: string]: unknown }, options: RequestOptions = {}): Promise<OkReply<D>> {
    return this.#transport.request<D>(msg, options);
  }

  /** Internal: its command channel (parallel reads check replies with it). */
  get transport(): Transport {
    return this.#transport;
  }
}

/**
 * A group of sub-connections of one main session. Close it when done (`await using` works); the
 * main session closes it too. While it is open the main session's autocommit is off (Exasol
 * requires that); closing restores it.
 */
export class SubConnections implements AsyncDisposable {
  /** The group's token (exact decimal digits). */
  readonly token: string;
  /** The logged-in sub-connections, in the order the server numbered them. */
  readonly connections: readonly SubConnection[];
  /** `requestParallelConnections` (v4+) or `enterParallel` (v1-v3): how the group was opened. */
  readonly via: 'requestParallelConnections' | 'enterParallel';
  readonly #main: Transport;
  readonly #restoreAutocommit: boolean;
  readonly #unwatch: () => void;
  #closing: Promise<void> | undefined;

  /** Internal: made by {@link openSubConnections}. */
  constructor(token: bigint, connections: SubConnection[], via: SubConnections['via'], main: Transport, restoreAutocommit: boolean, unwatch: () => void) {
    this.token = String(token);
    this.connections = connections;
    this.via = via;
    this.#main = main;
    this.#restoreAutocommit = restoreAutocommit;
    this.#unwatch = unwatch;
  }

  /** Number of sub-connections. */
  get size(): number {
    return this.connections.length;
  }

  /** True once closed, or once any sub-connection was lost (the group is unusable then). */
  get closed(): boolean {
    return this.#closing !== undefined || this.connections.some((c) => c.closed);
  }

  /**
   * Sends a command to every sub-connection at the same time (the lock-step rule: all commands but
   * `fetch` and `executePreparedStatement` must reach all of them) and resolves with the replies in
   * order. `msg` may be a function of the sub-connection's index. Rejects with the first failure.
   */
  all<D = unknown>(msg: { command: string; [field: string]: unknown } | ((index: number) => { command: string; [field: string]: unknown }), options: RequestOptions = {}): Promise<OkReply<D>[]> {
    if (this.#closing !== undefined) return Promise.reject(new ConnectionError('the sub-connections are closed'));
    const sent = this.connections.map((c) => c.request<D>(typeof msg === 'function' ? msg(c.index) : msg, options));
    for (const p of sent) p.catch(() => {});
    return Promise.all(sent);
  }

  /**
   * Disconnects every sub-connection (lock-step `disconnect`, then the sockets), and restores the
   * main session's autocommit when opening switched it off. Idempotent; never rejects.
   */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#unwatch();
      await Promise.all(this.connections.map((c) => c.transport.close()));
      if (this.#restoreAutocommit && !this.#main.closed) await this.#main.request({ command: 'setAttributes', attributes: { autocommit: true } }).catch(() => {});
    })();
    return this.#closing;
  }

  /** `await using group = await session.openSubConnections()` closes it at scope end. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

