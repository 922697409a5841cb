/**
 * Every request and reply of protocol v1-v3 (with v4 additions noted), as TypeScript types.
 * Shapes follow ../shared/protocol.md §2-§3 and wire-quirks.md (which wins where they differ).
 *
 * Numbers marked "exact" may exceed 2^53; after {@link parseJson} they are `number | string`.
 */
import type { Attributes } from './attributes';
import type { ColumnInfo, DataType } from './types';
import type { WireException } from './errors';

/** Default Exasol port (also JDBC/ODBC). */
export const DEFAULT_PORT = 8563;
/** Highest protocol version this project implements fully. */
export const MAX_PROTOCOL_VERSION = 5;
/** Rows below this count are sent inline with no result set handle; at or above it a handle is used. */
export const INLINE_ROW_LIMIT = 1000;
/** `maxDataMessageSize` of real servers (64 MiB). */
export const MAX_DATA_MESSAGE_SIZE = 67108864;

// ---------------------------------------------------------------------------------------------
// Login

/** Step 1 of a login: `login`/`subLogin` (RSA password) or `loginToken`/`subLoginToken` (v3, OpenID). */
export interface LoginRequest {
  command: 'login' | 'loginToken' | 'subLogin' | 'subLoginToken';
  protocolVersion: number;
  attributes?: Attributes;
}

/** Step 2 of a password login: the server's RSA-1024 public key, in both forms. */
export interface PublicKeyData {
  /** PKCS#1 `-----BEGIN RSA PUBLIC KEY-----` PEM. */
  publicKeyPem: string;
  /** Upper-case hex, 256 digits. */
  publicKeyModulus: string;
  /** Hex, `"010001"`. */
  publicKeyExponent: string;
}

/** Optional client identification fields sent with the credentials. */
export interface ClientInfo {
  clientName?: string;
  driverName?: string;
  clientOs?: string;
  clientOsUsername?: string;
  clientLanguage?: string;
  clientVersion?: string;
  clientRuntime?: string;
}

/** Step 3: the credentials message. It has **no** `command` field. */
export interface CredentialsMessage extends ClientInfo {
  username?: string;
  /** Base64 of the RSA PKCS#1 v1.5 ciphertext of the UTF-8 password (or refresh token, v3 compat mode). */
  password?: string;
  accessToken?: string;
  refreshToken?: string;
  useCompression?: boolean;
  /** Sub-connections: the token from `enterParallel`. */
  token?: number | string;
  /** Requested session id (reconnect) or, v4 sub-logins, the main session id. Exact. */
  sessionId?: number | string;
  attributes?: Attributes;
}

/** Step 4: the session description returned on a successful login. */
export interface SessionInfo {
  /** 64-bit id, exact. After parseJson a string when beyond 2^53. */
  sessionId: number | string;
  protocolVersion: number;
  releaseVersion: string;
  databaseName: string;
  productName: string;
  maxDataMessageSize: number;
  maxIdentifierLength: number;
  maxVarcharLength: number;
  identifierQuoteString: string;
  timeZone: string;
  timeZoneBehavior: string;
}

// ---------------------------------------------------------------------------------------------
// Results

/** A result set: column-major `data` (`data[col][row]`) when rows are inline. */
export interface ResultSet {
  /** Present only when the server keeps a cursor open (>= 1000 rows, or too large). Never 0, never -3. */
  resultSetHandle?: number;
  numColumns: number;
  /** Total rows of the whole result set. */
  numRows: number;
  /** Rows carried in `data` of this message. */
  numRowsInMessage: number;
  columns: ColumnInfo[];
  data?: unknown[][];
}

/** One statement's outcome: a row count or a result set. */
export type Result = { resultType: 'rowCount'; rowCount: number } | { resultType: 'resultSet'; resultSet: ResultSet };

/** `responseData` of execute, executeBatch, executePreparedStatement, getResultSetHeader and metadata commands. */
export interface Results {
  numResults: number;
  results: Result[];
}

