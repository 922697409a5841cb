/**
 * Result data types Exasol documents for functions whose DuckDB result type says less (text of a known length,
 * HASHTYPE): a select item that is exactly one call of such a function gets the documented type
 * (rewrite/select-list.ts), as a CAST would.
 */
import type { DataType } from '../../../protocol';
import { keyword } from '../lexer';
import type { Tok } from '../rewrite/tokens';
import { closing } from './calls';

const ascii = (type: 'CHAR' | 'VARCHAR', size: number): DataType => ({ type, size, characterSet: 'ASCII' });
const hashtype = (bytes: number): DataType => ({ type: 'HASHTYPE', size: bytes * 2 });

/** Function name -> its result type (docs.exasol.com, each function's usage notes). */
const RESULT_TYPES: Record<string, DataType> = {
  // "Return values have data type CHAR(n) and contain hex characters"
  HASH_MD5: ascii('CHAR', 32),
  HASH_SHA: ascii('CHAR', 40),
  HASH_SHA1: ascii('CHAR', 40),
  HASH_SHA256: ascii('CHAR', 64),
  HASH_SHA512: ascii('CHAR', 128),
  HASH_TIGER: ascii('CHAR', 48),
  // "Return values have data type HASHTYPE(n byte)"
  HASHTYPE_MD5: hashtype(16),
  HASHTYPE_SHA: hashtype(20),
  HASHTYPE_SHA1: hashtype(20),
  HASHTYPE_SHA256: hashtype(32),
  HASHTYPE_SHA512: hashtype(64),
  HASHTYPE_TIGER: hashtype(24),
  // "always a string with 4 characters" (the emulator's assumption: CHAR(4) ASCII)
  SOUNDEX: ascii('CHAR', 4),
  // "a system wide unique hexadecimal of type CHAR(48)"
  SYS_GUID: ascii('CHAR', 48),
  // "The return type of function TYPEOF is VARCHAR(40) UTF8" (changelog 10769)
  TYPEOF: { type: 'VARCHAR', size: 40, characterSet: 'UTF8' },
  // interval conversions: the largest precisions (the emulator's assumption)
  NUMTODSINTERVAL: { type: 'INTERVAL DAY TO SECOND', precision: 9, fraction: 9 },
  TO_DSINTERVAL: { type: 'INTERVAL DAY TO SECOND', precision: 9, fraction: 9 },
  NUMTOYMINTERVAL: { type: 'INTERVAL YEAR TO MONTH', precision: 9 },
  TO_YMINTERVAL: { type: 'INTERVAL YEAR TO MONTH', precision: 9 },
};

/** The documented result type of `expr` when it is one call of a function of {@link RESULT_TYPES}. */
export function callResultType(expr: Tok[]): DataType | undefined {
  if (expr.length < 3 || expr[0]!.kind !== 'word' || expr[1]!.text !== '(' || closing(expr, 1) !== expr.length - 1) return undefined;
  return RESULT_TYPES[keyword(expr[0])];
}
