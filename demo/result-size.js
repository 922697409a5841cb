// The size of a result as the console can know it. The SDK's public API reports rows, not bytes (a chunk's
// `size` is its row count; the tracer's `exasol.fetch.bytes` covers fetches but not the rows that come with
// the execute reply), so the console estimates: the UTF-8 length of each value written as JSON, plus one
// separator per value. Shown as an estimate, never as the wire size.

/** Bytes of `value` written as JSON text (UTF-8), plus 1 for its separator. */
export function valueBytes(value) {
  switch (typeof value) {
    case 'string': return utf8Json(value) + 1;
    case 'number': return (Number.isFinite(value) ? String(value).length : 4) + 1;
    case 'bigint': return value.toString().length + 1;
    case 'boolean': return (value ? 4 : 5) + 1;
    default: return value === null || value === undefined ? 5 : String(value).length + 3;
  }
}

/** UTF-8 length of `s` as a JSON string literal (quotes and escapes included). */
function utf8Json(s) {
  let n = 2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22 || c === 0x5c || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x08 || c === 0x0c) n += 2;
    else if (c < 0x20) n += 6;
    else if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) { n += 4; i++; }
    else n += 3;
  }
  return n;
}

/** Estimated bytes of `rows` (arrays or objects) over `columnCount` columns, read with `value(row, col)`. */
export function rowsBytes(rows, columnCount, value) {
  let n = 0;
  for (const row of rows) for (let c = 0; c < columnCount; c++) n += valueBytes(value(row, c));
  return n;
}

/** `812 B`, `1.2 kB`, `3.4 MB`, `1.0 GB` (1 kB = 1000 bytes). */
export function formatBytes(n) {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n / 1000;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) { v /= 1000; u++; }
  return `${v.toFixed(1)} ${units[u]}`;
}
