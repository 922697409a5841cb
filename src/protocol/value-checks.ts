/**
 * What a well-formed wire value of each Exasol type looks like (wire-quirks.md §7): exact decimal
 * text of a precision and scale, `YYYY-MM-DD` dates, `YYYY-MM-DD HH:MM:SS.ffffff` timestamps,
 * signed interval texts. Written as character loops, not regular expressions, because they run
 * once per value of a result.
 */

/** The value of the decimal digits `s[from..to)`, or -1 when one of them is not a digit. */
function digitsAt(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** True for a calendar date `YYYY-MM-DD` at the start of `s` (years 1-9999, leap years honoured). */
function dateAt(s: string): boolean {
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  const y = digitsAt(s, 0, 4);
  const m = digitsAt(s, 5, 7);
  const d = digitsAt(s, 8, 10);
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > DAYS[m - 1]!) return false;
  return m !== 2 || d < 29 || (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0));
}

/** True for a date in the default `dateFormat` (`YYYY-MM-DD`). */
export function isDateText(s: string): boolean {
  return s.length === 10 && dateAt(s);
}

/** True for a timestamp in the default `datetimeFormat` (`YYYY-MM-DD HH24:MI:SS.FF6`; 0-9 fraction digits accepted). */
export function isTimestampText(s: string): boolean {
  const n = s.length;
  if (n < 19 || n === 20 || n > 29 || !dateAt(s) || s.charCodeAt(10) !== 32 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return false;
  const h = digitsAt(s, 11, 13);
  const mi = digitsAt(s, 14, 16);
  const sec = digitsAt(s, 17, 19);
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return false;
  return n === 19 || (s.charCodeAt(19) === 46 && digitsAt(s, 20, n) >= 0);
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
