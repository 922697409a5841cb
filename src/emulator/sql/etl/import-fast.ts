/**
 * The fast path of IMPORT: each file's (gunzipped) bytes are spooled to a temp file while they arrive, then
 * DuckDB's own multi-threaded CSV reader checks and loads them with one statement each, so no value passes
 * through JavaScript. It is taken only when the result is certain to be the one of the JavaScript parser
 * (csv-read.ts) and checks (params.ts): UTF-8, LF rows, one-character separator and delimiter, no TRIM, column
 * types whose checks have an exact SQL form, and a file free of what the two readers treat differently (CR, NUL,
 * BOM, empty lines, `#` comment lines, spaces beside a delimiter), all seen by a native byte scan. DuckDB rejects
 * (instead of failing: a failed statement would end the transaction) malformed records; a rejected record or a
 * value the SQL checks refuse sends the statement back to the JavaScript path, which replays the spooled bytes
 * and reports the exact error (ETL-2101, ETL-3050, ... with its row number). Loading overlaps receiving: the
 * spool is cut into segments at row boundaries (a row separator outside quotes), and each finished segment is
 * loaded (import-overlap.ts) while the next one arrives.
 */
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataType } from '../../../protocol';
import { quoteString } from '../lexer';
import { castExpression } from '../params';
import { timestampPrecision } from '../types';
import type { CsvOptions } from './statement';

/** Switch and counter of the fast path, for tests and benches that compare it with the JavaScript path. */
export const importFastPath = {
  /** Whether IMPORT may take the fast path (default true). */
  enabled: true,
  /** Statements loaded by the fast path so far (those sent back to the JavaScript path not counted). */
  loads: 0,
  /** Bytes after which a spooled file is cut into a new segment at the next row boundary (tests make it small). */
  segmentBytes: 8 << 20,
};

/** A part of a spooled file that ends at a row boundary (or at the file's end): one temp file, loaded on its own. */
export interface Segment {
  /** Temp file holding the segment's bytes. */
  path: string;
  /** A column separator ends a line or the file (then DuckDB's serial reader must count the fields). */
  trailingSeparator: boolean;
}

/** A file received to disk: the skipped lines kept apart, what the byte scan found, and how the transfer ended. */
export interface SpooledFile {
  /** The bytes after the SKIP lines, in order (at least one segment, maybe empty). */
  segments: Segment[];
  /** The bytes of the SKIP lines (replayed before the file on the JavaScript path). */
  prefix: Buffer[];
  /** The scan found nothing the two readers treat differently. */
  clean: boolean;
  /** The error the transfer ended with (rethrown after the replay), if any. */
  failure?: { error: unknown };
}

const DECIMAL_RE = '[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?';
const DATE_RE = '[0-9]{1,4}-[0-9]{1,2}-[0-9]{1,2}';
const TIMESTAMP_RE = `${DATE_RE}([ T][0-9]{1,2}:[0-9]{1,2}(:[0-9]{1,2}([.][0-9]{1,9})?)?)?`;

/** Options DuckDB's reader follows exactly like the JavaScript parser (single-byte separators, LF rows). */
export function fastOptions(o: CsvOptions): boolean {
  const single = (s: string): boolean => s.length === 1 && s.charCodeAt(0) > 0x20 && s.charCodeAt(0) < 0x7f && s !== '#';
  const enc = o.encoding.toUpperCase().replace(/_/g, '-');
  return (
    (enc === 'UTF-8' || enc === 'UTF8') &&
    o.rowSeparator === '\n' &&
    o.trim === 'none' &&
    (single(o.columnSeparator) || o.columnSeparator === '\t') &&
    single(o.delimiter) &&
    o.delimiter !== o.columnSeparator &&
    (o.nullText === undefined || o.nullText === '')
  );
}

