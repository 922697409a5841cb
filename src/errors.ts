/**
 * The SDK's error classes. Every failure the SDK reports is an {@link ExasolError}; the subclass
 * tells what went wrong. `instanceof` works across copies of the library (for example the UMD
 * bundle next to an ESM import) because each class checks a brand stored under a global symbol.
 */

const KINDS = Symbol.for('exasol-ws.error-kinds');

type Branded = { [KINDS]?: readonly string[] };

function brand(target: object, kinds: readonly string[]): void {
  Object.defineProperty(target, KINDS, { value: kinds, enumerable: false });
}

function hasKind(value: unknown, kind: string): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const kinds = (value as Branded)[KINDS];
  return Array.isArray(kinds) && kinds.includes(kind);
}

/** Extra fields every SDK error may carry. */
export interface ExasolErrorDetails {
  /** The 5-character code the server sent, when the failure came from the server. */
  sqlCode?: string;
  /** The SQL text involved, when there was one. */
  sql?: string;
  /** The underlying error, if any. */
  cause?: unknown;
}

/** Base class of every error the SDK throws or rejects with. */
export class ExasolError extends Error {
  /** The 5-character code the server sent, when the failure came from the server. */
  readonly sqlCode?: string;
  /** The SQL text involved, when there was one. */
  readonly sql?: string;
  constructor(message: string, details: ExasolErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    // `this.constructor` rather than `new.target`: minifiers may inline constructors where new.target is lost.
    const ctor = this.constructor as typeof ExasolError;
    this.name = ctor.kind;
    if (details.sqlCode !== undefined) this.sqlCode = details.sqlCode;
    if (details.sql !== undefined) this.sql = details.sql;
    brand(this, kindsOf(ctor));
  }
  /** Recognises errors of this class also when they come from another copy of the library. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasKind(value, (this as unknown as { kind: string }).kind);
  }
  /** The brand checked by `instanceof`. */
  static readonly kind: string = 'ExasolError';
}

function kindsOf(ctor: Function): string[] {
  const kinds: string[] = [];
  for (let c: unknown = ctor; typeof c === 'function' && c !== Error; c = Object.getPrototypeOf(c)) {
    const k = (c as { kind?: string }).kind;
    if (typeof k === 'string' && !kinds.includes(k)) kinds.push(k);
  }
  return kinds;
}

/** The server refused an SQL statement or command (`status: "error"`). `sqlCode` and `sql` say which. */
export class SqlError extends ExasolError {
  static override readonly kind = 'SqlError';
  /** The server's 5-character code, e.g. `42000`. */
  declare readonly sqlCode: string;
  /** The server's error text, verbatim. */
  readonly serverText: string;
  constructor(serverText: string, sqlCode: string, sql?: string) {
    super(sql === undefined ? `${serverText} [${sqlCode}]` : `${serverText} [${sqlCode}] in: ${abbreviate(sql)}`, { sqlCode, sql });
    this.serverText = serverText;
  }
}

/** Login refused: wrong user/password or token, or TLS required (the server's code 08004). Other failures during login keep their own class. */
export class AuthError extends ExasolError {
  static override readonly kind = 'AuthError';
}

/** A wait took too long: connect, a command, a silent server, or the server's own `queryTimeout` (R0001). */
export class TimeoutError extends ExasolError {
  static override readonly kind = 'TimeoutError';
}

/** The operation was cancelled: by an AbortSignal, by `abort()`, by unsubscribing, or by the server (R0003). */
export class AbortError extends ExasolError {
  static override readonly kind = 'AbortError';
  constructor(message = 'The operation was aborted', details: ExasolErrorDetails = {}) {
    super(message, details);
  }
}

/** The connection could not be opened or was lost; everything pending on it fails with this. */
export class ConnectionError extends ExasolError {
  static override readonly kind = 'ConnectionError';
  /** For a host list: the error of each host tried, in order. */
  readonly attempts?: readonly { url: string; error: unknown }[];
  constructor(message: string, details: ExasolErrorDetails & { attempts?: { url: string; error: unknown }[] } = {}) {
    super(message, details);
    if (details.attempts !== undefined) this.attempts = details.attempts;
  }
}

/** The server sent something that does not fit the protocol (bad JSON, wrong shape, unexpected message). */
export class ProtocolError extends ExasolError {
  static override readonly kind = 'ProtocolError';
}

/** A value or option given to the SDK is invalid (bad bind value, bad host list, bad option); nothing was sent. */
export class InputError extends ExasolError {
  static override readonly kind = 'InputError';
  /** For bind values: 0-based row and parameter index. */
  readonly row?: number;
  /** For bind values: 0-based parameter index. */
  readonly column?: number;
  constructor(message: string, where: { row?: number; column?: number; sql?: string } = {}) {
    super(message, { sql: where.sql });
    if (where.row !== undefined) this.row = where.row;
    if (where.column !== undefined) this.column = where.column;
  }
}

function abbreviate(sql: string): string {
  const one = sql.replace(/\s+/g, ' ').trim();
  return one.length > 200 ? one.slice(0, 197) + '...' : one;
}

/** Turns a server `exception` into the matching error class (R0003 abort, R0001 timeout, 08004 auth, else SqlError). */
export function errorFromServer(exception: { text: string; sqlCode: string }, sql?: string): ExasolError {
  const { text, sqlCode } = exception;
  if (sqlCode === 'R0003') return new AbortError(text, { sqlCode, sql });
  if (sqlCode === 'R0001') return new TimeoutError(text, { sqlCode, sql });
  if (sqlCode === '08004') return new AuthError(text, { sqlCode });
  return new SqlError(text, sqlCode, sql);
}
