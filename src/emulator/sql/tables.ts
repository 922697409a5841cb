/**
 * Finds the tables a statement reads or writes (after FROM, JOIN, INTO, UPDATE, TABLE), so result
 * columns and `?` parameters can be typed from the declared types of those tables' columns.
 */
import { identifierName, keyword, significant, tokenize, type Token } from './lexer';

/** A referenced table, schema `''` when unqualified. */
export interface TableRef {
  schema: string;
  table: string;
  alias?: string;
}

const NOT_ALIAS = new Set(['WHERE', 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'ON', 'USING', 'GROUP', 'ORDER', 'LIMIT', 'UNION', 'EXCEPT', 'INTERSECT', 'MINUS', 'HAVING', 'QUALIFY', 'SET', 'VALUES', 'SELECT', 'NATURAL', 'OFFSET', 'WINDOW', 'OUTER', 'DEFAULT']);

function refAt(sig: Token[], i: number, allowParen = false): { ref: TableRef; end: number } | undefined {
  const a = sig[i];
  if (!a || (a.kind !== 'word' && a.kind !== 'quoted')) return undefined;
  if (a.kind === 'word' && NOT_ALIAS.has(keyword(a))) return undefined;
  let ref: TableRef;
  let end: number;
  if (sig[i + 1]?.text === '.' && sig[i + 2] && (sig[i + 2]!.kind === 'word' || sig[i + 2]!.kind === 'quoted')) {
    ref = { schema: identifierName(a), table: identifierName(sig[i + 2]!) };
    end = i + 3;
  } else {
    ref = { schema: '', table: identifierName(a) };
    end = i + 1;
  }
  if (sig[end]?.text === '(') {
    if (!allowParen) return undefined; // table function
    return { ref, end };
  }
  if (keyword(sig[end]) === 'AS') end++;
  const al = sig[end];
  if (al && (al.kind === 'quoted' || (al.kind === 'word' && !NOT_ALIAS.has(keyword(al))))) {
    ref.alias = identifierName(al);
    end++;
  }
  return { ref, end };
}

/** Tables named in an SQL text (any depth), in order of appearance. */
export function referencedTables(sql: string): TableRef[] {
  const sig = significant(tokenize(sql));
  const out: TableRef[] = [];
  for (let i = 0; i < sig.length; i++) {
    const k = keyword(sig[i]);
    if (k === 'FROM' || k === 'JOIN' || k === 'INTO' || k === 'UPDATE' || (k === 'TABLE' && i > 0)) {
      let j = i + 1;
      for (;;) {
        const r = refAt(sig, j, k === 'INTO');
        if (!r) break;
        out.push(r.ref);
        j = r.end;
        if (k !== 'FROM' || sig[j]?.text !== ',') break;
        j++;
      }
    }
  }
  return out;
}
