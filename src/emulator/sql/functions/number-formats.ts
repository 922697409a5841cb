/**
 * Exasol number format models (docs.exasol.com, "Format Models"): digits 9 (shown when needed) and 0
 * (always shown), group separators G or `,`, the decimal point D or `.`, FM (no padding), a sign S in
 * front or at the end, or MI at the end. TO_CHAR(number, fmt) is built as a DuckDB expression; TO_NUMBER
 * takes precision and scale from the same model.
 */

/** A parsed number format model. */
export interface NumberFormat {
  /** Digit positions before the decimal point. */
  int: number;
  /** Digit positions after it. */
  frac: number;
  /** FM: no blanks for padding or a positive sign. */
  fm: boolean;
  /** Positions from the first 0 on, always shown (leading zeros). */
  minInt: number;
  /** Whether the model has group separators. */
  groups: boolean;
  /** The integer part as written: 9, 0 and separators (`,` for G). */
  intPattern: string;
  /** Whether the model has a decimal point. */
  point: boolean;
  /** Where the sign goes: a blank or `-` in front (default), `+`/`-` in front (S...), at the end (...S), `-` or blank at the end (MI). */
  sign: 'default' | 'leadingS' | 'trailingS' | 'MI';
}

const MODEL = /^(FM)?(S)?([90,G]*)(?:([.D])([90]*))?(MI|S)?$/i;

/** Whether a format model is a number format. */
export function isNumberFormat(fmt: string): boolean {
  const m = MODEL.exec(fmt);
  return m !== null && !(m[2] && m[6]) && /[90]/.test(fmt);
}

/** Parses a number format model; throws a message for anything else. */
export function numberFormat(fmt: string): NumberFormat {
  const m = MODEL.exec(fmt);
  if (!m || !/[90]/.test(fmt) || (m[2] && m[6])) throw new Error(`invalid number format model '${fmt}'`);
  const intPattern = m[3]!.toUpperCase().replace(/G/g, ',');
  if (/^,|,,/.test(intPattern)) throw new Error(`invalid number format model '${fmt}': misplaced group separator`);
  const digits = intPattern.replace(/,/g, '');
  const firstZero = digits.indexOf('0');
  const trailing = (m[6] ?? '').toUpperCase();
  return {
    int: digits.length,
    frac: (m[5] ?? '').length,
    fm: m[1] !== undefined,
    minInt: firstZero < 0 ? 0 : digits.length - firstZero,
    groups: intPattern.includes(','),
    intPattern,
    point: m[4] !== undefined,
    sign: m[2] ? 'leadingS' : trailing === 'MI' ? 'MI' : trailing === 'S' ? 'trailingS' : 'default',
  };
}

/**
 * TO_CHAR(x, fmt) for a number: rounded to the format's decimals, exact (DECIMAL, not DOUBLE); blanks
 * for positions not shown (none with FM); `#` in every position when the integer part does not fit.
 */
export function numberToChar(x: string, fmt: string): string {
  const f = numberFormat(fmt);
  const n = '__exa_n';
  const digits = `CAST(abs(${n}) AS VARCHAR)`;
  const int = `split_part(${digits}, '.', 1)`;
  // a 9 position shows nothing for a zero integer part before decimals (' .50'); a 0 position shows 0
  const intText = f.minInt > 0 ? `lpad(${int}, ${f.minInt}, '0')` : f.frac > 0 || f.point ? `CASE WHEN ${int} = '0' THEN '' ELSE ${int} END` : int;
  // every digit position of the integer part, blank where nothing is shown; separators only between shown digits
  const padded = `lpad(${intText}, ${Math.max(f.int, 1)}, ' ')`;
  const pieces: string[] = [];
  let pos = 0;
  for (const c of f.intPattern) {
    if (c === ',') pieces.push(`CASE WHEN substr(__exa_p, ${pos}, 1) = ' ' THEN ' ' ELSE ',' END`);
    else pieces.push(`substr(__exa_p, ${++pos}, 1)`);
  }
  const intOut = pieces.length > 0 ? `list_transform([${padded}], lambda __exa_p: ${pieces.join(' || ')})[1]` : "''";
  const body = f.point ? `${intOut} || '.' || ${f.frac > 0 ? `split_part(${digits}, '.', 2)` : "''"}` : intOut;
  const width = f.intPattern.length + (f.point ? 1 + f.frac : 0);
  const neg = `${n} < 0`;
  let text: string;
  switch (f.sign) {
    case 'MI':
      text = f.fm ? `ltrim(${body}) || CASE WHEN ${neg} THEN '-' ELSE '' END` : `${body} || CASE WHEN ${neg} THEN '-' ELSE ' ' END`;
      break;
    case 'trailingS':
      text = `${f.fm ? `ltrim(${body})` : body} || CASE WHEN ${neg} THEN '-' ELSE '+' END`;
      break;
    default: {
      const sign = f.sign === 'leadingS' ? `CASE WHEN ${neg} THEN '-' ELSE '+' END` : `CASE WHEN ${neg} THEN '-' ELSE ${f.fm ? "''" : "' '"} END`;
      text = f.fm ? `${sign} || ltrim(${body})` : `lpad(${sign} || ltrim(${body}), ${width + 1}, ' ')`;
    }
  }
  // NULL stays NULL (not a row of #)
  const expr = `CASE WHEN ${n} IS NULL THEN NULL WHEN length(${int}) <= ${f.int} OR ${int} = '0' THEN ${text} ELSE repeat('#', ${width + 1}) END`;
  return `list_transform([CAST(${x} AS DECIMAL(38, ${f.frac}))], lambda ${n}: ${expr})[1]`;
}
