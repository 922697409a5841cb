/**
 * Splits an SQL script into statements on `;`, ignoring semicolons inside 'string literals'
 * (with '' escapes), "quoted identifiers", -- line comments and /* block comments *\/. Empty
 * statements and statements that are only comments are dropped, as are comments before a statement; text is otherwise kept as written.
 */

/** Splits a script into its statements (trimmed, without the terminating `;`). */
export function splitScript(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  let i = 0;
  let hasCode = false;
  const n = text.length;
  const push = (end: number) => {
    const stmt = text.slice(start, end).trim();
    if (hasCode && stmt !== '') out.push(stmt);
    hasCode = false;
  };
  while (i < n) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      if (!hasCode) start = i;
      hasCode = true;
      i++;
      while (i < n) {
        if (text[i] === c) {
          if (text[i + 1] === c) i += 2;
          else break;
        } else i++;
      }
      i++;
    } else if (c === '-' && text[i + 1] === '-') {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? n : nl + 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
    } else if (c === ';') {
      push(i);
      i++;
      start = i;
    } else {
      if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r' && !hasCode) {
        start = i;
        hasCode = true;
      }
      i++;
    }
  }
  push(n);
  return out;
}
