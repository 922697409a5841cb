// How one value of a result is shown: exactly as received, NULL distinct from the empty string.

/** Text and style class for one cell value. `kind`: null | empty | number | bool | text. */
export function cellText(value) {
  if (value === null || value === undefined) return { text: 'NULL', kind: 'null' };
  switch (typeof value) {
    case 'bigint':
      return { text: value.toString(), kind: 'number' };
    case 'number':
      return { text: Number.isNaN(value) ? 'NaN' : String(value), kind: 'number' };
    case 'boolean':
      return { text: value ? 'TRUE' : 'FALSE', kind: 'bool' };
    case 'string':
      return value === '' ? { text: '', kind: 'empty' } : { text: value, kind: 'text' };
    default:
      return { text: String(value), kind: 'text' };
  }
}

/**
 * The text of a value in its column: like {@link cellText}, with DECIMAL values padded to the column's scale
 * (`9208.1` -> `9208.10` in DECIMAL(12,2)), so digits line up. Padding adds zeros only; no digit is dropped.
 */
export function columnCellText(value, column) {
  const shown = cellText(value);
  const scale = column?.dataType?.type === 'DECIMAL' ? Number(column.dataType.scale) : 0;
  if (shown.kind !== 'number' && !(shown.kind === 'text' && typeof value === 'string')) return shown;
  if (!(scale > 0) || !/^-?\d+(\.\d+)?$/.test(shown.text)) return shown;
  const [int, frac = ''] = shown.text.split('.');
  return frac.length >= scale ? shown : { text: `${int}.${frac.padEnd(scale, '0')}`, kind: 'number' };
}

/** Plain text of a value for export: NULL is `null`, everything else the shown text. */
export function plainText(value) {
  if (value === null || value === undefined) return null;
  return cellText(value).text;
}

/** True when a column holds numbers (DECIMAL or DOUBLE): right-aligned and usable for charts. */
export function isNumericColumn(column) {
  const t = String(column?.dataType?.type ?? column?.sqlType ?? '').toUpperCase();
  return t.startsWith('DECIMAL') || t.startsWith('DOUBLE');
}

/** The SQL type shown under a column name, e.g. `DECIMAL(18,0)`. */
export function sqlTypeOf(column) {
  if (column?.sqlType) return String(column.sqlType);
  const d = column?.dataType ?? {};
  if (d.type === 'DECIMAL') return `DECIMAL(${d.precision},${d.scale})`;
  if (d.type === 'VARCHAR' || d.type === 'CHAR') return `${d.type}(${d.size})`;
  return String(d.type ?? '?');
}

/** A duration in ms as `850 ms`, `12.3 s` or `2 min 05 s`. */
export function formatDuration(ms) {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${m} min ${String(s).padStart(2, '0')} s`;
}

/** A count with thousands separators (1,000,000). */
export function formatCount(n) {
  return typeof n === 'number' || typeof n === 'bigint' ? n.toLocaleString('en-US') : String(n);
}
