// Copy and export formats of result values: TSV, CSV (RFC 4180) and JSON. Values keep their exact text: big
// integers and decimals are written with all their digits (in JSON as bare numbers when they are numbers, so no
// digit is rounded away by this console; a reader's JSON.parse may still round them).
import { csvField } from './csv.js';
import { plainText } from './format.js';

/** One TSV field: NULL empty, fields holding a tab, line break or quote quoted like CSV. */
export function tsvField(value) {
  const text = plainText(value);
  if (text === null) return '';
  return /[\t\r\n"]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The JSON text of one value: numbers and big integers bare, decimal strings of numeric columns bare, NULL null. */
export function jsonValue(value, column) {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : JSON.stringify(String(value));
  if (typeof value === 'boolean') return String(value);
  const numeric = /^(DECIMAL|DOUBLE)/.test(String(column?.dataType?.type ?? ''));
  if (numeric && typeof value === 'string' && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value)) return value;
  return JSON.stringify(typeof value === 'string' ? value : plainText(value));
}

/** A JSON object text for one row (`{"COL": value, ...}`), keys in column order. */
export function jsonRow(columns, values) {
  return `{${columns.map((c, i) => `${JSON.stringify(c.name)}:${jsonValue(values[i], c)}`).join(',')}}`;
}

/**
 * Text for the clipboard: `values` is a list of rows (each a list of values) of the given columns; one cell is
 * copied bare (TSV/CSV) or as a JSON value, several as a table with a header line (unless `header` is false, as
 * for a selection of cells pasted into a spreadsheet) or a JSON array of objects.
 */
export function formatCopy(columns, rows, format, { header = true } = {}) {
  const single = rows.length === 1 && columns.length === 1;
  if (format === 'json') {
    if (single) return jsonValue(rows[0][0], columns[0]);
    return `[${rows.map((r) => jsonRow(columns, r)).join(',\n')}]`;
  }
  const field = format === 'csv' ? csvField : tsvField;
  const sep = format === 'csv' ? ',' : '\t';
  const eol = format === 'csv' ? '\r\n' : '\n';
  if (single) return field(rows[0][0]);
  const lines = rows.map((r) => r.map(field).join(sep));
  if (header) lines.unshift(columns.map((c) => field(c.name)).join(sep));
  return lines.join(eol) + eol;
}

/** Writes `text` to the clipboard (the async API, else a hidden textarea and execCommand). */
export async function writeClipboard(text) {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // not allowed (permissions, insecure origin): fall back
  }
  const ta = document.createElement('textarea');
  ta.value = text;
  ta.setAttribute('readonly', '');
  ta.className = 'offscreen';
  document.body.append(ta);
  ta.select();
  const ok = document.execCommand('copy');
  ta.remove();
  if (!ok) throw new Error('The browser refused to copy to the clipboard.');
}

/** The JSON export of a store as parts for a Blob: an array of row objects. */
export function jsonParts(store) {
  const parts = ['['];
  let first = true;
  let block = [];
  const n = store.columns.length;
  for (const row of store.rows()) {
    const values = new Array(n);
    for (let c = 0; c < n; c++) values[c] = store.value(row, c);
    block.push(`${first ? '' : ','}\n${jsonRow(store.columns, values)}`);
    first = false;
    if (block.length === 10_000) {
      parts.push(block.join(''));
      block = [];
    }
  }
  parts.push(block.join(''), '\n]\n');
  return parts;
}
