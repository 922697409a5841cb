/**
 * DuckDB values -> the exact JSON text real Exasol servers send (wire-quirks.md §7): small
 * DECIMALs as bare number tokens written from their digits (never through a JS number), large and
 * scaled DECIMALs as minimal strings, 6-digit TIMESTAMPs, padded CHARs, signed intervals, `''` as null.
 */
import type { DataType } from '../../protocol';
import { isNumberEncoded, SqlCode } from '../../protocol';
import { EngineError } from './contract';

/** Turns one non-null DuckDB value into its JSON token. */
export type ValueEncoder = (value: unknown) => string;

const POW10: number[] = Array.from({ length: 16 }, (_, i) => 10 ** i);
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Minimal decimal text of `unscaled / 10^scale`: no trailing zeros, no point for integral values. */
export function decimalText(unscaled: bigint, scale: number): string {
  if (scale <= 0) return unscaled.toString();
  if (scale < 16 && unscaled <= SAFE && unscaled >= -SAFE) {
    // fast path in doubles: exact, as both parts stay below 2^53
    const n = Number(unscaled);
    const a = n < 0 ? -n : n;
    const p = POW10[scale]!;
    const ip = Math.floor(a / p);
    let fp = a - ip * p;
    if (fp === 0) return (n < 0 ? '-' : '') + ip;
    let digits = scale;
    while (fp % 10 === 0) {
      fp /= 10;
      digits--;
    }
    const f = String(fp);
    return (n < 0 ? '-' : '') + ip + '.' + (f.length < digits ? '0'.repeat(digits - f.length) + f : f);
  }
  const neg = unscaled < 0n;
  let digits = (neg ? -unscaled : unscaled).toString();
  if (digits.length <= scale) digits = '0'.repeat(scale - digits.length + 1) + digits;
  const intPart = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale).replace(/0+$/, '');
  const body = frac.length > 0 ? `${intPart}.${frac}` : intPart;
  return neg && body !== '0' ? '-' + body : body;
}

/** Rescales a decimal value from `fromScale` to `toScale` (truncating is never needed for matching types). */
function unscaledOf(value: unknown, scale: number): bigint {
  if (typeof value === 'bigint') return value * 10n ** BigInt(scale);
  if (typeof value === 'number') {
    // An engine DOUBLE in a column described as DECIMAL: its decimal digits rounded to the scale (never cut at the point).
    if (Number.isInteger(value)) return BigInt(value) * 10n ** BigInt(scale);
    if (!Number.isFinite(value)) throw new Error(`${value} is no DECIMAL value`);
    return BigInt(value.toFixed(Math.min(scale, 100)).replace('.', '')) * 10n ** BigInt(Math.max(0, scale - 100));
  }
  const v = value as { value: bigint; scale: number };
  if (v.scale === scale) return v.value;
  if (v.scale < scale) return v.value * 10n ** BigInt(scale - v.scale);
  const d = 10n ** BigInt(v.scale - scale);
  const q = v.value / d;
  const r = v.value % d;
  // round half away from zero
  if ((r < 0n ? -r : r) * 2n >= d) return v.value < 0n ? q - 1n : q + 1n;
  return q;
}

const TWO_DIGITS: string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? '0' + i : String(i)));

function pad2(n: number): string {
  return TWO_DIGITS[n] ?? String(n);
}

function padN(n: number | bigint, width: number): string {
  const s = String(n);
  return s.length >= width ? s : '0'.repeat(width - s.length) + s;
}

