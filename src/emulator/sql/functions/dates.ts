/**
 * Date/time functions whose result type follows the argument's, as in Exasol: ADD_DAYS / ADD_WEEKS /
 * ADD_MONTHS / ADD_YEARS, DATE_TRUNC, TRUNC(datetime [, format]) and ROUND(datetime [, format]) give a
 * DATE for a DATE and a TIMESTAMP for a TIMESTAMP (DuckDB's `date + INTERVAL` and `date_trunc` give
 * TIMESTAMPs). The macros are overloaded by argument type (DATE, TIMESTAMP, anything else: a TIMESTAMP).
 * Weeks start on Sunday, Exasol's default NLS_FIRST_DAY_OF_WEEK; centuries and millennia start in
 * years ...01 (PostgreSQL's DATE_TRUNC, which Exasol's follows).
 */
import { keyword } from '../lexer';
import type { Tok } from '../rewrite/tokens';
import { compileError, findCalls, literalArg, replaceTokens, textOf } from './calls';
import { doubleSql } from './double-text';
import { INTERVAL_MACROS } from '../rewrite/interval-arithmetic';

const M = (sql: string): string => `CREATE OR REPLACE MACRO main.${sql}`;

/** Nanoseconds of a TIMESTAMP_NS `d` below its microsecond (DuckDB's date arithmetic drops them). */
const subMicros = (d: string): string => `(epoch_ns(${d}) - epoch_ns(CAST(CAST(${d} AS TIMESTAMP) AS TIMESTAMP_NS)))`;

/**
 * One macro with a DATE, a TIMESTAMP, a TIMESTAMP_NS (TIMESTAMP(7..9): `body` over microseconds; with
 * `keepNanos` the nanoseconds below are added back, for shifts such as ADD_DAYS) and an untyped (cast
 * to TIMESTAMP) overload of `body(d)`.
 */
function byType(name: string, params: string, body: (d: string) => string, dateBody = (d: string): string => `CAST(${body(`CAST(${d} AS TIMESTAMP)`)} AS DATE)`, keepNanos = false): string {
  const [before, after] = params.split('d');
  const p = (t: string): string => `${before}d${t}${after}`;
  const micro = body('CAST(d AS TIMESTAMP)');
  const ns = keepNanos ? `make_timestamp_ns(epoch_ns(CAST(${micro} AS TIMESTAMP_NS)) + ${subMicros('d')})` : micro;
  return M(`${name}(${p(' DATE')}) AS ${dateBody('d')}, (${p(' TIMESTAMP')}) AS ${body('d')}, (${p(' TIMESTAMP_NS')}) AS ${ns}, (${p('')}) AS ${body('CAST(d AS TIMESTAMP)')}`);
}

/** `x mod m` in [0, m) for BIGINTs (DuckDB's % keeps the dividend's sign). */
const floorMod = (x: string, m: string): string => `((${x} % ${m}) + ${m}) % ${m}`;

/**
 * EXA_TS_CUT(t, p): a timestamp cut to p fraction digits (the digits after p dropped, as Exasol stores
 * TIMESTAMP(p) values; floor, so also right before 1970). TIMESTAMP keeps 6 digits, TIMESTAMP_NS 9.
 */
const TS_CUT =
  `EXA_TS_CUT(t TIMESTAMP, p) AS t - to_microseconds(${floorMod('epoch_us(t)', 'CAST(10 ** (6 - least(p, 6)) AS BIGINT)')}), ` +
  `(t TIMESTAMP_NS, p) AS make_timestamp_ns(epoch_ns(t) - ${floorMod('epoch_ns(t)', 'CAST(10 ** (9 - least(p, 9)) AS BIGINT)')})`;

/**
 * Truncation of a TIMESTAMP `t` to unit `u`: DuckDB's date_trunc units, plus exa_ww (the weekday of
 * January 1st), exa_w (the weekday of the month's 1st), exa_day (the week's Sunday), exa_cc and
 * exa_millennium (years ...01).
 */
