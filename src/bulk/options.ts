/** Options of bulk IMPORT/EXPORT and their checks (every bad option is an InputError before anything is sent). */
import { InputError } from '../errors';
import type { BulkProgress } from './progress';

/** The CSV dialect of a transfer; also emitted in the generated SQL, so both sides agree. */
export interface CsvFormat {
  /** Between fields: 1-10 characters, no CR/LF (default `,`). */
  columnSeparator?: string;
  /** Encloses fields that need it, doubled inside (default `"`; `''` for none). */
  columnDelimiter?: string;
  /** `'LF'` (default), `'CRLF'` or `'CR'`: always written into the SQL as `ROW SEPARATOR`. */
  rowSeparator?: 'LF' | 'CRLF' | 'CR';
  /** Character set of CSV bytes (default `UTF-8`). Rows and strings are always UTF-8 on this side. */
  encoding?: string;
  /** An extra spelling of NULL for unquoted fields (`NULL = '...'`); an empty field is NULL anyway. */
  null?: string;
}

/** Options of both directions. */
export interface BulkOptions {
  /** Cancels the transfer: the statement is aborted (`abortQuery`), the tunnels closed; rejects with `AbortError`. */
  signal?: AbortSignal;
  /**
   * Longest wait for the database, ms (default 60000): opening a tunnel, the database's request on it, a
   * stalled transfer (no byte moved), the statement's reply after the last byte. Time spent in your own
   * source or target is not counted. Then the statement is aborted and the call rejects with a BulkError.
   */
  timeout?: number;
  /** Compress the CSV on the wire with gzip (`FILE '000.gz'`). Default false. */
  gzip?: boolean;
  /** Encrypt the tunnels (`https` with a `PUBLIC KEY` pin on 8.32+). Default: when the session uses `wss`. */
  tls?: boolean;
  /** Tunnels to use in parallel, one per cluster node from `getHosts` (wrapping around). Default 1. */
  streams?: number;
  /** `host:port` per tunnel in place of the `getHosts` nodes (NAT, proxies, tests). */
  hosts?: readonly string[];
  /**
   * Called with the running totals at most every 100 ms, and once at the end (`done`). The session's `status$`
   * carries the same reports as `transfer`, with or without this callback.
   */
  onProgress?: (progress: BulkProgress) => void;
  /** The CSV dialect. */
  format?: CsvFormat;
}

/** Options of an IMPORT. */
export interface ImportOptions extends BulkOptions {
  /** Target columns in the order of the CSV fields (bare names upper-cased, `"quoted"` exact). Default: all. */
  columns?: readonly string[];
  /** Lines to skip at the start (a header), CSV text sources only. */
  skip?: number;
  /** Remove spaces around fields (`TRIM`, `LTRIM`, `RTRIM`), CSV text sources only. */
  trim?: 'TRIM' | 'LTRIM' | 'RTRIM';
}

/** Options of an EXPORT. */
export interface ExportOptions extends BulkOptions {
  /** Write the column names as the first line (`WITH COLUMN NAMES`; not for row targets). */
  withColumnNames?: boolean;
}

/** A checked CSV dialect with its characters. */
export interface Dialect {
  sep: string;
  delim: string;
  rowSep: string;
  rowSepName: 'LF' | 'CRLF' | 'CR';
  encoding: string;
  null: string | undefined;
}

const ROW_SEPS = { LF: '\n', CRLF: '\r\n', CR: '\r' } as const;
/** Default of {@link BulkOptions.timeout}, ms. */
export const DEFAULT_TIMEOUT = 60_000;

/** Checks a {@link CsvFormat}. */
export function dialectOf(f: CsvFormat | undefined): Dialect {
  if (f !== undefined && (typeof f !== 'object' || f === null)) throw new InputError('format must be an object');
  const sep = f?.columnSeparator ?? ',';
  const delim = f?.columnDelimiter ?? '"';
  const rowSepName = f?.rowSeparator ?? 'LF';
  const encoding = f?.encoding ?? 'UTF-8';
  if (typeof sep !== 'string' || sep.length < 1 || sep.length > 10 || /[\r\n]/.test(sep)) throw new InputError('format.columnSeparator must be 1-10 characters without CR or LF');
  if (typeof delim !== 'string' || delim.length > 1 || /[\r\n]/.test(delim) || (delim !== '' && sep.includes(delim))) throw new InputError('format.columnDelimiter must be one character (not CR, LF or in the separator) or empty');
  if (!(rowSepName in ROW_SEPS)) throw new InputError("format.rowSeparator must be 'LF', 'CRLF' or 'CR'");
  if (typeof encoding !== 'string' || !/^[A-Za-z0-9_.:-]{1,40}$/.test(encoding)) throw new InputError('format.encoding must be a character set name such as UTF-8');
  const nul = f?.null;
  if (nul !== undefined && (typeof nul !== 'string' || nul === '' || /[\r\n]/.test(nul))) throw new InputError('format.null must be a non-empty string without CR or LF');
  return { sep, delim, rowSep: ROW_SEPS[rowSepName], rowSepName, encoding, null: nul };
}

/** Whether an encoding name means UTF-8. */
export function isUtf8(encoding: string): boolean {
  return /^utf-?8$/i.test(encoding);
}

/** Checks the options common to both directions; returns the timeout and stream count. */
export function checkBulkOptions(o: BulkOptions): { timeout: number; streams: number } {
  if (typeof o !== 'object' || o === null) throw new InputError('options must be an object');
  const timeout = o.timeout ?? DEFAULT_TIMEOUT;
  if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0) throw new InputError('timeout must be a positive number of milliseconds');
  const streams = o.streams ?? o.hosts?.length ?? 1;
  if (!Number.isSafeInteger(streams) || streams < 1 || streams > 256) throw new InputError('streams must be an integer from 1 to 256');
  if (o.hosts !== undefined && (!Array.isArray(o.hosts) || o.hosts.length === 0 || !o.hosts.every((h) => typeof h === 'string' && /^(\[[^\]]+\]|[^:\s]+):\d{1,5}$/.test(h))))
    throw new InputError('hosts must be a non-empty array of host:port');
  for (const k of ['gzip', 'tls'] as const) if (o[k] !== undefined && typeof o[k] !== 'boolean') throw new InputError(`${k} must be a boolean`);
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') throw new InputError('onProgress must be a function');
  if (o.signal !== undefined && !(typeof o.signal === 'object' && o.signal !== null && 'aborted' in o.signal)) throw new InputError('signal must be an AbortSignal');
  return { timeout, streams };
}
