// CSV export of a result (RFC 4180: CRLF line ends, fields with , " CR LF quoted, quotes doubled).
// NULL becomes an empty field, the empty string a quoted empty field (""), so the two stay distinct.
import { plainText } from './format.js';

/** One CSV field. */
export function csvField(value) {
  const text = plainText(value);
  if (text === null) return '';
  return text === '' || /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The CSV text of a result store, as parts (one per block of rows) for a Blob. */
export function csvParts(store) {
  const parts = [store.columns.map((c) => csvField(c.name)).join(',') + '\r\n'];
  const n = store.columns.length;
  let block = [];
  for (const row of store.rows()) {
    const fields = new Array(n);
    for (let c = 0; c < n; c++) fields[c] = csvField(store.value(row, c));
    block.push(fields.join(','));
    if (block.length === 10_000) {
      parts.push(block.join('\r\n') + '\r\n');
      block = [];
    }
  }
  if (block.length > 0) parts.push(block.join('\r\n') + '\r\n');
  return parts;
}

/**
 * Offers the result as a CSV download named `filename` (through a Blob URL, revoked afterwards). `bom` starts the
 * file with a UTF-8 byte order mark, which spreadsheet programs need to read non-ASCII text as UTF-8.
 */
export function downloadCsv(store, filename, { bom = false } = {}) {
  download(new Blob([...(bom ? ['\uFEFF'] : []), ...csvParts(store)], { type: 'text/csv;charset=utf-8' }), filename);
}

/** Offers `blob` as a download named `filename`. */
export function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
