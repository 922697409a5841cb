/**
 * Error codes and texts that real servers send (protocol.md §7, wire-quirks.md §10). The emulator
 * produces these; the SDK maps them onto its error classes.
 */

/** The `exception` object of an error reply. */
export interface WireException {
  text: string;
  /** 5 characters, SQLSTATE-like; `"00000"` when unknown or for protocol/JSON errors. */
  sqlCode: string;
}

/** SQL codes with a meaning the SDK and emulator rely on. */
export const SqlCode = {
  /** Protocol or JSON error, or unknown. */
  unknown: '00000',
  /** Login failed (wrong credentials, wrong token, TLS required). */
  loginFailed: '08004',
  /** Syntax error or unknown object. */
  syntaxOrAccess: '42000',
  /** Privilege problem or name conflict. */
  privilege: '42500',
  /** Numeric value out of range. */
  numericOutOfRange: '22002',
  /** Invalid character value for cast. */
  invalidCast: '22018',
  /** Division by zero. */
  divisionByZero: '22012',
  /** NOT NULL constraint violated. */
  notNull: '27001',
  /** Primary/foreign key violation. */
  keyViolation: '42X91',
  /** Transaction collision. */
  transactionCollision: '40001',
  /** `queryTimeout` exceeded. */
  queryTimeout: 'R0001',
  /** `abortQuery` received. */
  aborted: 'R0003',
} as const;

/** Texts real servers use, verbatim. */
export const ErrorText = {
  authFailed: 'Connection exception - authentication failed.',
  tokenAuthFailed: 'Connection exception - authentication failed',
  tlsRequired: 'Connection exception - Only TLS connections are allowed.',
  commandMissing: "JSON value '/command' is required, but was not provided.",
  queryTimeout: 'Query terminated because timeout has been reached.',
  aborted: 'Client requested execution abort.',
  notADouble: 'getDouble: JSON value is not a double',
  notAString: 'getString: JSON value is not a string.',
  columnCountMismatch: 'the number of column metadata objects is not the same as the number of data colums',
} as const;