const TS_TRUNC =
  `CASE u WHEN 'exa_ww' THEN date_trunc('day', t) - to_days(CAST((dayofyear(t) - 1) % 7 AS INTEGER)) ` +
  `WHEN 'exa_w' THEN date_trunc('day', t) - to_days(CAST((day(t) - 1) % 7 AS INTEGER)) ` +
  `WHEN 'exa_day' THEN date_trunc('day', t) - to_days(CAST(dayofweek(t) AS INTEGER)) ` +
  `WHEN 'exa_cc' THEN CAST(make_date(CAST((year(t) - 1) // 100 * 100 + 1 AS INTEGER), 1, 1) AS TIMESTAMP) ` +
  `WHEN 'exa_millennium' THEN CAST(make_date(CAST((year(t) - 1) // 1000 * 1000 + 1 AS INTEGER), 1, 1) AS TIMESTAMP) ` +
  `ELSE date_trunc(CASE WHEN u LIKE 'exa_%' THEN 'day' ELSE u END, t) END`;

/** Rounding of a TIMESTAMP `t` to unit `u` (year at July 1st, quarter and month at the 16th, day at noon, weeks at half a week, ...). */
const TS_ROUND =
  `CASE u WHEN 'year' THEN date_trunc('year', t + INTERVAL 6 MONTH) ` +
  `WHEN 'quarter' THEN date_trunc('quarter', t) + CASE WHEN (month(t) - 1) % 3 = 2 OR ((month(t) - 1) % 3 = 1 AND day(t) >= 16) THEN INTERVAL 3 MONTH ELSE INTERVAL 0 MONTH END ` +
  `WHEN 'month' THEN date_trunc('month', t) + CASE WHEN day(t) >= 16 THEN INTERVAL 1 MONTH ELSE INTERVAL 0 MONTH END ` +
  `WHEN 'hour' THEN date_trunc('hour', t + INTERVAL 30 MINUTE) WHEN 'minute' THEN date_trunc('minute', t + INTERVAL 30 SECOND) ` +
  `WHEN 'second' THEN date_trunc('second', t + INTERVAL 500 MILLISECOND) ` +
  // weeks (IW, WW, W, DAY): to the nearer start, half a week (84 hours) deciding
  `WHEN 'week' THEN date_trunc('week', t + INTERVAL 84 HOUR) WHEN 'exa_day' THEN EXA_TS_TRUNC(t + INTERVAL 84 HOUR, 'exa_day') ` +
  `WHEN 'exa_ww' THEN EXA_TS_TRUNC(t + INTERVAL 84 HOUR, 'exa_ww') WHEN 'exa_w' THEN EXA_TS_TRUNC(t + INTERVAL 84 HOUR, 'exa_w') ` +
  `ELSE date_trunc('day', t + INTERVAL 12 HOUR) END`;

/** The statements creating the untyped date macros (idempotent). */
export const DATE_MACROS: string[] = [M(`EXA_TS_TRUNC(t, u) AS ${TS_TRUNC}`), M(`EXA_TS_ROUND(t, u) AS ${TS_ROUND}`)];

/** Total microseconds of a DuckDB interval `x` (a month counts 30 days), as a HUGEINT. */
export const intervalMicros = (x: string): string =>
  `(((datepart('year', ${x}) * 12 + datepart('month', ${x})) * 30 + datepart('day', ${x})) * CAST(86400000000 AS HUGEINT) + ` +
  `datepart('hour', ${x}) * CAST(3600000000 AS HUGEINT) + datepart('minute', ${x}) * CAST(60000000 AS HUGEINT) + datepart('microseconds', ${x}))`;
const pad = (v: string, n: number): string => `lpad(CAST(${v} AS VARCHAR), ${n}, '0')`;
/**
 * An interval as text without a format: months only as INTERVAL YEAR TO MONTH (`+05-03`), otherwise as the
 * INTERVAL DAY(9) TO SECOND(9) a TIMESTAMP difference is (`+000000001 02:03:04.500000000`, the form pyexasol's
 * ExaTimeDelta writes; DuckDB keeps microseconds, so the last three digits are zeros).
 */
const IV_TEXT =
  `CASE WHEN datepart('day', x) = 0 AND datepart('hour', x) = 0 AND datepart('minute', x) = 0 AND datepart('microseconds', x) = 0 AND (datepart('year', x) <> 0 OR datepart('month', x) <> 0) ` +
  `THEN CASE WHEN datepart('year', x) * 12 + datepart('month', x) < 0 THEN '-' ELSE '+' END || ${pad('abs(datepart(\'year\', x))', 2)} || '-' || ${pad('abs(datepart(\'month\', x))', 2)} ` +
  `ELSE CASE WHEN ${intervalMicros('x')} < 0 THEN '-' ELSE '+' END || ${pad(`abs(${intervalMicros('x')}) // 86400000000`, 9)} || ' ' || ${pad(`abs(${intervalMicros('x')}) % 86400000000 // 3600000000`, 2)} || ':' || ` +
  `${pad(`abs(${intervalMicros('x')}) % 3600000000 // 60000000`, 2)} || ':' || ${pad(`abs(${intervalMicros('x')}) % 60000000 // 1000000`, 2)} || '.' || ${pad(`abs(${intervalMicros('x')}) % 1000000`, 6)} || '000' END`;

