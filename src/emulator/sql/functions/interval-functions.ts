/**
 * Conversions to intervals (docs.exasol.com): NUMTODSINTERVAL(n, 'DAY' | 'HOUR' | 'MINUTE' | 'SECOND'),
 * NUMTOYMINTERVAL(n, 'YEAR' | 'MONTH'), TO_DSINTERVAL('[+|-]d h:m:s[.f]') and TO_YMINTERVAL('[+|-]y-m'). The results
 * are INTERVAL DAY(9) TO SECOND(9) / INTERVAL YEAR(9) TO MONTH (functions/result-types.ts; the emulator keeps
 * microseconds). NULL in, NULL out; a unit or text that fits no interval is a data exception.
 */
const M = (sql: string): string => `CREATE OR REPLACE MACRO main.${sql}`;
const str = (x: string): string => `trim(CAST(${x} AS VARCHAR))`;
const badText = (x: string): string => `error('EXA[22018] data exception - invalid character value for cast; Value: ''' || ${str(x)} || '''')`;
const badUnit = (u: string): string => `error('EXA[22023] data exception - invalid interval unit ' || CAST(${u} AS VARCHAR))`;

const DS = `([+-]?)(\\d+)\\s+(\\d{1,2}):(\\d{1,2}):(\\d{1,2})(?:\\.(\\d*))?`;
const YM = `([+-]?)(\\d+)-(\\d{1,2})`;
/** Group k of the day-second text as BIGINT (0 when empty). */
const ds = (k: number): string => `CAST(coalesce(nullif(regexp_extract(${str('s')}, '^${DS}$', ${k}), ''), '0') AS BIGINT)`;
const ym = (k: number): string => `CAST(regexp_extract(${str('s')}, '^${YM}$', ${k}) AS BIGINT)`;
const sign = (re: string): string => `CASE WHEN regexp_extract(${str('s')}, '^${re}$', 1) = '-' THEN -1 ELSE 1 END`;
/** The fraction digits as microseconds (the digits after the sixth dropped). */
const fracMicros = `CAST(rpad(left(regexp_extract(${str('s')}, '^${DS}$', 6), 6), 6, '0') AS BIGINT)`;

/** The statements creating the interval macros (idempotent). */
export const INTERVAL_FUNCTION_MACROS: string[] = [
  M(
    `NUMTODSINTERVAL(n, u) AS CASE WHEN n IS NULL OR u IS NULL THEN NULL ELSE to_microseconds(CAST(round(CAST(n AS DECIMAL(38, 9)) * ` +
      `CASE upper(trim(u)) WHEN 'DAY' THEN 86400000000 WHEN 'HOUR' THEN 3600000000 WHEN 'MINUTE' THEN 60000000 WHEN 'SECOND' THEN 1000000 ELSE ${badUnit('u')} END) AS BIGINT)) END`,
  ),
  M(
    `NUMTOYMINTERVAL(n, u) AS CASE WHEN n IS NULL OR u IS NULL THEN NULL ELSE to_months(CAST(trunc(CAST(n AS DECIMAL(38, 9)) * ` +
      `CASE upper(trim(u)) WHEN 'YEAR' THEN 12 WHEN 'MONTH' THEN 1 ELSE ${badUnit('u')} END) AS INTEGER)) END`,
  ),
  M(
    `TO_DSINTERVAL(s) AS CASE WHEN s IS NULL THEN NULL WHEN NOT regexp_full_match(${str('s')}, '${DS}') OR ${ds(4)} > 59 OR ${ds(5)} > 59 OR ${ds(3)} > 23 THEN ${badText('s')} ` +
      `ELSE to_microseconds(${sign(DS)} * ((((${ds(2)} * 24 + ${ds(3)}) * 60 + ${ds(4)}) * 60 + ${ds(5)}) * 1000000 + ${fracMicros})) END`,
  ),
  M(`TO_YMINTERVAL(s) AS CASE WHEN s IS NULL THEN NULL WHEN NOT regexp_full_match(${str('s')}, '${YM}') OR ${ym(3)} > 11 THEN ${badText('s')} ELSE to_months(CAST(${sign(YM)} * (${ym(2)} * 12 + ${ym(3)}) AS INTEGER)) END`),
];
