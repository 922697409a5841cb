/**
 * IMPORT's `FILE '...' (3 FORMAT='DD-MM-YYYY', 7 FORMAT='999.99999')`: a field's text read with its format model
 * before the usual checks. Datetime models (YYYY RRRR YY RR MM DD HH24 HH12 HH MI SS FF1-FF9 FF and separators) give
 * the default `YYYY-MM-DD[ HH24:MI:SS.FF6]` text; number models only allow blanks and group separators around the
 * digits. Text that does not fit the model is a cast error, as on Exasol.
 */
import type { DataType } from '../../../protocol';

const ELEMENTS = ['YYYY', 'RRRR', 'HH24', 'HH12', 'FF1', 'FF2', 'FF3', 'FF4', 'FF5', 'FF6', 'FF7', 'FF8', 'FF9', 'FF', 'YY', 'RR', 'MM', 'DD', 'HH', 'MI', 'SS'];

function pattern(element: string): string {
  if (element === 'YYYY' || element === 'RRRR') return '(\\d{4})';
  if (element === 'YY' || element === 'RR') return '(\\d{2})';
  if (element.startsWith('FF')) return `(\\d{1,${element.length === 3 ? element[2] : '9'}})`;
  return '(\\d{1,2})';
}

/** A datetime text in format model `fmt` as `YYYY-MM-DD HH:MI:SS.ffffff`, or undefined when it does not fit. */
export function datetimeFromFormat(value: string, fmt: string): string | undefined {
  let re = '^\\s*';
  const order: string[] = [];
  for (let i = 0; i < fmt.length; ) {
    const rest = fmt.slice(i).toUpperCase();
    const el = ELEMENTS.find((e) => rest.startsWith(e));
    if (el !== undefined) {
      re += pattern(el);
      order.push(el);
      i += el.length;
    } else {
      re += fmt[i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i++;
    }
  }
  const m = new RegExp(re + '\\s*$').exec(value);
  if (!m) return undefined;
  const v: Record<string, string> = {};
  order.forEach((el, k) => (v[el.startsWith('FF') ? 'FF' : el.replace('RRRR', 'YYYY').replace('RR', 'YY').replace('HH24', 'HH').replace('HH12', 'HH')] = m[k + 1]!));
  const year = v.YYYY ?? (v.YY !== undefined ? String(2000 + Number(v.YY)) : '1970');
  const p2 = (x: string | undefined, d = '00'): string => (x ?? d).padStart(2, '0');
  const date = `${year}-${p2(v.MM, '01')}-${p2(v.DD, '01')}`;
  if (v.HH === undefined && v.MI === undefined && v.SS === undefined && v.FF === undefined) return date;
  return `${date} ${p2(v.HH)}:${p2(v.MI)}:${p2(v.SS)}.${(v.FF ?? '').padEnd(6, '0').slice(0, 6)}`;
}

/** The text of field `value` read with format model `fmt` for a column of type `t` (then checked as usual). */
export function formattedFieldText(value: string, fmt: string, t: DataType): string {
  if (t.type === 'DATE' || t.type === 'TIMESTAMP' || t.type === 'TIMESTAMP WITH LOCAL TIME ZONE') {
    const iso = datetimeFromFormat(value, fmt);
    if (iso === undefined) throw new Error(`invalid value for format '${fmt}'; Value: '${value}'`);
    return t.type === 'DATE' ? iso.slice(0, 10) : iso.length === 10 ? `${iso} 00:00:00.000000` : iso;
  }
  if (t.type === 'DECIMAL' || t.type === 'DOUBLE') {
    // group separators (G or ,) and the blank a sign position leaves
    return /[G,]/i.test(fmt) ? value.replace(/,/g, '').trim() : value.trim();
  }
  return value;
}
