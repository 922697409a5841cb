/**
 * Column-major decoding of result data: one decoder per column, chosen once from its type, that
 * checks every wire value against the type (a value that does not fit is a ProtocolError, never
 * `NaN`, `Infinity` or a rounded number) and converts it in place; then rows are built in one pass,
 * as objects (keys from {@link columnKeys}) or as arrays.
 */
import { DATA_TYPE_NAMES, ExactIntegers, formatDataType, isDateText, isDaySecondText, isDecimalText, isTimestampText, isYearMonthText, type ColumnInfo, type DataType } from '../protocol';
import { ProtocolError } from '../errors';
import type { Column, Row, RowMode, Value, ValueMode } from '../values';

/**
 * Checks and converts one column's wire array in place. `exact` gives the exact digits of an
 * integer `JSON.parse` rounded (only DECIMAL(p>15,0) columns ask for it).
 */
type ColumnDecoder = (values: unknown[], n: number, exact: ExactIntegers | undefined) => void;

/** Which text formats the session renders in (only the defaults can be checked strictly). */
export interface FormatRules {
  /** `dateFormat` is `YYYY-MM-DD`: DATE values are checked as such. */
  defaultDate: boolean;
  /** `datetimeFormat` is `YYYY-MM-DD HH24:MI:SS.FF6`: TIMESTAMP values are checked as such. */
  defaultTimestamp: boolean;
}

const STRICT: FormatRules = { defaultDate: true, defaultTimestamp: true };
const DIGITS = /^-?\d+$/;
const SAFE = Number.MAX_SAFE_INTEGER;

function reject(col: Column, row: number, v: unknown, want: string): never {
  const got = typeof v === 'string' ? JSON.stringify(v.length > 40 ? v.slice(0, 40) + '...' : v) : typeof v === 'object' ? (Array.isArray(v) ? 'an array' : 'an object') : String(v);
  throw new ProtocolError(`result value of column "${col.name}" (${col.sqlType}) at row ${row} must be ${want}, got ${got}`);
}

/** DECIMAL(p,0): integers of at most p digits; numbers while safe, bigint beyond (always bigint with `big`), digit strings in raw mode. */
function integers(col: Column, p: number, big: boolean, raw: boolean): ColumnDecoder {
  const limit = 10 ** p;
  const want = `an integer of at most ${p} digits`;
  return (values, n, exact) => {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (typeof v === 'number') {
        if (!Number.isInteger(v)) reject(col, i, v, want);
        if (v > SAFE || v < -SAFE) {
          // JSON.parse rounded it: take the exact digits from the text.
          const digits = exact?.digitsOf(v);
          if (digits === undefined || digits.length - (v < 0 ? 1 : 0) > p) reject(col, i, v, `${want} written as a plain integer`);
          values[i] = raw ? digits : BigInt(digits);
        } else if (Math.abs(v) >= limit) reject(col, i, v, want);
        else if (big) values[i] = BigInt(v);
      } else if (v !== null) {
        if (typeof v !== 'string' || !DIGITS.test(v) || v.length - (v.charCodeAt(0) === 45 ? 1 : 0) > p) reject(col, i, v, want);
        if (raw) continue;
        const x = Number(v);
        values[i] = !big && Number.isSafeInteger(x) ? x : BigInt(v);
      }
    }
  };
}

function decimals(col: Column, p: number, s: number): ColumnDecoder {
  const want = `DECIMAL(${p},${s}) text`;
  return (values, n) => {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v !== null && (typeof v !== 'string' || !isDecimalText(v, p, s))) reject(col, i, v, want);
    }
  };
}

function doubles(col: Column): ColumnDecoder {
  return (values, n) => {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      // JSON has no NaN; 1e400 parses as Infinity.
      if (v !== null && (typeof v !== 'number' || !Number.isFinite(v))) reject(col, i, v, 'a finite number');
    }
  };
}

function strings(col: Column, want: string, check?: (s: string) => boolean): ColumnDecoder {
  return check === undefined
    ? (values, n) => {
        for (let i = 0; i < n; i++) {
          const v = values[i];
          if (v !== null && typeof v !== 'string') reject(col, i, v, want);
        }
      }
    : (values, n) => {
        for (let i = 0; i < n; i++) {
          const v = values[i];
          if (v !== null && (typeof v !== 'string' || !check(v))) reject(col, i, v, want);
        }
      };
}

function booleans(col: Column): ColumnDecoder {
  return (values, n) => {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v !== null && typeof v !== 'boolean') reject(col, i, v, 'a boolean');
    }
  };
}

/** A type this SDK does not know: any scalar passes unchanged (exact digits of integers beyond 2^53 come from {@link RowDecoder.decode}). */
function scalars(col: Column): ColumnDecoder {
  return (values, n) => {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v !== null && typeof v !== 'string' && typeof v !== 'boolean' && !(typeof v === 'number' && Number.isFinite(v))) reject(col, i, v, 'a scalar');
    }
  };
}

