/**
 * Session attributes (protocol.md §4, wire-quirks.md §4): names, JSON types, which are read-only,
 * which protocol version introduced them, and the defaults a real v3 session reports.
 */

/** The full attribute set of a session. Every field is optional on the wire (replies carry changes only). */
export interface Attributes {
  autocommit?: boolean;
  /** Read-only; but honoured in the login message's `attributes` (GO's way of enabling compression). */
  compressionEnabled?: boolean;
  /** `""` when no schema is open. */
  currentSchema?: string;
  dateFormat?: string;
  dateLanguage?: string;
  datetimeFormat?: string;
  defaultLikeEscapeCharacter?: string;
  /** Seconds between heartbeat Pong frames while a command runs. */
  feedbackInterval?: number;
  numericCharacters?: string;
  /** Read-only; an integer 0/1 on real servers (not a boolean). */
  openTransaction?: number | boolean;
  /** Seconds; 0 = no timeout. Expiry fails the statement with R0001. */
  queryTimeout?: number;
  /** v2+: cap on result-set rows; 0 = unlimited. */
  resultSetMaxRows?: number;
  snapshotTransactionsEnabled?: boolean;
  timestampUtcEnabled?: boolean;
  /** Note the lower-case z (the login reply says `timeZone`). */
  timezone?: string;
  timeZoneBehavior?: string;
}

/** Attribute names in the order the spec lists them. */
export type AttributeName = keyof Attributes;

/** Every attribute name, with the protocol version that introduced it and whether it is read-only. */
export const ATTRIBUTE_SPECS: Readonly<Record<AttributeName, { json: 'boolean' | 'string' | 'number'; readOnly: boolean; since: number }>> = {
  autocommit: { json: 'boolean', readOnly: false, since: 1 },
  compressionEnabled: { json: 'boolean', readOnly: true, since: 1 },
  currentSchema: { json: 'string', readOnly: false, since: 1 },
  dateFormat: { json: 'string', readOnly: true, since: 1 },
  dateLanguage: { json: 'string', readOnly: true, since: 1 },
  datetimeFormat: { json: 'string', readOnly: true, since: 1 },
  defaultLikeEscapeCharacter: { json: 'string', readOnly: true, since: 1 },
  feedbackInterval: { json: 'number', readOnly: false, since: 1 },
  numericCharacters: { json: 'string', readOnly: false, since: 1 },
  openTransaction: { json: 'number', readOnly: true, since: 1 },
  queryTimeout: { json: 'number', readOnly: false, since: 1 },
  resultSetMaxRows: { json: 'number', readOnly: false, since: 2 },
  snapshotTransactionsEnabled: { json: 'boolean', readOnly: false, since: 1 },
  timestampUtcEnabled: { json: 'boolean', readOnly: false, since: 1 },
  timezone: { json: 'string', readOnly: true, since: 1 },
  timeZoneBehavior: { json: 'string', readOnly: true, since: 1 },
};

/** The attributes a fresh session reports (wire-quirks.md §4). */
export const DEFAULT_ATTRIBUTES: Readonly<Required<Attributes>> = {
  autocommit: true,
  compressionEnabled: false,
  currentSchema: '',
  dateFormat: 'YYYY-MM-DD',
  dateLanguage: 'ENG',
  datetimeFormat: 'YYYY-MM-DD HH24:MI:SS.FF6',
  defaultLikeEscapeCharacter: '\\',
  feedbackInterval: 1,
  numericCharacters: '.,',
  openTransaction: 0,
  queryTimeout: 0,
  resultSetMaxRows: 0,
  snapshotTransactionsEnabled: false,
  timestampUtcEnabled: false,
  timezone: 'UNIVERSAL',
  timeZoneBehavior: 'INVALID SHIFT AMBIGUOUS ST',
};

/** Attribute names that exist in the given protocol version. */
export function attributeNamesFor(protocolVersion: number): AttributeName[] {
  return (Object.keys(ATTRIBUTE_SPECS) as AttributeName[]).filter((n) => ATTRIBUTE_SPECS[n].since <= protocolVersion);
}
