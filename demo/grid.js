// Virtual-scrolling result grid: only the visible rows exist in the DOM; rows are read from the
// ResultStore on each scroll. Tall results (1M rows) use a scaled scroll range, so the browser's
// maximum element height is never reached.
import { el, clear } from './dom.js';
import { cellText, isNumericColumn, sqlTypeOf } from './format.js';

const ROW_HEIGHT = 26;
const HEADER_HEIGHT = 44;
/** Largest scroll height used; above it the scroll position maps proportionally onto the rows. */
const MAX_SCROLL_HEIGHT = 8_000_000;
const CHAR_PX = 8;

/** Width of the row-number column for a result's row count (total when known). */
function gutterWidth(store) {
  return Math.max(4, String(Math.max(store.total ?? 0, store.count)).length + 1) * CHAR_PX + 20;
}

/** Characters a value of the column's type can need (DECIMAL by precision, TIMESTAMP 26, ...). */
function typeWidth(column) {
  const d = column.dataType ?? {};
  switch (d.type) {
    case 'DECIMAL': return Math.min(40, (d.precision ?? 18) + (d.scale > 0 ? 2 : 1));
    case 'TIMESTAMP':
    case 'TIMESTAMP WITH LOCAL TIME ZONE': return 26;
    case 'DATE': return 10;
    case 'BOOLEAN': return 5;
    case 'DOUBLE': return 12;
    default: return 0;
  }
}

/** The grid widget bound to one container element. */
export class VirtualGrid {
  constructor(container) {
    this.container = container;
    this.store = undefined;
    this.pool = [];
    this.frame = 0;
    this.scroller = el('div', {
      class: 'grid-scroller',
      tabIndex: 0,
      attrs: { role: 'grid', 'aria-label': 'Result rows', 'aria-readonly': 'true' },
      on: { scroll: () => this.schedule() },
    });
    this.header = el('div', { class: 'grid-row grid-header', attrs: { role: 'row' } });
    this.body = el('div', { class: 'grid-body', attrs: { role: 'rowgroup' } });
    this.pane = el('div', { class: 'grid-pane' }, this.header, this.body);
    this.spacer = el('div', { class: 'grid-spacer' });
    this.scroller.append(this.pane, this.spacer);
    container.append(this.scroller);
    this.resizeObserver = new ResizeObserver(() => this.schedule());
    this.resizeObserver.observe(this.scroller);
  }

  /** Shows `store` (a ResultStore) from its first row. */
  setStore(store) {
    this.store = store;
    this.widths = this.measure(store);
    const total = this.widths.reduce((a, b) => a + b, 0);
    this.pane.style.width = `${total}px`;
    this.spacer.style.width = `${total}px`;
    clear(this.header);
    clear(this.body);
    this.pool = [];
    this.header.append(el('div', { class: 'grid-cell gutter', attrs: { role: 'columnheader' }, text: '#' }));
    store.columns.forEach((col, i) => {
      const numeric = isNumericColumn(col);
      this.header.append(el('div', {
        class: `grid-cell${numeric ? ' num' : ''}`,
        title: `${col.name} ${sqlTypeOf(col)}`,
        attrs: { role: 'columnheader' },
      }, el('span', { class: 'col-name', text: col.name }), el('span', { class: 'col-type', text: sqlTypeOf(col) })));
      this.header.children[i + 1].style.width = `${this.widths[i + 1]}px`;
    });
    this.header.children[0].style.width = `${this.widths[0]}px`;
    delete this.scroller.dataset.firstPaintRows;
    this.scroller.scrollTop = 0;
    this.scroller.scrollLeft = 0;
    this.schedule();
  }

