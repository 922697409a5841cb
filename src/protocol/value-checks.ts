/**
 * What a well-formed wire value of each Exasol type looks like (wire-quirks.md §7): exact decimal
 * text of a precision and scale, `YYYY-MM-DD` dates, `YYYY-MM-DD HH:MM:SS.ffffff` timestamps,
 * signed interval texts. They run once per value of a result: anchored regular expressions (compiled
 * to native code by the engines) and character loops, whichever measured faster.
 */

/** The shape of a date: years 0001-9999, months 01-12, days 01-31 (whether the day exists is {@link dayExists}). */
const DATE = /^(?!0000)\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/;
/** The shape of a timestamp in the default format, 0-9 fraction digits. */
const TIMESTAMP = /^(?!0000)\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]) (?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,9})?$/;

/** True when the day of a well-shaped `YYYY-MM-DD...` text exists in its month (leap years honoured). */
function dayExists(s: string): boolean {
  const d = (s.charCodeAt(8) - 48) * 10 + s.charCodeAt(9) - 48;
  if (d < 29) return true;
  const m = (s.charCodeAt(5) - 48) * 10 + s.charCodeAt(6) - 48;
  if (m === 2) {
    const y = Number(s.slice(0, 4));
    return d === 29 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  }
  return d < 31 || !(m === 4 || m === 6 || m === 9 || m === 11);
}

/** True for a date in the default `dateFormat` (`YYYY-MM-DD`). */
export function isDateText(s: string): boolean {
  return DATE.test(s) && dayExists(s);
}

/** True for a timestamp in the default `datetimeFormat` (`YYYY-MM-DD HH24:MI:SS.FF6`; 0-9 fraction digits accepted). */
export function isTimestampText(s: string): boolean {
  return TIMESTAMP.test(s) && dayExists(s);
}

/**
 * True for exact decimal text of DECIMAL(precision, scale): an optional `-`, at most
 * `precision - scale` integer digits (a lone `0` counts as none), and at most `scale` fraction
 * digits after a `.`. No exponent, no `+`, no empty parts.
 */
export function isDecimalText(s: string, precision: number, scale: number): boolean {
  const n = s.length;
  let i = s.charCodeAt(0) === 45 ? 1 : 0;
  const start = i;
  while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  const intDigits = i - start;
  if (intDigits === 0) return false;
  if (intDigits > precision - scale && !(intDigits === 1 && s.charCodeAt(start) === 48)) return false;
  if (i === n) return true;
  if (s.charCodeAt(i) !== 46) return false;
  const f = ++i;
  while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  return i === n && i > f && i - f <= scale;
}

/** True for `+YY-MM` (INTERVAL YEAR TO MONTH) texts. */
export function isYearMonthText(s: string): boolean {
  return /^[+-]\d{1,9}-(0\d|1[01])$/.test(s);
}

/** True for `+DD HH:MM:SS.fff` (INTERVAL DAY TO SECOND) texts. */
export function isDaySecondText(s: string): boolean {
  return /^[+-]\d{1,9} ([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?$/.test(s);
}
