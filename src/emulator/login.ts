/**
 * The login flows (protocol.md §2, wire-quirks.md §2-§3): `login`/`subLogin` (RSA-encrypted
 * password, or on v3 a refresh token in its place), `loginToken`/`subLoginToken` (v3, OpenID
 * token in clear), protocol version downgrade, the session description reply, and the failures
 * after which the server closes the socket.
 */
import { ErrorText, MAX_DATA_MESSAGE_SIZE, SqlCode } from '../protocol';
import { EngineError } from './sql/contract';
import { newSessionId } from './context';
import { okReply, ProtocolFault } from './replies';
import { optBool, optString, reqBool, reqInt, reqString, type Msg } from './requests';
import { SessionAttributes } from './attributes';
import type { LoginKind, Session } from './session';

/** A login failure: the reply is sent, then the socket is closed. */
export class LoginFailure extends Error {
  readonly sqlCode: string;
  constructor(sqlCode: string, text: string) {
    super(text);
    this.name = 'LoginFailure';
    this.sqlCode = sqlCode;
  }
}

const LOGIN_COMMANDS = new Set<string>(['login', 'loginToken', 'subLogin', 'subLoginToken']);

/** Step 1 (NEW state): a login command; answers with the public key (password flows) or a bare ok (token flows). */
export async function loginCommand(s: Session, m: Msg): Promise<string> {
  if (m.command === undefined) throw new ProtocolFault(ErrorText.commandMissing);
  if (typeof m.command !== 'string') throw new ProtocolFault("JSON value '/command' is not a string.");
  if (!LOGIN_COMMANDS.has(m.command)) throw new ProtocolFault(`Command '${m.command}' is not allowed before login; send 'login' first.`);
  const kind = m.command as LoginKind;
  const requested = reqInt(m, 'protocolVersion', 1);
  const version = Math.min(requested, s.ctx.maxProtocolVersion);
  const tokenFlow = kind === 'loginToken' || kind === 'subLoginToken';
  if (tokenFlow && version < 3) throw new ProtocolFault(`Command '${kind}' needs protocol version 3 or higher (negotiated ${version}).`);
  s.loginKind = kind;
  s.protocolVersion = version;
  s.state = 'awaitCredentials';
  return tokenFlow ? okReply() : okReply(s.ctx.loginKey.publicData);
}

