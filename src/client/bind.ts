/**
 * Converts JS values to the wire form a prepared statement's parameter type needs, refusing
 * anything that would be changed or rejected by the server: DOUBLE always as a token with a
 * fraction or exponent (`1.0`), DECIMAL exactly (digits checked against precision and scale),
 * DATE/TIMESTAMP from `Date` (UTC) or strings, BOOLEAN, strings for the rest; and splits many bound rows into
 * messages below the server's limit. A lazy chunk of the browser ESM build (loaded by the first prepared statement).
 */
import { RawNumber, type DataType } from '../protocol';
import { InputError } from '../errors';

/** Converts one value for a parameter of type `t`; throws a message string when it cannot. */
export type Binder = (v: unknown) => unknown;

const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?$/;
const DATE_TEXT = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?$/;

function fail(msg: string): never {
  throw new TypeError(msg);
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

function dateOf(d: Date): string {
  if (Number.isNaN(d.getTime())) fail('invalid Date');
  const y = d.getUTCFullYear();
  if (y < 1 || y > 9999) fail(`year ${y} is outside 0001-9999`);
  return `${pad(y, 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function timestampOf(d: Date): string {
  return `${dateOf(d)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}000`;
}

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 37) + '...' : v);
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof Date) return `Date(${v.toISOString?.() ?? 'invalid'})`;
  return typeof v === 'object' ? Object.prototype.toString.call(v) : String(v);
}

/** Checks a decimal text against precision/scale and returns it normalised (no leading '+'). */
function decimalText(text: string, p: number, s: number): string {
  const m = DECIMAL_TEXT.exec(text.trim());
  if (m === null || (m[2] === '' && (m[3] ?? '') === '')) fail(`${describe(text)} is not a decimal number`);
  const sign = m[1] === '-' ? '-' : '';
  const int = m[2]!.replace(/^0+(?=\d)/, '') || '0';
  const frac = (m[3] ?? '').replace(/0+$/, '');
  if (frac.length > s) fail(`${describe(text)} has more than ${s} fraction digits (DECIMAL(${p},${s}) would round it)`);
  if (int !== '0' && int.length > p - s) fail(`${describe(text)} does not fit DECIMAL(${p},${s})`);
  return sign + int + (frac === '' ? '' : '.' + frac);
}

/** Returns the converter for one parameter type. */
export function binderFor(t: DataType): Binder {
  switch (t.type) {
    case 'DOUBLE':
      return (v) => {
        if (v === null || v === undefined) return null;
        let n: number;
        if (typeof v === 'number') n = v;
        else if (typeof v === 'bigint') {
          n = Number(v);
          if (BigInt(n) !== v) fail(`${describe(v)} cannot be represented exactly as DOUBLE`);
        } else if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) n = Number(v);
        else return fail(`${describe(v)} is not a number`);
        if (!Number.isFinite(n)) fail(`${describe(v)} is not finite (Exasol DOUBLE has no NaN/Infinity)`);
        const text = String(n);
        return new RawNumber(/[.eE]/.test(text) ? text : text + '.0');
      };
    case 'DECIMAL': {
      const p = t.precision ?? 18;
      const s = t.scale ?? 0;
      return (v) => {
        if (v === null || v === undefined) return null;
        if (typeof v === 'bigint') return decimalText(v.toString(), p, s);
        if (typeof v === 'number') {
          if (!Number.isFinite(v)) fail(`${describe(v)} is not finite`);
          if (Number.isInteger(v) && !Number.isSafeInteger(v)) fail(`${v} is beyond 2^53 and may already be rounded; pass a bigint or string`);
          const text = Number.isInteger(v) ? v.toFixed(0) : String(v);
          if (/e/i.test(text)) fail(`${v} has no exact decimal form here; pass a string`);
          const d = decimalText(text, p, s);
          return s === 0 && p <= 18 ? new RawNumber(d) : d;
        }
        if (typeof v === 'string') return decimalText(v, p, s);
        return fail(`${describe(v)} is not a decimal number`);
      };
    }
    case 'BOOLEAN':
      return (v) => {
        if (v === null || v === undefined) return null;
        if (typeof v === 'boolean') return v;
        if (v === 'true' || v === 'TRUE') return true;
        if (v === 'false' || v === 'FALSE') return false;
        return fail(`${describe(v)} is not a boolean`);
      };
    case 'DATE':
      return (v) => {
        if (v === null || v === undefined) return null;
        if (v instanceof Date) return dateOf(v);
        if (typeof v === 'string' && DATE_TEXT.test(v)) return v;
        return fail(`${describe(v)} is not a DATE (use a Date or 'YYYY-MM-DD')`);
      };
    case 'TIMESTAMP':
    case 'TIMESTAMP WITH LOCAL TIME ZONE':
      return (v) => {
        if (v === null || v === undefined) return null;
        if (v instanceof Date) return timestampOf(v);
        if (typeof v === 'string' && TIMESTAMP_TEXT.test(v)) return v.replace('T', ' ');
        return fail(`${describe(v)} is not a TIMESTAMP (use a Date or 'YYYY-MM-DD HH:MM:SS.ffffff')`);
      };
    case 'CHAR':
    case 'VARCHAR': {
      const size = t.size;
      return (v) => {
        if (v === null || v === undefined) return null;
        let s: string;
        if (typeof v === 'string') s = v;
        else if (typeof v === 'number' && Number.isFinite(v)) s = String(v);
        else if (typeof v === 'bigint') s = v.toString();
        else if (typeof v === 'boolean') s = v ? 'TRUE' : 'FALSE';
        else return fail(`${describe(v)} is not a string`);
        if (size !== undefined && s.length > size) {
          let chars = 0;
          for (const _ of s) chars++;
          if (chars > size) fail(`string of ${chars} characters does not fit ${t.type}(${size})`);
        }
        return s;
      };
    }
    default:
      // Intervals, GEOMETRY (WKT), HASHTYPE (hex): strings as written.
      return (v) => {
        if (v === null || v === undefined) return null;
        if (typeof v === 'string') return v;
        return fail(`${describe(v)} is not a string (${t.type} parameters are passed as text)`);
      };
  }
}

/**
 * Converts row-major parameter rows to column-major wire data. Throws InputError naming the row
 * and parameter of the first bad value; nothing is sent in that case.
 */
export function bindRows(types: readonly DataType[], rows: readonly (readonly unknown[])[], sql?: string): unknown[][] {
  const binders = types.map(binderFor);
  const width = types.length;
  const cols: unknown[][] = binders.map(() => new Array(rows.length));
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (!Array.isArray(row)) throw new InputError(`parameter row ${r} is not an array`, { row: r, sql });
    if (row.length !== width) throw new InputError(`parameter row ${r} has ${row.length} values, the statement has ${width} parameters`, { row: r, sql });
    for (let c = 0; c < width; c++) {
      try {
        cols[c]![r] = binders[c]!(row[c]);
      } catch (e) {
        throw new InputError(`bad value for parameter ${c + 1} in row ${r}: ${(e as Error).message}`, { row: r, column: c, sql });
      }
    }
  }
  return cols;
}

/** Splits `n` bound rows into ranges whose estimated JSON size stays well below the server's message limit. */
export function batches(data: unknown[][], n: number, maxMessageSize: number): [number, number][] {
  if (n === 0) return [[0, 0]];
  const budget = Math.max(1024, Math.floor(maxMessageSize / 4));
  const out: [number, number][] = [];
  let from = 0;
  let size = 0;
  for (let r = 0; r < n; r++) {
    let rowSize = 0;
    for (const col of data) rowSize += estimate(col[r]);
    if (size + rowSize > budget && r > from) {
      out.push([from, r]);
      from = r;
      size = 0;
    }
    size += rowSize;
  }
  out.push([from, n]);
  return out;
}

function estimate(v: unknown): number {
  if (typeof v === 'string') return v.length + 3;
  if (v instanceof RawNumber) return v.text.length + 1;
  return 8;
}