/** `YYYY-MM-DD` of a day number since 1970-01-01 (proleptic Gregorian). */
export function dateText(days: number): string {
  // civil-from-days (Howard Hinnant's algorithm)
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${padN(y, 4)}-${pad2(m)}-${pad2(d)}`;
}

let lastDay = NaN;
let lastDayText = '';

/** `YYYY-MM-DD` with a one-entry cache (consecutive rows often share a day). */
function cachedDateText(days: number): string {
  if (days !== lastDay) {
    lastDay = days;
    lastDayText = dateText(days);
  }
  return lastDayText;
}

const SAFE_MICROS = BigInt(Number.MAX_SAFE_INTEGER);

/** `YYYY-MM-DD HH:MM:SS.ffffff` of microseconds since the epoch. */
export function timestampText(micros: bigint): string {
  let secs: number;
  let frac: number;
  if (micros <= SAFE_MICROS && micros >= -SAFE_MICROS) {
    const m = Number(micros);
    secs = Math.floor(m / 1000000);
    frac = m - secs * 1000000;
  } else {
    let bs = micros / 1000000n;
    let bf = micros % 1000000n;
    if (bf < 0n) {
      bf += 1000000n;
      bs -= 1n;
    }
    secs = Number(bs);
    frac = Number(bf);
  }
  const days = Math.floor(secs / 86400);
  const sod = secs - days * 86400;
  const h = Math.floor(sod / 3600);
  const rem = sod - h * 3600;
  const mi = Math.floor(rem / 60);
  const se = rem - mi * 60;
  return cachedDateText(days) + ' ' + TWO_DIGITS[h] + ':' + TWO_DIGITS[mi] + ':' + TWO_DIGITS[se] + '.' + String(1000000 + frac).slice(1);
}

/** `+YY-MM` text of an INTERVAL YEAR TO MONTH, years padded to `precision`. */
export function intervalYmText(months: number, precision: number): string {
  const sign = months < 0 ? '-' : '+';
  const a = Math.abs(months);
  return `${sign}${padN(Math.floor(a / 12), precision)}-${pad2(a % 12)}`;
}

/** `+DD HH:MM:SS.fff` text of an INTERVAL DAY TO SECOND, days padded to `precision`, `fraction` digits. */
export function intervalDsText(totalMicros: bigint, precision: number, fraction: number): string {
  const sign = totalMicros < 0n ? '-' : '+';
  const a = totalMicros < 0n ? -totalMicros : totalMicros;
  const days = a / 86400000000n;
  let rest = a % 86400000000n;
  const h = Number(rest / 3600000000n);
  rest %= 3600000000n;
  const mi = Number(rest / 60000000n);
  rest %= 60000000n;
  const se = Number(rest / 1000000n);
  const us = padN(rest % 1000000n, 6);
  const frac = fraction <= 0 ? '' : '.' + (fraction <= 6 ? us.slice(0, fraction) : us + '0'.repeat(fraction - 6));
  return `${sign}${padN(days, precision)} ${pad2(h)}:${pad2(mi)}:${pad2(se)}${frac}`;
}

/** Pads a string with spaces to `size` characters (code points, so emoji count as one). */
export function padChar(s: string, size: number): string {
  let len = s.length;
  // count surrogate pairs as one character
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) len--;
  }
  return len >= size ? s : s + ' '.repeat(size - len);
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

/** Total microseconds of a DuckDB interval value ({months, days, micros}); months count as 30 days. */
export function intervalMicros(v: { months: number; days: number; micros: bigint }): bigint {
  return (BigInt(v.months) * 30n + BigInt(v.days)) * 86400000000n + v.micros;
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** IANA name of an Exasol time zone name (`UNIVERSAL`/`UTC` -> `UTC`, `EUROPE/BERLIN` -> as given). */
export function ianaZone(zone: string): string {
  const z = zone.trim().toUpperCase();
  return z === 'UNIVERSAL' || z === 'UTC' || z === 'GMT' || z === '' ? 'UTC' : zone.trim();
}

/** Throws RangeError when a zone name is unknown. */
export function checkZone(zone: string): void {
  new Intl.DateTimeFormat('en-US', { timeZone: ianaZone(zone) });
}

/** `YYYY-MM-DD HH:MM:SS.ffffff` of UTC microseconds shown in a time zone (TIMESTAMP WITH LOCAL TIME ZONE). */
export function zonedTimestampText(micros: bigint, zone: string): string {
  const iana = ianaZone(zone);
  if (iana === 'UTC') return timestampText(micros);
  let fmt = zoneFormats.get(iana);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone: iana, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    zoneFormats.set(iana, fmt);
  }
  const ms = Number(micros / 1000n);
  const frac = Number(((micros % 1000000n) + 1000000n) % 1000000n);
  const p: Record<string, string> = {};
  for (const part of fmt.formatToParts(new Date(ms))) p[part.type] = part.value;
  return `${padN(Number(p.year), 4)}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}.${String(1000000 + frac).slice(1)}`;
}

/** Session facts that change how values are shown. */
export interface EncodeOptions {
  /** Session time zone for TIMESTAMP WITH LOCAL TIME ZONE (default UNIVERSAL). */
  timeZone?: string;
  /**
   * The session's protocol version: from 5 on TIMESTAMP(p) values carry exactly p fraction digits
   * (no dot for p = 0, protocol-v4-v5.md §4.3); before, always 6.
   */
  protocolVersion?: number;
}

/** A 6-digit timestamp text cut or padded to `p` fraction digits (p = 6 leaves it as it is). */
function withFraction(text: string, p: number): string {
  if (p === 6) return text;
  if (p === 0) return text.slice(0, 19);
  if (p < 6) return text.slice(0, 20 + p);
  return text + '0'.repeat(p - 6);
}

/**
 * `YYYY-MM-DD HH:MM:SS.fffffffff` of nanoseconds since the epoch (DuckDB TIMESTAMP_NS), in UTC or
 * shown in a time zone (TIMESTAMP WITH LOCAL TIME ZONE).
 */
export function nanosTimestampText(nanos: bigint, zone?: string): string {
  let micros = nanos / 1000n;
  let sub = nanos - micros * 1000n;
  if (sub < 0n) {
    sub += 1000n;
    micros -= 1n;
  }
  const text = zone === undefined ? timestampText(micros) : zonedTimestampText(micros, zone);
  return text + String(1000 + Number(sub)).slice(1);
}

/** A 9-digit timestamp text cut to `p` fraction digits (no dot for p = 0); digits are dropped, never rounded. */
function cutFraction(text: string, p: number): string {
  return p <= 0 ? text.slice(0, 19) : text.slice(0, 20 + Math.min(p, 9));
}

/** The encoder for values of an Exasol column type. */
export function encoderFor(t: DataType, options: EncodeOptions = {}): ValueEncoder {
  switch (t.type) {
    case 'DECIMAL': {
      const scale = t.scale ?? 0;
      if (isNumberEncoded(t)) {
        return (v) => (typeof v === 'number' ? String(v) : typeof v === 'bigint' ? v.toString() : unscaledOf(v, 0).toString());
      }
      return (v) => '"' + decimalText(unscaledOf(v, scale), scale) + '"';
    }
    case 'DOUBLE':
      return (v) => {
        const n = typeof v === 'number' ? v : Number(stringOf(v));
        if (Number.isFinite(n)) {
          // an integral DOUBLE keeps its point (`29.0`, as RapidJSON writes it): clients read it back as a float and
          // may send it again as a DOUBLE parameter, which must be a JSON double (wire-quirks.md §8)
          const text = String(n);
          return /[.eE]/.test(text) ? text : text + '.0';
        }
        // NaN is stored as NULL; Exasol has no infinite DOUBLE: a result beyond ±1.7976931348623157E308 is an error
        if (Number.isNaN(n)) return 'null';
        throw new EngineError(SqlCode.numericOutOfRange, 'data exception - numeric value out of range');
      };
    case 'BOOLEAN':
      return (v) => (v ? 'true' : 'false');
    case 'DATE':
      return (v) => '"' + dateText((v as { days: number }).days) + '"';
    case 'TIMESTAMP WITH LOCAL TIME ZONE': {
      const zone = options.timeZone ?? 'UNIVERSAL';
      const p = (options.protocolVersion ?? 3) >= 5 ? (t.precision ?? 3) : 6;
      const utc = ianaZone(zone) === 'UTC';
      return (v) => {
        const ns = (v as { nanos?: bigint }).nanos;
        if (ns !== undefined) return '"' + cutFraction(nanosTimestampText(ns, utc ? undefined : zone), p) + '"';
        const micros = (v as { micros: bigint }).micros;
        return '"' + withFraction(utc ? timestampText(micros) : zonedTimestampText(micros, zone), p) + '"';
      };
    }
    case 'TIMESTAMP': {
      const p = (options.protocolVersion ?? 3) >= 5 ? (t.precision ?? 3) : 6;
      if (p !== 6) {
        return (v) => {
          const ns = (v as { nanos?: bigint }).nanos;
          return '"' + (ns !== undefined ? cutFraction(nanosTimestampText(ns), p) : withFraction(timestampText((v as { micros: bigint }).micros), p)) + '"';
        };
      }
      return (v) => {
        const ns = (v as { nanos?: bigint }).nanos;
        return '"' + (ns !== undefined ? cutFraction(nanosTimestampText(ns), 6) : timestampText((v as { micros: bigint }).micros)) + '"';
      };
    }
    case 'INTERVAL YEAR TO MONTH': {
      const p = t.precision ?? 2;
      return (v) => {
        const iv = v as { months: number; days: number };
        return '"' + intervalYmText(iv.months, p) + '"';
      };
    }
    case 'INTERVAL DAY TO SECOND': {
      const p = t.precision ?? 2;
      const f = t.fraction ?? 3;
      return (v) => '"' + intervalDsText(intervalMicros(v as { months: number; days: number; micros: bigint }), p, f) + '"';
    }
    case 'CHAR': {
      const size = t.size ?? 1;
      return (v) => {
        const s = stringOf(v);
        return s === '' ? 'null' : JSON.stringify(padChar(s, size));
      };
    }
    case 'HASHTYPE':
      return (v) => {
        const s = stringOf(v).replace(/-/g, '').toLowerCase();
        return s === '' ? 'null' : JSON.stringify(s);
      };
    case 'GEOMETRY':
      return (v) => {
        const s = stringOf(v);
        return s === '' ? 'null' : JSON.stringify(normalizeWkt(s));
      };
    default:
      return (v) => {
        const s = stringOf(v);
        return s === '' ? 'null' : JSON.stringify(s);
      };
  }
}

/**
 * Normalises simple WKT the way Exasol prints it: upper-case keyword, one space before `(`, single
 * spaces between coordinates, `, ` between points, no spaces inside parentheses.
 */
export function normalizeWkt(s: string): string {
  const m = /^\s*([A-Za-z]+)(\s+(?:EMPTY|empty|Empty))?\s*(\(.*\))?\s*$/s.exec(s);
  if (!m) return s;
  const kw = m[1]!.toUpperCase();
  if (m[2]) return `${kw} EMPTY`;
  if (!m[3]) return kw;
  const body = m[3]
    .replace(/\s+/g, ' ')
    .replace(/\s*\(\s*/g, '(')
    .replace(/\s*\)\s*/g, ')')
    .replace(/\s*,\s*/g, ', ');
  return `${kw} ${body}`;
}
