/**
 * The login handshake over an open transport: `login` (RSA-encrypted password) or v3 `loginToken`
 * (access/refresh token), client identification and session attributes in the credentials
 * message, and compression switched on after the (always uncompressed) login reply. Every reply
 * is checked; only a refusal of the credentials (08004) is an AuthError.
 */
import { checkPublicKey, checkSessionInfo, MAX_DATA_MESSAGE_SIZE, type Attributes, type CredentialsMessage, type SessionInfo } from '../protocol';
import { AbortError, ConnectionError, InputError, ProtocolError, TimeoutError } from '../errors';
import type { Platform } from '../platform/types';
import { DEFAULT_PROTOCOL_VERSION, SDK_VERSION, type ConnectOptions, type TokenProvider } from './options';
import { messageLimit, type Transport } from './transport';

/** Checks the credential options before any socket is opened (never repeating a secret). */
export function checkCredentials(o: ConnectOptions): void {
  const token = o.accessToken !== undefined || o.refreshToken !== undefined;
  if (o.accessToken !== undefined && o.refreshToken !== undefined) throw new InputError('give either accessToken or refreshToken, not both');
  if (token && (o.protocolVersion ?? 3) < 3) throw new InputError('token login needs protocolVersion 3');
  if (!token && (o.user === undefined || o.password === undefined)) throw new InputError('give user and password, or accessToken / refreshToken');
  for (const k of ['user', 'password', 'accessToken', 'refreshToken'] as const) {
    const v = o[k];
    if (v !== undefined && typeof v === 'function' && (k === 'accessToken' || k === 'refreshToken')) continue;
    if (v !== undefined && (typeof v !== 'string' || v === '')) throw new InputError(`option ${k} must be a non-empty string${k.endsWith('Token') ? ' or a function that returns one' : ''}`);
  }
}

/** The token of `option` (calling its provider); never repeats the token in an error. */
export async function resolveToken(option: string | TokenProvider, name: string, timeoutMs: number, signal?: AbortSignal): Promise<string> {
  if (typeof option === 'string') return option;
  let token: unknown;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  try {
    token = await new Promise<unknown>((resolve, reject) => {
      if (timeoutMs > 0) timer = setTimeout(() => reject(new TimeoutError(`the ${name} provider did not answer within ${timeoutMs} ms`)), timeoutMs);
      onAbort = () => reject(new AbortError('connect aborted'));
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      Promise.resolve()
        .then(option)
        .then(resolve, (e: unknown) => reject(new InputError(`the ${name} provider failed: ${e instanceof Error ? e.message : 'it threw a non-Error'}`)));
    });
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
  }
  if (typeof token !== 'string' || token === '') throw new InputError(`the ${name} provider must return a non-empty string`);
  return token;
}

/**
 * The first half of a login or sub-login (`command` is `login` or `subLogin`): with a token, asks
 * its provider first (the server is not kept waiting mid-handshake for it), then sends
 * `<command>Token`; with a password, sends `<command>`, checks the public key and encrypts the
 * password. Returns the credentials for the message that completes the handshake.
 */
export async function credentialsFor(transport: Transport, platform: Platform, o: ConnectOptions, command: 'login' | 'subLogin', protocolVersion: number, signal: AbortSignal | undefined, timeoutMs: () => number): Promise<{ accessToken?: string; refreshToken?: string; username?: string; password?: string }> {
  if (o.accessToken !== undefined || o.refreshToken !== undefined) {
    const creds = o.accessToken !== undefined ? { accessToken: await resolveToken(o.accessToken, 'accessToken', timeoutMs(), signal) } : { refreshToken: await resolveToken(o.refreshToken!, 'refreshToken', timeoutMs(), signal) };
    await transport.request({ command: `${command}Token`, protocolVersion }, { signal, timeoutMs: timeoutMs() });
    return creds;
  }
  const key = await transport.ask({ command, protocolVersion }, checkPublicKey, { signal, timeoutMs: timeoutMs() });
  try {
    return { username: o.user!, password: await platform.rsaEncrypt(key.publicKeyPem, o.password!) };
  } catch (e) {
    // ConnectionError: the browser's RSA code could not be loaded (its chunk did not arrive).
    if (e instanceof InputError || e instanceof ConnectionError) throw e;
    // The cause is the crypto library's complaint about the key; it never holds the password.
    throw new ProtocolError(`${command} reply: the server's RSA public key is unusable (${(e as Error).message})`);
  }
}

/** Runs the login handshake; rejects with AuthError when the server refuses the credentials. */
export async function login(transport: Transport, platform: Platform, o: ConnectOptions, signal: AbortSignal | undefined, timeoutMs: number): Promise<SessionInfo> {
  const protocolVersion = o.protocolVersion ?? DEFAULT_PROTOCOL_VERSION;
  const req = { signal, timeoutMs };
  const attributes: Attributes = {};
  if (o.autocommit !== undefined) attributes.autocommit = o.autocommit;
  if (o.schema !== undefined) attributes.currentSchema = o.schema;
  if (o.queryTimeout !== undefined) attributes.queryTimeout = o.queryTimeout;
  if (o.feedbackInterval !== undefined) attributes.feedbackInterval = o.feedbackInterval;
  const env = platform.clientInfo();
  const creds: CredentialsMessage = {
    useCompression: o.compression === true,
    clientName: o.clientName ?? 'exasol-ws',
    driverName: `exasol-ws ${SDK_VERSION}`,
    clientVersion: o.clientVersion ?? SDK_VERSION,
    clientOs: o.clientOs ?? env.clientOs,
    clientLanguage: 'TypeScript',
    clientRuntime: env.clientRuntime,
  };
  if (Object.keys(attributes).length > 0) creds.attributes = attributes;
  Object.assign(creds, await credentialsFor(transport, platform, o, 'login', protocolVersion, signal, () => timeoutMs));
  const info = await transport.ask(creds, (d) => checkSessionInfo(d, protocolVersion), req);
  transport.setMessageLimit(messageLimit(info.maxDataMessageSize ?? MAX_DATA_MESSAGE_SIZE));
  if (creds.useCompression) transport.compression = true;
  return info;
}