/** Step 3 (AWAIT_CREDENTIALS): checks the credentials, opens the session, answers with the session description. */
export async function credentialsMessage(s: Session, m: Msg): Promise<{ reply: string; compress: boolean }> {
  if (m.command !== undefined) throw new ProtocolFault(`Expected the credentials message of '${s.loginKind}', got command ${JSON.stringify(m.command)}.`);
  const ctx = s.ctx;
  const tokenFlow = s.loginKind === 'loginToken' || s.loginKind === 'subLoginToken';
  const sub = s.loginKind === 'subLogin' || s.loginKind === 'subLoginToken';
  // login/loginToken credentials require useCompression (protocol.md §2.1-§2.2); sub-logins have none
  // (they follow the main connection). Checked before the credentials, as a malformed message is.
  let useCompression = sub ? (optBool(m, 'useCompression') ?? false) : reqBool(m, 'useCompression');
  let user: string | undefined;
  if (tokenFlow) {
    const access = optString(m, 'accessToken');
    const refresh = optString(m, 'refreshToken');
    if ((access === undefined) === (refresh === undefined))
      throw new LoginFailure(SqlCode.unknown, 'Exactly one of accessToken and refreshToken is required.');
    user = access !== undefined ? ctx.directory.accessTokens.get(access) : ctx.directory.refreshTokens.get(refresh as string);
    if (user === undefined) throw new LoginFailure(SqlCode.loginFailed, ErrorText.tokenAuthFailed);
  } else {
    const name = reqString(m, 'username').toUpperCase();
    const secret = ctx.loginKey.decrypt(reqString(m, 'password'));
    if (secret !== null && ctx.directory.passwords.get(name) === secret) user = name;
    // v3 compatibility mode: a refresh token in place of the password.
    else if (secret !== null && s.protocolVersion >= 3 && ctx.directory.refreshTokens.get(secret) !== undefined)
      user = ctx.directory.refreshTokens.get(secret);
    if (user === undefined) throw new LoginFailure(SqlCode.loginFailed, ErrorText.authFailed);
  }

  let group;
  if (sub) {
    const raw = m.token;
    const token = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : undefined;
    if (token === undefined) throw new LoginFailure(SqlCode.unknown, "JSON value '/token' is required, but was not provided.");
    group = ctx.cluster.group(token);
    // an unknown token or a full group fails like a wrong password (protocol-v4-v5.md §3.10)
    if (group === undefined) throw new LoginFailure(SqlCode.loginFailed, ErrorText.authFailed);
    // v4+ (protocol-v4-v5.md §3.4): the main session's id, compared as an exact 64-bit integer.
    if (s.protocolVersion >= 4 && exactInteger(m.sessionId) !== group.mainSessionId) throw new LoginFailure(SqlCode.loginFailed, ErrorText.authFailed);
    if (group.user !== undefined && group.user !== user) throw new LoginFailure(SqlCode.loginFailed, ErrorText.authFailed);
    if (m.useCompression === undefined) useCompression = group.compressed;
  }

  s.userName = user;
  s.sessionId = newSessionId(ctx);
  s.attributes = new SessionAttributes(s.protocolVersion, () => s.sql);
  const text = (k: string): string | undefined => (typeof m[k] === 'string' ? (m[k] as string) : undefined);
  const client = { clientName: text('clientName'), clientVersion: text('clientVersion'), driverName: text('driverName'), clientOs: text('clientOs'), clientOsUsername: text('clientOsUsername'), encrypted: ctx.tls };
  const sql = await ctx.engine.openSession({ sessionId: String(s.sessionId), userName: user, client });
  if (s.state === 'closed') {
    await sql.close().catch(() => undefined);
    throw new LoginFailure(SqlCode.unknown, 'connection closed during login');
  }
  s.sql = sql;
  let wantsCompression: boolean;
  try {
    wantsCompression = await s.attributes.apply(m.attributes, { atLogin: true });
  } catch (e) {
    if (e instanceof EngineError || e instanceof ProtocolFault) throw new LoginFailure(e.sqlCode, e.message);
    throw e;
  }
  if (sub && group !== undefined) {
    const index = group.join(s);
    if (index < 0) throw new LoginFailure(SqlCode.loginFailed, ErrorText.authFailed);
    s.parallel = { group, index };
  }
  const compress = useCompression || wantsCompression;
  if (compress) s.attributes.enableCompression();
  s.state = 'authenticated';
  const attrs = s.attributes.all();
  return {
    compress,
    reply: okReply({
      protocolVersion: s.protocolVersion,
      timeZone: attrs.timezone,
      timeZoneBehavior: attrs.timeZoneBehavior,
      // A sub-connection answers with the main session's id (protocol-v4-v5.md §9 Q6: "current
      // session ID"); internally it keeps an id of its own, for its DuckDB session and its errors.
      sessionId: s.parallel !== undefined ? s.parallel.group.mainSessionId : s.sessionId,
      maxDataMessageSize: MAX_DATA_MESSAGE_SIZE,
      releaseVersion: ctx.releaseVersion,
      databaseName: ctx.databaseName,
      productName: 'EXASolution',
      maxIdentifierLength: 128,
      maxVarcharLength: 2000000,
      identifierQuoteString: '"',
    }),
  };
}

/** A JSON integer (lossless parse: digits beyond 2^53 arrive as a string) as a bigint; undefined otherwise. */
function exactInteger(v: unknown): bigint | undefined {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === 'string' && /^\d{1,20}$/.test(v)) return BigInt(v);
  return undefined;
}
