/**
 * The IMPORT ... FROM CSV AT ... and EXPORT ... INTO CSV AT ... statements of Exasol's HTTP transport
 * (http-transport.md §2.4): the target or source, the `AT '<url>' [PUBLIC KEY '...'] FILE '<name>'` pairs and the
 * file options in any order, with the spellings the common clients send (pyexasol, sqlx-exasol, the Go and
 * TypeScript drivers).
 */
import { SqlCode } from '../../../protocol';
import { EngineError } from '../contract';
import { position } from '../errors';
import { identifierName, keyword, significant, tokenize, type Token } from '../lexer';

/** One `AT '<url>' ... FILE '<name>'` pair: a file served over one tunnel. */
export interface EtlFile {
  /** The URL as written (`http://10.0.0.5:40001`). */
  url: string;
  /** `https` wraps the tunnel in TLS, the emulator being the TLS client. */
  tls: boolean;
  /** `ip:port` of the tunnel. */
  address: string;
  /** `PUBLIC KEY '<sha256//b64>[;...]'`: pins the tunnel's certificate key. */
  publicKeys?: string[];
  /** The file name (`000.csv`, `001.gz`). */
  name: string;
}

/** The CSV file options of a statement, with Exasol's defaults applied. */
export interface CsvOptions {
  /** Upper-case encoding name (`UTF-8`, `ISO-8859-1`, ...). */
  encoding: string;
  /** Extra NULL spelling (unquoted fields only); an empty field is always NULL. */
  nullText?: string;
  /** IMPORT: physical lines skipped at the start of each file. */
  skip: number;
  /** IMPORT: spaces removed at field borders. */
  trim: 'none' | 'both' | 'left' | 'right';
  /** The row separator's characters. */
  rowSeparator: string;
  /** The column separator's characters. */
  columnSeparator: string;
  /** The delimiter's characters; `''` = fields are never enclosed. */
  delimiter: string;
  /** EXPORT: when fields are enclosed. */
  delimit: 'AUTO' | 'ALWAYS' | 'NEVER';
  /** EXPORT: a first line of column names. */
  withColumnNames: boolean;
}

/** One entry of a `FILE '...' (1, 2 FORMAT='DD-MM-YYYY', 4..6)` column selection: a 1-based CSV field and its format. */
export interface FieldSpec {
  /** The CSV field (1-based): IMPORT reads it into the next target column, EXPORT writes that query column. */
  index: number;
  /** `FORMAT='...'`: the datetime or number format model of the field's text. */
  format?: string;
}

/** A parsed IMPORT statement. */
export interface ImportStatement {
  kind: 'import';
  schema: string;
  table: string;
  /** Offset of the table name (error positions). */
  tableOffset: number;
  /** The target columns, when listed. */
  columns?: string[];
  files: EtlFile[];
  options: CsvOptions;
  /** The column selection after FILE, when given. */
  fieldSpec?: FieldSpec[];
}

/** A parsed EXPORT statement. */
export interface ExportStatement {
  kind: 'export';
  /** The Exasol SQL query whose rows are exported (a table source becomes `SELECT ... FROM <table>`). */
  query: string;
  files: EtlFile[];
  options: CsvOptions;
  /** The column selection after FILE, when given. */
  fieldSpec?: FieldSpec[];
}

