/**
 * CHAR(n) values as Exasol sees them in text: padded with blanks to n characters. DuckDB stores them unpadded (the
 * encoder pads on the wire), so where the text of a CHAR column is used — `LENGTH(c)`, `c || ...` and
 * `CAST(c AS VARCHAR(m))` (both written through EXA_STR) — a plain column reference of a declared CHAR(n) column is
 * read as `rpad(c, n, ' ')` (LENGTH of a CHAR(10) 'ab' is 10, `c || '|'` is 'ab        |'). Comparisons keep the
 * unpadded value. Only column references the tables of the statement tell apart are rewritten (an unqualified
 * name two tables share with other types is left alone).
 */
import type { DeclaredColumn } from './catalog';
import { identifierName, significant, tokenize } from './lexer';
import { findCalls } from './functions/calls';
import type { Tok } from './rewrite/tokens';
import { referencedTables } from './tables';

/** Whether a DuckDB text has a call whose argument may be a CHAR column read as text. */
export const mayReadCharText = (sql: string): boolean => /\b(LENGTH|EXA_STR)\s*\(/i.test(sql);

/** The DuckDB text with CHAR column arguments of LENGTH / EXA_STR padded (see the file comment). */
export async function padCharColumns(sql: string, columns: (schema: string, table: string) => Promise<DeclaredColumn[]>, currentSchema: string): Promise<string> {
  const refs = referencedTables(sql);
  if (refs.length === 0) return sql;
  const byName = new Map<string, number | undefined>(); // unqualified name -> CHAR size (undefined: not CHAR or ambiguous)
  const byQualifier = new Map<string, Map<string, number>>();
  for (const ref of refs) {
    const cols = await columns(ref.schema || currentSchema, ref.table);
    const chars = new Map<string, number>();
    for (const c of cols) {
      const size = c.type.type === 'CHAR' ? (c.type.size ?? 1) : undefined;
      if (size !== undefined) chars.set(c.name, size);
      byName.set(c.name, byName.has(c.name) && byName.get(c.name) !== size ? undefined : size);
    }
    for (const q of [ref.table, ref.alias]) if (q !== undefined) byQualifier.set(q, chars);
  }
  const sig = significant(tokenize(sql)) as Tok[];
  const edits: { from: number; to: number; text: string }[] = [];
  for (const c of findCalls(sig, new Set(['LENGTH', 'EXA_STR']))) {
    if (c.args.length !== 1) continue;
    const [a, b] = c.args[0]!;
    const names = sig.slice(a, b);
    let size: number | undefined;
    if (names.length === 1 && (names[0]!.kind === 'word' || names[0]!.kind === 'quoted')) size = byName.get(identifierName(names[0]!));
    else if (names.length === 3 && names[1]!.text === '.' && names[0]!.kind !== 'punct' && names[2]!.kind !== 'punct') {
      size = byQualifier.get(identifierName(names[0]!))?.get(identifierName(names[2]!));
    } else continue;
    if (size === undefined) continue;
    const from = sig[a]!.offset;
    const to = sig[b - 1]!.offset + sig[b - 1]!.text.length;
    edits.push({ from, to, text: `rpad(${sql.slice(from, to)}, ${size}, ' ')` });
  }
  edits.sort((x, y) => y.from - x.from);
  for (const e of edits) sql = sql.slice(0, e.from) + e.text + sql.slice(e.to);
  return sql;
}
