/**
 * Exasol date/time and number format models (docs.exasol.com, "Format Models") parsed into elements,
 * and turned into DuckDB expressions: output for TO_CHAR, a strptime pattern for TO_DATE/TO_TIMESTAMP,
 * precision and scale for TO_NUMBER. Element names are case-insensitive; the case of MONTH, MON, DAY
 * and DY chooses the case of the name (`MON` JAN, `Mon` Jan, `mon` jan); MONTH and DAY are padded with
 * blanks to their longest value. Text in double quotes and the separators - / , . ; : and blanks are kept.
 */

/** One element of a format model. */
export type FormatElement = { kind: 'element'; name: string; written: string } | { kind: 'text'; text: string };

/** Date/time elements, longest first (so HH24 wins over HH, MONTH over MON, FF3 over FF). */
const DATETIME_ELEMENTS = [
  'SSSSS', 'MONTH', 'IYYY', 'YYYY', 'RRRR', 'HH24', 'HH12', 'A.M.', 'P.M.',
  'FF1', 'FF2', 'FF3', 'FF4', 'FF5', 'FF6', 'FF7', 'FF8', 'FF9',
  'YYY', 'DDD', 'DAY', 'MON', 'YY', 'RR', 'MM', 'DD', 'DY', 'HH', 'MI', 'SS', 'FF', 'AM', 'PM', 'IW', 'WW', 'CC', 'ID', 'Q', 'W', 'Y', 'J', 'D',
];
const SEPARATORS = new Set(['-', '/', ',', '.', ';', ':', ' ']);

