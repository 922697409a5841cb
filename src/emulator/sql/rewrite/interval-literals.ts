/**
 * Exasol interval literals (docs.exasol.com, Literals): `INTERVAL 'text' <leading field> [(p [, fp])] [TO <field>
 * [(fp)]]`. YEAR / MONTH lead a year-month interval (`'27' YEAR`, `'130' MONTH (3)`, `'100-1' YEAR(3) TO MONTH`),
 * DAY / HOUR / MINUTE / SECOND a day-second one (`'5' DAY`, `'100' HOUR(3)`, `'10:20' HOUR TO MINUTE`,
 * `'2 23:10:59' DAY TO SECOND`, `'1.99999' SECOND(2,2)`: seconds rounded to fp digits, default 3). The text
 * holds one number per field from the leading one to the last (days, then `h:m:s`). Each literal becomes a
 * DuckDB interval (`to_months(n)` / `to_microseconds(n)`) and, as a select item of its own, has the type
 * INTERVAL YEAR(p) TO MONTH or INTERVAL DAY(p) TO SECOND(fp) (p: the leading precision, default 2).
 */
import type { DataType } from '../../../protocol';
import { EngineError } from '../contract';
import { position } from '../errors';
import { keyword } from '../lexer';
import { replaceRange, type Tok } from './tokens';

const FIELDS = ['YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE', 'SECOND'];
/** Microseconds of one unit of each day-second field. */
const MICROS: Record<string, bigint> = { DAY: 86400000000n, HOUR: 3600000000n, MINUTE: 60000000n, SECOND: 1000000n };

/** A parsed interval literal: its end (exclusive), its type and its DuckDB text. */
export interface IntervalLiteral {
  end: number;
  type: DataType;
  sql: string;
}

/** `( n [, m] )` at sig[j]: the numbers and the index after `)`. */
function precisionArgs(sig: Tok[], j: number): { args: number[]; end: number } {
  if (sig[j]?.text !== '(') return { args: [], end: j };
  const args: number[] = [];
  let k = j + 1;
  while (k < sig.length && sig[k]!.text !== ')') {
    if (sig[k]!.kind === 'number') args.push(Number(sig[k]!.text));
    k++;
  }
  return { args, end: k + 1 };
}

const fail = (sqlText: string, at: Tok, what: string): EngineError =>
  new EngineError('22007', `data exception - invalid interval format: ${what} ${position(sqlText, at.offset)}`);

/**
 * The interval literal at sig[i] (`INTERVAL 'text' ...`), or undefined when sig[i] starts none. Throws a 22007
 * data exception for text that does not fit its fields.
 */
export function intervalLiteral(sig: Tok[], i: number, sqlText: string): IntervalLiteral | undefined {
  if (keyword(sig[i]) !== 'INTERVAL' || sig[i + 1]?.kind !== 'string') return undefined;
  const lead = keyword(sig[i + 2]);
  if (!FIELDS.includes(lead)) return undefined;
  const p1 = precisionArgs(sig, i + 3);
  let end = p1.end;
  let last = lead;
  let fraction = lead === 'SECOND' ? p1.args[1] : undefined;
  if (keyword(sig[end]) === 'TO') {
    last = keyword(sig[end + 1]);
    if (!FIELDS.includes(last) || FIELDS.indexOf(last) <= FIELDS.indexOf(lead) || (lead === 'YEAR') !== (last === 'MONTH') || lead === 'MONTH') return undefined;
    const p2 = precisionArgs(sig, end + 2);
    if (last === 'SECOND') fraction = p2.args[0];
    end = p2.end;
  }
  const precision = p1.args[0] ?? 2;
  const raw = sig[i + 1]!.text.slice(1, -1).replace(/''/g, "'").trim();
  const text = raw.replace(/^[+-]/, '');
  const negative = raw.startsWith('-');
  const fields = FIELDS.slice(FIELDS.indexOf(lead), FIELDS.indexOf(last) + 1);
  if (lead === 'YEAR' || lead === 'MONTH') {
    const m = fields.length === 2 ? /^(\d+)-(\d+)$/.exec(text) : /^(\d+)$/.exec(text);
    if (!m || (fields.length === 2 && Number(m[2]) > 11)) throw fail(sqlText, sig[i + 1]!, `'${raw}' is no ${fields.join(' TO ')} value`);
    const months = lead === 'YEAR' ? Number(m[1]) * 12 + Number(m[2] ?? 0) : Number(m[1]);
    return { end, type: { type: 'INTERVAL YEAR TO MONTH', precision }, sql: `to_months(${negative ? -months : months})` };
  }
  // day-second: days before a blank, then h:m:s, the last field possibly with a fraction
  const parts = text.split(/[ :]/);
  const seconds = last === 'SECOND';
  const shape = parts.length === fields.length && parts.every((p, k) => (k === parts.length - 1 && seconds ? /^\d+(\.\d*)?$|^\.\d+$/ : /^\d+$/).test(p));
  const blankAfterDays = lead !== 'DAY' || fields.length === 1 || /^\d+ /.test(text);
  if (!shape || !blankAfterDays || (lead !== 'DAY' && text.includes(' '))) throw fail(sqlText, sig[i + 1]!, `'${raw}' is no ${fields.join(' TO ')} value`);
  const fp = fraction ?? 3;
  let micros = 0n;
  parts.forEach((p, k) => {
    const field = fields[k]!;
    if (field !== 'SECOND') micros += BigInt(p) * MICROS[field]!;
    else {
      // seconds rounded to fp fraction digits (half up), kept to microseconds
      const [whole, frac = ''] = p.split('.');
      const digits = (frac + '0'.repeat(10)).slice(0, 10);
      let scaled = BigInt((whole || '0') + digits.slice(0, fp));
      if (Number(digits[fp] ?? '0') >= 5) scaled += 1n;
      micros += (scaled * 1000000n) / 10n ** BigInt(fp);
    }
  });
  return { end, type: { type: 'INTERVAL DAY TO SECOND', precision, fraction: fp }, sql: `to_microseconds(CAST(${negative ? -micros : micros} AS BIGINT))` };
}

/** Rewrites every interval literal of a statement into its DuckDB interval. */
export function rewriteIntervalLiterals(sig: Tok[], all: Tok[], sqlText: string): void {
  for (let i = 0; i + 1 < sig.length; i++) {
    const lit = intervalLiteral(sig, i, sqlText);
    if (lit === undefined) continue;
    replaceRange(sig, i, lit.end, lit.sql, all);
    i = lit.end - 1;
  }
}
