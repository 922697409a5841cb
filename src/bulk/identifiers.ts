/**
 * Table and column names for the generated IMPORT/EXPORT text, always emitted as quoted identifiers
 * (`"SCHEMA"."TABLE"`, `"` doubled inside), so no name can change the statement.
 */
import { InputError } from '../errors';

/** A table: `'SCHEMA.TABLE'` / `'TABLE'` (bare parts upper-cased as Exasol does, `"Quoted"` parts kept), or `['Schema', 'Table']` taken literally. */
export type TableName = string | readonly string[];

const BARE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Quotes one identifier exactly as given. */
export function quoteIdent(name: string): string {
  if (typeof name !== 'string' || name === '' || name.includes('\0')) throw new InputError(`invalid identifier ${JSON.stringify(name)}`);
  return `"${name.replace(/"/g, '""')}"`;
}

/** Splits `A.b."C.d"` into its parts: bare parts upper-cased, quoted parts exact. */
function parseDotted(text: string, what: string): string[] {
  const parts: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let j = i + 1;
      let part = '';
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) throw new InputError(`${what}: unterminated quoted identifier in ${JSON.stringify(text)}`);
        part += text.slice(j, q);
        if (text[q + 1] === '"') {
          part += '"';
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      parts.push(part);
    } else {
      const dot = text.indexOf('.', i);
      const part = text.slice(i, dot < 0 ? text.length : dot).trim();
      if (!BARE.test(part)) throw new InputError(`${what}: ${JSON.stringify(part)} is not a plain identifier; quote it ("${part}") or pass the parts as an array`);
      parts.push(part.toUpperCase());
      i = dot < 0 ? text.length : dot;
    }
    if (i >= text.length) return parts;
    if (text[i] !== '.') throw new InputError(`${what}: unexpected ${JSON.stringify(text[i])} in ${JSON.stringify(text)}`);
    i++;
  }
}

/** The quoted text of a table name (see {@link TableName}). */
export function tableSql(name: TableName, what = 'table'): string {
  const parts = typeof name === 'string' ? parseDotted(name, what) : Array.isArray(name) ? [...name] : undefined;
  if (parts === undefined || parts.length < 1 || parts.length > 2) throw new InputError(`${what} must be 'TABLE', 'SCHEMA.TABLE' or ['Schema', 'Table']`);
  return parts.map(quoteIdent).join('.');
}

/** The quoted column list `("A","b")`; each name is one identifier (bare upper-cased, `"quoted"` exact). */
export function columnsSql(columns: readonly string[] | undefined): string {
  if (columns === undefined) return '';
  if (!Array.isArray(columns) || columns.length === 0) throw new InputError('columns must be a non-empty array of column names');
  return `(${columns
    .map((c) => {
      if (typeof c !== 'string') throw new InputError('columns must be strings');
      const parts = parseDotted(c, 'column');
      if (parts.length !== 1) throw new InputError(`column ${JSON.stringify(c)} must be one identifier`);
      return quoteIdent(parts[0]!);
    })
    .join(', ')})`;
}

/** A string literal for the SQL text (`'` doubled). */
export function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
