/**
 * Column-major decoding of result data: one decoder per column, chosen once from its type, that
 * checks every wire value against the type (a value that does not fit is a ProtocolError, never
 * `NaN`, `Infinity` or a rounded number) and converts it in place; then rows are built in one pass,
 * as objects (keys from {@link columnKeys}) or as arrays.
 */
import { formatDataType, isDateText, isDaySecondText, isDecimalText, isTimestampText, isYearMonthText, type ColumnInfo, type DataType } from '../protocol';
import { ProtocolError } from '../errors';
import type { Column, Row, RowMode, Value, ValueMode } from '../values';

/** Checks and converts one column's wire array in place. */
type ColumnDecoder = (values: unknown[], n: number) => void;

/** Which text formats the session renders in (only the defaults can be checked strictly). */
export interface FormatRules {
  /** `dateFormat` is `YYYY-MM-DD`: DATE values are checked as such. */
  defaultDate: boolean;
  /** `datetimeFormat` is `YYYY-MM-DD HH24:MI:SS.FF6`: TIMESTAMP values are checked as such. */
  defaultTimestamp: boolean;
}

const STRICT: FormatRules = { defaultDate: true, defaultTimestamp: true };

function reject(col: Column, row: number, v: unknown, want: string): never {
  const got = typeof v === 'string' ? JSON.stringify(v.length > 40 ? v.slice(0, 40) + '...' : v) : typeof v === 'object' ? (Array.isArray(v) ? 'an array' : 'an object') : String(v);
  throw new ProtocolError(`result value of column "${col.name}" (${col.sqlType}) at row ${row} must be ${want}, got ${got}`);
}

/** Builds a decoder from a per-value function: `undefined` keeps the value, anything else replaces it. */
function each(col: Column, want: string, check: (v: unknown) => unknown): ColumnDecoder {
  return (values, n) => {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v === null) continue;
      const out = check(v);
      if (out === BAD) reject(col, i, v, want);
      if (out !== undefined) values[i] = out;
    }
  };
}

const BAD = Symbol('bad');
const DIGITS = /^-?\d+$/;

