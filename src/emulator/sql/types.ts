/**
 * Exasol types as written in SQL (`VARCHAR(20) UTF8`, `INTERVAL DAY(2) TO SECOND(3)`, `HASHTYPE(16 BYTE)`,
 * ...), how each is stored in DuckDB, and which Exasol type a DuckDB result column gets when no
 * declared column type is known (expressions).
 */
import type { DataType } from '../../protocol';
import { keyword, type Token } from './lexer';

/** Largest Exasol DECIMAL precision. */
export const MAX_DECIMAL_PRECISION = 36;
/** Largest VARCHAR size (Exasol `maxVarcharLength`). */
export const MAX_VARCHAR_SIZE = 2000000;

/** The type Exasol gives to a value of unknown string type (and to GEOMETRY parameters). */
export const VARCHAR_MAX: DataType = { type: 'VARCHAR', size: MAX_VARCHAR_SIZE, characterSet: 'UTF8' };

/** Builds a DECIMAL data type. */
export function decimalType(precision: number, scale: number): DataType {
  return { type: 'DECIMAL', precision, scale };
}

function intArg(tokens: Token[], i: number): number | undefined {
  const t = tokens[i];
  return t !== undefined && t.kind === 'number' && /^\d+$/.test(t.text) ? Number(t.text) : undefined;
}

/** Reads `( n [, m] )` at `i`: returns the numbers and the index after `)`, or none when absent. */
function parenArgs(tokens: Token[], i: number, words: string[] = []): { args: number[]; words: string[]; end: number } | undefined {
  if (tokens[i]?.text !== '(') return undefined;
  const args: number[] = [];
  const seen: string[] = [];
  let j = i + 1;
  for (;;) {
    const n = intArg(tokens, j);
    if (n !== undefined) {
      args.push(n);
      j++;
    } else if (words.includes(keyword(tokens[j]))) {
      seen.push(keyword(tokens[j]));
      j++;
    } else if (tokens[j]?.text === ',') j++;
    else if (tokens[j]?.text === ')') return { args, words: seen, end: j + 1 };
    else return undefined;
  }
}

/**
 * Parses an Exasol type spelling in significant tokens at `i`. Returns the type and the index of the
 * first token after it, or `undefined` when the tokens do not start a type.
 */
