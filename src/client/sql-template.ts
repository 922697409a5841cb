/**
 * The `sql` tagged template: turns `` sql`SELECT * FROM T WHERE ID = ${id}` `` into SQL text with
 * `?` placeholders and the list of values to bind, never by pasting a value into the text.
 * Identifiers (`sql.id('NAME')`) are quoted, lists (`sql.list([1, 2])`) become `?, ?`, and a
 * nested template is inlined with its own values. A value placed inside a quoted literal, a
 * quoted identifier or a comment, and a bare `?` in the template text, are refused, since
 * either would bind something other than what the code says.
 */
import { InputError } from '../errors';
import type { BindValue } from '../values';

/** SQL text with `?` placeholders and the values they bind, in order. */
export interface SqlText {
  readonly text: string;
  readonly params: readonly BindValue[];
}

/** A quoted identifier for the `sql` tag; make one with `sql.id(...)`. */
export class SqlIdentifier {
  /** The identifier as it goes into the text, quoted (`"MY_SCHEMA"."T"`). */
  readonly quoted: string;
  constructor(parts: readonly string[]) {
    if (parts.length === 0) throw new InputError('sql.id() needs a name');
    this.quoted = parts
      .map((p) => {
        if (typeof p !== 'string' || p === '' || p.includes('\u0000')) throw new InputError('an identifier must be a non-empty string without NUL characters');
        return `"${p.replace(/"/g, '""')}"`;
      })
      .join('.');
  }
}

/** A list of values for `IN (...)` and similar; make one with `sql.list(...)`. */
export class SqlList {
  readonly values: readonly BindValue[];
  constructor(values: readonly BindValue[]) {
    if (!Array.isArray(values) || values.length === 0) throw new InputError('sql.list() needs a non-empty array (an empty IN () is not SQL)');
    this.values = values;
  }
}

/** What may appear in `${...}` of the `sql` tag. */
export type SqlValue = BindValue | SqlIdentifier | SqlList | SqlText;

const isSqlText = (v: unknown): v is SqlText =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as SqlText).text === 'string' && Array.isArray((v as SqlText).params);

/** Where a scan of SQL text stands: in plain code, or inside something that ends at a known token. */
type Lexical = 'code' | "'" | '"' | '--' | '/*';

/** Scans `s` from state `state`; returns the state at its end and whether a `?` stood in plain code. */
function scan(s: string, state: Lexical): { state: Lexical; bareMark: boolean } {
  let bareMark = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (state === 'code') {
      if (c === "'" || c === '"') state = c;
      else if (c === '-' && s[i + 1] === '-') (state = '--'), i++;
      else if (c === '/' && s[i + 1] === '*') (state = '/*'), i++;
      else if (c === '?') bareMark = true;
    } else if (state === "'" || state === '"') {
      // A doubled quote is an escaped quote; the scan sees it as leaving and re-entering, which ends in the same state.
      if (c === state) state = 'code';
    } else if (state === '--') {
      if (c === '\n' || c === '\r') state = 'code';
    } else if (c === '*' && s[i + 1] === '/') {
      state = 'code';
      i++;
    }
  }
  return { state, bareMark };
}

const WHERE: Record<Exclude<Lexical, 'code'>, string> = { "'": 'a quoted string', '"': 'a quoted identifier', '--': 'a comment', '/*': 'a comment' };

/** Builds the text and values of a tagged template. Throws InputError for what it cannot bind faithfully. */
export function buildSql(strings: TemplateStringsArray | readonly string[], values: readonly unknown[]): SqlText {
  if (!Array.isArray(strings) || strings.length !== values.length + 1) throw new InputError('sql must be used as a tagged template: sql`SELECT ...`');
  let text = '';
  const params: BindValue[] = [];
  let state: Lexical = 'code';
  for (let i = 0; i < strings.length; i++) {
    const part = strings[i]!;
    const r = scan(part, state);
    if (r.bareMark) throw new InputError('write ${value} in the sql template instead of a bare ? placeholder');
    state = r.state;
    text += part;
    if (i === values.length) break;
    if (state !== 'code') throw new InputError(`value ${i + 1} of the sql template stands inside ${WHERE[state]}, where it cannot be bound: put \${...} outside the quotes`);
    const v = values[i];
    if (v instanceof SqlIdentifier) text += v.quoted;
    else if (v instanceof SqlList) {
      text += v.values.map(() => '?').join(', ');
      params.push(...v.values);
    } else if (isSqlText(v)) {
      text += v.text;
      params.push(...v.params);
    } else if (v === undefined) throw new InputError(`value ${i + 1} of the sql template is undefined (use null for SQL NULL)`);
    else {
      text += '?';
      params.push(v as BindValue);
    }
  }
  if (state === "'" || state === '"') throw new InputError(`the sql template ends inside ${WHERE[state]}`);
  return { text, params };
}
