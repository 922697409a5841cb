/**
 * `connect()`: checks the options, expands the host list (ranges, shuffled), opens a socket to each
 * host in turn until one accepts (failover), logs in within the connect timeout, and returns a
 * {@link Session}. Wrong credentials stop the failover at once (other hosts would refuse too).
 */
import { InputError, AbortError, AuthError, ConnectionError, ExasolError, TimeoutError } from '../errors';
import { displayUrl } from '../platform/connect-guard';
import { checkOneOf, ROW_MODES, VALUE_MODES } from './checks';
import type { Codec, OpenSocketOptions, Platform, PlatformSocket } from '../platform/types';
import { parseHosts, shuffleHosts, type HostEntry } from './hosts';
import { checkCredentials, login } from './login';
import { DEFAULT_CONNECT_TIMEOUT, DEFAULT_FETCH_SIZE, DEFAULT_IDLE_TIMEOUT, DEFAULT_STATEMENT_CACHE_SIZE, type ConnectOptions } from './options';
import { Session } from './session';
import { createChannels, mergeAttributes, reportTransfer } from './session-channels';
import { LOGIN_MESSAGE_LIMIT, Transport } from './transport';
import { now } from './core';
import { NO_TELEMETRY, type Telemetry } from './telemetry';
import { loadTelemetry } from './lazy';
import { codecFor } from '../platform/codec';
import type { RowMode } from '../values';
import { bindSessionContext } from './subconnections';

interface Target {
  url: string;
  fingerprint?: string;
}