export function parseExaType(tokens: Token[], i: number): { type: DataType; end: number } | undefined {
  const k = keyword(tokens[i]);
  const next = keyword(tokens[i + 1]);
  switch (k) {
    case 'DECIMAL':
    case 'DEC':
    case 'NUMERIC':
    case 'NUMBER': {
      const p = parenArgs(tokens, i + 1);
      if (p === undefined) return { type: decimalType(18, 0), end: i + 1 };
      return { type: decimalType(p.args[0] ?? 18, p.args[1] ?? 0), end: p.end };
    }
    case 'INT':
    case 'INTEGER':
      return { type: decimalType(18, 0), end: i + 1 };
    case 'BIGINT':
      return { type: decimalType(36, 0), end: i + 1 };
    case 'SMALLINT':
    case 'SHORTINT':
      return { type: decimalType(9, 0), end: i + 1 };
    case 'TINYINT':
      return { type: decimalType(3, 0), end: i + 1 };
    case 'DOUBLE':
      return { type: { type: 'DOUBLE' }, end: next === 'PRECISION' ? i + 2 : i + 1 };
    case 'FLOAT':
    case 'REAL': {
      const p = parenArgs(tokens, i + 1);
      return { type: { type: 'DOUBLE' }, end: p ? p.end : i + 1 };
    }
    case 'BOOLEAN':
    case 'BOOL':
      return { type: { type: 'BOOLEAN' }, end: i + 1 };
    case 'DATE':
      return { type: { type: 'DATE', size: 4 }, end: i + 1 };
    case 'TIMESTAMP': {
      let end = i + 1;
      const p = parenArgs(tokens, end);
      if (p) end = p.end;
      // TIMESTAMP(p), p = 0..9 fraction digits, default 3 (Exasol 8.32+); shown on the wire from protocol v5 on.
      const precision = p?.args[0] ?? 3;
      if (keyword(tokens[end]) === 'WITH' && keyword(tokens[end + 1]) === 'LOCAL' && keyword(tokens[end + 2]) === 'TIME' && keyword(tokens[end + 3]) === 'ZONE') {
        return { type: { type: 'TIMESTAMP WITH LOCAL TIME ZONE', withLocalTimeZone: true, size: 8, precision }, end: end + 4 };
      }
      return { type: { type: 'TIMESTAMP', withLocalTimeZone: false, size: 8, precision }, end };
    }
    case 'VARCHAR':
    case 'VARCHAR2':
    case 'NVARCHAR':
    case 'NVARCHAR2':
    case 'CLOB':
    case 'CHAR':
    case 'CHARACTER':
    case 'NCHAR':
    case 'LONG': {
      let end = i + 1;
      let isChar = k === 'CHAR' || k === 'CHARACTER' || k === 'NCHAR';
      if (k === 'LONG') {
        if (next !== 'VARCHAR') return undefined;
        end++;
        isChar = false;
      }
      if ((k === 'CHARACTER' || k === 'CHAR') && (keyword(tokens[end]) === 'VARYING')) {
        isChar = false;
        end++;
      }
      if (k === 'CHARACTER' && keyword(tokens[end]) === 'LARGE' && keyword(tokens[end + 1]) === 'OBJECT') {
        isChar = false;
        end += 2;
      }
      let size = isChar ? 1 : MAX_VARCHAR_SIZE;
      const p = parenArgs(tokens, end, ['CHAR', 'CHARACTERS', 'BYTE']);
      if (p) {
        size = p.args[0] ?? size;
        end = p.end;
      }
      let characterSet: 'UTF8' | 'ASCII' = 'UTF8';
      const cs = keyword(tokens[end]);
      if (cs === 'UTF8' || cs === 'ASCII') {
        characterSet = cs;
        end++;
      } else if (cs === 'CHARACTER' && keyword(tokens[end + 1]) === 'SET') {
        characterSet = keyword(tokens[end + 2]) === 'ASCII' ? 'ASCII' : 'UTF8';
        end += 3;
      }
      return { type: { type: isChar ? 'CHAR' : 'VARCHAR', size, characterSet }, end };
    }
    case 'GEOMETRY': {
      const p = parenArgs(tokens, i + 1);
      return { type: { type: 'GEOMETRY', srid: p?.args[0] ?? 0 }, end: p ? p.end : i + 1 };
    }
    case 'HASHTYPE': {
      const p = parenArgs(tokens, i + 1, ['BYTE', 'BIT']);
      let bytes = 16;
      if (p && p.args[0] !== undefined) bytes = p.words.includes('BIT') ? Math.ceil(p.args[0] / 8) : p.args[0];
      return { type: { type: 'HASHTYPE', size: bytes * 2 }, end: p ? p.end : i + 1 };
    }
    case 'INTERVAL': {
      const unit = next;
      let end = i + 2;
      const p1 = parenArgs(tokens, end);
      if (p1) end = p1.end;
      if (keyword(tokens[end]) !== 'TO') return undefined;
      const unit2 = keyword(tokens[end + 1]);
      end += 2;
      if (unit === 'YEAR' && unit2 === 'MONTH') {
        return { type: { type: 'INTERVAL YEAR TO MONTH', precision: p1?.args[0] ?? 2 }, end };
      }
      if (unit === 'DAY' && unit2 === 'SECOND') {
        const p2 = parenArgs(tokens, end);
        if (p2) end = p2.end;
        return { type: { type: 'INTERVAL DAY TO SECOND', precision: p1?.args[0] ?? 2, fraction: p2?.args[0] ?? 3 }, end };
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** The DuckDB column type that stores values of an Exasol type. */
export function storageType(t: DataType): string {
  switch (t.type) {
    case 'DECIMAL':
      return `DECIMAL(${Math.min(t.precision ?? 18, 38)},${t.scale ?? 0})`;
    case 'DOUBLE':
      return 'DOUBLE';
    case 'BOOLEAN':
      return 'BOOLEAN';
    case 'DATE':
      return 'DATE';
    case 'TIMESTAMP':
    case 'TIMESTAMP WITH LOCAL TIME ZONE':
      // DuckDB's TIMESTAMP holds microseconds; 7-9 fraction digits need nanoseconds (years 1677-2262 only)
      return timestampPrecision(t) > 6 ? 'TIMESTAMP_NS' : 'TIMESTAMP';
    case 'INTERVAL YEAR TO MONTH':
    case 'INTERVAL DAY TO SECOND':
      return 'INTERVAL';
    default:
      return 'VARCHAR';
  }
}

/** Validates a declared type: throws a message for impossible precision/size (Exasol's limits). */
export function typeProblem(t: DataType): string | undefined {
  if (t.type === 'DECIMAL') {
    const p = t.precision ?? 18;
    const s = t.scale ?? 0;
    if (p < 1 || p > MAX_DECIMAL_PRECISION) return `invalid precision ${p} for DECIMAL (allowed: 1..36)`;
    if (s < 0 || s > p) return `invalid scale ${s} for DECIMAL(${p})`;
  }
  if ((t.type === 'VARCHAR' || t.type === 'CHAR') && ((t.size ?? 1) < 1 || (t.size ?? 1) > (t.type === 'CHAR' ? 2000 : MAX_VARCHAR_SIZE))) {
    return `invalid size ${t.size} for ${t.type}`;
  }
  if (t.type === 'HASHTYPE' && ((t.size ?? 32) < 2 || (t.size ?? 32) > 2048)) return `invalid size for HASHTYPE`;
  if ((t.type === 'TIMESTAMP' || t.type === 'TIMESTAMP WITH LOCAL TIME ZONE') && t.precision !== undefined && (t.precision < 0 || t.precision > 9))
    return `invalid precision ${t.precision} for TIMESTAMP (allowed: 0..9)`;
  return undefined;
}

/** Fraction digits of a TIMESTAMP type (TIMESTAMP = TIMESTAMP(3)). */
export function timestampPrecision(t: DataType): number {
  return t.precision ?? 3;
}

/**
 * Whether values of a TIMESTAMP type must be cut to its precision after a write: the storage type
 * keeps 6 (TIMESTAMP) or 9 (TIMESTAMP_NS) fraction digits, so every other precision needs a cut.
 */
export function needsTimestampCut(t: DataType): boolean {
  if (t.type !== 'TIMESTAMP' && t.type !== 'TIMESTAMP WITH LOCAL TIME ZONE') return false;
  const p = timestampPrecision(t);
  return p !== 6 && p !== 9;
}

/**
 * The wire description of a type for a given protocol version (protocol-v4-v5.md §4.1): v1
 * describes HASHTYPE as CHAR; v1-v4 show TIMESTAMPs with `size` and without precision; v5 shows
 * TIMESTAMP precision and no `size` on DATE, TIMESTAMP and INTERVAL types.
 * @param timestampSize `size` of TIMESTAMP types before v5: 8 on Exasol 7, 16 on Exasol 8
 */
export function wireType(t: DataType, protocolVersion: number, timestampSize = 8): DataType {
  if (t.type === 'HASHTYPE' && protocolVersion < 2) return { type: 'CHAR', size: t.size ?? 32, characterSet: 'ASCII' };
  const ts = t.type === 'TIMESTAMP' || t.type === 'TIMESTAMP WITH LOCAL TIME ZONE';
  if (protocolVersion >= 5) {
    if (ts) return { type: t.type, precision: timestampPrecision(t), withLocalTimeZone: t.type !== 'TIMESTAMP' };
    if (t.type === 'DATE') return { type: 'DATE' };
    if ((t.type === 'INTERVAL YEAR TO MONTH' || t.type === 'INTERVAL DAY TO SECOND') && t.size !== undefined) {
      const { size: _size, ...rest } = t;
      return rest;
    }
    return t;
  }
  if (ts) {
    const { precision: _p, ...rest } = t;
    return { ...rest, size: timestampSize };
  }
  return t;
}

/**
 * The Exasol type of a DuckDB result column that is not a declared table column. `duckType` is the
 * DuckDB type text (`DECIMAL(38,2)`, `INTEGER`, `VARCHAR`, ...).
 */
export function derivedType(duckType: string): DataType {
  const dec = /^DECIMAL\((\d+),(\d+)\)$/.exec(duckType);
  if (dec) return decimalType(Math.min(Number(dec[1]), MAX_DECIMAL_PRECISION), Number(dec[2]));
  switch (duckType) {
    case 'TINYINT':
    case 'UTINYINT':
      return decimalType(3, 0);
    case 'SMALLINT':
    case 'USMALLINT':
      return decimalType(9, 0);
    case 'INTEGER':
    case 'UINTEGER':
      return decimalType(18, 0);
    case 'BIGINT':
      return decimalType(18, 0);
    case 'UBIGINT':
    case 'HUGEINT':
    case 'UHUGEINT':
      return decimalType(36, 0);
    case 'DOUBLE':
    case 'FLOAT':
      return { type: 'DOUBLE' };
    case 'BOOLEAN':
      return { type: 'BOOLEAN' };
    case 'DATE':
      return { type: 'DATE', size: 4 };
    case 'TIMESTAMP':
    case 'TIMESTAMP_S':
    case 'TIMESTAMP_MS':
      return { type: 'TIMESTAMP', withLocalTimeZone: false, size: 8 };
    case 'TIMESTAMP_NS':
      return { type: 'TIMESTAMP', withLocalTimeZone: false, size: 8, precision: 9 };
    case 'TIMESTAMP WITH TIME ZONE':
      return { type: 'TIMESTAMP WITH LOCAL TIME ZONE', withLocalTimeZone: true, size: 8 };
    case 'INTERVAL':
      // a computed interval (TIMESTAMP - TIMESTAMP, TO_DSINTERVAL): Exasol's widest DAY(9) TO SECOND(9)
      return { type: 'INTERVAL DAY TO SECOND', precision: 9, fraction: 9 };
    case 'UUID':
      return { type: 'HASHTYPE', size: 32 };
    default:
      return { ...VARCHAR_MAX };
  }
}
