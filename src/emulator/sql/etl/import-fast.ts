/**
 * The fast path of IMPORT: each file's (gunzipped) bytes are spooled to a temp file while they arrive, then
 * DuckDB's own multi-threaded CSV reader checks and loads them with one statement each, so no value passes
 * through JavaScript. It is taken only when the result is certain to be the one of the JavaScript parser
 * (csv-read.ts) and checks (params.ts): UTF-8, LF rows, one-character separator and delimiter, no TRIM, column
 * types whose checks have an exact SQL form, and a file free of what the two readers treat differently (CR, NUL,
 * BOM, empty lines, `#` comment lines, spaces beside a delimiter), all seen by a native byte scan. DuckDB rejects
 * (instead of failing: a failed statement would end the transaction) malformed records; a rejected record or a
 * value the SQL checks refuse sends the statement back to the JavaScript path, which replays the spooled bytes
 * and reports the exact error (ETL-2101, ETL-3050, ... with its row number).
 */
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
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
};

/** A file received to disk: the skipped lines kept apart, what the byte scan found, and how the transfer ended. */
export interface SpooledFile {
  /** Temp file holding the bytes after the SKIP lines. */
  path: string;
  /** The bytes of the SKIP lines (replayed before the file on the JavaScript path). */
  prefix: Buffer[];
  /** The scan found nothing the two readers treat differently. */
  clean: boolean;
  /** A column separator ends a line or the file (then DuckDB's serial reader must count the fields). */
  trailingSeparator: boolean;
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

/** The SQL check (true when the JavaScript checks and the cast accept the value) and value of one column, or undefined for a type without an exact SQL form. */
function columnSql(col: string, t: DataType): { ok: string; value: string } | undefined {
  const v = `NULLIF(${col}, '')`;
  const tried = (text: string): string => `TRY(${castExpression(text, t)}) IS NOT NULL`;
  switch (t.type) {
    case 'VARCHAR':
    case 'CHAR': {
      const size = t.size ?? (t.type === 'CHAR' ? 1 : 2000000);
      return { ok: `(${v} IS NULL OR length(${v}) <= ${size})`, value: castExpression(v, t) };
    }
    case 'DECIMAL':
    case 'DOUBLE':
      return { ok: `(${v} IS NULL OR (regexp_full_match(${v}, '${DECIMAL_RE}') AND ${tried(v)}))`, value: castExpression(v, t) };
    case 'DATE':
      return { ok: `(${v} IS NULL OR (regexp_full_match(${v}, '${DATE_RE}') AND ${tried(v)}))`, value: castExpression(v, t) };
    case 'TIMESTAMP': {
      // Cut to the column's precision as text, as the JavaScript path does (params.ts cutFractionText).
      const p = timestampPrecision(t);
      const cut = p >= 9 ? v : p === 0 ? `regexp_replace(${v}, '[.][0-9]+$', '')` : `regexp_replace(${v}, '([.][0-9]{${p}})[0-9]+$', '\\1')`;
      return { ok: `(${v} IS NULL OR (regexp_full_match(${v}, '${TIMESTAMP_RE}') AND ${tried(v)}))`, value: castExpression(cut, t) };
    }
    case 'BOOLEAN': {
      const b = `CASE WHEN lower(${v}) IN ('true', 't', 'yes', 'y', '1') THEN 'true' WHEN ${v} IS NOT NULL THEN 'false' END`;
      return { ok: `(${v} IS NULL OR lower(${v}) IN ('true', 't', 'yes', 'y', '1', 'false', 'f', 'no', 'n', '0'))`, value: castExpression(b, t) };
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

/**
 * Receives a file's bytes to `path`: the first `skip` lines kept in memory, the rest written to disk and scanned.
 * The transfer's error, if any, is kept (not thrown) so that the replay can report the rows before it first.
 */
export async function spool(bytes: AsyncIterable<Buffer>, path: string, o: CsvOptions): Promise<SpooledFile> {
  const out: SpooledFile = { path, prefix: [], clean: true, trailingSeparator: false };
  const scan = new ByteScan(o);
  let skipLeft = o.skip;
  const fh = await fs.open(path, 'w');
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
      scan.push(b);
      await fh.write(b);
    }
  } catch (e) {
    out.failure = { error: e };
  } finally {
    await fh.close();
  }
  out.clean = scan.clean;
  out.trailingSeparator = scan.trailingSeparator();
  return out;
}

/** The spooled bytes again, SKIP lines first, for the JavaScript path; ends with the transfer's error, if any. */
export async function* replay(f: SpooledFile): AsyncGenerator<Buffer> {
  for (const b of f.prefix) yield b;
  const fh = await fs.open(f.path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 16);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      yield Buffer.from(buf.subarray(0, bytesRead));
    }
  } finally {
    await fh.close();
  }
  if (f.failure !== undefined) throw f.failure.error;
}

