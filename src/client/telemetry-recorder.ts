/** Logging and tracing for a connection given a `logger` or `tracer` (see `telemetry.ts`); loaded only then. */
import type { ExasolError } from '../errors';
import { DEFAULT_PROTOCOL_VERSION } from './options';
import type { Activity, Logger, LoginActivity, LogLevel, ObservabilityOptions, SpanAttributes, StatementActivity, Telemetry, TraceSpan, Tracer } from './telemetry';

/** The first keyword of a statement (`SELECT`, `INSERT`, ...), as `db.operation.name`. */
export function operationOf(sql: string): string {
  const m = /^[\s(]*(?:(?:--[^\n]*\n|\/\*[^]*?\*\/)\s*)*([A-Za-z]+)/.exec(sql);
  return m === null ? 'UNKNOWN' : m[1]!.toUpperCase();
}

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
/** OpenTelemetry's SpanStatusCode.ERROR. */
const STATUS_ERROR = 2;

const NO_ACTIVITY: Activity = { set() {}, end() {} };

/** The observability of one connection with a logger or tracer: the options, plus attributes every span carries. */
export class TelemetryRecorder implements Telemetry {
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
  statement(sql: string): StatementActivity {
    const a = this.start('exasol.statement', { 'db.operation.name': operationOf(sql), ...(this.statements ? { 'db.query.text': sql } : {}) });
    return {
      end: (rows, total, error) => {
        a.set('db.response.returned_rows', rows);
        if (total !== undefined) a.set('exasol.result.total_rows', total);
        a.end(error);
      },
    };
  }

  login(url: string, o: { protocolVersion?: number; accessToken?: unknown; refreshToken?: unknown }): LoginActivity {
    const u = /^wss?:\/\/(\[[^\]]+\]|[^:/]+):(\d+)/.exec(url);
    const server: SpanAttributes = u === null ? {} : { 'server.address': u[1]!, 'server.port': Number(u[2]) };
    const a = this.start('exasol.login', { ...server, 'exasol.protocol_version': o.protocolVersion ?? DEFAULT_PROTOCOL_VERSION, 'exasol.login': o.accessToken !== undefined || o.refreshToken !== undefined ? 'token' : 'password' });
    return {
      end: (error, info) => {
        if (info !== undefined) {
          // Every later span and log line of the connection names the server and the session.
          Object.assign(this.base, server, { 'exasol.session_id': String(info.sessionId) });
          a.set('exasol.session_id', String(info.sessionId));
          a.set('exasol.protocol_version', info.protocolVersion);
        }
        a.end(error);
      },
    };
  }

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