/** The SQL of one column: see {@link columnSql}. */
interface ColumnSql {
  /** True when the JavaScript checks and the cast accept the value. */
  ok: string;
  /** Like `ok` without a TRY of the very cast `value` makes (where `ok` is false and `shape` true, that cast fails). */
  shape: string;
  /** The value cast to the column's storage type. */
  value: string;
}

/** The SQL check and value of one column, or undefined for a type without an exact SQL form. */
function columnSql(col: string, t: DataType): ColumnSql | undefined {
  const v = `NULLIF(${col}, '')`;
  const tried = (text: string): string => `TRY(${castExpression(text, t)}) IS NOT NULL`;
  switch (t.type) {
    case 'VARCHAR':
    case 'CHAR': {
      const size = t.size ?? (t.type === 'CHAR' ? 1 : 2000000);
      const ok = `(${v} IS NULL OR length(${v}) <= ${size})`;
      return { ok, shape: ok, value: castExpression(v, t) };
    }
    case 'DECIMAL':
    case 'DOUBLE':
      return { ok: `(${v} IS NULL OR (regexp_full_match(${v}, '${DECIMAL_RE}') AND ${tried(v)}))`, shape: `(${v} IS NULL OR regexp_full_match(${v}, '${DECIMAL_RE}'))`, value: castExpression(v, t) };
    case 'DATE':
      return { ok: `(${v} IS NULL OR (regexp_full_match(${v}, '${DATE_RE}') AND ${tried(v)}))`, shape: `(${v} IS NULL OR regexp_full_match(${v}, '${DATE_RE}'))`, value: castExpression(v, t) };
    case 'TIMESTAMP': {
      // Cut to the column's precision as text, as the JavaScript path does (params.ts cutFractionText).
      const p = timestampPrecision(t);
      const cut = p >= 9 ? v : p === 0 ? `regexp_replace(${v}, '[.][0-9]+$', '')` : `regexp_replace(${v}, '([.][0-9]{${p}})[0-9]+$', '\\1')`;
      // the value casts the cut text: the check of the whole text stays
      const ok = `(${v} IS NULL OR (regexp_full_match(${v}, '${TIMESTAMP_RE}') AND ${tried(v)}))`;
      return { ok, shape: ok, value: castExpression(cut, t) };
    }
    case 'BOOLEAN': {
      const b = `CASE WHEN lower(${v}) IN ('true', 't', 'yes', 'y', '1') THEN 'true' WHEN ${v} IS NOT NULL THEN 'false' END`;
      const ok = `(${v} IS NULL OR lower(${v}) IN ('true', 't', 'yes', 'y', '1', 'false', 'f', 'no', 'n', '0'))`;
      return { ok, shape: ok, value: castExpression(b, t) };
    }
    default:
      return undefined;
  }
}

/** Column types the fast path handles. */
export function fastTypes(types: DataType[]): boolean {
  return types.every((t) => columnSql('"c"', t) !== undefined);
}

/** Scans spooled bytes for what DuckDB's reader and the JavaScript parser treat differently. */
export class ByteScan {
  private last = 0x0a;
  private first = true;
  clean = true;
  private sepNewline = false;
  private readonly d: number;
  private readonly sep: number;
  private readonly sepNl: Buffer;

  constructor(o: CsvOptions) {
    this.d = o.delimiter.charCodeAt(0);
    this.sep = o.columnSeparator.charCodeAt(0);
    this.sepNl = Buffer.from([this.sep, 0x0a]);
  }

  /** Whether a column separator ends a line or the file. */
  trailingSeparator(): boolean {
    return this.sepNewline || this.last === this.sep;
  }

  /** At a segment cut (after a row separator): whether a separator ended a line of the segment; starts counting anew. */
  cut(): boolean {
    const t = this.sepNewline;
    this.sepNewline = false;
    return t;
  }

