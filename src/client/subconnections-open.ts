/**
 * Opening a group of sub-connections (see `subconnections.ts`): asking the main session for a
 * parallel group (v4+ `requestParallelConnections`, v1-v3 `enterParallel`), then opening and
 * sub-logging-in one socket per granted connection. Loaded on the first `openSubConnections()`.
 */
import { badField, checkSessionInfo, count } from '../protocol';
import { AbortError, ConnectionError, ExasolError, InputError, ProtocolError, TimeoutError } from '../errors';
import { codecFor } from '../platform/codec';
import { displayUrl } from '../platform/connect-guard';
import type { OpenSocketOptions, PlatformSocket } from '../platform/types';
import { credentialsFor } from './login';
import { DEFAULT_CONNECT_TIMEOUT, DEFAULT_IDLE_TIMEOUT } from './options';
import type { Session } from './session';
import { sessionContext, SubConnection, SubConnections, type SessionContext, type SubConnectionOptions } from './subconnections';
import { LOGIN_MESSAGE_LIMIT, messageLimit, Transport, type RequestOptions } from './transport';

/** A JSON integer as a bigint (the transport hands integers beyond 2^53 over as digit strings). */
function exactInt(where: string, field: string, v: unknown): bigint {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === 'string' && /^\d{1,20}$/.test(v)) return BigInt(v);
  return badField(where, field, 'must be a non-negative integer', v);
}

/** `host:port` of a host list entry, checked. */
function hostPort(entry: string): string {
  if (typeof entry !== 'string' || !/^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(entry)) throw new InputError('hosts entries must look like host:port');
  return entry;
}

/** Opens a parallel group for `session` (see {@link SubConnectionOptions}). */
export async function openSubConnections(session: Session, options: SubConnectionOptions = {}): Promise<SubConnections> {
  if (typeof options !== 'object' || options === null) throw new InputError('openSubConnections expects an options object');
  const { count: wanted, hosts, signal } = options;
  if (wanted !== undefined && (!Number.isSafeInteger(wanted) || wanted < 1 || wanted > 1024)) throw new InputError('count must be an integer from 1 to 1024');
  if (hosts !== undefined && (!Array.isArray(hosts) || hosts.length === 0)) throw new InputError('hosts must be a non-empty array of host:port');
  const overrides = hosts?.map(hostPort);
  const ctx = sessionContext(session);
  const main = ctx.transport;
  if (main.closed) throw new ConnectionError('the session is closed');
  if (signal?.aborted) throw new AbortError('aborted before it started');
  const version = session.info.protocolVersion;
  const url = new URL(ctx.url);
  const hostIp = url.hostname.replace(/^\[|\]$/g, '');
  const req = { signal };

  // Exasol wants autocommit off while sub-connections are open.
  const switchOff = session.attributes$.value.autocommit !== false;
  if (switchOff) await main.request({ command: 'setAttributes', attributes: { autocommit: false } }, req);
  let granted = 0;
  const via = version >= 4 ? 'requestParallelConnections' : 'enterParallel';
  // enterParallel (v1-v3) names the node it is sent to; requestParallelConnections has no hostIp (undefined is not sent)
  const parallel = (n: number, opts?: RequestOptions) => main.request<{ numOpenConnections?: unknown; token?: unknown; nodes?: unknown }>({ command: via, hostIp: version < 4 ? hostIp : undefined, numRequestedConnections: n }, opts);
  try {
    let nodeIps: string[] | undefined;
    if (wanted === undefined || (version >= 4 && overrides === undefined)) {
      const h = (await main.request<{ numNodes?: unknown; nodes?: unknown }>({ command: 'getHosts', hostIp }, req)).responseData;
      const n = count('getHosts', 'numNodes', h?.numNodes);
      // bare IPs: a name would be resolved, a port or path would redirect the sub-connection
      if (!n || !Array.isArray(h?.nodes) || h.nodes.length !== n || !h.nodes.every((x) => typeof x == 'string' && /^[\d.]+$|^[\da-f:]+$/i.test(x))) throw new ProtocolError('getHosts reply: nodes must list numNodes IPs');
      nodeIps = h.nodes as string[];
    }
    // one per distinct node
    const ask = wanted ?? new Set(nodeIps).size;
    let urls: string[];
    const at = (hp: string) => `${url.protocol}//${hp}${url.pathname === '/' ? '' : url.pathname}${url.search}`;
    const r = (await parallel(ask, req)).responseData;
    granted = count(via, 'numOpenConnections', r?.numOpenConnections);
    const token = exactInt(via, 'token', r?.token);
    if (granted > ask) throw new ProtocolError(`${via} reply: ${granted} granted, ${ask} asked for`);
    if (version >= 4) {
      const port = url.port || (url.protocol === 'wss:' ? '443' : '80');
      const pool = overrides ?? [...new Set(nodeIps!)].map((ip) => `${ip.includes(':') ? `[${ip}]` : ip}:${port}`);
      urls = Array.from({ length: granted }, (_, i) => at(pool[i % pool.length]!));
    } else {
      const nodes = r?.nodes;
      if (!Array.isArray(nodes) || nodes.length < granted || !nodes.every((x) => typeof x === 'string')) throw new ProtocolError(`${via} reply: nodes must list numOpenConnections ip:port entries`);
      urls = Array.from({ length: granted }, (_, i) => at(overrides !== undefined ? overrides[i % overrides.length]! : hostPortOf(nodes[i] as string)));
    }
    if (granted === 0) throw new ConnectionError(`${via}: no sub-connections granted`);
    const subs = await openAll(ctx, urls, { version, token, mainSessionId: BigInt(session.info.sessionId), compression: main.compression, signal });
    let group: SubConnections | undefined;
    const watcher = session.status$.subscribe((s) => {
      if (s.state === 'closed') void group?.close();
    });
    group = new SubConnections(token, subs, via, main, switchOff, () => watcher.unsubscribe());
    if (main.closed) void group.close();
    return group;
  } catch (e) {
    // give the server its group back and the session its autocommit
    if (!main.closed) {
      if (granted > 0) void parallel(0).catch(() => {});
      if (switchOff) void main.request({ command: 'setAttributes', attributes: { autocommit: true } }).catch(() => {});
    }
    throw e;
  }
}

