/**
 * Streaming CSV reading for IMPORT (http-transport.md §5.2): records split by the ROW SEPARATOR taken literally
 * (a CRLF file read with LF keeps `\r` in its last field, and a quoted last field followed by `\r` fails, as on
 * Exasol), fields enclosed in the delimiter with the delimiter doubled inside, `#` comment records, SKIP counting
 * physical lines, TRIM of spaces, and the last record's separator optional. Text arrives in pieces; only the
 * incomplete record at the end of a piece is kept.
 */
import type { CsvOptions } from './statement';

/** One field: its text and whether it was enclosed in the delimiter. */
export interface CsvField {
  text: string;
  quoted: boolean;
}

/** A malformed record (becomes ETL-2101 with the row number). */
export class CsvSyntaxError extends Error {}

/** Incremental CSV parser of one file. */
export class CsvReader {
  private buf = '';
  private skipLeft: number;
  /** Records returned so far (0-based number of the next one, comments and skipped lines excluded). */
  row = 0;

  constructor(private readonly o: CsvOptions) {
    this.skipLeft = o.skip;
  }

  /** Adds text and returns the records now complete (all of them when `final`). */
  push(text: string, final: boolean): CsvField[][] {
    this.buf = this.buf.length === 0 ? text : this.buf + text;
    const out: CsvField[][] = [];
    const rs = this.o.rowSeparator;
    let p = 0;
    // SKIP counts physical lines, whatever their quotes
    while (this.skipLeft > 0) {
      const nl = this.buf.indexOf(rs, p);
      if (nl < 0) {
        if (final) p = this.buf.length;
        break;
      }
      p = nl + rs.length;
      this.skipLeft--;
    }
    if (this.skipLeft > 0) {
      this.buf = final ? '' : this.buf.slice(p);
      return out;
    }
    for (;;) {
      if (p >= this.buf.length) break;
      if (this.buf.charCodeAt(p) === 0x23) {
        // a comment record: up to the next row separator
        const nl = this.buf.indexOf(rs, p);
        if (nl < 0) {
          if (final) p = this.buf.length;
          break;
        }
        p = nl + rs.length;
        continue;
      }
      const r = this.record(p, final);
      if (r === undefined) break;
      out.push(r.fields);
      this.row++;
      p = r.end;
    }
    this.buf = this.buf.slice(p);
    if (final && this.buf.length > 0) throw new CsvSyntaxError('unexpected end of data');
    return out;
  }

  /** Parses the record starting at `p`; undefined when it is not complete yet. */
  private record(start: number, final: boolean): { fields: CsvField[]; end: number } | undefined {
    const b = this.buf;
    const { columnSeparator: cs, rowSeparator: rs, delimiter: d } = this.o;
    const fields: CsvField[] = [];
    let p = start;
    let ir = -2;
    for (;;) {
      if (d !== '' && b.startsWith(d, p)) {
        let q = p + d.length;
        let text = '';
        for (;;) {
          const idx = b.indexOf(d, q);
          if (idx < 0) {
            if (final) throw new CsvSyntaxError('missing closing delimiter');
            return undefined;
          }
          if (b.startsWith(d, idx + d.length)) {
            text += b.slice(q, idx) + d;
            q = idx + 2 * d.length;
            continue;
          }
          if (!final && idx + 2 * d.length > b.length) return undefined;
          text += b.slice(q, idx);
          p = idx + d.length;
          break;
        }
        fields.push({ text: this.trim(text), quoted: true });
        if (b.startsWith(cs, p)) {
          p += cs.length;
          continue;
        }
        if (b.startsWith(rs, p)) return { fields, end: p + rs.length };
        if (p >= b.length) return final ? { fields, end: p } : undefined;
        const rest = b.slice(p);
        if (!final && (cs.startsWith(rest) || rs.startsWith(rest))) return undefined;
        throw new CsvSyntaxError('invalid character after the closing delimiter');
      }
      if (ir < p && ir !== -1) ir = b.indexOf(rs, p);
      const ic = b.indexOf(cs, p);
      if (ic >= 0 && (ir < 0 || ic < ir)) {
        fields.push({ text: this.trim(b.slice(p, ic)), quoted: false });
        p = ic + cs.length;
        continue;
      }
      if (ir >= 0) {
        fields.push({ text: this.trim(b.slice(p, ir)), quoted: false });
        return { fields, end: ir + rs.length };
      }
      if (!final) return undefined;
      fields.push({ text: this.trim(b.slice(p)), quoted: false });
      return { fields, end: b.length };
    }
  }

  private trim(s: string): string {
    switch (this.o.trim) {
      case 'both':
        return s.replace(/^ +| +$/g, '');
      case 'left':
        return s.replace(/^ +/, '');
      case 'right':
        return s.replace(/ +$/, '');
      default:
        return s;
    }
  }
}

/** A field's value: NULL for an empty field (quoted or not) and for the NULL text (unquoted only). */
export function fieldValue(f: CsvField, nullText: string | undefined): string | null {
  if (f.text === '') return null;
  if (!f.quoted && nullText !== undefined && f.text === nullText) return null;
  return f.text;
}