  /** Column widths in px (row-number gutter first), from the header and the first rows. */
  measure(store) {
    const chars = store.columns.map((c) => Math.max(c.name.length, sqlTypeOf(c).length, typeWidth(c)));
    const sample = Math.min(store.count, 200);
    for (let r = 0; r < sample; r++) {
      const row = store.row(r);
      for (let c = 0; c < chars.length; c++) {
        chars[c] = Math.max(chars[c], cellText(store.value(row, c)).text.length);
      }
    }
    return [gutterWidth(store), ...chars.map((n) => Math.round(Math.min(Math.max(n * CHAR_PX + 24, 64), 420)))];
  }

  /** Widens the row-number column when the row count grows past what it was measured for (results stream in). */
  fitGutter() {
    const w = gutterWidth(this.store);
    if (w <= this.widths[0]) return;
    this.widths[0] = w;
    const total = this.widths.reduce((a, b) => a + b, 0);
    this.pane.style.width = `${total}px`;
    this.spacer.style.width = `${total}px`;
    this.header.children[0].style.width = `${w}px`;
    for (const row of this.pool) row.children[0].style.width = `${w}px`;
  }

  /** Re-renders on the next animation frame (new rows arrived, scroll, resize). */
  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  /** Renders the visible rows. */
  render() {
    const store = this.store;
    if (!store) return;
    const rowsKnown = Math.max(store.count, 0);
    this.fitGutter();
    // rows there were at the first paint of this result (shows that rows appear while the rest stream in)
    if (this.scroller.dataset.firstPaintRows === undefined && rowsKnown > 0) this.scroller.dataset.firstPaintRows = String(rowsKnown);
    this.scroller.setAttribute('aria-rowcount', String(rowsKnown + 1));
    const viewH = this.scroller.clientHeight;
    const bodyH = Math.max(ROW_HEIGHT, viewH - HEADER_HEIGHT);
    const scrollH = Math.min(rowsKnown * ROW_HEIGHT, MAX_SCROLL_HEIGHT);
    this.pane.style.height = `${viewH}px`;
    this.spacer.style.height = `${Math.max(0, HEADER_HEIGHT + scrollH - viewH)}px`;
    const maxScroll = Math.max(1, scrollH - bodyH);
    const frac = Math.min(1, this.scroller.scrollTop / maxScroll);
    const firstExact = scrollH > bodyH ? frac * (rowsKnown - bodyH / ROW_HEIGHT) : 0;
    const first = Math.max(0, Math.floor(firstExact));
    const offset = (firstExact - first) * ROW_HEIGHT;
    const visible = Math.ceil(bodyH / ROW_HEIGHT) + 1;
    while (this.pool.length < visible) this.pool.push(this.makeRow());
    this.body.style.transform = `translateY(${-offset}px)`;
    for (let i = 0; i < this.pool.length; i++) {
      const node = this.pool[i];
      const idx = first + i;
      if (i >= visible || idx >= rowsKnown) {
        node.hidden = true;
        continue;
      }
      node.hidden = false;
      node.setAttribute('aria-rowindex', String(idx + 2));
      const row = store.row(idx);
      const cells = node.children;
      cells[0].textContent = String(idx + 1);
      for (let c = 0; c < store.columns.length; c++) {
        const { text, kind } = cellText(store.value(row, c));
        const cell = cells[c + 1];
        cell.textContent = text;
        cell.className = `grid-cell v-${kind}${this.numeric[c] ? ' num' : ''}`;
      }
    }
  }

  /** One pooled row element with a cell per column. */
  makeRow() {
    this.numeric = this.store.columns.map(isNumericColumn);
    const row = el('div', { class: 'grid-row', attrs: { role: 'row' } });
    row.append(el('div', { class: 'grid-cell gutter', attrs: { role: 'rowheader' } }));
    this.store.columns.forEach(() => row.append(el('div', { class: 'grid-cell', attrs: { role: 'gridcell' } })));
    [...row.children].forEach((cell, i) => { cell.style.width = `${this.widths[i]}px`; });
    this.body.append(row);
    return row;
  }

  /** Stops observing and removes the grid. */
  dispose() {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.resizeObserver.disconnect();
    this.scroller.remove();
  }
}
