/**
 * The login handshake over an open transport: `login` (RSA-encrypted password) or v3 `loginToken`
 * (access/refresh token), client identification and session attributes in the credentials
 * message, and compression switched on after the (always uncompressed) login reply.
 */
import type { Attributes, CredentialsMessage, PublicKeyData, SessionInfo } from '../protocol';
import { AuthError, InputError, ProtocolError } from '../errors';
import { utf8Encode } from '../platform/zlib';
import type { Platform } from '../platform/types';
import { SDK_VERSION, type ConnectOptions } from './options';
import type { Transport } from './transport';

/** Checks the credential options before any socket is opened. */
export function checkCredentials(o: ConnectOptions): void {
  const token = o.accessToken !== undefined || o.refreshToken !== undefined;
  if (o.accessToken !== undefined && o.refreshToken !== undefined) throw new InputError('give either accessToken or refreshToken, not both');
  if (token && (o.protocolVersion ?? 3) < 3) throw new InputError('token login needs protocolVersion 3');
  if (!token && (o.user === undefined || o.password === undefined)) throw new InputError('give user and password, or accessToken / refreshToken');
}

/** Runs the login handshake; rejects with AuthError on refusal. */
export async function login(transport: Transport, platform: Platform, o: ConnectOptions, signal: AbortSignal | undefined, timeoutMs: number): Promise<SessionInfo> {
  const protocolVersion = o.protocolVersion ?? 3;
  const useToken = o.accessToken !== undefined || o.refreshToken !== undefined;
  const req = { signal, timeoutMs, login: true };
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
  if (useToken) {
    await transport.request({ command: 'loginToken', protocolVersion }, req);
    if (o.accessToken !== undefined) creds.accessToken = o.accessToken;
    else creds.refreshToken = o.refreshToken;
  } else {
    const key = await transport.request<PublicKeyData>({ command: 'login', protocolVersion }, req);
    const k = key.responseData;
    if (k === undefined || typeof k.publicKeyModulus !== 'string' || typeof k.publicKeyExponent !== 'string' || typeof k.publicKeyPem !== 'string')
      throw new ProtocolError('login reply carries no RSA public key');
    creds.username = o.user!;
    creds.password = await platform.rsaEncrypt({ pem: k.publicKeyPem, modulusHex: k.publicKeyModulus, exponentHex: k.publicKeyExponent }, utf8Encode(o.password!));
  }
  let reply;
  try {
    reply = await transport.request<SessionInfo>(creds, req);
  } catch (e) {
    if (e instanceof AuthError || !(e instanceof Error) || e.name !== 'ConnectionError') throw e;
    throw new AuthError(`the server closed the connection during login: ${e.message}`, { cause: e });
  }
  const info = reply.responseData;
  if (info === undefined || info.sessionId === undefined || typeof info.protocolVersion !== 'number') throw new ProtocolError('login reply carries no session description');
  if (info.protocolVersion > protocolVersion || info.protocolVersion < 1) throw new ProtocolError(`server chose protocol version ${info.protocolVersion}, requested ${protocolVersion}`);
  if (creds.useCompression) transport.compression = true;
  return info;
}