/** Picks the decoder for a column. */
export function decoderFor(col: Column, mode: ValueMode, rules: FormatRules = STRICT): ColumnDecoder {
  const t: DataType = col.dataType;
  const raw = mode === 'raw';
  switch (t.type) {
    case 'DECIMAL': {
      const p = t.precision ?? 18;
      const s = t.scale ?? 0;
      if (s > 0) return each(col, `DECIMAL(${p},${s}) text`, (v) => (typeof v === 'string' && isDecimalText(v, p, s) ? undefined : BAD));
      const limit = 10 ** p;
      const big = mode === 'bigint' && p > 15;
      return each(col, `an integer of at most ${p} digits`, (v) => {
        if (typeof v === 'number') {
          if (!Number.isInteger(v) || (p < 16 && Math.abs(v) >= limit)) return BAD;
          return big ? BigInt(v) : undefined;
        }
        if (typeof v !== 'string' || !DIGITS.test(v) || v.length - (v.charCodeAt(0) === 45 ? 1 : 0) > p) return BAD;
        if (raw) return undefined;
        if (big) return BigInt(v);
        const x = Number(v);
        return Number.isSafeInteger(x) ? x : BigInt(v);
      });
    }
    case 'DOUBLE':
      return each(col, 'a finite number', (v) => {
        if (typeof v === 'number') return Number.isFinite(v) ? undefined : BAD; // 1e400 parses as Infinity
        if (typeof v !== 'string' || !DIGITS.test(v)) return BAD;
        const x = Number(v);
        return !Number.isFinite(x) ? BAD : raw ? undefined : x;
      });
    case 'BOOLEAN':
      return each(col, 'a boolean', (v) => (typeof v === 'boolean' ? undefined : BAD));
    case 'DATE':
      return each(col, rules.defaultDate ? 'a YYYY-MM-DD date' : 'a string', (v) => (typeof v === 'string' && (!rules.defaultDate || isDateText(v)) ? undefined : BAD));
    case 'TIMESTAMP':
    case 'TIMESTAMP WITH LOCAL TIME ZONE':
      return each(col, rules.defaultTimestamp ? 'a YYYY-MM-DD HH:MM:SS.ffffff timestamp' : 'a string', (v) =>
        typeof v === 'string' && (!rules.defaultTimestamp || isTimestampText(v)) ? undefined : BAD,
      );
    case 'INTERVAL YEAR TO MONTH':
      return each(col, 'a +YY-MM interval', (v) => (typeof v === 'string' && isYearMonthText(v) ? undefined : BAD));
    case 'INTERVAL DAY TO SECOND':
      return each(col, 'a +DD HH:MM:SS.fff interval', (v) => (typeof v === 'string' && isDaySecondText(v) ? undefined : BAD));
    case 'CHAR':
    case 'VARCHAR':
    case 'GEOMETRY':
    case 'HASHTYPE':
      return each(col, 'a string', (v) => (typeof v === 'string' ? undefined : BAD));
    default:
      // A type this SDK does not know yet: any scalar passes through unchanged.
      return each(col, 'a scalar', (v) => (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number' ? undefined : BAD));
  }
}

/**
 * The property names of row objects: a column's name, except that a name seen before gets `_2`,
 * `_3`, ... (the first suffix not used by any other column), so `SELECT 1 AS A, 2 AS A` gives
 * `{ A: 1, A_2: 2 }` and no value is lost.
 */
export function columnKeys(names: readonly string[]): string[] {
  const taken = new Set(names);
  const seen = new Set<string>();
  return names.map((name) => {
    if (!seen.has(name)) {
      seen.add(name);
      return name;
    }
    let k = 2;
    while (taken.has(`${name}_${k}`)) k++;
    const key = `${name}_${k}`;
    taken.add(key);
    return key;
  });
}

/** Converts wire columns into SDK columns. */
export function toColumns(cols: readonly ColumnInfo[]): Column[] {
  const keys = columnKeys(cols.map((c) => c.name));
  return cols.map((c, i) => ({ name: c.name, key: keys[i]!, dataType: c.dataType, sqlType: formatDataType(c.dataType) }));
}

/** Prepared decoding for one result set's columns. */
export interface RowDecoder {
  readonly columns: Column[];
  /** Checks and converts `n` rows of column-major `data` (the arrays are modified in place). */
  decode(data: unknown[][], n: number): void;
  /** Builds rows from decoded data. */
  rows(data: unknown[][], n: number, mode: RowMode): Row[] | Value[][];
}

/** Builds the decoder for a result set's columns. */
export function rowDecoder(cols: readonly ColumnInfo[], mode: ValueMode, rules?: FormatRules): RowDecoder {
  const columns = toColumns(cols);
  const decoders = columns.map((c) => decoderFor(c, mode, rules));
  const width = columns.length;
  let objects: RowBuild | undefined;
  return {
    columns,
    decode(data, n) {
      for (let c = 0; c < width; c++) decoders[c]!(data[c]!, n);
    },
    rows(data, n, rowMode) {
      if (n === 0) return [];
      if (rowMode === 'array') return arrayRows(data, n, width);
      objects ??= rowBuilder(columns.map((c) => c.key));
      return objects(data, n);
    },
  };
}

function arrayRows(data: unknown[][], n: number, width: number): Value[][] {
  const out: Value[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    const r: Value[] = new Array(width);
    for (let c = 0; c < width; c++) r[c] = data[c]![i] as Value;
    out[i] = r;
  }
  return out;
}

type RowBuild = (data: unknown[][], n: number) => Row[];

/**
 * Makes the function that turns column arrays into row objects. Rows are instances of a
 * constructor whose prototype is an empty object with a null prototype: shared fast shapes, and
 * no inherited names (`__proto__`, `constructor` become plain own properties). Where the runtime
 * allows it, the constructor is generated with the column keys as literal keys (about twice as
 * fast); under a Content-Security-Policy without 'unsafe-eval' a generic loop is used instead.
 */
function rowBuilder(keys: readonly string[]): RowBuild {
  const width = keys.length;
  try {
    const params = keys.map((_, c) => `c${c}`);
    const body = keys.map((key, c) => `this[${JSON.stringify(key)}]=c${c}[i];`).join('');
    const Ctor = new Function(...params, 'i', body) as unknown as { prototype: object };
    Ctor.prototype = Object.create(null);
    const make = new Function(
      'R',
      `return function(d,n){${params.map((p, c) => `const ${p}=d[${c}];`).join('')}const o=new Array(n);for(let i=0;i<n;i++)o[i]=new R(${params.join(',')}${width ? ',' : ''}i);return o;}`,
    ) as (R: unknown) => RowBuild;
    return make(Ctor);
  } catch {
    function RowObject() {}
    RowObject.prototype = Object.create(null);
    const Ctor = RowObject as unknown as new () => Row;
    return (data, n) => {
      const out: Row[] = new Array(n);
      for (let i = 0; i < n; i++) {
        const r = new Ctor() as Record<string, Value>;
        for (let c = 0; c < width; c++) r[keys[c]!] = data[c]![i] as Value;
        out[i] = r;
      }
      return out;
    };
  }
}