/** `responseData` of createPreparedStatement (results sit beside parameterData, not inside it). */
export interface PreparedStatementData extends Partial<Results> {
  statementHandle: number;
  /** Absent when the statement has no `?` placeholders. */
  parameterData?: { numColumns: number; columns: ColumnInfo[] };
}

/** `responseData` of fetch: `numRows` is the row count of this chunk. */
export interface FetchData {
  numRows: number;
  data?: unknown[][];
}

// ---------------------------------------------------------------------------------------------
// Commands (after login)

/** Names of the v2 metadata commands. */
export const METADATA_COMMANDS = [
  'getSchemas',
  'getTables',
  'getColumns',
  'getColumnPrivileges',
  'getTablePrivileges',
  'getPrimaryKeys',
  'getFunctions',
  'getScripts',
  'getConnections',
  'getRoles',
  'getUsers',
  'getProperties',
  'getKeywords',
  'getTableTypes',
  'getTypeInfo',
] as const;

/** A v2 metadata command name. */
export type MetadataCommandName = (typeof METADATA_COMMANDS)[number];

/** Request of a metadata command. Filters: `null`/absent match all, `""` matches nothing. */
export interface MetadataRequest {
  command: MetadataCommandName;
  schema?: string | null;
  table?: string | null;
  column?: string | null;
  tableTypes?: string[] | null;
  function?: string | null;
  script?: string | null;
  name?: string | null;
  attributes?: Attributes;
}

/** Every request a logged-in client can send. */
export type Request =
  | { command: 'disconnect'; attributes?: Attributes }
  | { command: 'getAttributes'; attributes?: Attributes }
  | { command: 'setAttributes'; attributes: Attributes }
  | { command: 'execute'; sqlText: string; attributes?: Attributes }
  | { command: 'executeBatch'; sqlTexts: string[]; attributes?: Attributes }
  | { command: 'createPreparedStatement'; sqlText: string; attributes?: Attributes }
  | {
      command: 'executePreparedStatement';
      statementHandle: number;
      numColumns: number;
      numRows: number;
      columns?: ColumnInfo[];
      /** Column-major parameter values. */
      data?: unknown[][];
      attributes?: Attributes;
    }
  | { command: 'closePreparedStatement'; statementHandle: number; attributes?: Attributes }
  | { command: 'fetch'; resultSetHandle: number; startPosition: number; numBytes: number; attributes?: Attributes }
  | { command: 'closeResultSet'; resultSetHandles: number[]; attributes?: Attributes }
  | { command: 'getResultSetHeader'; resultSetHandles: number[]; attributes?: Attributes }
  | { command: 'getOffset'; resultSetHandle: number; attributes?: Attributes }
  | { command: 'abortQuery' }
  | { command: 'getHosts'; hostIp?: string; attributes?: Attributes }
  | { command: 'enterParallel'; hostIp?: string; numRequestedConnections: number; attributes?: Attributes }
  | MetadataRequest;

/** The command names of {@link Request}. */
export type CommandName = Request['command'];

/** `responseData` of getHosts: bare IPs, no ports. */
export interface HostsData {
  numNodes: number;
  nodes: string[];
}

/** `responseData` of enterParallel: `nodes` are `"ip:port"`. */
export interface EnterParallelData {
  numOpenConnections: number;
  token: number;
  nodes: string[];
}

/** `responseData` of getOffset. */
export interface OffsetData {
  rowOffset: number;
}

// ---------------------------------------------------------------------------------------------
// Envelope

/** A successful reply. `attributes` carries changed attributes (all of them for getAttributes). */
export interface OkReply<D = unknown> {
  status: 'ok';
  responseData?: D;
  attributes?: Attributes;
}

/** A failed reply. */
export interface ErrorReply {
  status: 'error';
  exception: WireException;
}

/** Any reply. */
export type Reply<D = unknown> = OkReply<D> | ErrorReply;

/** Re-exported for convenience: a column's type. */
export type { DataType, ColumnInfo };
