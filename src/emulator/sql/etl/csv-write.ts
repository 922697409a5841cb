/**
 * CSV text of EXPORT (http-transport.md §5.3): values in the emulator's exact encodings (the same digits and
 * formats as on the wire: minimal DECIMALs, 6-digit TIMESTAMPs, padded CHARs), BOOLEAN as 1/0, DOUBLE as the
 * shortest round-trip decimal, NULL as an empty field (or the NULL option's text), fields enclosed per DELIMIT.
 */
import type { DuckDBDataChunk } from '@duckdb/node-api';
import type { DataType } from '../../../protocol';
import { encoderFor as jsonEncoderFor, timestampText } from '../encode';
import type { CsvOptions } from './statement';

/** Text of one non-null value, or null when the value reads as NULL (an empty CHAR/VARCHAR). */
export type CsvValueEncoder = (value: unknown) => string | null;

/** DOUBLE text: shortest round-trip digits, exponent form `1.5E-10` below 1e-5 and from 1e15 on. */
export function doubleText(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const a = Math.abs(n);
  if (a !== 0 && (a < 1e-5 || a >= 1e15)) {
    const [m, e] = n.toExponential().split('e');
    return `${m}E${Number(e)}`;
  }
  return String(n);
}

/** The CSV encoder of an Exasol column type. */
export function csvEncoderFor(t: DataType, timeZone: string): CsvValueEncoder {
  if (t.type === 'BOOLEAN') return (v) => (v ? '1' : '0');
  if (t.type === 'DOUBLE') return (v) => doubleText(typeof v === 'number' ? v : Number(v));
  const json = jsonEncoderFor(t, { timeZone, protocolVersion: 3 });
  // direct texts of the commonest types (the same text as the JSON encoder's, without a JSON round trip)
  if (t.type === 'VARCHAR') return (v) => (typeof v === 'string' ? (v === '' ? null : v) : fromJson(json(v)));
  if (t.type === 'TIMESTAMP') return (v) => (typeof (v as { micros?: unknown })?.micros === 'bigint' ? timestampText((v as { micros: bigint }).micros) : fromJson(json(v)));
  return (v) => fromJson(json(v));
}

/** The text of a JSON token (null for `null`); a JSON string without escapes is its text between the quotes. */
function fromJson(token: string): string | null {
  if (token === 'null') return null;
  if (token.charCodeAt(0) !== 0x22) return token;
  return token.indexOf('\\') < 0 ? token.slice(1, -1) : (JSON.parse(token) as string);
}

/** Encloses a field when DELIMIT asks for it, doubling the delimiter inside. */
export function makeFieldWriter(o: CsvOptions): (text: string) => string {
  const d = o.delimiter;
  if (d === '' || o.delimit === 'NEVER') return (text) => text;
  const doubled = d + d;
  const needs = (text: string): boolean =>
    text.includes(o.columnSeparator) || text.includes(d) || text.includes('\n') || text.includes('\r') || text.includes(' ') || text.charCodeAt(0) === 0x23 || (o.nullText !== undefined && o.nullText !== '' && text === o.nullText);
  return (text) => (o.delimit === 'ALWAYS' || needs(text) ? d + text.split(d).join(doubled) + d : text);
}

/** The header line of WITH COLUMN NAMES. */
export function headerLine(names: string[], o: CsvOptions): string {
  const field = makeFieldWriter(o);
  return names.map(field).join(o.columnSeparator) + o.rowSeparator;
}

/** CSV text of a DuckDB chunk's rows. */
export function chunkToCsv(chunk: DuckDBDataChunk, encoders: CsvValueEncoder[], o: CsvOptions, field: (text: string) => string): string {
  const n = chunk.rowCount;
  const cols = encoders.length;
  const nullText = o.nullText ?? '';
  const texts: string[][] = [];
  for (let c = 0; c < cols; c++) {
    const vec = chunk.getColumnVector(c);
    const enc = encoders[c]!;
    const out = new Array<string>(n);
    for (let r = 0; r < n; r++) {
      const v = vec.getItem(r);
      const t = v === null ? null : enc(v);
      out[r] = t === null ? nullText : field(t);
    }
    texts.push(out);
  }
  let s = '';
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < cols; c++) {
      if (c > 0) s += o.columnSeparator;
      s += texts[c]![r];
    }
    s += o.rowSeparator;
  }
  return s;
}
