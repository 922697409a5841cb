/**
 * Session attributes held by the emulator (protocol.md §4, wire-quirks.md §4): validation of
 * attributes sent by a client (on login, setAttributes, or any request), the live view of all
 * of them (some come from the SQL session: autocommit, currentSchema, openTransaction, timezone), and the
 * "what changed" diff echoed in replies.
 */
import { ATTRIBUTE_SPECS, DEFAULT_ATTRIBUTES, attributeNamesFor, type AttributeName, type Attributes } from '../protocol';
import type { SqlSession } from './sql/contract';
import { ProtocolFault } from './replies';

/** The mutable, server-held part of a session's attributes plus the live SQL-session ones. */
export class SessionAttributes {
  private readonly values: Record<AttributeName, unknown>;

  /** @param protocolVersion the session's negotiated version (v1 has no `resultSetMaxRows`). */
  constructor(
    private readonly protocolVersion: number,
    private readonly sql: () => SqlSession | undefined,
  ) {
    this.values = { ...DEFAULT_ATTRIBUTES };
  }

  /** `feedbackInterval` in seconds. */
  get feedbackInterval(): number {
    return this.values.feedbackInterval as number;
  }
  /** `queryTimeout` in seconds (0 = none). */
  get queryTimeout(): number {
    return this.sql()?.queryTimeout ?? (this.values.queryTimeout as number);
  }
  /** `resultSetMaxRows` (0 = unlimited; always 0 on v1). */
  get resultSetMaxRows(): number {
    return this.protocolVersion >= 2 ? (this.values.resultSetMaxRows as number) : 0;
  }
  /** Whether zlib framing is active. */
  get compressionEnabled(): boolean {
    return this.values.compressionEnabled === true;
  }
  /** Marks compression as active (login only). */
  enableCompression(): void {
    this.values.compressionEnabled = true;
  }

  /** Every attribute of the session's protocol version, with live values from the SQL session. */
  all(): Attributes {
    const sql = this.sql();
    const out: Record<string, unknown> = {};
    for (const name of attributeNamesFor(this.protocolVersion)) {
      let v = this.values[name];
      if (sql !== undefined) {
        if (name === 'autocommit') v = sql.autocommit;
        else if (name === 'currentSchema') v = sql.currentSchema;
        else if (name === 'openTransaction') v = sql.openTransaction;
        else if (name === 'timezone' && sql.timeZone !== undefined) v = sql.timeZone;
        else if (name === 'queryTimeout' && sql.queryTimeout !== undefined) v = sql.queryTimeout;
      }
      out[name] = v;
    }
    return out as Attributes;
  }

  /** The attributes whose value differs from `before` (a snapshot taken with {@link all}). */
  changedSince(before: Attributes): Attributes {
    const now = this.all() as Record<string, unknown>;
    const prev = before as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(now)) if (now[k] !== prev[k]) out[k] = now[k];
    return out as Attributes;
  }

  /**
   * Applies attributes a client sent. Unknown names, wrong JSON types and negative numbers are refused
   * (00000). Read-only attributes are refused when they would change (a client echoing the current
   * value is tolerated); `openTransaction` is always refused. At login, read-only values are ignored,
   * except `compressionEnabled: true`, which real servers honour there (wire-quirks.md §4).
   * A JSON `null` resets an attribute to its default.
   * @returns true when the login asked for compression through `compressionEnabled`.
   */
  async apply(input: unknown, opts: { atLogin?: boolean } = {}): Promise<boolean> {
    if (input === undefined) return false;
    if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new ProtocolFault("JSON value '/attributes' is not an object.");
    const entries = Object.entries(input as Record<string, unknown>);
    const allowed = new Set<string>(attributeNamesFor(this.protocolVersion));
    const current = this.all() as Record<string, unknown>;
    // Validate everything first, so a bad request changes nothing.
    const accepted: [AttributeName, unknown][] = [];
    let wantsCompression = false;
    for (const [name, raw] of entries) {
      if (!allowed.has(name)) {
        if (opts.atLogin) continue;
        throw new ProtocolFault(`Unknown session attribute '${name}' (protocol version ${this.protocolVersion}).`);
      }
      const key = name as AttributeName;
      const spec = ATTRIBUTE_SPECS[key];
      const value = raw === null ? DEFAULT_ATTRIBUTES[key] : raw;
      if (key === 'openTransaction' && spec.readOnly) {
        if (opts.atLogin) continue;
        throw new ProtocolFault(`Session attribute 'openTransaction' is read-only.`);
      }
      const okType =
        spec.json === 'number'
          ? typeof value === 'number' && Number.isInteger(value) && value >= 0
          : typeof value === spec.json;
      if (!okType) {
        if (opts.atLogin && spec.readOnly) continue;
        throw new ProtocolFault(
          `Session attribute '${name}' must be ${spec.json === 'number' ? 'a non-negative integer' : 'a ' + spec.json}.`,
        );
      }
      if (spec.readOnly) {
        if (opts.atLogin) {
          if (key === 'compressionEnabled' && value === true) wantsCompression = true;
          continue;
        }
        if (value !== current[key]) throw new ProtocolFault(`Session attribute '${name}' is read-only.`);
        continue;
      }
      accepted.push([key, value]);
    }
    const sql = this.sql();
    for (const [key, value] of accepted) {
      if (key === 'currentSchema') {
        const schema = value as string;
        if (sql === undefined) continue;
        if (schema === '') {
          if (sql.currentSchema !== '') throw new ProtocolFault("Session attribute 'currentSchema' cannot close an open schema.");
          continue;
        }
        if (schema !== sql.currentSchema) await sql.setCurrentSchema(schema);
      } else if (key === 'queryTimeout') {
        if (sql !== undefined && sql.queryTimeout !== undefined) sql.queryTimeout = value as number;
        this.values.queryTimeout = value;
      } else if (key === 'autocommit') {
        if (sql !== undefined) sql.autocommit = value as boolean;
        this.values.autocommit = value;
      } else if (key === 'snapshotTransactionsEnabled') {
        // the session's SNAPSHOT_MODE parameter follows it (EXA_PARAMETERS)
        await sql?.setParameter?.('SNAPSHOT_MODE', value === true ? 'SYSTEM TABLES' : 'OFF');
        this.values[key] = value;
      } else {
        this.values[key] = value;
      }
    }
    return wantsCompression;
  }
}
