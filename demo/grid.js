// Virtual-scrolling result grid: only the visible rows exist in the DOM; rows are read from the
// ResultStore on each scroll. Tall results (1M rows) use a scaled scroll range, so the browser's
// maximum element height is never reached.
import { el, clear } from './dom.js';
import { columnCellText, isNumericColumn, sqlTypeOf } from './format.js';
import { RowView } from './row-view.js';

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
  /**
   * @param {HTMLElement} container
   * @param {{ onActive?(cell: { row: number, col: number } | undefined): void, onOpen?(): void, onCopy?(): void, canSort?(): boolean, onSorted?(column: string, dir: number): void, onResized?(column: string, px: number): void }} hooks
   *   `onActive` when the active cell moves, `onOpen` on Enter (detail panel), `onCopy` on Ctrl/Cmd+C,
   *   `onSorted` after a sort (dir 1 ascending, -1 descending, 0 as fetched), `onResized` after a column is resized with the keyboard.
   */
  constructor(container, hooks = {}) {
    this.container = container;
    this.hooks = hooks;
    this.store = undefined;
    /** @type {RowView | undefined} */
    this.view = undefined;
    /** The active cell: position in the view and column index. */
    this.active = undefined;
    this.pool = [];
    this.frame = 0;
    this.scroller = el('div', {
      class: 'grid-scroller',
      tabIndex: 0,
      attrs: { role: 'grid', 'aria-label': 'Result rows', 'aria-readonly': 'true', 'aria-describedby': 'grid-keys' },
      on: {
        scroll: () => this.schedule(),
        keydown: (e) => this.onKey(e),
        focus: () => { if (!this.active && this.view?.count) this.setActive(0, 0, false); },
        click: (e) => this.onClick(e),
      },
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
  setStore(store, view = new RowView(store)) {
    this.store = store;
    this.view = view;
    this.active = undefined;
    this.anchor = undefined;
    this.scroller.removeAttribute('aria-activedescendant');
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
      const sorted = view.sort?.col === i ? view.sort.dir : 0;
      const head = el('div', {
        class: `grid-cell${numeric ? ' num' : ''}`,
        title: `${col.name} ${sqlTypeOf(col)}`,
        // named by the column alone, so that a header is found as "NAME", not "Sort by NAME"; the type is its description
        attrs: { role: 'columnheader', 'aria-label': col.name, 'aria-description': sqlTypeOf(col), 'aria-sort': sorted === 1 ? 'ascending' : sorted === -1 ? 'descending' : 'none' },
      }, el('button', {
        type: 'button',
        class: 'col-sort',
        attrs: { 'aria-label': `Sort by ${col.name}`, tabindex: '-1' },
        on: { click: () => this.sortBy(i) },
      }, el('span', { class: 'col-name', text: col.name }), el('span', { class: 'col-type', text: `${sqlTypeOf(col)}${sorted ? (sorted === 1 ? ' ▲' : ' ▼') : ''}` })),
      el('span', {
        class: 'col-resize',
        title: `Drag to resize ${col.name}`,
        attrs: { 'aria-hidden': 'true' },
        on: { pointerdown: (e) => this.startResize(e, i + 1) },
      }));
      this.header.append(head);
      head.style.width = `${this.widths[i + 1]}px`;
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
        chars[c] = Math.max(chars[c], columnCellText(store.value(row, c), store.columns[c]).text.length);
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
    const rowsKnown = Math.max(this.view.count, 0);
    this.fitGutter();
    // rows there were at the first paint of this result (shows that rows appear while the rest stream in)
    if (this.scroller.dataset.firstPaintRows === undefined && rowsKnown > 0) this.scroller.dataset.firstPaintRows = String(rowsKnown);
    this.first = 0;
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
    this.first = first;
    this.bodyRows = Math.floor(bodyH / ROW_HEIGHT);
    const offset = (firstExact - first) * ROW_HEIGHT;
    const visible = Math.ceil(bodyH / ROW_HEIGHT) + 1;
    while (this.pool.length < visible) this.pool.push(this.makeRow());
    this.body.style.transform = `translateY(${-offset}px)`;
    const sel = this.selection();
    this.scroller.setAttribute('aria-multiselectable', 'true');
    for (let c = 1; c < this.header.children.length; c++) {
      const head = this.header.children[c];
      const on = this.active?.row === -1 && this.active.col === c - 1;
      head.classList.toggle('active', on);
      if (on) head.id = 'grid-active-cell';
      else if (head.id) head.removeAttribute('id');
    }
    for (let i = 0; i < this.pool.length; i++) {
      const node = this.pool[i];
      const idx = first + i;
      if (i >= visible || idx >= rowsKnown) {
        node.hidden = true;
        continue;
      }
      node.hidden = false;
      node.setAttribute('aria-rowindex', String(idx + 2));
      const storeIdx = this.view.storeIndex(idx);
      const row = store.row(storeIdx);
      const cells = node.children;
      cells[0].textContent = String(storeIdx + 1);
      for (let c = 0; c < store.columns.length; c++) {
        const { text, kind } = columnCellText(store.value(row, c), store.columns[c]);
        const cell = cells[c + 1];
        cell.textContent = text;
        const active = this.active && this.active.row === idx && this.active.col === c;
        const picked = sel && idx >= sel.r0 && idx <= sel.r1 && c >= sel.c0 && c <= sel.c1;
        cell.className = `grid-cell v-${kind}${this.numeric[c] ? ' num' : ''}${active ? ' active' : ''}${picked ? ' selected' : ''}`;
        cell.dataset.row = String(idx);
        cell.dataset.col = String(c);
        if (active) cell.id = 'grid-active-cell';
        else if (cell.id) cell.removeAttribute('id');
        if (active || picked) cell.setAttribute('aria-selected', 'true');
        else cell.removeAttribute('aria-selected');
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

  /** Sorts by column `col` (ascending, then descending, then as fetched); only on a complete result. */
  sortBy(col) {
    if (!this.view || (this.hooks.canSort && !this.hooks.canSort())) return;
    const cur = this.view.sort;
    const sort = cur?.col !== col ? { col, dir: 1 } : cur.dir === 1 ? { col, dir: -1 } : undefined;
    this.view.apply({ sort });
    this.setStore(this.store, this.view);
    this.hooks.onSorted?.(this.store.columns[col].name, sort?.dir ?? 0);
  }

  /** Applies a quick filter (client-side) and redraws. */
  setFilter(text) {
    if (!this.view) return;
    this.view.apply({ filter: text });
    this.setStore(this.store, this.view);
  }

  /**
   * Moves the active cell to view position `row`, column `col`, scrolls it into sight and tells the hooks.
   * `extend` keeps the selection's anchor (Shift+arrow, Shift+click), so the selection is the rectangle between
   * the anchor and the active cell; otherwise the anchor moves with the active cell.
   */
  setActive(row, col, scroll = true, extend = false) {
    const rows = this.view?.count ?? 0;
    if (rows === 0) return;
    row = Math.max(0, Math.min(rows - 1, row));
    col = Math.max(0, Math.min(this.store.columns.length - 1, col));
    if (!extend || !this.anchor) this.anchor = { row, col };
    this.active = { row, col };
    if (scroll) this.scrollToRow(row, col);
    this.scroller.setAttribute('aria-activedescendant', 'grid-active-cell');
    this.render();
    this.hooks.onActive?.(this.activeCell());
  }

  /**
   * The selected rectangle in view rows and column indexes, `{ r0, r1, c0, c1 }` (inclusive), when it spans
   * more than one cell; undefined otherwise.
   */
  selection() {
    const a = this.anchor;
    const b = this.active;
    if (!a || !b || (a.row === b.row && a.col === b.col)) return undefined;
    return { r0: Math.min(a.row, b.row), r1: Math.max(a.row, b.row), c0: Math.min(a.col, b.col), c1: Math.max(a.col, b.col) };
  }

  /** The active cell as `{ row (store row number), col, value, column, rowValues }`, or undefined. */
  activeCell() {
    if (!this.active || this.active.row < 0 || !this.store) return undefined;
    const storeRow = this.view.storeIndex(this.active.row);
    const row = this.store.row(storeRow);
    return { row: storeRow, col: this.active.col, value: this.store.value(row, this.active.col), column: this.store.columns[this.active.col], rowData: row };
  }

  /** Scrolls so that view row `row` (and column `col`) is visible. */
  scrollToRow(row, col) {
    const rows = this.view.count;
    const viewH = this.scroller.clientHeight;
    const bodyRowsExact = Math.max(ROW_HEIGHT, viewH - HEADER_HEIGHT) / ROW_HEIGHT;
    const span = rows - bodyRowsExact;
    if (span > 0) {
      let firstExact;
      if (row < this.first + 1) firstExact = row;
      else if (row > this.first + Math.floor(bodyRowsExact) - 2) firstExact = row - bodyRowsExact + 1.5;
      if (firstExact !== undefined) {
        const scrollH = Math.min(rows * ROW_HEIGHT, MAX_SCROLL_HEIGHT);
        const maxScroll = Math.max(1, scrollH - (viewH - HEADER_HEIGHT));
        this.scroller.scrollTop = Math.max(0, Math.min(1, firstExact / span)) * maxScroll;
      }
    }
    this.scrollToColumn(col);
  }

  /** Scrolls horizontally so that column `col` is within the scrolled area. */
  scrollToColumn(col) {
    let left = 0;
    for (let i = 0; i <= col; i++) left += this.widths[i];
    const right = left + this.widths[col + 1];
    const visibleLeft = this.scroller.scrollLeft + this.widths[0];
    if (left < visibleLeft) this.scroller.scrollLeft = left - this.widths[0];
    else if (right > this.scroller.scrollLeft + this.scroller.clientWidth) this.scroller.scrollLeft = right - this.scroller.clientWidth;
  }

  /**
   * Arrow keys, Home/End (row), Ctrl+Home/End (first/last row), PageUp/PageDown, each with Shift to extend the
   * selection; Enter opens; Ctrl/Cmd+C copies.
   */
  onKey(e) {
    if (!this.view || this.view.count === 0) return;
    if (this.active?.row === -1) {
      this.onHeaderKey(e);
      return;
    }
    const a = this.active ?? { row: 0, col: 0 };
    if (e.key === 'ArrowUp' && a.row === 0 && !e.shiftKey && !e.ctrlKey && !e.metaKey) {
      // up from the first row: onto the column headers, where Enter sorts
      e.preventDefault();
      this.setHeaderActive(a.col);
      return;
    }
    const page = Math.max(1, (this.bodyRows ?? 10) - 1);
    const ctrl = e.ctrlKey || e.metaKey;
    const moves = {
      ArrowDown: [a.row + 1, a.col], ArrowUp: [a.row - 1, a.col], ArrowRight: [a.row, a.col + 1], ArrowLeft: [a.row, a.col - 1],
      PageDown: [a.row + page, a.col], PageUp: [a.row - page, a.col],
      Home: ctrl ? [0, a.col] : [a.row, 0], End: ctrl ? [this.view.count - 1, a.col] : [a.row, this.store.columns.length - 1],
    };
    if (e.key in moves) {
      e.preventDefault();
      this.setActive(...moves[e.key], true, e.shiftKey);
    } else if (e.key === 'Enter' && this.active && !ctrl) {
      e.preventDefault();
      this.hooks.onOpen?.();
    } else if (ctrl && e.key.toLowerCase() === 'c' && this.active && !window.getSelection()?.toString()) {
      e.preventDefault();
      this.hooks.onCopy?.();
    }
  }

  /**
   * Keys while a column header is active: Left/Right/Home/End move along the headers, Alt+Left/Right narrow or
   * widen the column (as dragging its edge does), Down returns to the rows, Enter or Space sorts.
   */
  onHeaderKey(e) {
    const col = this.active.col;
    const last = this.store.columns.length - 1;
    const moves = { ArrowLeft: col - 1, ArrowRight: col + 1, Home: 0, End: last };
    if (e.altKey && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) {
      e.preventDefault();
      this.resizeColumn(col + 1, this.widths[col + 1] + (e.key === 'ArrowRight' ? 16 : -16));
      this.hooks.onResized?.(this.store.columns[col].name, this.widths[col + 1]);
    } else if (e.key in moves) {
      e.preventDefault();
      this.setHeaderActive(Math.max(0, Math.min(last, moves[e.key])));
    } else if (e.key === 'ArrowDown' || e.key === 'PageDown') {
      e.preventDefault();
      this.setActive(0, col);
    } else if ((e.key === 'Enter' || e.key === ' ') && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      this.sortBy(col);
      this.setHeaderActive(col);
    }
  }

  /**
   * Makes column `col`'s header the active cell (aria-activedescendant points at it, so a screen reader reads
   * its name and sort state); no data cell is active then, so copy and detail have nothing to act on.
   */
  setHeaderActive(col) {
    this.active = { row: -1, col };
    this.anchor = undefined;
    this.render();
    this.scrollToColumn(col);
    this.scroller.setAttribute('aria-activedescendant', 'grid-active-cell');
    this.hooks.onActive?.(undefined);
  }

  onClick(e) {
    const cell = e.target.closest?.('.grid-cell[data-row]');
    if (!cell) return;
    this.setActive(Number(cell.dataset.row), Number(cell.dataset.col), false, e.shiftKey);
  }

  /** Drags the right edge of header cell `i` (0 = row numbers) to resize the column. */
  startResize(e, i) {
    e.preventDefault();
    e.stopPropagation();
    const startX = e.clientX;
    const startW = this.widths[i];
    const handle = e.currentTarget;
    handle.setPointerCapture?.(e.pointerId);
    const move = (ev) => this.resizeColumn(i, startW + ev.clientX - startX);
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
  }

  /** Sets the width of column `i` (0 = row numbers) in px (at least 40). */
  resizeColumn(i, px) {
    this.widths[i] = Math.max(40, Math.round(px));
    const total = this.widths.reduce((a, b) => a + b, 0);
    this.pane.style.width = `${total}px`;
    this.spacer.style.width = `${total}px`;
    this.header.children[i].style.width = `${this.widths[i]}px`;
    for (const row of this.pool) row.children[i].style.width = `${this.widths[i]}px`;
  }

  /** Stops observing and removes the grid. */
  dispose() {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.resizeObserver.disconnect();
    this.scroller.remove();
  }
}