/** An `ip:port` entry of enterParallel's `nodes` (an IPv4 or bracketed IPv6 address, never a name to resolve), checked. */
function hostPortOf(node: string): string {
  if (!/^([\d.]+|\[[\da-f:]+\]):\d{1,5}$/i.test(node)) throw new ProtocolError('enterParallel reply: nodes entries must be ip:port');
  return node;
}

interface SubLogin {
  version: number;
  token: bigint;
  mainSessionId: bigint;
  compression: boolean;
  signal: AbortSignal | undefined;
}

/** Opens and logs in every sub-connection at once; on any failure closes them all and rejects with that failure. */
async function openAll(ctx: SessionContext, urls: string[], login: SubLogin): Promise<SubConnection[]> {
  const o = ctx.options;
  const connectTimeout = o.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT;
  const deadline = connectTimeout > 0 ? Date.now() + connectTimeout : Infinity;
  const transports: Transport[] = [];
  const codec = await codecFor(ctx.platform, login.compression);
  const open = async (url: string, index: number): Promise<SubConnection> => {
    const socketOptions: OpenSocketOptions = { tls: ctx.tls, timeoutMs: connectTimeout, signal: login.signal, maxMessageBytes: LOGIN_MESSAGE_LIMIT };
    if (ctx.options.createSocket !== undefined) socketOptions.createSocket = ctx.options.createSocket;
    const socket: PlatformSocket = await ctx.platform.openSocket(url, socketOptions);
    const transport = new Transport(
      socket,
      { commandTimeoutMs: o.commandTimeout ?? 0, idleTimeoutMs: o.idleTimeout ?? (ctx.platform.seesPongs ? DEFAULT_IDLE_TIMEOUT : 0), codec },
      { pong: () => {}, attributes: () => {}, closed: () => {} },
    );
    transports.push(transport);
    const remaining = () => {
      const ms = deadline - Date.now();
      if (ms <= 0) throw new TimeoutError(`sub-login to ${displayUrl(url)} timed out after ${connectTimeout} ms`);
      return Number.isFinite(ms) ? ms : 0;
    };
    const info = await subLogin(ctx, transport, login, remaining);
    transport.setMessageLimit(messageLimit(info.maxDataMessageSize ?? 64 * 1024 * 1024));
    // Sub-logins carry no useCompression: sub-connections follow the main connection (protocol-v4-v5.md §9 Q13).
    if (login.compression) transport.compression = true;
    return new SubConnection(index, url, { ...info, sessionId: String(info.sessionId) }, transport);
  };
  const settled = await Promise.allSettled(urls.map((u, i) => open(u, i)));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed !== undefined) {
    // A sub-login that timed out (or was aborted) may be stuck on a server that answers nothing, not even a close frame.
    const hung = settled.some((s) => s.status === 'rejected' && (s.reason instanceof TimeoutError || s.reason instanceof AbortError));
    await Promise.all(transports.map((t) => (hung ? t.terminate() : t.close())));
    const e = failed.reason;
    if (e instanceof ExasolError) throw e;
    throw new ConnectionError(`opening a sub-connection failed: ${(e as Error)?.message ?? String(e)}`, { cause: e });
  }
  return settled.map((s) => (s as PromiseFulfilledResult<SubConnection>).value);
}

/** The sub-login handshake: `subLogin` (RSA-encrypted password) or `subLoginToken`, with the group token (and v4+ the main session id). */
async function subLogin(ctx: SessionContext, transport: Transport, login: SubLogin, remaining: () => number) {
  // A token provider is asked again for every sub-login (tokens may have been refreshed since connect).
  const creds: Record<string, unknown> = await credentialsFor(transport, ctx.platform, ctx.options, 'subLogin', login.version, login.signal, remaining);
  creds.token = login.token;
  if (login.version >= 4) creds.sessionId = login.mainSessionId;
  return transport.ask(creds, (d) => checkSessionInfo(d, login.version), { signal: login.signal, timeoutMs: remaining() });
}
