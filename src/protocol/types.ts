/**
 * Exasol data types as they appear on the wire (`dataType` objects in result columns and
 * prepared-statement parameters), and the rules for how each type's values are encoded in JSON.
 * See ../shared/protocol.md §5 and wire-quirks.md §7.
 */

/** The `type` string of a column's `dataType`. */
export type DataTypeName =
  | 'BOOLEAN'
  | 'CHAR'
  | 'VARCHAR'
  | 'DATE'
  | 'DECIMAL'
  | 'DOUBLE'
  | 'GEOMETRY'
  | 'HASHTYPE'
  | 'INTERVAL DAY TO SECOND'
  | 'INTERVAL YEAR TO MONTH'
  | 'TIMESTAMP'
  | 'TIMESTAMP WITH LOCAL TIME ZONE';

/** All type names, for validation. */
export const DATA_TYPE_NAMES: readonly DataTypeName[] = [
  'BOOLEAN',
  'CHAR',
  'VARCHAR',
  'DATE',
  'DECIMAL',
  'DOUBLE',
  'GEOMETRY',
  'HASHTYPE',
  'INTERVAL DAY TO SECOND',
  'INTERVAL YEAR TO MONTH',
  'TIMESTAMP',
  'TIMESTAMP WITH LOCAL TIME ZONE',
];

/** Character set of CHAR/VARCHAR columns. */
export type CharacterSet = 'UTF8' | 'ASCII';

/**
 * A column's or parameter's type as the server describes it. Which properties are present depends
 * on the type (protocol.md §5.1): DECIMAL has precision/scale; CHAR/VARCHAR size/characterSet;
 * TIMESTAMP size/withLocalTimeZone (v1-v4) or precision 0-9/withLocalTimeZone (v5); intervals precision (+fraction); GEOMETRY srid; HASHTYPE size.
 */
export interface DataType {
  type: DataTypeName;
  precision?: number;
  scale?: number;
  size?: number;
  characterSet?: CharacterSet;
  withLocalTimeZone?: boolean;
  fraction?: number;
  srid?: number;
}

/** A result column or a prepared-statement parameter: a name and its type. */
export interface ColumnInfo {
  name: string;
  dataType: DataType;
}

/** Largest DECIMAL precision whose values travel as JSON numbers; above it they are strings. */
export const MAX_NUMERIC_DECIMAL_PRECISION = 18;

/**
 * True when values of this type are JSON numbers on the wire: DOUBLE, and DECIMAL with scale 0 and
 * precision <= 18. DECIMAL(p<=18,0) values can exceed 2^53, so parse them losslessly.
 */
export function isNumberEncoded(t: DataType): boolean {
  if (t.type === 'DOUBLE') return true;
  return t.type === 'DECIMAL' && (t.scale ?? 0) === 0 && (t.precision ?? 18) <= MAX_NUMERIC_DECIMAL_PRECISION;
}

/** Formats a data type as Exasol SQL would name it, e.g. `DECIMAL(18,0)`, `VARCHAR(20) UTF8`. */
export function formatDataType(t: DataType): string {
  switch (t.type) {
    case 'DECIMAL':
      return `DECIMAL(${t.precision ?? 18},${t.scale ?? 0})`;
    case 'CHAR':
    case 'VARCHAR':
      return `${t.type}(${t.size ?? 1}) ${t.characterSet ?? 'UTF8'}`;
    case 'HASHTYPE':
      return `HASHTYPE(${(t.size ?? 32) / 2} BYTE)`;
    case 'GEOMETRY':
      return t.srid ? `GEOMETRY(${t.srid})` : 'GEOMETRY';
    case 'INTERVAL YEAR TO MONTH':
      return `INTERVAL YEAR(${t.precision ?? 2}) TO MONTH`;
    case 'INTERVAL DAY TO SECOND':
      return `INTERVAL DAY(${t.precision ?? 2}) TO SECOND(${t.fraction ?? 3})`;
    case 'TIMESTAMP':
      return t.precision !== undefined ? `TIMESTAMP(${t.precision})` : 'TIMESTAMP';
    case 'TIMESTAMP WITH LOCAL TIME ZONE':
      return t.precision !== undefined ? `TIMESTAMP(${t.precision}) WITH LOCAL TIME ZONE` : t.type;
    default:
      return t.type;
  }
}
