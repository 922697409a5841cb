/**
 * DuckDB macros behind Exasol functions DuckDB lacks or spells differently (created in `main`, so every
 * schema sees them). Names DuckDB already uses with other arguments or meanings (LPAD, RPAD, INSTR,
 * REGEXP_REPLACE) are renamed to EXA_* macros by the rewrite ({@link RENAMED_FUNCTIONS}). Semantics follow
 * docs.exasol.com; the tests in test/emulator-sql-functions.test.ts check the documented examples.
 */

/** Exasol function name -> the EXA_* macro its calls are renamed to. */
export const RENAMED_FUNCTIONS: ReadonlyMap<string, string> = new Map([
  ['LPAD', 'EXA_LPAD'],
  ['RPAD', 'EXA_RPAD'],
  ['INSTR', 'EXA_INSTR'],
  ['REGEXP_REPLACE', 'EXA_REGEXP_REPLACE'],
  ['DAYOFWEEK', 'EXA_DAYOFWEEK'],
  ['OCTET_LENGTH', 'EXA_OCTET_LENGTH'],
]);

const M = (sql: string): string => `CREATE OR REPLACE MACRO main.${sql}`;
const ts = (x: string): string => `CAST(${x} AS TIMESTAMP)`;
const dt = (x: string): string => `CAST(${x} AS DATE)`;
const str = (x: string): string => `CAST(${x} AS VARCHAR)`;

/** All positions (1-based, overlapping) where `t` occurs in `s`. */
const positions = (s: string, t: string): string => `list_filter(range(1, length(${s}) + 1), lambda __i: substr(${s}, __i, length(${t})) = ${t})`;

/** n-th (1-based) match of pattern `p` in `s` from position `pos`: [start position, matched text] via split/extract. */
const regexpStart = (s: string, p: string, pos: string, occ: string): string =>
  `CAST(CASE WHEN len(regexp_extract_all(substr(${s}, ${pos}), ${p})) < ${occ} THEN 0 ELSE ${pos} + ` +
  `list_sum(list_transform(regexp_split_to_array(substr(${s}, ${pos}), ${p})[1:${occ}], lambda __x: length(__x))) + ` +
  `coalesce(list_sum(list_transform(regexp_extract_all(substr(${s}, ${pos}), ${p})[1:${occ} - 1], lambda __x: length(__x))), 0) END AS BIGINT)`;

/** INSTR(s, t, pos, occ): the occ-th (overlapping) occurrence at or after pos; a negative pos searches backwards from the end. */
const instr = (pos: string, occ: string): string =>
  `CASE WHEN s IS NULL OR t IS NULL OR ${pos} IS NULL OR ${occ} IS NULL THEN NULL ` +
  `WHEN ${pos} >= 0 THEN coalesce(list_filter(${positions(str('s'), str('t'))}, lambda __p: __p >= ${pos})[${occ}], 0) ` +
  `ELSE coalesce(list_reverse(list_filter(${positions(str('s'), str('t'))}, lambda __p: __p <= length(${str('s')}) + ${pos} + 1))[${occ}], 0) END`;

/** REGEXP_SUBSTR(s, p, pos, occ): the occ-th match from pos, NULL when there is none. */
const substrRe = (pos: string, occ: string): string => `regexp_extract_all(substr(${str('s')}, ${pos}), p)[${occ}]`;

/** REGEXP_INSTR(s, p, pos, occ, ret): start of the occ-th match (ret 1: the position after it), 0 when there is none. */
const instrRe = (pos: string, occ: string, ret: string): string =>
  `CASE WHEN s IS NULL OR p IS NULL THEN NULL ELSE ${regexpStart(str('s'), 'p', pos, occ)} + ` +
  `CASE WHEN ${ret} = 1 AND len(regexp_extract_all(substr(${str('s')}, ${pos}), p)) >= ${occ} THEN length(regexp_extract_all(substr(${str('s')}, ${pos}), p)[${occ}]) ELSE 0 END END`;

/** REGEXP_REPLACE(s, p, r, pos, occ): every match from pos (occ 0) or only the occ-th replaced by r (NULL = delete). */
const replaceRe = (r: string, pos: string, occ: string): string => {
  const start = regexpStart(str('s'), 'p', pos, occ);
  const match = `regexp_extract_all(substr(${str('s')}, ${pos}), p)[${occ}]`;
  return (
    `CASE WHEN s IS NULL OR p IS NULL THEN NULL ` +
    `WHEN ${occ} = 0 THEN substr(${str('s')}, 1, ${pos} - 1) || regexp_replace(substr(${str('s')}, ${pos}), p, coalesce(${r}, ''), 'g') ` +
    `WHEN ${start} = 0 THEN ${str('s')} ` +
    `ELSE substr(${str('s')}, 1, ${start} - 1) || regexp_replace(${match}, p, coalesce(${r}, '')) || substr(${str('s')}, ${start} + length(${match})) END`
  );
};