/**
 * Parameters and bodies of EXA_STR / TO_CHAR(x): a value as text, TIMESTAMPs with 6 fraction digits, DOUBLEs in
 * the emulator's one layout (functions/double-text.ts: `1E15`, `0.1`, `3`), BOOLEANs as TRUE / FALSE.
 */
const TO_TEXT =
  `(x TIMESTAMP) AS strftime(x, '%Y-%m-%d %H:%M:%S.%f'), (x TIMESTAMP_NS) AS strftime(CAST(x AS TIMESTAMP), '%Y-%m-%d %H:%M:%S.%f'), ` +
  `(x DATE) AS CAST(x AS VARCHAR), (x TIMESTAMP WITH TIME ZONE) AS CAST(x AS VARCHAR), ` +
  // typed (x DOUBLE) / (x BOOLEAN) overloads would also take DECIMALs and integers (implicit casts): the type is told by typeof,
  // the DOUBLE read back from DuckDB's shortest text (exact); text takes the short VARCHAR overload (long `||` chains bind fast)
  `(x VARCHAR) AS x, (x) AS CASE WHEN typeof(x) IN ('DOUBLE', 'FLOAT') THEN ${doubleSql('TRY_CAST(CAST(x AS VARCHAR) AS DOUBLE)', 'CAST(x AS VARCHAR)')} ` +
  `WHEN typeof(x) = 'BOOLEAN' THEN upper(CAST(x AS VARCHAR)) ` +
  // an INTERVAL overload would make NULL ambiguous: the interval read back from DuckDB's text (exact)
  `WHEN typeof(x) = 'INTERVAL' THEN EXA_IV_TEXT(TRY_CAST(CAST(x AS VARCHAR) AS INTERVAL)) ELSE CAST(x AS VARCHAR) END`;

/**
 * The statements creating the macros overloaded by argument type (idempotent). DuckDB stores typed
 * macro parameters only in databases of storage version v1.4.0 and later; sysviews.ts makes them
 * temporary macros of each connection in older database files.
 */
export const TYPED_MACROS: string[] = [
  ...INTERVAL_MACROS,
  M(TS_CUT),
  // a value as text the way Exasol converts it without a format: TIMESTAMPs in the default NLS_TIMESTAMP_FORMAT
  // 'YYYY-MM-DD HH24:MI:SS.FF6' (DuckDB's own text drops a zero fraction and trailing zeros); also TO_CHAR
  // without a format model (with one, functions/conversions.ts rewrites the call)
  M(`EXA_IV_TEXT(x) AS ${IV_TEXT}`),
  M(`EXA_STR${TO_TEXT}`),
  // the same under another name: the string argument of a string function (reference-extras.ts), which char-padding.ts
  // does not pad (only LENGTH and text operands see a CHAR column's blanks)
  M(`EXA_TXT${TO_TEXT}`),
  M(`TO_CHAR${TO_TEXT}`),
  // a month added to the 31st gives the month's last day (2000-01-31 + 1 month = 2000-02-29)
  byType('ADD_DAYS', 'd, n', (d) => `${d} + CAST(n AS INTEGER) * INTERVAL 1 DAY`, (d) => `${d} + CAST(n AS INTEGER)`, true),
  byType('ADD_WEEKS', 'd, n', (d) => `${d} + CAST(n AS INTEGER) * INTERVAL 7 DAY`, (d) => `${d} + CAST(n AS INTEGER) * 7`, true),
  byType('ADD_MONTHS', 'd, n', (d) => `${d} + CAST(n AS INTEGER) * INTERVAL 1 MONTH`, undefined, true),
  byType('ADD_YEARS', 'd, n', (d) => `${d} + CAST(n AS INTEGER) * INTERVAL 1 YEAR`, undefined, true),
  byType('EXA_DT_TRUNC', 'd, u', (d) => `EXA_TS_TRUNC(${d}, u)`),
  byType('EXA_DT_ROUND', 'd, u', (d) => `EXA_TS_ROUND(${d}, u)`),
  // DATE_TRUNC('week', ...) starts the week on Sunday
  byType('EXA_DATE_TRUNC', 'u, d', (d) => `EXA_TS_TRUNC(${d}, CASE lower(u) WHEN 'week' THEN 'exa_day' WHEN 'century' THEN 'exa_cc' WHEN 'millennium' THEN 'exa_millennium' ELSE lower(u) END)`),
  // one argument: a date/time to its day (ROUND: at noon), a number as DuckDB's trunc/round
  M(`EXA_TRUNC1(d DATE) AS d, (d TIMESTAMP) AS date_trunc('day', d), (d) AS trunc(d)`),
  M(`EXA_ROUND1(d DATE) AS d, (d TIMESTAMP) AS date_trunc('day', d + INTERVAL 12 HOUR), (d) AS round(d)`),
];