  /** Looks at the next piece of the file. */
  push(b: Buffer): void {
    if (!this.clean || b.length === 0) return;
    if (this.first) {
      this.first = false;
      // a byte order mark (the decoder drops it, DuckDB may not)
      if (b[0] === 0xef) this.clean = false;
    }
    const c0 = b[0]!;
    const d = this.d;
    if (
      b.indexOf(0x0d) >= 0 ||
      b.indexOf(0) >= 0 ||
      (this.last === 0x0a && (c0 === 0x0a || c0 === 0x23)) ||
      (this.last === 0x20 && c0 === d) ||
      (this.last === d && c0 === 0x20) ||
      b.indexOf('\n\n') >= 0 ||
      b.indexOf('\n#') >= 0 ||
      b.indexOf(Buffer.from([0x20, d])) >= 0 ||
      b.indexOf(Buffer.from([d, 0x20])) >= 0
    ) {
      this.clean = false;
    }
    if (!this.sepNewline && ((this.last === this.sep && c0 === 0x0a) || b.indexOf(this.sepNl) >= 0)) this.sepNewline = true;
    this.last = b[b.length - 1]!;
  }
}

let spoolCounter = 0;

/** A new temp directory for one statement's files (removed by `removeSpool`). */
export async function makeSpoolDir(): Promise<string> {
  return fs.mkdtemp(join(tmpdir(), `exa-import-${process.pid}-${++spoolCounter}-`));
}

/** Removes a temp directory and its files. */
export async function removeSpool(dir: string | undefined): Promise<void> {
  if (dir !== undefined) await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
}

/** Whether the quote state flips over `b` (an odd number of delimiter bytes). */
function flips(b: Buffer, delim: number): boolean {
  let odd = false;
  for (let i = b.indexOf(delim); i >= 0; i = b.indexOf(delim, i + 1)) odd = !odd;
  return odd;
}

/**
 * The end of the last row in `b` (just after a row separator outside quotes), or -1. Quotes are counted, so a
 * doubled one counts twice; a stray quote inside an unquoted field can make this wrong, but then the segment
 * ends inside what DuckDB reads as a quoted field, which it rejects: the JavaScript path decides.
 */
function lastRowEnd(b: Buffer, inQuote: boolean, delim: number): number {
  let q = inQuote;
  let cut = -1;
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c === delim) q = !q;
    else if (c === 0x0a && !q) cut = i + 1;
  }
  return cut;
}

/**
 * Receives a file's bytes to segment files `<base>.<n>`: the first `skip` lines kept in memory, the rest written
 * to disk and scanned. Once a segment holds {@link importFastPath}.segmentBytes, it ends at the next row boundary
 * and `onSegment` gets it (with whether the scan is still clean) while the rest arrives; the last segment is handed
 * over too when the transfer ended well. The transfer's error, if any, is kept (not thrown) so that the replay can
 * report the rows before it first.
 */
export async function spool(bytes: AsyncIterable<Buffer>, base: string, o: CsvOptions, onSegment?: (seg: Segment, clean: boolean) => void): Promise<SpooledFile> {
  const out: SpooledFile = { segments: [], prefix: [], clean: true };
  const scan = new ByteScan(o);
  const delim = o.delimiter.charCodeAt(0);
  const limit = importFastPath.segmentBytes;
  let skipLeft = o.skip;
  let inQuote = false;
  let size = 0;
  let path = `${base}.0`;
  let fh = await fs.open(path, 'w');
  try {
    for await (let b of bytes) {
      while (skipLeft > 0 && b.length > 0) {
        const nl = b.indexOf(0x0a);
        if (nl < 0) {
          out.prefix.push(Buffer.from(b));
          b = b.subarray(b.length);
          break;
        }
        out.prefix.push(Buffer.from(b.subarray(0, nl + 1)));
        b = b.subarray(nl + 1);
        skipLeft--;
      }
      if (b.length === 0) continue;
      const cut = size + b.length >= limit ? lastRowEnd(b, inQuote, delim) : -1;
      if (cut > 0) {
        const head = b.subarray(0, cut);
        b = b.subarray(cut);
        scan.push(head);
        await fh.write(head);
        await fh.close();
        const seg: Segment = { path, trailingSeparator: scan.cut() };
        out.segments.push(seg);
        onSegment?.(seg, scan.clean);
        path = `${base}.${out.segments.length}`;
        fh = await fs.open(path, 'w');
        size = 0;
        inQuote = false;
        if (b.length === 0) continue;
      }
      if (flips(b, delim)) inQuote = !inQuote;
      size += b.length;
      scan.push(b);
      await fh.write(b);
    }
  } catch (e) {
    out.failure = { error: e };
  } finally {
    await fh.close();
  }
  const last: Segment = { path, trailingSeparator: scan.trailingSeparator() };
  out.segments.push(last);
  out.clean = scan.clean;
  if (out.failure === undefined) onSegment?.(last, scan.clean);
  return out;
}