/** Whether a statement text is an IMPORT or EXPORT (first keyword). */
export function isEtlStatement(sql: string): boolean {
  // leading blanks and comments only: a long statement is not tokenized twice
  return /^\s*(?:(?:--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)\s*)*(?:IMPORT|EXPORT)(?![A-Za-z0-9_$#])/i.test(sql);
}

const SEPARATOR_NAMES: Record<string, string> = { TAB: '\t', LF: '\n', CR: '\r', NUL: '\0', ESC: '\x1b', CRLF: '\r\n' };
const ROW_SEPARATORS: Record<string, string> = { LF: '\n', CRLF: '\r\n', CR: '\r' };

function stringValue(t: Token): string {
  return t.text.slice(1, -1).replace(/''/g, "'");
}

/** A separator or delimiter option value: a name (TAB, LF, ...), hex bytes (`0x09`) or the characters themselves. */
function separatorValue(raw: string, what: string): string {
  const named = SEPARATOR_NAMES[raw.toUpperCase()];
  if (named !== undefined && raw.length > 1) return named;
  if (/^0x([0-9a-f]{2})+$/i.test(raw)) return Buffer.from(raw.slice(2), 'hex').toString('latin1');
  if (raw.length > 10) throw new EngineError(SqlCode.syntaxOrAccess, `${what} must not be longer than 10 characters`);
  return raw;
}

/** Parses a column selection `1, 2 FORMAT='DD-MM-YYYY', 4..6`; undefined when it is not one. */
function fieldSpec(text: string): FieldSpec[] | undefined {
  const items = text.match(/(?:[^,']|'(?:[^']|'')*')+/g) ?? [];
  const out: FieldSpec[] = [];
  for (const item of items) {
    const m = /^\s*(\d+)\s*(?:\.\.\s*(\d+))?\s*(?:FORMAT\s*=\s*'((?:[^']|'')*)')?\s*$/i.exec(item);
    if (!m) return undefined;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (from < 1 || to < from || to - from > 10000) return undefined;
    for (let k = from; k <= to; k++) out.push(m[3] === undefined ? { index: k } : { index: k, format: m[3].replace(/''/g, "'") });
  }
  return out.length > 0 ? out : undefined;
}

/** Parses an IMPORT or EXPORT statement; throws 42000 with the position of anything it does not understand. */
export function parseEtl(sql: string): ImportStatement | ExportStatement {
  const sig = significant(tokenize(sql));
  while (sig.length > 0 && sig[sig.length - 1]!.text === ';') sig.pop();
  let i = 0;
  const fail = (t: Token | undefined, why?: string): never => {
    if (why !== undefined) throw new EngineError(SqlCode.syntaxOrAccess, `${why} ${position(sql, t?.offset ?? sql.length)}`);
    const text = t === undefined ? ';' : t.text.toUpperCase();
    throw new EngineError(SqlCode.syntaxOrAccess, `syntax error, unexpected ${text} ${position(sql, t?.offset ?? sql.length)}`);
  };
  const expectWord = (w: string): void => {
    if (keyword(sig[i]) !== w) fail(sig[i]);
    i++;
  };
  const expectString = (): string => {
    const t = sig[i];
    if (t?.kind !== 'string') return fail(t);
    i++;
    return stringValue(t);
  };
  const expectEquals = (): void => {
    if (sig[i]?.text !== '=') fail(sig[i]);
    i++;
  };
  /** `name[.name]` -> schema, table; and the `(col, ...)` list after it. */
  const tableRef = (): { schema: string; table: string; offset: number; columns?: string[] } => {
    const a = sig[i];
    if (a === undefined || (a.kind !== 'word' && a.kind !== 'quoted')) return fail(a);
    let schema = '';
    let table = identifierName(a);
    i++;
    if (sig[i]?.text === '.' && (sig[i + 1]?.kind === 'word' || sig[i + 1]?.kind === 'quoted')) {
      schema = table;
      table = identifierName(sig[i + 1]!);
      i += 2;
    }
    let columns: string[] | undefined;
    if (sig[i]?.text === '(') {
      columns = [];
      i++;
      for (;;) {
        const c = sig[i];
        if (c === undefined || (c.kind !== 'word' && c.kind !== 'quoted')) return fail(c);
        columns.push(identifierName(c));
        i++;
        if (sig[i]?.text === ',') i++;
        else if (sig[i]?.text === ')') {
          i++;
          break;
        } else fail(sig[i]);
      }
    }
    return { schema, table, offset: a.offset, columns };
  };

  const verb = keyword(sig[0]);
  i = 1;
  let head: ImportStatement | ExportStatement;
  if (verb === 'IMPORT') {
    expectWord('INTO');
    const ref = tableRef();
    expectWord('FROM');
    head = { kind: 'import', schema: ref.schema, table: ref.table, tableOffset: ref.offset, columns: ref.columns, files: [], options: defaults() };
  } else {
    let query: string;
    if (sig[i]?.text === '(') {
      let depth = 0;
      let close = -1;
      for (let j = i; j < sig.length; j++) {
        if (sig[j]!.text === '(') depth++;
        else if (sig[j]!.text === ')' && --depth === 0) {
          close = j;
          break;
        }
      }
      if (close < 0) fail(undefined);
      query = sql.slice(sig[i]!.offset + 1, sig[close]!.offset);
      i = close + 1;
    } else {
      const start = sig[i]?.offset ?? sql.length;
      const ref = tableRef();
      const name = sql.slice(start, sig[i - 1]!.offset + sig[i - 1]!.text.length);
      const table = ref.columns === undefined ? name : name.slice(0, name.indexOf('('));
      const quote = (c: string) => '"' + c.replace(/"/g, '""') + '"';
      query = `SELECT ${ref.columns === undefined ? '*' : ref.columns.map(quote).join(', ')} FROM ${table}`;
    }
    expectWord('INTO');
    head = { kind: 'export', query, files: [], options: defaults() };
  }
  if (keyword(sig[i]) === 'LOCAL') fail(sig[i], 'IMPORT/EXPORT of LOCAL files is a client feature, not supported by the emulator');
  if (keyword(sig[i]) !== 'CSV') fail(sig[i], keyword(sig[i]) === 'FBV' || keyword(sig[i]) === 'PARQUET' ? `${keyword(sig[i])} files are not supported by the emulator (CSV only)` : undefined);
  i++;
  // AT '<url>' [USER .. IDENTIFIED BY ..] [PUBLIC KEY '..' | IGNORE/VERIFY CERTIFICATE] FILE '..' [FILE '..' ...]
  while (keyword(sig[i]) === 'AT') {
    i++;
    const urlTok = sig[i];
    const url = expectString();
    const m = /^(https?):\/\/(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})\/?$/i.exec(url);
    if (m === null) fail(urlTok, `the emulator serves only tunnel addresses 'http[s]://<ip>:<port>' in AT, got '${url}'`);
    let publicKeys: string[] | undefined;
    for (;;) {
      const k = keyword(sig[i]);
      if (k === 'USER') {
        i++;
        expectString();
        expectWord('IDENTIFIED');
        expectWord('BY');
        expectString();
      } else if (k === 'PUBLIC' && keyword(sig[i + 1]) === 'KEY') {
        i += 2;
        publicKeys = expectString().split(';').map((s) => s.trim()).filter((s) => s !== '');
      } else if ((k === 'IGNORE' || k === 'VERIFY') && keyword(sig[i + 1]) === 'CERTIFICATE') i += 2;
      else break;
    }
    if (keyword(sig[i]) !== 'FILE') fail(sig[i]);
    while (keyword(sig[i]) === 'FILE') {
      i++;
      const name = expectString();
      if (sig[i]?.text === '(') {
        // (1, 2 FORMAT='DD-MM-YYYY', 4..6): read from the text between the parentheses
        const open = sig[i]!;
        let close = i + 1;
        while (close < sig.length && sig[close]!.text !== ')') close++;
        if (close >= sig.length) fail(undefined);
        const spec = fieldSpec(sql.slice(open.offset + 1, sig[close]!.offset));
        if (spec === undefined) fail(open, 'invalid column selection after FILE');
        if (head.fieldSpec !== undefined && JSON.stringify(head.fieldSpec) !== JSON.stringify(spec)) fail(open, 'every FILE must have the same column selection in the emulator');
        head.fieldSpec = spec;
        i = close + 1;
      }
      head.files.push({ url, tls: m![1]!.toLowerCase() === 'https', address: `${m![2]}:${Number(m![3])}`, publicKeys, name });
    }
  }
  if (head.files.length === 0) fail(sig[i]);
  const o = head.options;
  const isImport = head.kind === 'import';
  while (i < sig.length) {
    const t = sig[i]!;
    const k = keyword(t);
    const k2 = keyword(sig[i + 1]);
    if (k === 'ENCODING') {
      i++;
      expectEquals();
      o.encoding = expectString().toUpperCase();
    } else if (k === 'NULL') {
      i++;
      expectEquals();
      o.nullText = expectString();
    } else if (k === 'SKIP' && isImport) {
      i++;
      expectEquals();
      const n = sig[i];
      if (n?.kind !== 'number' || !/^\d+$/.test(n.text)) fail(n);
      o.skip = Number(n!.text);
      i++;
    } else if ((k === 'TRIM' || k === 'LTRIM' || k === 'RTRIM') && isImport) {
      o.trim = k === 'TRIM' ? 'both' : k === 'LTRIM' ? 'left' : 'right';
      i++;
    } else if (k === 'ROW' && k2 === 'SEPARATOR') {
      i += 2;
      expectEquals();
      const at = sig[i];
      const v = expectString().toUpperCase();
      const sep = ROW_SEPARATORS[v];
      if (sep === undefined) fail(at, `ROW SEPARATOR must be 'LF', 'CRLF' or 'CR', got '${v}'`);
      o.rowSeparator = sep!;
    } else if (k === 'COLUMN' && (k2 === 'SEPARATOR' || k2 === 'DELIMITER')) {
      i += 2;
      expectEquals();
      const v = separatorValue(expectString(), `COLUMN ${k2}`);
      if (k2 === 'SEPARATOR') {
        if (v === '') fail(sig[i - 1], 'COLUMN SEPARATOR must not be empty');
        o.columnSeparator = v;
      } else o.delimiter = v;
    } else if (k === 'DELIMIT' && !isImport) {
      i++;
      expectEquals();
      const v = keyword(sig[i]);
      if (v !== 'AUTO' && v !== 'ALWAYS' && v !== 'NEVER') fail(sig[i]);
      o.delimit = v as CsvOptions['delimit'];
      i++;
    } else if (k === 'WITH' && k2 === 'COLUMN' && keyword(sig[i + 2]) === 'NAMES' && !isImport) {
      o.withColumnNames = true;
      i += 3;
    } else if ((k === 'REPLACE' || k === 'TRUNCATE') && !isImport) {
      i++;
    } else if (k === 'REJECT' || k === 'ERRORS') {
      fail(t, 'error clauses (REJECT LIMIT, ERRORS INTO) are not supported by the emulator');
    } else fail(t);
  }
  return head;
}

function defaults(): CsvOptions {
  return { encoding: 'UTF-8', skip: 0, trim: 'none', rowSeparator: '\n', columnSeparator: ',', delimiter: '"', delimit: 'AUTO', withColumnNames: false };
}
