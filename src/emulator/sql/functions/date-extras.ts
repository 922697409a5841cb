/**
 * Date/time functions of Exasol's reference DuckDB lacks (docs.exasol.com): POSIX_TIME([datetime]) (seconds since
 * 1970-01-01 00:00:00, DECIMAL with milliseconds; no argument: now), FROM_POSIX_TIME(number) (the TIMESTAMP that many
 * seconds after 1970-01-01 00:00:00) and YEARS_BETWEEN(a, b) (MONTHS_BETWEEN / 12: dates only, whole years when
 * month and day are equal). The emulator reads date/time values as UTC here: the session time zone is not applied
 * (the docs' examples set TIME_ZONE = 'UTC').
 */
const M = (sql: string): string => `CREATE OR REPLACE MACRO main.${sql}`;

/** Seconds since 1970 of a timestamp with 3 fraction digits (the digits after them dropped). */
const posix = (t: string): string => `CAST(CAST(epoch_us(CAST(${t} AS TIMESTAMP)) // 1000 AS DECIMAL(18, 0)) / 1000 AS DECIMAL(18, 3))`;

/** The statements creating the date macros (idempotent). */
export const DATE_EXTRA_MACROS: string[] = [
  M(`POSIX_TIME() AS ${posix('CURRENT_TIMESTAMP')}, (t) AS ${posix('t')}`),
  M(`FROM_POSIX_TIME(n) AS make_timestamp(CAST(round(CAST(n AS DECIMAL(38, 9)) * 1000000) AS BIGINT))`),
  M(`YEARS_BETWEEN(a, b) AS MONTHS_BETWEEN(a, b) / 12`),
];