let rejectsCounter = 0;

/**
 * The `read_csv` call of a spooled file: every field as text (an empty one as `''`: the NULL text is a newline,
 * which no unquoted field holds), malformed records and records with a wrong number of fields rejected into
 * `rejects` (a failing statement would end the transaction). DuckDB drops one empty field at the end of a record:
 * for a file where a separator ends a line, the serial reader reads one column more, missing fields padded
 * with NULL, so that such a record shows (`null_padding` needs the serial reader).
 */
function readCsv(f: SpooledFile, width: number, o: CsvOptions, rejects: string): string {
  const serial = f.trailingSeparator;
  const columns = Array.from({ length: serial ? width + 1 : width }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  return (
    `read_csv(${quoteString(f.path)}, columns = {${columns}}, header = false, auto_detect = false, delim = ${quoteString(o.columnSeparator)}, ` +
    `quote = ${quoteString(o.delimiter)}, escape = ${quoteString(o.delimiter)}, new_line = '\\n', strict_mode = true, allow_quoted_nulls = false, ` +
    `nullstr = ${quoteString('\n')}, ${serial ? 'null_padding = true, parallel = false, ' : ''}ignore_errors = true, store_rejects = true, ` +
    `rejects_table = '${rejects}', rejects_scan = '${rejects}_scan')`
  );
}

/**
 * Checks every spooled file with DuckDB's reader and the SQL checks; when all pass, inserts them (`insertHead`
 * + SELECT) and returns the number of rows, else returns undefined with nothing inserted.
 */
export async function fastLoad(con: DuckDBConnection, files: SpooledFile[], types: DataType[], o: CsvOptions, insertHead: string, bump: () => void): Promise<number | undefined> {
  const cols = types.map((t, i) => columnSql(`"c${i}"`, t)!);
  // a NULL field is a missing one (padding); the extra column of the serial reader must be missing
  const fields = cols.map((c, i) => `"c${i}" IS NOT NULL AND ${c.ok}`).join(' AND ');
  const okOf = (f: SpooledFile): string => (f.trailingSeparator ? `${fields} AND "c${types.length}" IS NULL` : fields);
  const select = cols.map((c) => c.value).join(', ');
  const rejects = `__exa_rejects_${++rejectsCounter}`;
  const drop = async (): Promise<void> => {
    bump();
    await con.run(`DROP TABLE IF EXISTS temp.main."${rejects}"; DROP TABLE IF EXISTS temp.main."${rejects}_scan"`);
  };
  try {
    for (const f of files) {
      bump();
      const bad = await con.runAndReadAll(`SELECT count(*) FILTER (WHERE NOT (${okOf(f)})) FROM ${readCsv(f, types.length, o, rejects)}`);
      if (Number(bad.getRows()[0]![0]) > 0) return undefined;
      bump();
      const rejected = await con.runAndReadAll(`SELECT count(*) FROM temp.main."${rejects}"`);
      if (Number(rejected.getRows()[0]![0]) > 0) return undefined;
    }
    let total = 0;
    for (const f of files) {
      bump();
      const res = await con.run(`${insertHead} SELECT ${select} FROM ${readCsv(f, types.length, o, rejects)}`);
      total += Number(res.rowsChanged);
    }
    importFastPath.loads++;
    return total;
  } finally {
    // after a failed INSERT the transaction is aborted (and rolled back with these tables): keep the INSERT's error
    await drop().catch(() => undefined);
  }
}
