// Turns a failure into what the console shows: error class, sqlCode, message and the position the server
// names ("[line 1, column 15]"), mapped back onto the editor text.

const POSITION = /\[line (\d+), column (\d+)\]/;

/** `{ name, sqlCode?, message, line?, column? }` for any thrown value; line/column are the server's. */
export function describeError(err) {
  const e = err ?? {};
  const name = typeof e.name === 'string' && e.name ? e.name : 'Error';
  const message = typeof e.message === 'string' ? e.message : String(err);
  const sqlCode = typeof e.sqlCode === 'string' ? e.sqlCode : (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : undefined);
  const m = POSITION.exec(message);
  return m ? { name, sqlCode, message, line: Number(m[1]), column: Number(m[2]) } : { name, sqlCode, message };
}

/** True when the error means the user (or the console) stopped the statement. */
export function isCancellation(err) {
  const name = err?.name ?? '';
  return name === 'AbortError' || err?.sqlCode === 'R0003';
}