/** The spooled bytes again, SKIP lines first, for the JavaScript path; ends with the transfer's error, if any. */
export async function* replay(f: SpooledFile): AsyncGenerator<Buffer> {
  for (const b of f.prefix) yield b;
  const buf = Buffer.allocUnsafe(1 << 16);
  for (const seg of f.segments) {
    const fh = await fs.open(seg.path, 'r');
    try {
      for (;;) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, null);
        if (bytesRead === 0) break;
        yield Buffer.from(buf.subarray(0, bytesRead));
      }
    } finally {
      await fh.close();
    }
  }
  if (f.failure !== undefined) throw f.failure.error;
}

/**
 * The `read_csv` call of a spooled segment: every field as text (an empty one as `''`: the NULL text is a newline,
 * which no unquoted field holds), malformed records and records with a wrong number of fields rejected into
 * `rejects` (a failing statement would end the transaction). DuckDB drops one empty field at the end of a record:
 * for a segment where a separator ends a line, the serial reader reads one column more, missing fields padded
 * with NULL, so that such a record shows (`null_padding` needs the serial reader).
 */
export function readCsv(f: Segment, width: number, o: CsvOptions, rejects: string): string {
  const serial = f.trailingSeparator;
  const columns = Array.from({ length: serial ? width + 1 : width }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  return (
    `read_csv(${quoteString(f.path)}, columns = {${columns}}, header = false, auto_detect = false, delim = ${quoteString(o.columnSeparator)}, ` +
    `quote = ${quoteString(o.delimiter)}, escape = ${quoteString(o.delimiter)}, new_line = '\\n', strict_mode = true, allow_quoted_nulls = false, ` +
    `nullstr = ${quoteString('\n')}, ${serial ? 'null_padding = true, parallel = false, ' : ''}ignore_errors = true, store_rejects = true, ` +
    `rejects_table = '${rejects}', rejects_scan = '${rejects}_scan')`
  );
}

/** The SQL of loading segments of one statement: the check of a record, the values, and the same with a shape check only. */
export interface LoadSql {
  /** True when every field of the record passes the JavaScript checks (for a segment: its `ok`). */
  ok(f: Segment): string;
  /** True when the fields have the right shape; where it is false a cast of `select` may fail instead (the statement then fails). */
  shape(f: Segment): string;
  /** The values, cast to the column types. */
  select: string;
}

/** Builds the {@link LoadSql} of the target column types. */
export function loadSql(types: DataType[]): LoadSql {
  const cols = types.map((t, i) => columnSql(`"c${i}"`, t)!);
  // a NULL field is a missing one (padding); the extra column of the serial reader must be missing
  const all = (part: (c: ColumnSql) => string) => cols.map((c, i) => `"c${i}" IS NOT NULL AND ${part(c)}`).join(' AND ');
  const of = (fields: string) => (f: Segment) => (f.trailingSeparator ? `${fields} AND "c${types.length}" IS NULL` : fields);
  return { ok: of(all((c) => c.ok)), shape: of(all((c) => c.shape)), select: cols.map((c) => c.value).join(', ') };
}
