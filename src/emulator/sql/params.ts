/**
 * Prepared-statement parameter values: the strict JSON checks real servers apply (a DOUBLE needs a
 * non-integer number token, a string type needs a JSON string, ...) and the canonical text each
 * value is handed to DuckDB as (cast to the column's storage type there, so range and cast errors
 * come from the database like on Exasol).
 */
import type { DataType } from '../../protocol';
import { ErrorText, RawNumber, SqlCode } from '../../protocol';
import { EngineError } from './contract';
import { normalizeWkt } from './encode';
import { quoteString } from './lexer';
import { storageType, timestampPrecision } from './types';

function castError(value: string): EngineError {
  return new EngineError(SqlCode.invalidCast, `data exception - invalid character value for cast; Value: '${value}'`);
}

/** `+DD HH:MM:SS.fff` -> DuckDB interval text (`-3 days -01:02:03.004`), or undefined. */
export function dayToSecondText(s: string): string | undefined {
  const m = /^\s*([+-])?(\d+)\s+(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,9}))?\s*$/.exec(s);
  if (!m) return undefined;
  const sign = m[1] === '-' ? '-' : '';
  const frac = m[6] ? '.' + m[6].slice(0, 6) : '';
  return `${sign}${Number(m[2])} days ${sign}${m[3]}:${m[4]}:${m[5]}${frac}`;
}

/** `+YY-MM` -> DuckDB interval text, or undefined. */
export function yearToMonthText(s: string): string | undefined {
  const m = /^\s*([+-])?(\d+)-(\d{1,2})\s*$/.exec(s);
  if (!m) return undefined;
  const sign = m[1] === '-' ? '-' : '';
  return `${sign}${Number(m[2])} years ${sign}${Number(m[3])} months`;
}

const DECIMAL_TEXT = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/**
 * Checks one parameter value against its type and returns the text DuckDB casts to the storage
 * type, or null for NULL (and for `''`, which Exasol stores as NULL).
 * @throws EngineError 00000 for a JSON value of the wrong kind, 22018 for text that cannot be cast.
 */
export function paramText(value: unknown, t: DataType): string | null {
  if (value === null || value === undefined) return null;
  // an array or object is no parameter value of any type: a JSON-kind error (00000), as for the other wrong kinds
  if (typeof value === 'object' && !(value instanceof RawNumber)) throw new EngineError(SqlCode.unknown, ErrorText.notAString);
  switch (t.type) {
    case 'DOUBLE':
      if (value instanceof RawNumber && !value.isInteger) return value.text;
      if (typeof value === 'number' && !Number.isInteger(value)) return String(value);
      throw new EngineError(SqlCode.unknown, ErrorText.notADouble);
    case 'DECIMAL':
      if (value instanceof RawNumber) return value.text;
      if (typeof value === 'number' || typeof value === 'bigint') return String(value);
      if (typeof value === 'string') {
        if (value === '') return null;
        if (!DECIMAL_TEXT.test(value)) throw castError(value);
        return value.trim();
      }
      throw castError(String(value));
    case 'BOOLEAN': {
      if (typeof value === 'boolean') return value ? 'true' : 'false';
      if (typeof value === 'string') {
        const v = value.trim().toLowerCase();
        if (v === '') return null;
        if (['true', 't', 'yes', 'y', '1'].includes(v)) return 'true';
        if (['false', 'f', 'no', 'n', '0'].includes(v)) return 'false';
        throw castError(value);
      }
      throw castError(String(value));
    }
    default:
      break;
  }
  if (typeof value !== 'string') throw new EngineError(SqlCode.unknown, ErrorText.notAString);
  if (value === '') return null;
  switch (t.type) {
    case 'DATE':
      if (!/^\s*\d{1,4}-\d{1,2}-\d{1,2}\s*$/.test(value)) throw castError(value);
      return value.trim();
    case 'TIMESTAMP':
    case 'TIMESTAMP WITH LOCAL TIME ZONE':
      if (!/^\s*\d{1,4}-\d{1,2}-\d{1,2}([ T]\d{1,2}:\d{1,2}(:\d{1,2}(\.\d{1,9})?)?)?\s*$/.test(value)) throw castError(value);
      return cutFractionText(value.trim(), timestampPrecision(t));
    case 'INTERVAL DAY TO SECOND': {
      const v = dayToSecondText(value);
      if (v === undefined) throw castError(value);
      return v;
    }
    case 'INTERVAL YEAR TO MONTH': {
      const v = yearToMonthText(value);
      if (v === undefined) throw castError(value);
      return v;
    }
    case 'HASHTYPE': {
      const hex = value.replace(/-/g, '').toLowerCase();
      if (!/^[0-9a-f]*$/.test(hex) || hex.length !== (t.size ?? 32)) throw castError(value);
      return hex;
    }
    case 'GEOMETRY':
      return normalizeWkt(value);
    default:
      return value;
  }
}

/**
 * A timestamp text with its fraction cut to `p` digits: Exasol keeps p digits of a TIMESTAMP(p) and
 * drops the rest (never rounds; README, emulator section).
 */
export function cutFractionText(text: string, p: number): string {
  const m = /\.(\d+)$/.exec(text);
  if (!m || m[1]!.length <= p) return text;
  return p === 0 ? text.slice(0, m.index) : text.slice(0, m.index + 1 + p);
}

/** The SQL expression casting a staged VARCHAR (or a literal) to the parameter's storage type. */
export function castExpression(sqlText: string, t: DataType): string {
  const storage = storageType(t);
  return storage === 'VARCHAR' ? sqlText : `CAST(${sqlText} AS ${storage})`;
}

/** One parameter value as a DuckDB SQL literal of its storage type. */
export function paramLiteral(value: unknown, t: DataType): string {
  const text = paramText(value, t);
  return text === null ? 'NULL' : castExpression(quoteString(text), t);
}
