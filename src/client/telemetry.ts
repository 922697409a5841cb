/**
 * Logging and tracing without dependencies. A `logger` gets leveled messages (statement text only
 * with `logStatements`, credentials never); a `tracer` with the structural shape of
 * OpenTelemetry's (`startSpan(name, { attributes })` returning a span with `setAttribute`,
 * `recordException`, `setStatus` and `end`) gets spans for connect, login, each statement and each
 * fetch, so an OpenTelemetry tracer can be passed in as it is. Without either, every hook is a no-op.
 */
import type { ExasolError } from '../errors';

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

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
/** OpenTelemetry's SpanStatusCode.ERROR. */
const STATUS_ERROR = 2;

const NO_ACTIVITY: Activity = { set() {}, end() {} };

/** The first keyword of a statement (`SELECT`, `INSERT`, ...), as `db.operation.name`. */
export function operationOf(sql: string): string {
  const m = /^[\s(]*(?:(?:--[^\n]*\n|\/\*[^]*?\*\/)\s*)*([A-Za-z]+)/.exec(sql);
  return m === null ? 'UNKNOWN' : m[1]!.toUpperCase();
}

/** The observability of one connection: the options, plus attributes every span carries. */
export class Telemetry {
  readonly #logger: Logger | undefined;
  readonly #minRank: number;
  readonly #tracer: Tracer | undefined;
  /** Whether SQL text may go into messages and spans. */
  readonly statements: boolean;
  /** Attributes every span gets (db.system, server address, session id once known). */
  readonly base: SpanAttributes = { 'db.system': 'exasol', 'db.system.name': 'exasol' };

  constructor(o: ObservabilityOptions = {}) {
    this.#logger = o.logger;
    this.#minRank = RANK[o.logLevel ?? 'info'];
    this.#tracer = o.tracer;
    this.statements = o.logStatements === true;
  }

  /** Whether anything listens (callers skip work that only feeds telemetry). */
  get active(): boolean {
    return this.#logger !== undefined || this.#tracer !== undefined;
  }

  /** Logs `message` at `level` when the logger takes that level. A logger that throws is ignored. */
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void {
    if (this.#logger === undefined || RANK[level] < this.#minRank) return;
    try {
      this.#logger[level]?.(message, fields);
    } catch {
      /* a broken logger must not break the session */
    }
  }

  /** The error as logs and spans may show it: without the statement text (SqlError appends it) unless `logStatements`. */
  #shown(e: Error): Error {
    const sql = (e as ExasolError).sql;
    if (this.statements || typeof sql !== 'string' || !/ in: /.test(e.message)) return e;
    const message = e.message.replace(/ in: [^]*$/, '');
    // The same class and properties (so `instanceof` and sqlCode still work), without the text.
    const copy = Object.create(Object.getPrototypeOf(e), Object.getOwnPropertyDescriptors(e)) as Error & { sql?: string };
    Object.defineProperty(copy, 'message', { value: message, writable: true, configurable: true });
    if (e.stack !== undefined) Object.defineProperty(copy, 'stack', { value: e.stack.replace(e.message, message), writable: true, configurable: true });
    delete copy.sql;
    return copy;
  }

  /** Starts a span named `name` (and logs its start at debug); returns how to annotate and end it. */
  start(name: string, attributes: SpanAttributes = {}): Activity {
    if (!this.active) return NO_ACTIVITY;
    const attrs = { ...this.base, ...attributes };
    let span: TraceSpan | undefined;
    try {
      span = this.#tracer?.startSpan(name, { attributes: attrs });
    } catch {
      span = undefined;
    }
    const startedAt = Date.now();
    this.log('debug', `${name} started`, attrs);
    let ended = false;
    return {
      set: (key, value) => {
        attrs[key] = value;
        try {
          span?.setAttribute(key, value);
        } catch {
          /* ignored, as above */
        }
      },
      end: (error) => {
        if (ended) return;
        ended = true;
        const ms = Date.now() - startedAt;
        if (error !== undefined) {
          const e = this.#shown(error instanceof Error ? error : new Error(String(error)));
          try {
            span?.recordException(e);
            span?.setStatus?.({ code: STATUS_ERROR, message: e.message });
          } catch {
            /* ignored */
          }
          this.log('warn', `${name} failed after ${ms} ms: ${e.name}: ${e.message}`, { ...attrs, error: e.name, sqlCode: (e as ExasolError).sqlCode });
        } else this.log('debug', `${name} done in ${ms} ms`, attrs);
        try {
          span?.end();
        } catch {
          /* ignored */
        }
      },
    };
  }
}

/** Bytes of the UTF-8 encoding of `text` (for span attributes; only counted when a tracer or logger listens). */
export function utf8Length(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) n += c >= 0x800 && (c < 0xd800 || c > 0xdfff) ? 2 : 1;
  }
  return n;
}