/** scheme, host list (entries may carry `/<64 hex fingerprint>` before the port), optional path. */
const URL_FORM = /^(wss?):\/\/([^/?#]+(?:\/[0-9A-Fa-f]{64}[^/?#]*)?)([/?#].*)?$/i;

/**
 * The plain-typed options and how each is checked: `s` string, `b` boolean; numbers `n` (>= 0),
 * `i` (integer >= 0), `p` (integer >= 1), all at most 2^31. `queryTimeout` and `feedbackInterval`
 * are whole seconds because the server refuses anything else.
 */
const OPTION_KINDS: Readonly<Record<string, 's' | 'b' | 'n' | 'i' | 'p'>> = {
  statementCacheSize: 'i',
  logStatements: 'b',
  keepAliveInterval: 'n',
  connectTimeout: 'n',
  commandTimeout: 'n',
  idleTimeout: 'n',
  queryTimeout: 'i',
  feedbackInterval: 'p',
  fetchSize: 'p',
  url: 's',
  hosts: 's',
  schema: 's',
  clientName: 's',
  clientVersion: 's',
  clientOs: 's',
  compression: 'b',
  autocommit: 'b',
  shuffleHosts: 'b',
};

/** Checks every option of {@link OPTION_KINDS} that is given. */
function checkKinds(o: ConnectOptions): void {
  for (const [name, kind] of Object.entries(OPTION_KINDS)) {
    const v = (o as Record<string, unknown>)[name];
    if (v === undefined) continue;
    if (kind === 's' || kind === 'b') {
      const type = kind === 's' ? 'string' : 'boolean';
      if (typeof v !== type) throw new InputError(`option ${name} must be a ${type}`);
      continue;
    }
    const integer = kind !== 'n';
    const min = kind === 'p' ? 1 : 0;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > 2 ** 31 || (integer && !Number.isInteger(v)))
      throw new InputError(`option ${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to 2^31`);
  }
}

/** Validates options and lists the URLs to try, in order. */
export function targetsOf(o: ConnectOptions): Target[] {
  if (typeof o !== 'object' || o === null) throw new InputError('connect() needs an options object');
  checkCredentials(o);
  checkOneOf('protocolVersion', o.protocolVersion, [1, 2, 3, 4, 5]);
  checkOneOf('values', o.values, VALUE_MODES);
  checkOneOf('rowMode', o.rowMode, ROW_MODES);
  if (o.logger !== undefined && (typeof o.logger !== 'object' || o.logger === null)) throw new InputError('option logger must be an object with debug/info/warn/error methods');
  checkOneOf('logLevel', o.logLevel, ['debug', 'info', 'warn', 'error']);
  if (o.tracer !== undefined && typeof (o.tracer as { startSpan?: unknown } | null)?.startSpan !== 'function') throw new InputError('option tracer must have a startSpan(name, options) method');
  if (o.createSocket !== undefined && typeof o.createSocket !== 'function') throw new InputError('option createSocket must be a function (url) => WebSocket');
  checkKinds(o);
  let scheme = o.tls !== undefined ? 'wss' : 'ws';
  let path = '';
  let list = o.hosts;
  if (o.url !== undefined) {
    // The URL itself is never repeated in an error: it may carry credentials.
    if (/^[a-z]+:\/\/[^/?#]*@/i.test(o.url)) throw new InputError('url must not contain user info (user:password@): pass user and password as options');
    const m = URL_FORM.exec(o.url);
    if (m === null) throw new InputError('url must look like ws://host:port or wss://host:port');
    scheme = m[1]!.toLowerCase();
    path = m[3] ?? '';
    list ??= m[2]!;
  }
  if (list === undefined) throw new InputError('give url or hosts');
  let entries: HostEntry[] = parseHosts(list);
  if (o.shuffleHosts !== false) entries = shuffleHosts(entries);
  return entries.map((e) => {
    const t: Target = { url: `${scheme}://${e.host}:${e.port}${path}` };
    if (e.fingerprint !== undefined) t.fingerprint = e.fingerprint;
    return t;
  });
}

/** Opens a session on the first host that accepts; see {@link ConnectOptions}. */
export async function connectWith<M extends RowMode = 'object'>(platform: Platform, options: ConnectOptions & { rowMode?: M }): Promise<Session<M>> {
  const targets = targetsOf(options);
  const telemetry: Telemetry = options.logger !== undefined || options.tracer !== undefined ? new (await loadTelemetry()).TelemetryRecorder(options) : NO_TELEMETRY;
  // Loaded once, before any socket opens (a failed load leaves nothing open and tries no other host).
  const codec = await codecFor(platform, options.compression === true);
  const span = telemetry.start('exasol.connect', { 'exasol.hosts': targets.length });
  const attempts: { url: string; error: unknown }[] = [];
  try {
    for (const t of targets) {
      try {
        const session = (await connectOne(platform, options, t, telemetry, codec)) as unknown as Session<M>;
        span.set('exasol.session_id', session.info.sessionId);
        span.end();
        telemetry.log('info', `connected to ${displayUrl(t.url)}`, { ...telemetry.base, protocolVersion: session.info.protocolVersion });
        return session;
      } catch (e) {
        if (e instanceof AuthError || e instanceof AbortError || e instanceof InputError) throw e;
        if (!(e instanceof ExasolError)) throw e;
        telemetry.log('warn', `cannot connect to ${displayUrl(t.url)}: ${e.name}: ${e.message}`);
        attempts.push({ url: t.url, error: e });
      }
    }
    if (attempts.length === 1) throw attempts[0]!.error;
    const detail = attempts.map((a) => `${displayUrl(a.url)}: ${(a.error as Error).message}`).join('; ');
    throw new ConnectionError(`no host accepted the connection (${detail})`, { attempts });
  } catch (e) {
    span.end(e);
    throw e;
  }
}

async function connectOne(platform: Platform, o: ConnectOptions, target: Target, telemetry: Telemetry, codec: Codec): Promise<Session> {
  const connectTimeout = o.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT;
  const deadline = connectTimeout > 0 ? Date.now() + connectTimeout : Infinity;
  const tls = target.fingerprint !== undefined ? { ...o.tls, fingerprint: target.fingerprint } : o.tls;
  const socketOptions: OpenSocketOptions = { tls, timeoutMs: connectTimeout, signal: o.signal, maxMessageBytes: LOGIN_MESSAGE_LIMIT };
  if (o.createSocket !== undefined) socketOptions.createSocket = o.createSocket;
  const socket: PlatformSocket = await platform.openSocket(target.url, socketOptions);
  const keepAlive = o.keepAliveInterval ?? 0;
  if (keepAlive > 0 && socket.keepAlive === undefined) {
    socket.terminate();
    throw new InputError('keepAliveInterval needs a socket that can send Ping frames (Node\'s ws); browsers cannot');
  }
  const channels = createChannels();
  const transport = new Transport(
    socket,
    {
      commandTimeoutMs: o.commandTimeout ?? 0,
      idleTimeoutMs: o.idleTimeout ?? (platform.seesPongs ? DEFAULT_IDLE_TIMEOUT : 0),
      codec,
    },
    {
      pong: () => channels.heartbeat.next(Date.now()),
      attributes: (a) => mergeAttributes(channels, a),
      closed: () => Session.closedBy(channels),
    },
  );
  try {
    const remaining = () => {
      const ms = deadline - Date.now();
      if (ms <= 0) throw new TimeoutError(`login to ${displayUrl(target.url)} timed out after ${connectTimeout} ms`);
      return Number.isFinite(ms) ? ms : 0;
    };
    const loginSpan = telemetry.login(target.url, o);
    const info = await login(transport, platform, o, o.signal, remaining()).catch((e: unknown) => {
      loginSpan.end(e);
      // Closing during login is what a refusing server sometimes does, but so does a crashing one.
      // A server that broke the protocol and then closed: report what it broke.
      if (transport.failure !== undefined && !(transport.failure instanceof ConnectionError)) throw transport.failure;
      if (e instanceof ConnectionError) throw new ConnectionError(`the server closed the connection during login (${e.message})`, { cause: e });
      throw e;
    });
    loginSpan.end(undefined, info);
    // The attributes (value formats among them) before the first statement; its round trip,
    // which the server answers at once, measures how far away the server is.
    const sent = now();
    const attrs = await transport.request({ command: 'getAttributes' }, { timeoutMs: remaining(), signal: o.signal });
    const session = new Session(transport, channels, info, {
      mode: o.values ?? 'typed',
      rowMode: o.rowMode ?? 'object',
      fetchSize: o.fetchSize ?? DEFAULT_FETCH_SIZE,
      statementCacheSize: o.statementCacheSize ?? DEFAULT_STATEMENT_CACHE_SIZE,
      roundTripMs: now() - sent,
      telemetry,
    });
    if (attrs.attributes !== undefined) mergeAttributes(channels, attrs.attributes);
    if (keepAlive > 0) socket.keepAlive!(keepAlive);
    bindSessionContext(session, { platform, options: o, url: target.url, tls, transport, reportTransfer: (p) => reportTransfer(channels, transport, p) });
    return session;
  } catch (e) {
    // A server that let the login time out may answer nothing more, not even a close frame: the
    // caller gets its error within connectTimeout, not after a graceful close that never comes.
    if (e instanceof TimeoutError || e instanceof AbortError) transport.terminate();
    else await transport.close();
    throw e;
  }
}