/** Exasol datetime format elements of TRUNC/ROUND -> the unit of EXA_TS_TRUNC. */
const TRUNC_UNITS: Record<string, string> = {
  CC: 'exa_cc', SCC: 'exa_cc',
  YYYY: 'year', SYYYY: 'year', SYYY: 'year', YEAR: 'year', SYEAR: 'year', YYY: 'year', YY: 'year', Y: 'year',
  IYYY: 'isoyear', IYY: 'isoyear', IY: 'isoyear', I: 'isoyear',
  Q: 'quarter',
  MONTH: 'month', MON: 'month', MM: 'month', RM: 'month',
  WW: 'exa_ww', IW: 'week', W: 'exa_w',
  DDD: 'day', DD: 'day', J: 'day',
  DAY: 'exa_day', DY: 'exa_day', D: 'exa_day',
  HH: 'hour', HH12: 'hour', HH24: 'hour',
  MI: 'minute',
  SS: 'second',
};
/** The formats of DATE_TRUNC (docs.exasol.com). */
const DATE_TRUNC_FORMATS = new Set(['microseconds', 'milliseconds', 'second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year', 'decade', 'century', 'millennium']);
const ROUND_UNITS = new Set(['year', 'quarter', 'month', 'day', 'hour', 'minute', 'second', 'week', 'exa_day', 'exa_ww', 'exa_w']);

/**
 * TRUNC / TRUNCATE / ROUND on dates: with a format literal -> EXA_DT_TRUNC / EXA_DT_ROUND (a 42000
 * error names a format that is not emulated); with one argument -> EXA_TRUNC1 / EXA_ROUND1 (numbers
 * keep DuckDB's trunc/round); DATE_TRUNC -> EXA_DATE_TRUNC. Other calls (ROUND(x, 2)) stay as they are.
 */
export function rewriteDateTrunc(sig: Tok[], all: Tok[], sqlText: string): void {
  for (const c of findCalls(sig, new Set(['TRUNC', 'TRUNCATE', 'ROUND', 'DATE_TRUNC']))) {
    const at = sig[c.name]!;
    const name = keyword(at);
    if (name === 'DATE_TRUNC') {
      const fmt = literalArg(sig, c.args[0]);
      if (fmt !== undefined && !DATE_TRUNC_FORMATS.has(fmt.trim().toLowerCase())) throw compileError(sqlText, at, `DATE_TRUNC: invalid format '${fmt}'`);
      at.out = at.out.replace(/DATE_TRUNC$/i, 'EXA_DATE_TRUNC');
      continue;
    }
    const round = name === 'ROUND';
    if (c.args.length === 1) {
      at.out = at.out.replace(/[A-Z_]+$/i, round ? 'EXA_ROUND1' : 'EXA_TRUNC1');
      continue;
    }
    const fmt = literalArg(sig, c.args[1]);
    if (c.args.length !== 2 || fmt === undefined) continue;
    const unit = TRUNC_UNITS[fmt.trim().toUpperCase()];
    if (unit === undefined) throw compileError(sqlText, at, `${name}: format element ${fmt} is not a datetime format element`);
    if (round && !ROUND_UNITS.has(unit)) throw compileError(sqlText, at, `ROUND: format element ${fmt} is not emulated`);
    const x = textOf(sig, all, ...c.args[0]!);
    replaceTokens(sig, all, c.name, c.close + 1, `${round ? 'EXA_DT_ROUND' : 'EXA_DT_TRUNC'}(${x}, '${unit}')`);
  }
}
