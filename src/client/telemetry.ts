/**
 * Logging and tracing without dependencies. A `logger` gets leveled messages (statement text only
 * with `logStatements`, credentials never); a `tracer` with the structural shape of
 * OpenTelemetry's (`startSpan(name, { attributes })` returning a span with `setAttribute`,
 * `recordException`, `setStatus` and `end`) gets spans for connect, login, each statement and each
 * fetch, so an OpenTelemetry tracer can be passed in as it is. Without either, every hook is a no-op
 * and the recording implementation (`telemetry-recorder.ts`) is never loaded.
 */

/** Severity of a log message. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Where log messages go; any method left out is skipped. `console` fits. */
export interface Logger {
  debug?(message: string, fields?: Record<string, unknown>): void;
  info?(message: string, fields?: Record<string, unknown>): void;
  warn?(message: string, fields?: Record<string, unknown>): void;
  error?(message: string, fields?: Record<string, unknown>): void;
}

/** Attribute values of a span. */
export type SpanAttributes = Record<string, string | number | boolean>;

/** The part of an OpenTelemetry span the SDK uses. */
export interface TraceSpan {
  setAttribute(key: string, value: string | number | boolean): unknown;
  recordException(exception: Error): unknown;
  /** Optional, as in OpenTelemetry: `{ code: 2 }` marks an error. */
  setStatus?(status: { code: number; message?: string }): unknown;
  end(): void;
}

/** The part of an OpenTelemetry tracer the SDK uses: `trace.getTracer('exasol-ws')` fits. */
export interface Tracer {
  startSpan(name: string, options?: { attributes?: SpanAttributes }): TraceSpan;
}

/** Observability options of `connect()`. */
export interface ObservabilityOptions {
  /** Receives log messages at `logLevel` and above. */
  logger?: Logger;
  /** Lowest level passed to the logger (default `'info'`). */
  logLevel?: LogLevel;
  /** Put SQL text into log messages and spans (`db.query.text`); off by default, as statements may hold data. */
  logStatements?: boolean;
  /** Receives spans: `exasol.connect`, `exasol.login`, `exasol.statement`, `exasol.fetch`. */
  tracer?: Tracer;
}

/** One traced and logged piece of work. */
export interface Activity {
  /** Adds an attribute to the span. */
  set(key: string, value: string | number | boolean): void;
  /** Ends the work, as failed when `error` is given. Idempotent. */
  end(error?: unknown): void;
}

/** The observability of one connection: no-ops without a logger and tracer ({@link NO_TELEMETRY}). */
export interface Telemetry {
  /** Whether SQL text may go into messages and spans. */
  readonly statements: boolean;
  /** Attributes every span gets (db.system, server address, session id once known). */
  readonly base: SpanAttributes;
  /** Whether anything listens (callers skip work that only feeds telemetry). */
  readonly active: boolean;
  /** Logs `message` at `level` when the logger takes that level. A logger that throws is ignored. */
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
  /** Starts a span named `name` (and logs its start at debug); returns how to annotate and end it. */
  start(name: string, attributes?: SpanAttributes): Activity;
  /** Starts the span of one statement (its operation, and its text with `logStatements`). */
  statement(sql: string): StatementActivity;
  /** Starts the login span to `url` (server address and port, protocol version, login kind). */
  login(url: string, o: { protocolVersion?: number; accessToken?: unknown; refreshToken?: unknown }): LoginActivity;
}

/** The span of one statement; `end` records the rows read (and the total, when known). Idempotent. */
export interface StatementActivity {
  end(rows: number, total: number | undefined, error?: unknown): void;
}

/** The login span; `end` with the session's description adds it to every later span of the connection. */
export interface LoginActivity {
  end(error: unknown, info?: { sessionId: unknown; protocolVersion: number }): void;
}

const NO_ACTIVITY: Activity = { set() {}, end() {} };

/** The telemetry of a connection without logger and tracer: every hook a no-op (the recording one loads only when needed). */
export const NO_TELEMETRY: Telemetry = { statements: false, base: {}, active: false, log() {}, start: () => NO_ACTIVITY, statement: () => NO_ACTIVITY, login: () => NO_ACTIVITY };

/** Bytes of the UTF-8 encoding of `text` (for span attributes; only counted when a tracer or logger listens). */
export function utf8Length(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) n += c >= 0x800 && (c < 0xd800 || c > 0xdfff) ? 2 : 1;
  }
  return n;
}