/** The statements creating the function macros (idempotent). */
export const FUNCTION_MACROS: string[] = [
  M(`EXA_NZ(x) AS CASE WHEN x = 0 THEN error('Division by zero') ELSE x END`),
  // division (functions/division.ts writes EXA_DIV(a, b), then replaces it by an exact
  // DECIMAL division when both operands are exact, or by EXA_DDIV, the DOUBLE division, otherwise)
  M(`EXA_DIV(a, b) AS a / EXA_NZ(b)`),
  M(`EXA_DDIV(a, b) AS a / EXA_NZ(b)`),
  M(`EXA_UNSCALED(x) AS CAST(replace(CAST(x AS VARCHAR), '.', '') AS HUGEINT)`),
  // a // b with k more digits by long division (never past 128 bits): {q, r}
  M(
    `EXA_LONGDIV(a, b, k) AS list_reduce([{'q': a // b, 'r': a % b}] || list_transform(range(k), lambda __i: {'q': CAST(0 AS HUGEINT), 'r': CAST(0 AS HUGEINT)}), ` +
      `lambda __acc, __x: {'q': __acc.q * 10 + (__acc.r * 10) // b, 'r': (__acc.r * 10) % b})`,
  ),
  // round(a * m / b) half away from zero in 64 bits (|a| * m and |b| below 10^18)
  M(`EXA_Q64(a, b, m) AS CASE WHEN (a < 0) <> (b < 0) THEN -1 ELSE 1 END * ((abs(a) * m) // abs(b) + CASE WHEN 2 * ((abs(a) * m) % abs(b)) >= abs(b) THEN 1 ELSE 0 END)`),
  // round(a * 10^k / b) half away from zero in 128 bits, by long division
  M(`EXA_Q128(a, b, k) AS sign(a) * sign(b) * list_transform([EXA_LONGDIV(abs(a), abs(b), k)], lambda __z: __z.q + CASE WHEN 2 * __z.r >= abs(b) THEN 1 ELSE 0 END)[1]`),
  // an unscaled integer q as decimal text with s fraction digits
  M(
    `EXA_DECTEXT(q, s) AS CASE WHEN s = 0 THEN CAST(q AS VARCHAR) ELSE CASE WHEN q < 0 THEN '-' ELSE '' END || ` +
      `list_transform([CAST(abs(q) AS VARCHAR)], lambda __d: list_transform([lpad(__d, CAST(greatest(length(__d), s + 1) AS INTEGER), '0')], lambda __t: left(__t, length(__t) - s) || '.' || right(__t, s))[1])[1] END`,
  ),
  // conversions without a format model (with one, the rewrite in functions/conversions.ts takes over)
  M(`TO_DATE(x) AS CAST(x AS DATE)`),
  M(`TO_TIMESTAMP(x) AS CAST(x AS TIMESTAMP)`),
  // hash functions: functions/hashes.ts
  // UTF-8 bytes of the text (DuckDB's octet_length takes BLOBs)
  M(`EXA_OCTET_LENGTH(s) AS octet_length(encode(CAST(s AS VARCHAR)))`),
  // first letter of every word upper case, the rest lower case; words end at any character that is not a letter or digit
  M(
    `INITCAP(s) AS CASE WHEN s IS NULL THEN NULL ELSE array_to_string(list_transform(range(1, length(CAST(s AS VARCHAR)) + 1), lambda __i: ` +
      `CASE WHEN __i = 1 OR NOT regexp_matches(substr(CAST(s AS VARCHAR), __i - 1, 1), '[\\pL\\pN]') THEN upper(substr(CAST(s AS VARCHAR), __i, 1)) ` +
      `ELSE lower(substr(CAST(s AS VARCHAR), __i, 1)) END), '') END`,
  ),
  // DIV(m, n): the integer quotient, truncated toward zero (exact for whole numbers), DECIMAL(18,0) (an assumption)
  M(
    `DIV(m, n) AS CASE WHEN n = 0 THEN error('Division by zero') WHEN m = trunc(m) AND n = trunc(n) THEN CAST(CAST(m AS HUGEINT) // CAST(n AS HUGEINT) AS DECIMAL(18, 0)) ` +
      `ELSE CAST(trunc(CAST(m AS DOUBLE) / CAST(n AS DOUBLE)) AS DECIMAL(18, 0)) END`,
  ),
  // SYS_GUID(): a system-wide unique value, 48 hex digits (CHAR(48))
  M(`SYS_GUID() AS replace(CAST(gen_random_uuid() AS VARCHAR), '-', '') || left(replace(CAST(gen_random_uuid() AS VARCHAR), '-', ''), 16)`),
  // CAST(x AS VARCHAR(n) | CHAR(n)) of a longer text (rewrite/expressions.ts): Exasol refuses it as it refuses to store it
  M(`EXA_FIT(s, n) AS CASE WHEN length(s) > n THEN error('EXA[22001] data exception - string data, right truncation') ELSE s END`),
  M(`NVL(a, b) AS COALESCE(a, b)`),
  M(`NVL2(a, b, c) AS CASE WHEN a IS NULL THEN c ELSE b END`),
  M(`ZEROIFNULL(a) AS COALESCE(a, 0)`),
  M(`NULLIFZERO(a) AS NULLIF(a, 0)`),
  // date/time arithmetic (ADD_DAYS/WEEKS/MONTHS/YEARS keep a DATE a DATE: dates.ts)
  M(`ADD_HOURS(d, n) AS ${ts('d')} + to_microseconds(CAST(round(n * 3600000000) AS BIGINT))`),
  M(`ADD_MINUTES(d, n) AS ${ts('d')} + to_microseconds(CAST(round(n * 60000000) AS BIGINT))`),
  M(`ADD_SECONDS(d, n) AS ${ts('d')} + to_microseconds(CAST(round(n * 1000000) AS BIGINT))`),
  // only the dates count (DAYS_BETWEEN(TIMESTAMP '2000-01-01 12:00:00', TIMESTAMP '1999-12-31 00:00:00') = 1)
  M(`DAYS_BETWEEN(a, b) AS ${dt('a')} - ${dt('b')}`),
  // whole months when the days are equal or both are last days, else the day difference over 31-day months
  M(
    `MONTHS_BETWEEN(a, b) AS CASE WHEN day(${dt('a')}) = day(${dt('b')}) OR (${dt('a')} = last_day(${dt('a')}) AND ${dt('b')} = last_day(${dt('b')})) ` +
      `THEN CAST((year(${dt('a')}) - year(${dt('b')})) * 12 + month(${dt('a')}) - month(${dt('b')}) AS DOUBLE) ` +
      `ELSE (year(${dt('a')}) - year(${dt('b')})) * 12 + month(${dt('a')}) - month(${dt('b')}) + (day(${dt('a')}) - day(${dt('b')})) / 31.0 END`,
  ),
  // exact fractional seconds (DECIMAL, not DOUBLE)
  M(`SECONDS_BETWEEN(a, b) AS CAST(epoch_us(${ts('a')}) - epoch_us(${ts('b')}) AS DECIMAL(18, 0)) * CAST(0.000001 AS DECIMAL(7, 6))`),
  M(`MINUTES_BETWEEN(a, b) AS (epoch_us(${ts('a')}) - epoch_us(${ts('b')})) / 60000000.0`),
  M(`HOURS_BETWEEN(a, b) AS (epoch_us(${ts('a')}) - epoch_us(${ts('b')})) / 3600000000.0`),
  M(`CONVERT_TZ(d, from_tz, to_tz) AS CAST(timezone(to_tz, timezone(from_tz, ${ts('d')})) AS TIMESTAMP)`),
  // strings
  M(`EXA_LPAD(s, n) AS lpad(${str('s')}, CAST(n AS INTEGER), ' '), (s, n, p) AS lpad(${str('s')}, CAST(n AS INTEGER), ${str('p')})`),
  M(`EXA_RPAD(s, n) AS rpad(${str('s')}, CAST(n AS INTEGER), ' '), (s, n, p) AS rpad(${str('s')}, CAST(n AS INTEGER), ${str('p')})`),
  M(`EXA_INSTR(s, t) AS instr(${str('s')}, ${str('t')}), (s, t, pos) AS ${instr('pos', '1')}, (s, t, pos, occ) AS ${instr('pos', 'occ')}`),
  M(`EDIT_DISTANCE(a, b) AS levenshtein(${str('a')}, ${str('b')})`),
  M(`SPACE(n) AS repeat(' ', CAST(n AS INTEGER))`),
  M(`MID(s, p) AS substr(${str('s')}, CAST(p AS BIGINT)), (s, p, n) AS substr(${str('s')}, CAST(p AS BIGINT), CAST(n AS BIGINT))`),
  M(`LOCATE(t, s) AS EXA_INSTR(s, t), (t, s, pos) AS EXA_INSTR(s, t, pos)`),
  // 1 = Sunday ... 7 = Saturday (NLS_FIRST_DAY_OF_WEEK's default, Sunday); DuckDB counts from 0
  M(`EXA_DAYOFWEEK(d) AS CAST(dayofweek(${ts('d')}) + 1 AS DECIMAL(1,0))`),
  // regular expressions (DuckDB's RE2 instead of Exasol's PCRE: no lookaround, no backreferences in patterns)
  M(`REGEXP_SUBSTR(s, p) AS ${substrRe('1', '1')}, (s, p, pos) AS ${substrRe('pos', '1')}, (s, p, pos, occ) AS ${substrRe('pos', 'occ')}`),
  M(
    `REGEXP_INSTR(s, p) AS ${instrRe('1', '1', '0')}, (s, p, pos) AS ${instrRe('pos', '1', '0')}, (s, p, pos, occ) AS ${instrRe('pos', 'occ', '0')}, ` +
      `(s, p, pos, occ, ret) AS ${instrRe('pos', 'occ', 'ret')}`,
  ),
  // occurrence 0 (the default) replaces every match; n replaces the n-th only
  M(
    `EXA_REGEXP_REPLACE(s, p) AS ${replaceRe("''", '1', '0')}, (s, p, r) AS ${replaceRe('r', '1', '0')}, (s, p, r, pos) AS ${replaceRe('r', 'pos', '0')}, ` +
      `(s, p, r, pos, occ) AS ${replaceRe('r', 'pos', 'occ')}`,
  ),
];
