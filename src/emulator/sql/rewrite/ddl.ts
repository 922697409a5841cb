/**
 * CREATE TABLE / ALTER TABLE ADD COLUMN: column definitions with Exasol types rewritten to DuckDB
 * storage types (length checks, IDENTITY as a sequence default), and `[schema.]name` references.
 */
import type { ColumnDef } from '../dialect';
import { identifierName, keyword, quoteIdent } from '../lexer';
import { parseExaType, storageType } from '../types';
import { replaceRange, type Tok } from './tokens';

/** Marker the session replaces with the name of an IDENTITY column's sequence (`..._<k>__`). */
export const IDENTITY_PLACEHOLDER = '__EXA_IDENTITY_SEQ_';

/** Parses CREATE TABLE / ADD COLUMN column definitions in `sig[from..to)` and rewrites their types. */
export function columnDefs(sig: Tok[], from: number, to: number, all: Tok[]): ColumnDef[] {
  const defs: ColumnDef[] = [];
  const identityCount = { n: 0 };
  let depth = 0;
  let itemStart = from;
  const handle = (a: number, b: number): void => {
    const first = sig[a];
    if (!first) return;
    const k = keyword(first);
    if (first.kind === 'word' && ['CONSTRAINT', 'PRIMARY', 'FOREIGN', 'UNIQUE', 'CHECK', 'DISTRIBUTE', 'PARTITION', 'LIKE'].includes(k)) return;
    if (first.kind !== 'word' && first.kind !== 'quoted') return;
    const p = parseExaType(sig, a + 1);
    if (!p || p.end > b) return;
    let storage = storageType(p.type);
    if ((p.type.type === 'VARCHAR' || p.type.type === 'CHAR') && (p.type.size ?? 0) < 2000000) {
      // Exasol refuses over-long strings (22001); DuckDB's VARCHAR has no length
      storage += ` CHECK (length(${quoteIdent(identifierName(first))}) <= ${p.type.size})`;
    }
    replaceRange(sig, a + 1, p.end, storage, all);
    let notNull = false;
    let identity = false;
    let defaultText: string | null = null;
    for (let j = p.end; j < b; j++) {
      const kk = keyword(sig[j]);
      if (kk === 'NOT' && keyword(sig[j + 1]) === 'NULL') notNull = true;
      if (kk === 'PRIMARY') notNull = true;
      if (kk === 'IDENTITY') {
        identity = true;
        // DuckDB has no IDENTITY columns: a sequence default (the session creates the sequence)
        replaceRange(sig, j, j + 1, `DEFAULT nextval('${IDENTITY_PLACEHOLDER}${identityCount.n++}__')`, all);
        // Exasol allows a start value: IDENTITY(1000) -- not supported, skip its parentheses
      }
      if (kk === 'DEFAULT' && j + 1 < b) {
        let e = j + 1;
        while (e < b && !['NOT', 'NULL', 'PRIMARY', 'CONSTRAINT', 'IDENTITY', 'COMMENT'].includes(keyword(sig[e]))) e++;
        defaultText = sig.slice(j + 1, e).map((t) => t.text).join(' ');
      }
      if (kk === 'COMMENT' && keyword(sig[j + 1]) === 'IS') replaceRange(sig, j, Math.min(j + 3, b), '', all);
    }
    defs.push({ name: identifierName(first), type: p.type, notNull, defaultText, identity });
  };
  for (let i = from; i < to; i++) {
    const t = sig[i]!;
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (depth === 0 && t.text === ',') {
      handle(itemStart, i);
      itemStart = i + 1;
    }
  }
  handle(itemStart, to);
  return defs;
}

/** Reads `[schema.]name` at `i`: returns names and the index after. */
export function qualifiedName(sig: Tok[], i: number): { schema: string; name: string; end: number; offset: number } | undefined {
  const a = sig[i];
  if (!a || (a.kind !== 'word' && a.kind !== 'quoted')) return undefined;
  if (sig[i + 1]?.text === '.' && sig[i + 2] && (sig[i + 2]!.kind === 'word' || sig[i + 2]!.kind === 'quoted')) {
    return { schema: identifierName(a), name: identifierName(sig[i + 2]!), end: i + 3, offset: a.offset };
  }
  return { schema: '', name: identifierName(a), end: i + 1, offset: a.offset };
}
