// The order and subset of a result's rows the grid shows: sorted by one column and/or filtered by a quick
// filter, both on the rows in memory only (client-side). Exact: big integers and decimal strings are compared
// digit by digit, never through a rounding float. NULL sorts last in both directions.
import { cellText } from './format.js';

/** Compares two decimal texts (`-12.50`, `3`) exactly. */
export function compareDecimalText(a, b) {
  const neg = (s) => s.startsWith('-');
  if (neg(a) !== neg(b)) return neg(a) ? -1 : 1;
  const sign = neg(a) ? -1 : 1;
  const [ai, af = ''] = a.replace(/^[-+]/, '').split('.');
  const [bi, bf = ''] = b.replace(/^[-+]/, '').split('.');
  const ia = ai.replace(/^0+(?=\d)/, '');
  const ib = bi.replace(/^0+(?=\d)/, '');
  if (ia.length !== ib.length) return sign * (ia.length - ib.length);
  if (ia !== ib) return sign * (ia < ib ? -1 : 1);
  const n = Math.max(af.length, bf.length);
  const fa = af.padEnd(n, '0');
  const fb = bf.padEnd(n, '0');
  return fa === fb ? 0 : sign * (fa < fb ? -1 : 1);
}

const DECIMAL_TEXT = /^[-+]?\d+(\.\d+)?$/;

/** Compares two non-null cell values of one column. */
export function compareValues(a, b) {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  const ta = typeof a === 'string' ? a : cellText(a).text;
  const tb = typeof b === 'string' ? b : cellText(b).text;
  if ((typeof a !== 'string' || DECIMAL_TEXT.test(a)) && (typeof b !== 'string' || DECIMAL_TEXT.test(b)) && DECIMAL_TEXT.test(ta) && DECIMAL_TEXT.test(tb)) {
    return compareDecimalText(ta, tb);
  }
  return ta < tb ? -1 : ta > tb ? 1 : 0;
}

/** Which rows of a store are shown, in which order. */
export class RowView {
  constructor(store) {
    this.store = store;
    /** @type {Uint32Array | undefined} store row numbers in display order; undefined = all rows as stored */
    this.index = undefined;
    this.sort = undefined; // { col, dir: 1 | -1 }
    this.filter = '';
  }

  /** Rows shown. */
  get count() { return this.index ? this.index.length : this.store.count; }

  /** The store row number shown at position `i`. */
  storeIndex(i) { return this.index ? this.index[i] : i; }

  /** True when neither a sort nor a filter applies. */
  get plain() { return !this.sort && !this.filter; }

  /** Applies `sort` (`{ col, dir }` or undefined) and `filter` (text; case-insensitive substring of any cell). */
  apply({ sort = this.sort, filter = this.filter } = {}) {
    this.sort = sort;
    this.filter = filter;
    const store = this.store;
    if (!sort && !filter) {
      this.index = undefined;
      return;
    }
    const n = store.count;
    let idx = [];
    const needle = filter.toLowerCase();
    const cols = store.columns.length;
    let i = 0;
    for (const row of store.rows()) {
      if (!needle) idx.push(i);
      else {
        for (let c = 0; c < cols; c++) {
          const v = store.value(row, c);
          if (v !== null && v !== undefined && cellText(v).text.toLowerCase().includes(needle)) {
            idx.push(i);
            break;
          }
        }
      }
      i++;
      if (i >= n) break;
    }
    if (sort) {
      const keys = new Array(n);
      for (const r of idx) keys[r] = store.value(store.row(r), sort.col);
      idx.sort((x, y) => {
        const a = keys[x];
        const b = keys[y];
        const an = a === null || a === undefined;
        const bn = b === null || b === undefined;
        if (an || bn) return an && bn ? x - y : an ? 1 : -1; // NULL last
        return sort.dir * compareValues(a, b) || x - y;
      });
    }
    this.index = Uint32Array.from(idx);
  }
}
