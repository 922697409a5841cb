/**
 * A small SQL tokenizer for the Exasol dialect: enough to rewrite identifiers, find statement
 * keywords, split select lists and locate `?` placeholders without being fooled by string
 * literals, quoted identifiers or comments.
 */

/** Kind of a token. */
export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'punct' | 'space' | 'comment' | 'param';

/** One token with its exact source text and 0-based offset. */
export interface Token {
  kind: TokenKind;
  text: string;
  offset: number;
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$#\u0080-\uffff]/;

/** Splits SQL text into tokens; the concatenated `text`s reproduce the input exactly. */
export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    const start = i;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      while (i < n && /\s/.test(sql[i]!)) i++;
      out.push({ kind: 'space', text: sql.slice(start, i), offset: start });
    } else if (c === '-' && sql[i + 1] === '-') {
      while (i < n && sql[i] !== '\n') i++;
      out.push({ kind: 'comment', text: sql.slice(start, i), offset: start });
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
      out.push({ kind: 'comment', text: sql.slice(start, i), offset: start });
    } else if (c === "'" || c === '"') {
      i++;
      for (;;) {
        if (i >= n) break;
        if (sql[i] === c) {
          if (sql[i + 1] === c) i += 2;
          else {
            i++;
            break;
          }
        } else i++;
      }
      out.push({ kind: c === "'" ? 'string' : 'quoted', text: sql.slice(start, i), offset: start });
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      while (i < n && /[0-9]/.test(sql[i]!)) i++;
      if (sql[i] === '.') {
        i++;
        while (i < n && /[0-9]/.test(sql[i]!)) i++;
      }
      if ((sql[i] === 'e' || sql[i] === 'E') && /[-+0-9]/.test(sql[i + 1] ?? '')) {
        i += 2;
        while (i < n && /[0-9]/.test(sql[i]!)) i++;
      }
      out.push({ kind: 'number', text: sql.slice(start, i), offset: start });
    } else if (WORD_START.test(c)) {
      while (i < n && WORD_PART.test(sql[i]!)) i++;
      out.push({ kind: 'word', text: sql.slice(start, i), offset: start });
    } else if (c === '?') {
      i++;
      out.push({ kind: 'param', text: '?', offset: start });
    } else {
      const two = sql.slice(i, i + 2);
      i += two === '||' || two === '<=' || two === '>=' || two === '<>' || two === '!=' || two === '::' ? 2 : 1;
      out.push({ kind: 'punct', text: sql.slice(start, i), offset: start });
    }
  }
  return out;
}

/** Tokens without whitespace and comments. */
export function significant(tokens: Token[]): Token[] {
  return tokens.filter((t) => t.kind !== 'space' && t.kind !== 'comment');
}

/** Upper-case text of a word token, or `''` for other kinds. */
export function keyword(t: Token | undefined): string {
  return t !== undefined && t.kind === 'word' ? t.text.toUpperCase() : '';
}

/** The identifier a word or quoted token names (unquoted words upper-cased, Exasol style). */
export function identifierName(t: Token): string {
  if (t.kind === 'quoted') return t.text.slice(1, -1).replace(/""/g, '"');
  return t.text.toUpperCase();
}

/** Quotes an identifier for DuckDB, keeping its exact case. */
export function quoteIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

/** Quotes a string literal for SQL. */
export function quoteString(s: string): string {
  return "'" + s.replace(/'/g, "''") + "'";
}

/** 1-based line and column of a 0-based offset in `sql`. */
export function lineColumn(sql: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < sql.length; i++) {
    if (sql[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