/** Splits a date/time format model into elements; throws a message on an unknown part. */
export function parseDatetimeFormat(fmt: string): FormatElement[] {
  const out: FormatElement[] = [];
  let i = 0;
  while (i < fmt.length) {
    const c = fmt[i]!;
    if (c === '"') {
      const end = fmt.indexOf('"', i + 1);
      if (end < 0) throw new Error(`unterminated quoted text in format model '${fmt}'`);
      out.push({ kind: 'text', text: fmt.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    const name = DATETIME_ELEMENTS.find((e) => fmt.slice(i, i + e.length).toUpperCase() === e);
    if (name !== undefined) {
      out.push({ kind: 'element', name, written: fmt.slice(i, i + name.length) });
      i += name.length;
      continue;
    }
    if (SEPARATORS.has(c)) {
      out.push({ kind: 'text', text: c });
      i++;
      continue;
    }
    throw new Error(`invalid format model '${fmt}': unknown element at '${fmt.slice(i)}'`);
  }
  return out;
}

const q = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const pad = (expr: string, n: number): string => `lpad(CAST(${expr} AS VARCHAR), ${n}, '0')`;

/** Upper, Capitalised or lower name, as the element was written. */
function nameCase(written: string, expr: string): string {
  if (written === written.toUpperCase()) return `upper(${expr})`;
  if (written === written.toLowerCase()) return `lower(${expr})`;
  return expr; // DuckDB's names are Capitalised
}

/** A language of NLS_DATE_LANGUAGE that TO_CHAR can print names in. */
export type DateLanguage = 'ENG' | 'DEU';

/**
 * German names (NLS_DATE_LANGUAGE=DEU): months, their abbreviations (the first three letters: the docs' example
 * shows DEZ; the others are an assumption), days from Sunday and their two-letter abbreviations (an assumption).
 */
const DEU = {
  months: ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'],
  days: ['Sonntag', 'Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag'],
  dayAbbr: ['So', 'Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa'],
};
const list = (names: string[]): string => `[${names.map((n) => q(n)).join(', ')}]`;
const longest = (names: string[]): number => Math.max(...names.map((n) => n.length));

/** Names of a language: MONTH, MON, DAY, DY as DuckDB expressions over the TIMESTAMP `v` (Capitalised), and the padded widths. */
function names(lang: DateLanguage, v: string): { month: string; mon: string; day: string; dy: string; monthWidth: number; dayWidth: number } {
  if (lang === 'DEU') {
    return {
      month: `${list(DEU.months)}[month(${v})]`,
      mon: `${list(DEU.months.map((m) => m.slice(0, 3)))}[month(${v})]`,
      day: `${list(DEU.days)}[dayofweek(${v}) + 1]`,
      dy: `${list(DEU.dayAbbr)}[dayofweek(${v}) + 1]`,
      monthWidth: longest(DEU.months),
      dayWidth: longest(DEU.days),
    };
  }
  return { month: `monthname(${v})`, mon: `strftime(${v}, '%b')`, day: `dayname(${v})`, dy: `left(dayname(${v}), 3)`, monthWidth: 9, dayWidth: 9 };
}

/** DuckDB expression (over the TIMESTAMP `v`) for one date/time element in TO_CHAR. */
function outputOf(e: { name: string; written: string }, v: string, lang: DateLanguage): string {
  const year4 = pad(`year(${v})`, 4);
  const n = names(lang, v);
  switch (e.name) {
    case 'YYYY': case 'RRRR': return year4;
    case 'YYY': return `right(${year4}, 3)`;
    case 'YY': case 'RR': return `right(${year4}, 2)`;
    case 'Y': return `right(${year4}, 1)`;
    case 'IYYY': return pad(`isoyear(${v})`, 4);
    case 'Q': return `CAST(quarter(${v}) AS VARCHAR)`;
    case 'CC': return pad(`(year(${v}) - 1) // 100 + 1`, 2); // century: 2000 is in the 20th, 2001 in the 21st
    case 'J': return `CAST(CAST(julian(${v}) AS BIGINT) AS VARCHAR)`; // Julian day number (2000-01-01 = 2451545)
    case 'ID': return `CAST(isodow(${v}) AS VARCHAR)`; // ISO day of the week, 1 = Monday
    case 'MM': return pad(`month(${v})`, 2);
    case 'MONTH': return `rpad(${nameCase(e.written, n.month)}, ${n.monthWidth}, ' ')`;
    case 'MON': return nameCase(e.written, n.mon);
    case 'WW': return pad(`(dayofyear(${v}) - 1) // 7 + 1`, 2);
    case 'IW': return pad(`weekofyear(${v})`, 2);
    case 'W': return `CAST((day(${v}) - 1) // 7 + 1 AS VARCHAR)`;
    case 'DDD': return pad(`dayofyear(${v})`, 3);
    case 'DD': return pad(`day(${v})`, 2);
    case 'DAY': return `rpad(${nameCase(e.written, n.day)}, ${n.dayWidth}, ' ')`;
    case 'DY': return nameCase(e.written, n.dy);
    case 'D': return `CAST(dayofweek(${v}) + 1 AS VARCHAR)`; // 1 = Sunday (NLS_FIRST_DAY_OF_WEEK's default)
    case 'HH24': return pad(`hour(${v})`, 2);
    case 'HH12': case 'HH': return `strftime(${v}, '%I')`;
    case 'MI': return pad(`minute(${v})`, 2);
    case 'SS': return pad(`second(${v})`, 2);
    case 'SSSSS': return pad(`hour(${v}) * 3600 + minute(${v}) * 60 + second(${v})`, 5);
    case 'AM': case 'PM': return `strftime(${v}, '%p')`;
    case 'A.M.': case 'P.M.': return `replace(replace(strftime(${v}, '%p'), 'AM', 'A.M.'), 'PM', 'P.M.')`;
    default: {
      const ff = /^FF(\d)?$/.exec(e.name);
      if (ff) {
        const n = Number(ff[1] ?? '3');
        return `left(${pad(`microsecond(${v}) % 1000000`, 6)} || '000', ${n})`;
      }
      throw new Error(`format element ${e.written} is not emulated`);
    }
  }
}

/** The DuckDB expression of TO_CHAR(x, fmt) for a date/time `x` (evaluated once). */
export function datetimeToChar(x: string, fmt: string, lang: DateLanguage = 'ENG'): string {
  const parts = parseDatetimeFormat(fmt).map((e) => (e.kind === 'text' ? q(e.text) : outputOf(e, '__exa_v', lang)));
  if (parts.length === 0) return 'CAST(NULL AS VARCHAR)';
  return `list_transform([CAST(${x} AS TIMESTAMP)], lambda __exa_v: ${parts.join(' || ')})[1]`;
}

const STRPTIME: Record<string, string> = {
  YYYY: '%Y', RRRR: '%Y', YY: '%y', RR: '%y', MM: '%m', MON: '%b', MONTH: '%B', DD: '%d', DDD: '%j', DY: '%a', DAY: '%A',
  HH24: '%H', HH12: '%I', HH: '%I', MI: '%M', SS: '%S', FF3: '%g', FF6: '%f', FF9: '%n', FF: '%g', AM: '%p', PM: '%p',
};

/** The strptime pattern of a date/time format model for TO_DATE / TO_TIMESTAMP. */
export function strptimePattern(fmt: string): string {
  return parseDatetimeFormat(fmt)
    .map((e) => {
      if (e.kind === 'text') return e.text.replace(/%/g, '%%');
      const p = STRPTIME[e.name];
      if (p === undefined) throw new Error(`format element ${e.written} is not emulated for parsing`);
      return p;
    })
    .join('');
}