/**
 * How a column relates to integer tokens beyond 2^53: `int` reads their exact digits (DECIMAL(p,0)),
 * `double` may hold one (rounded, as a DOUBLE is), `unknown` keeps its exact digits as a string, `other` never holds one.
 */
type ExactKind = 'int' | 'double' | 'unknown' | 'other';

function exactKind(t: DataType): ExactKind {
  if (t.type === 'DECIMAL') return (t.scale ?? 0) === 0 ? 'int' : 'other';
  if (t.type === 'DOUBLE') return 'double';
  return (DATA_TYPE_NAMES as readonly string[]).includes(t.type) ? 'other' : 'unknown';
}

/** True when a column's first `n` values hold an integer number beyond 2^53 (one JSON.parse may have rounded). */
function holdsUnsafeInteger(values: unknown[], n: number): boolean {
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v === 'number' && (v > SAFE || v < -SAFE) && Number.isInteger(v)) return true;
  }
  return false;
}

/** Picks the decoder for a column. */
export function decoderFor(col: Column, mode: ValueMode, rules: FormatRules = STRICT): ColumnDecoder {
  const t: DataType = col.dataType;
  switch (t.type) {
    case 'DECIMAL': {
      const p = t.precision ?? 18;
      const s = t.scale ?? 0;
      return s > 0 ? decimals(col, p, s) : integers(col, p, mode === 'bigint' && p > 15, mode === 'raw');
    }
    case 'DOUBLE':
      return doubles(col);
    case 'BOOLEAN':
      return booleans(col);
    case 'DATE':
      return rules.defaultDate ? strings(col, 'a YYYY-MM-DD date', isDateText) : strings(col, 'a string');
    case 'TIMESTAMP':
    case 'TIMESTAMP WITH LOCAL TIME ZONE':
      return rules.defaultTimestamp ? strings(col, 'a YYYY-MM-DD HH:MM:SS.ffffff timestamp', isTimestampText) : strings(col, 'a string');
    case 'INTERVAL YEAR TO MONTH':
      return strings(col, 'a +YY-MM interval', isYearMonthText);
    case 'INTERVAL DAY TO SECOND':
      return strings(col, 'a +DD HH:MM:SS.fff interval', isDaySecondText);
    case 'CHAR':
    case 'VARCHAR':
    case 'GEOMETRY':
    case 'HASHTYPE':
      return strings(col, 'a string');
    default:
      // A type this SDK does not know yet: any scalar passes through unchanged.
      return scalars(col);
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
  /**
   * Checks and converts `n` rows of column-major `data` (the arrays are modified in place);
   * `text` is the reply's JSON text (or the {@link ExactIntegers} shared by every result of one
   * reply, decoded in order), for the exact digits of integers `JSON.parse` rounded. `path` names
   * where `data` sits in the reply: when a column that does not read exact digits holds an integer
   * beyond 2^53 (so the reply's tokens cannot be matched to values in order), or a column of a type
   * unknown here does, the chunk is read from the reply parsed losslessly instead.
   */
  decode(data: unknown[][], n: number, text?: string | ExactIntegers, path?: readonly (string | number)[]): void;
  /** Builds rows from decoded data. */
  rows(data: unknown[][], n: number, mode: RowMode): Row[] | Value[][];
  /** The function that builds the one row `i` of decoded data (rows handed out one at a time, none kept). */
  rowAt(mode: RowMode): (data: unknown[][], i: number) => Row | Value[];
}

/** Builds the decoder for a result set's columns. */
export function rowDecoder(cols: readonly ColumnInfo[], mode: ValueMode, rules?: FormatRules): RowDecoder {
  const columns = toColumns(cols);
  const decoders = columns.map((c) => decoderFor(c, mode, rules));
  const width = columns.length;
  const kinds = columns.map((c) => exactKind(c.dataType));
  /** Columns whose integer tokens beyond 2^53 nobody asks for in order. */
  const suspects = kinds.flatMap((k, c) => (k === 'double' || k === 'unknown' ? [c] : []));
  const needsLossless = (data: unknown[][], n: number, shared: boolean): boolean => {
    let double = false;
    for (const c of suspects) {
      if (!holdsUnsafeInteger(data[c]!, n)) continue;
      if (kinds[c] === 'unknown') return true;
      double = true;
    }
    return double && (shared || kinds.some((k, c) => k === 'int' && holdsUnsafeInteger(data[c]!, n)));
  };
  /** Puts the exact digits of the lossless parse in place (not in DOUBLE columns: a DOUBLE is rounded anyway) and moves the scan past them. */
  const fromLossless = (data: unknown[][], n: number, exactData: unknown, exact: ExactIntegers): void => {
    if (!Array.isArray(exactData) || exactData.length !== width) throw new ProtocolError('result data: the reply reads differently when parsed losslessly');
    let tokens = 0;
    for (let c = 0; c < width; c++) {
      const fast = data[c]!;
      const slow = exactData[c] as unknown;
      if (!Array.isArray(slow) || slow.length < n) throw new ProtocolError('result data: the reply reads differently when parsed losslessly');
      for (let i = 0; i < n; i++) {
        if (typeof fast[i] !== 'number' || typeof slow[i] !== 'string') continue;
        tokens++;
        if (kinds[c] !== 'double') fast[i] = slow[i];
      }
    }
    exact.skip(tokens);
  };
  let objects: RowBuilders | undefined;
  const arrayAt = (data: unknown[][], i: number): Value[] => {
    const r: Value[] = new Array(width);
    for (let c = 0; c < width; c++) r[c] = data[c]![i] as Value;
    return r;
  };
  return {
    columns,
    decode(data, n, text, path) {
      const shared = text instanceof ExactIntegers;
      let exact = text === undefined || shared ? text : new ExactIntegers(text);
      if (exact !== undefined && path !== undefined && suspects.length > 0 && needsLossless(data, n, shared)) {
        fromLossless(data, n, exact.losslessAt(path), exact);
        // Every integer token of this chunk is in place; one still asked for was not written as one.
        exact = undefined;
      }
      for (let c = 0; c < width; c++) decoders[c]!(data[c]!, n, exact);
    },
    rows(data, n, rowMode) {
      if (n === 0) return [];
      if (rowMode === 'array') {
        const out: Value[][] = new Array(n);
        for (let i = 0; i < n; i++) out[i] = arrayAt(data, i);
        return out;
      }
      objects ??= rowBuilders(columns.map((c) => c.key));
      return objects.all(data, n);
    },
    rowAt(rowMode) {
      if (rowMode === 'array') return arrayAt;
      objects ??= rowBuilders(columns.map((c) => c.key));
      return objects.one;
    },
  };
}

/** Row object builders for one set of keys: all rows of a chunk, or one row. */
interface RowBuilders {
  all(data: unknown[][], n: number): Row[];
  one(data: unknown[][], i: number): Row;
}

/** Set once generating code failed (a Content-Security-Policy without 'unsafe-eval'): not tried again, so a page reports one violation at most. */
let codegenBlocked = false;

/**
 * Makes `Row` the class of row objects: its prototype has a writable own `constructor` (so that `console.log` prints
 * `Row { ID: 1 }` when the class is named so, and a column named `constructor` still becomes an own property) and a null prototype.
 */
function rowClass(Row: Function): Function {
  Row.prototype = Object.create(null, { constructor: { value: Row, writable: true, configurable: true } });
  return Row;
}

/**
 * Makes the functions that turn column arrays into row objects. Rows are instances of a
 * constructor named `Row` whose prototype has a null prototype: shared fast shapes, and no names
 * inherited from `Object.prototype` (`__proto__`, `constructor` columns become plain own properties). Where the runtime
 * allows it, the constructor is generated with the column keys as literal keys (about twice as
 * fast); under a Content-Security-Policy without 'unsafe-eval' a generic loop is used instead.
 */
function rowBuilders(keys: readonly string[]): RowBuilders {
  const width = keys.length;
  try {
    if (codegenBlocked) throw new Error('code generation is blocked here');
    const params = keys.map((_, c) => `c${c}`);
    const args = `${params.join(',')}${width ? ',' : ''}i`;
    const body = keys.map((key, c) => `this[${JSON.stringify(key)}]=c${c}[i];`).join('');
    const cols = params.map((p, c) => `const ${p}=d[${c}];`).join('');
    const make = new Function(
      'k',
      `const R=k(function Row(${args}){${body}});return{all:function(d,n){${cols}const o=new Array(n);for(let i=0;i<n;i++)o[i]=new R(${args});return o;},one:function(d,i){${cols}return new R(${args});}};`,
    ) as (k: typeof rowClass) => RowBuilders;
    return make(rowClass);
  } catch {
    codegenBlocked = true;
    const Ctor = rowClass(function () {}) as unknown as new () => Row; // unnamed: a minifier drops any name given here
    const one = (data: unknown[][], i: number): Row => {
      const r = new Ctor() as Record<string, Value>;
      for (let c = 0; c < width; c++) r[keys[c]!] = data[c]![i] as Value;
      return r;
    };
    return {
      one,
      all(data, n) {
        const out: Row[] = new Array(n);
        for (let i = 0; i < n; i++) out[i] = one(data, i);
        return out;
      },
    };
  }
}
