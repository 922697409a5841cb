/**
 * Prepared-statement parameters: their Exasol types (from target columns, else VARCHAR(2000000))
 * and the strict JSON checks real servers apply before turning each value into an SQL literal.
 */
import type { DataType } from '../../protocol';
import { ErrorText, RawNumber, SqlCode } from '../../protocol';
import { EngineError } from './contract';
import { quoteString } from './lexer';
import { storageType } from './types';

function isNumberLike(v: unknown): v is RawNumber | number | bigint {
  return v instanceof RawNumber || typeof v === 'number' || typeof v === 'bigint';
}

function numberText(v: RawNumber | number | bigint): string {
  return v instanceof RawNumber ? v.text : String(v);
}

function castError(value: string): EngineError {
  return new EngineError(SqlCode.invalidCast, `data exception - invalid character value for cast; Value: '${value}'`);
}

/** `+DD HH:MM:SS.fff` / `DD HH:MM:SS` -> DuckDB interval literal, or undefined. */
function dayToSecondLiteral(s: string): string | undefined {
  const m = /^\s*([+-])?(\d+)\s+(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,9}))?\s*$/.exec(s);
  if (!m) return undefined;
  const sign = m[1] === '-' ? '-' : '';
  const frac = m[6] ? '.' + m[6].slice(0, 6) : '';
  return `(${sign}INTERVAL '${Number(m[2])} days ${m[3]}:${m[4]}:${m[5]}${frac}')`;
}

/** `+YY-MM` -> DuckDB interval literal, or undefined. */
function yearToMonthLiteral(s: string): string | undefined {
  const m = /^\s*([+-])?(\d+)-(\d{1,2})\s*$/.exec(s);
  if (!m) return undefined;
  const sign = m[1] === '-' ? '-' : '';
  return `(${sign}INTERVAL '${Number(m[2])} years ${Number(m[3])} months')`;
}

/**
 * Turns one parameter value into a DuckDB SQL literal of the parameter's storage type.
 * @throws EngineError 00000 for a JSON value of the wrong kind, 22018 for an uncastable string.
 */
export function paramLiteral(value: unknown, t: DataType): string {
  if (value === null || value === undefined) return 'NULL';
  const storage = storageType(t);
  switch (t.type) {
    case 'DOUBLE': {
      if (value instanceof RawNumber) {
        if (value.isInteger) throw new EngineError(SqlCode.unknown, ErrorText.notADouble);
        return `CAST(${value.text} AS DOUBLE)`;
      }
      if (typeof value === 'number' && !Number.isInteger(value)) return `CAST(${String(value)} AS DOUBLE)`;
      throw new EngineError(SqlCode.unknown, ErrorText.notADouble);
    }
    case 'DECIMAL': {
      if (isNumberLike(value)) return `CAST(${numberText(value)} AS ${storage})`;
      if (typeof value === 'string') {
        if (value === '') return 'NULL';
        if (!/^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value)) throw castError(value);
        return `CAST(${quoteString(value.trim())} AS ${storage})`;
      }
      throw castError(String(value));
    }
    case 'BOOLEAN': {
      if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
      if (typeof value === 'string') {
        const v = value.trim().toLowerCase();
        if (['true', 't', 'yes', 'y', '1'].includes(v)) return 'TRUE';
        if (['false', 'f', 'no', 'n', '0'].includes(v)) return 'FALSE';
        if (v === '') return 'NULL';
        throw castError(value);
      }
      throw castError(String(value));
    }
    default:
      break;
  }
  if (typeof value !== 'string') throw new EngineError(SqlCode.unknown, ErrorText.notAString);
  if (value === '') return 'NULL';
  switch (t.type) {
    case 'DATE':
      if (!/^\s*\d{1,4}-\d{1,2}-\d{1,2}\s*$/.test(value)) throw castError(value);
      return `CAST(${quoteString(value.trim())} AS DATE)`;
    case 'TIMESTAMP':
    case 'TIMESTAMP WITH LOCAL TIME ZONE':
      if (!/^\s*\d{1,4}-\d{1,2}-\d{1,2}([ T]\d{1,2}:\d{1,2}(:\d{1,2}(\.\d{1,9})?)?)?\s*$/.test(value)) throw castError(value);
      return `CAST(${quoteString(value.trim())} AS TIMESTAMP)`;
    case 'INTERVAL DAY TO SECOND': {
      const lit = dayToSecondLiteral(value);
      if (!lit) throw castError(value);
      return lit;
    }
    case 'INTERVAL YEAR TO MONTH': {
      const lit = yearToMonthLiteral(value);
      if (!lit) throw castError(value);
      return lit;
    }
    case 'HASHTYPE': {
      const hex = value.replace(/-/g, '').toLowerCase();
      if (!/^[0-9a-f]*$/.test(hex) || hex.length !== (t.size ?? 32)) throw castError(value);
      return quoteString(hex);
    }
    default:
      return quoteString(value);
  }
}

/** Turns an Exasol interval text (as the wire shows it) into a DuckDB interval literal, if it is one. */
export function intervalLiteral(value: string): string | undefined {
  return dayToSecondLiteral(value) ?? yearToMonthLiteral(value);
}
