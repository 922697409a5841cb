// Splits editor text into SQL statements at `;`, respecting '...' strings, "..." identifiers,
// -- line comments and /* block comments */. Offsets refer to the editor text (for error positions).

/**
 * Splits `text` into statements. Each item: `{ sql, start, end }` where `sql` is the statement without the
 * trailing `;` and surrounding white space and `start`/`end` are its offsets in `text`. Statements holding
 * only white space or comments are left out.
 */
export function splitStatements(text) {
  const out = [];
  let segStart = 0;
  let hasCode = false;
  let i = 0;
  const push = (end) => {
    if (hasCode) {
      const raw = text.slice(segStart, end);
      const lead = raw.length - raw.trimStart().length;
      const sql = raw.trim();
      out.push({ sql, start: segStart + lead, end: segStart + lead + sql.length });
    }
    hasCode = false;
  };
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '-' && next === '-') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
    } else if (c === '/' && next === '*') {
      const endC = text.indexOf('*/', i + 2);
      i = endC < 0 ? text.length : endC + 2;
    } else if (c === "'" || c === '"') {
      hasCode = true;
      i++;
      while (i < text.length) {
        if (text[i] === c) {
          if (text[i + 1] === c) i += 2; // doubled quote inside
          else { i++; break; }
        } else i++;
      }
    } else if (c === ';') {
      push(i);
      i++;
      segStart = i;
    } else {
      if (!/\s/.test(c)) hasCode = true;
      i++;
    }
  }
  push(text.length);
  return out;
}

/** The statement under the cursor (offset `pos`), else the last one before it, else the first; undefined if none. */
export function statementAt(text, pos) {
  const all = splitStatements(text);
  const inside = all.find((s) => s.start <= pos && pos <= s.end);
  if (inside) return inside;
  const before = all.filter((s) => s.end <= pos);
  return before.length > 0 ? before[before.length - 1] : all[0];
}

/** Line and column (1-based) of `offset` in `text`. */
export function lineColumnAt(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}

/** Offset in `text` of a 1-based `line`/`column` (clamped to the text). */
export function offsetOf(text, line, column) {
  let off = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', off);
    if (nl < 0) return text.length;
    off = nl + 1;
  }
  return Math.min(text.length, off + Math.max(0, column - 1));
}
