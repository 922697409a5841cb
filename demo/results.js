// The results area: one tab per statement of a run, each showing a grid, a chart, a row count or an error.
import { byId, el, clear } from './dom.js';
import { VirtualGrid } from './grid.js';
import { RowView } from './row-view.js';
import { renderChart, chartColumns } from './chart.js';
import { download, downloadCsv } from './csv.js';
import { formatCopy, jsonParts, writeClipboard } from './copy.js';
import { formatCount, formatDuration, plainText } from './format.js';
import { formatBytes } from './result-size.js';
import { keepFocusIn } from './focus.js';

/** "127,590 of 1,000,000 rows fetched: partial result" for a result that did not arrive in full. */
export function partialText(store) {
  const of = store.total !== undefined && store.total !== store.count ? ` of ${formatCount(store.total)}` : '';
  return `${formatCount(store.count)}${of} rows fetched: partial result`;
}

/** Numbers the result tabs' element ids (unique for the page: pinned tabs outlive the run that made them). */
let tabSerial = 0;

/** What a screen reader hears after a result tab's name for each state (the coloured dot says it to the eye). */
const STATE_WORDS = { running: 'running', done: 'done', error: 'failed', cancelled: 'cancelled' };

/** One statement's result (a tab). */
class ResultTab {
  constructor(panel, index, statement) {
    this.panel = panel;
    this.statement = statement;
    this.state = 'running';
    this.store = undefined;
    this.message = undefined;
    this.error = undefined;
    /** True when the rows shown are not the whole result (the run failed or was cancelled while fetching). */
    this.partial = false;
    /** Pinned tabs survive the next run. */
    this.pinned = false;
    const oneLine = statement.sql.replace(/^(\s+|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/)+/, '').replace(/\s+/g, ' ') || statement.sql;
    this.button = el('button', {
      type: 'button',
      class: 'tab',
      title: statement.sql,
      id: `result-tab-${++tabSerial}`,
      attrs: { role: 'tab', 'aria-selected': 'false', 'data-state': 'running', 'aria-controls': 'result-panel' },
      on: { click: () => panel.select(this) },
    }, el('span', { class: 'tab-dot' }), el('span', { class: 'tab-pin', text: '📌', attrs: { 'aria-label': 'pinned' }, hidden: true }),
    el('span', { text: `${index + 1}: ${oneLine.length > 28 ? `${oneLine.slice(0, 27)}…` : oneLine}` }),
    this.stateText = el('span', { class: 'offscreen', text: `(${STATE_WORDS.running})` }));
  }

  setPinned(pinned) {
    this.pinned = pinned;
    this.button.dataset.pinned = String(pinned);
    this.button.querySelector('.tab-pin').hidden = !pinned;
  }

  setState(state) {
    this.state = state;
    this.button.dataset.state = state;
    this.stateText.textContent = `(${STATE_WORDS[state] ?? state})`;
    if (this.summary) this.button.title = `${this.statement.sql}\n${this.summary}`;
    if (this.panel.active === this) this.panel.show();
  }
}

/** Manages the tabs, the grid/chart switch and CSV export. */
export class ResultsPanel {
  constructor({ tabs, body, grid, chart, message, viewGrid, viewChart, exportCsv, onShowError }) {
    Object.assign(this, { tabsEl: tabs, body, gridEl: grid, chartEl: chart, messageEl: message, viewGrid, viewChart, exportCsv, onShowError });
    this.tabs = [];
    this.active = undefined;
    this.view = 'grid';
    this.grid = new VirtualGrid(grid, {
      onActive: () => this.activeChanged(),
      onOpen: () => this.openDetail(),
      onCopy: () => void this.copy('cell'),
      canSort: () => this.active?.state !== 'running',
      onSorted: (column, dir) => {
        byId('announce').textContent = dir === 0 ? 'Rows as fetched (not sorted).' : `Sorted by ${column}, ${dir === 1 ? 'ascending' : 'descending'} (the rows fetched, in this browser).`;
      },
      onResized: (column, px) => { byId('announce').textContent = `${column}: ${px} pixels wide.`; },
    });
    this.filterInput = byId('quick-filter');
    this.filterInput.addEventListener('input', () => {
      const tab = this.active;
      if (tab?.view && tab.state !== 'running') {
        this.grid.setFilter(this.filterInput.value);
        // said once per change (polite), so the grid's row count is known without leaving the filter box
        byId('announce').textContent = tab.view.filter ? `${formatCount(tab.view.count)} of ${formatCount(tab.store.count)} rows match the filter.` : `Filter cleared: ${formatCount(tab.store.count)} rows.`;
      }
      this.updateButtons();
    });
    byId('copy-cell').addEventListener('click', () => void this.copy('cell'));
    byId('copy-row').addEventListener('click', () => void this.copy('row'));
    byId('copy-rows').addEventListener('click', () => void this.copy('rows'));
    byId('show-detail').addEventListener('click', () => this.openDetail());
    byId('pin-tab').addEventListener('click', () => this.togglePin());
    byId('detail-close').addEventListener('click', () => this.closeDetail());
    // Escape in the detail panel (or in the grid, while the detail is open) closes it and puts the focus back on
    // the grid's active cell
    for (const area of [byId('detail'), grid]) {
      area.addEventListener('keydown', (e) => {
        if (e.key !== 'Escape' || byId('detail').hidden) return;
        e.preventDefault();
        this.closeDetail();
      });
    }
    byId('export-json').addEventListener('click', () => {
      const tab = this.active;
      if (!tab?.store) return;
      const name = `${this.exportName(tab)}.json`;
      download(new Blob(jsonParts(tab.store), { type: 'application/json' }), name);
      this.exported(tab, name);
    });
    // arrow keys move between result tabs (the usual tablist keyboard pattern)
    tabs.addEventListener('keydown', (e) => {
      const i = this.tabs.indexOf(this.active);
      const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? this.tabs.length - 1 : -2;
      if (next === -2 || !this.tabs[next]) return;
      e.preventDefault();
      this.select(this.tabs[next]);
      this.tabs[next].button.focus();
    });
    viewGrid.addEventListener('click', () => this.setView('grid'));
    viewChart.addEventListener('click', () => this.setView('chart'));
    exportCsv.addEventListener('click', () => {
      const tab = this.active;
      if (!tab?.store) return;
      const name = `${this.exportName(tab)}.csv`;
      downloadCsv(tab.store, name, { bom: byId('csv-bom').checked });
      this.exported(tab, name);
    });
    this.show();
  }

  /** Says (polite status) that `tab`'s rows were saved as `name`: a download gives no feedback in the page otherwise. */
  exported(tab, name) {
    byId('copy-status').textContent = `Exported ${formatCount(tab.store.count)} row${tab.store.count === 1 ? '' : 's'} as ${name}.`;
  }

  /** The file name (without extension) of an export of `tab`; partial results say so. */
  exportName(tab) {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    return `result-${stamp}${tab.partial ? '-PARTIAL' : ''}`;
  }

  /** Copies the active cell, its row, or every row shown, in the chosen format. */
  async copy(what) {
    const tab = this.active;
    const cell = this.grid.activeCell();
    if (!tab?.store || (what !== 'rows' && !cell)) return;
    const store = tab.store;
    const all = store.columns.map((_, i) => i);
    const valuesOf = (row) => all.map((c) => store.value(row, c));
    let text;
    const format = byId('copy-format').value;
    const sel = what === 'cell' ? this.grid.selection() : undefined;
    if (sel) {
      // a rectangle of cells (Shift+arrows, Shift+click): its values only, no header line, in view order
      const cols = store.columns.slice(sel.c0, sel.c1 + 1);
      const rows = [];
      for (let i = sel.r0; i <= sel.r1; i++) {
        const row = store.row(this.grid.view.storeIndex(i));
        rows.push(cols.map((_, k) => store.value(row, sel.c0 + k)));
      }
      text = formatCopy(cols, rows, format, { header: false });
      what = `${formatCount(rows.length)} × ${cols.length} cells`;
    } else if (what === 'cell') text = formatCopy([cell.column], [[cell.value]], format);
    else if (what === 'row') text = formatCopy(store.columns, [valuesOf(cell.rowData)], format);
    else {
      const rows = [];
      for (let i = 0; i < this.grid.view.count; i++) rows.push(valuesOf(store.row(this.grid.view.storeIndex(i))));
      text = formatCopy(store.columns, rows, format);
    }
    const status = byId('copy-status');
    try {
      await writeClipboard(text);
      const label = what === 'cell' ? 'the cell' : what === 'row' ? 'the row' : what === 'rows' ? `${formatCount(this.grid.view.count)} rows` : what;
      status.textContent = `Copied ${label} as ${format.toUpperCase()}.`;
    } catch (e) {
      status.textContent = `Copy failed: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  /** The active grid cell moved: refresh the detail panel and the copy buttons. */
  activeChanged() {
    if (!byId('detail').hidden) this.fillDetail();
    this.updateButtons();
  }

  /** Shows the full value of the active cell (multi-line; JSON pretty-printed when it parses) and its row. */
  openDetail() {
    if (!this.grid.activeCell()) return;
    byId('detail').hidden = false;
    this.fillDetail();
    byId('detail-value').focus();
  }

  closeDetail() {
    byId('detail').hidden = true;
    this.grid.scroller.focus();
  }

  fillDetail() {
    const cell = this.grid.activeCell();
    if (!cell) return;
    const text = plainText(cell.value);
    let shown = text ?? 'NULL';
    if (text && /^\s*[[{]/.test(text)) {
      try {
        shown = JSON.stringify(JSON.parse(text), null, 2);
      } catch {
        // not JSON: shown as it is
      }
    }
    byId('detail-title').textContent = `${cell.column.name}, row ${formatCount(cell.row + 1)}`;
    const pre = byId('detail-value');
    pre.textContent = shown;
    pre.classList.toggle('v-null', text === null);
    const dl = clear(byId('detail-row'));
    this.active.store.columns.forEach((c, i) => {
      const v = plainText(this.active.store.value(cell.rowData, i));
      dl.append(el('dt', { text: c.name }), el('dd', { class: v === null ? 'v-null' : '', text: v ?? 'NULL' }));
    });
  }

  /** A new run starts: removes every tab that is not pinned. */
  reset() {
    this.tabs = this.tabs.filter((t) => t.pinned);
    this.active = undefined;
    clear(this.tabsEl);
    for (const t of this.tabs) this.tabsEl.append(t.button);
    this.show();
  }

  /** Pins or unpins the active tab. */
  togglePin() {
    if (!this.active) return;
    this.active.setPinned(!this.active.pinned);
    this.updateButtons();
  }

  /** Adds a tab for `statement` ({ sql, start }) and selects it. */
  add(statement) {
    const tab = new ResultTab(this, this.tabs.length, statement);
    this.tabs.push(tab);
    this.tabsEl.append(tab.button);
    this.select(tab);
    return tab;
  }

  select(tab) {
    this.active = tab;
    for (const t of this.tabs) {
      t.button.setAttribute('aria-selected', String(t === tab));
      t.button.tabIndex = t === tab ? 0 : -1;
    }
    this.show(true);
  }

  setView(view) {
    this.view = view;
    this.show(true);
  }

  /** The active tab got rows (streaming): refresh the grid cheaply. */
  rowsArrived(tab) {
    if (tab !== this.active) return;
    if (this.gridStore !== tab.store) this.show();
    else this.grid.schedule();
    this.updateButtons();
  }

  updateButtons() {
    const tab = this.active;
    const hasRows = Boolean(tab?.store);
    const running = tab?.state === 'running';
    const pin = byId('pin-tab');
    pin.disabled = !tab;
    pin.setAttribute('aria-pressed', String(Boolean(tab?.pinned)));
    this.showStats(tab);
    this.exportCsv.disabled = !hasRows || running;
    this.exportCsv.textContent = hasRows && tab.partial ? 'Export partial CSV' : 'Export CSV';
    const json = byId('export-json');
    json.disabled = !hasRows || running;
    json.textContent = hasRows && tab.partial ? 'Export partial JSON' : 'Export JSON';
    this.filterInput.disabled = !hasRows || running || this.view !== 'grid';
    const cell = hasRows && this.view === 'grid' ? this.grid.activeCell() : undefined;
    for (const id of ['copy-cell', 'copy-row', 'show-detail']) byId(id).disabled = !cell;
    const sel = cell ? this.grid.selection() : undefined;
    byId('copy-cell').textContent = sel ? 'Copy selection' : 'Copy cell';
    byId('copy-cell').title = sel ? `Copy the ${sel.r1 - sel.r0 + 1} × ${sel.c1 - sel.c0 + 1} selected cells, without a header line (Ctrl+C in the grid)` : 'Copy the active cell (Ctrl+C in the grid)';
    byId('copy-rows').disabled = !hasRows || running || this.view !== 'grid';
    this.viewChart.disabled = !hasRows || !chartColumns(tab.store.columns);
    this.viewGrid.setAttribute('aria-pressed', String(this.view === 'grid'));
    this.viewChart.setAttribute('aria-pressed', String(this.view === 'chart'));
  }

  /** Shows the active tab (grid, chart or message). `rebind` forces the grid/chart to redraw. */
  show(rebind = false) {
    const tab = this.active;
    // the area below the tabs is the selected tab's panel, named after it; with no tab selected it is no tab panel
    const panel = byId('result-panel');
    if (tab) {
      panel.setAttribute('role', 'tabpanel');
      panel.setAttribute('aria-labelledby', tab.button.id);
    } else {
      panel.removeAttribute('role');
      panel.removeAttribute('aria-labelledby');
    }
    this.updateButtons();
    clear(this.messageEl);
    this.messageEl.hidden = true;
    const hasRows = Boolean(tab?.store);
    const chart = hasRows && this.view === 'chart' && chartColumns(tab.store.columns);
    this.gridEl.hidden = !hasRows || Boolean(chart);
    this.chartEl.hidden = !chart;
    if (!tab) {
      this.showMessage('info', 'Run a statement with Ctrl+Enter (the selection or the statement at the cursor) or a whole script with Ctrl+Shift+Enter.');
      return;
    }
    if (hasRows && (rebind || this.gridStore !== tab.store)) {
      this.gridStore = tab.store;
      tab.view ??= new RowView(tab.store);
      this.grid.setStore(tab.store, tab.view);
      this.filterInput.value = tab.view.filter;
      byId('detail').hidden = true;
      this.updateButtons();
    }
    if (chart && (rebind || tab.state !== 'running')) {
      tab.chart ??= chartColumns(tab.store.columns);
      // a redraw rebuilds the controls: the one changed with the keyboard keeps the focus
      const draw = () => keepFocusIn(this.chartEl, () => renderChart(this.chartEl, tab.store, tab.chart, (choice) => {
        tab.chart = choice;
        draw();
      }));
      draw();
    }
    if (tab.error) this.showError(tab);
    else if (tab.message) this.showMessage(tab.state === 'cancelled' ? 'warn' : 'info', tab.message);
    if (tab.partial && tab.store) {
      this.messageEl.hidden = false;
      this.messageEl.append(el('div', { class: 'message message-warn partial-note', attrs: { 'data-partial': 'true' }, text: `${partialText(tab.store)}. The rows below are what arrived before the statement ${tab.state === 'cancelled' ? 'was cancelled' : 'failed'}; exports of this tab are marked partial.` }));
    }
  }

  showMessage(kind, text) {
    this.messageEl.hidden = false;
    this.messageEl.append(el('div', { class: `message message-${kind}`, text }));
  }

  showError(tab) {
    const d = tab.error;
    this.messageEl.hidden = false;
    const box = el('div', { class: 'message message-error', attrs: { role: 'alert' } });
    box.append(el('div', { class: 'error-head' },
      d.sqlCode ? el('span', { class: 'sqlcode', text: d.sqlCode }) : null,
      el('span', { class: 'error-name', text: d.name })));
    box.append(el('div', { class: 'error-text', text: d.message }));
    if (d.cause) box.append(el('div', { class: 'error-cause', text: `Cause: ${d.cause}` }));
    if (d.line !== undefined) {
      box.append(el('button', {
        type: 'button',
        class: 'link-button error-position',
        text: `Show line ${d.editorLine ?? d.line}, column ${d.editorColumn ?? d.column} in the editor`,
        on: { click: () => this.onShowError(tab) },
      }));
    }
    this.messageEl.append(box);
  }

  /** Rows, elapsed time and estimated size of `tab`'s result, next to each other above the grid. */
  showStats(tab) {
    const stats = byId('result-stats');
    const shown = tab?.view?.filter ? `${formatCount(tab.view.count)} of ` : '';
    const rows = tab?.store ? `${shown}${formatCount(tab.store.count)} row${tab.store.count === 1 ? '' : 's'}${shown ? ' (filtered)' : ''}` : '';
    const time = tab?.ms === undefined ? (tab?.state === 'running' ? 'running' : '') : formatDuration(tab.ms);
    const size = tab?.store ? `≈ ${formatBytes(tab.store.bytes)}` : '';
    byId('stat-rows').textContent = rows;
    byId('stat-time').textContent = time;
    byId('stat-bytes').textContent = size;
    byId('stat-bytes').title = size ? `${tab.store.bytes.toLocaleString('en-US')} bytes: estimated from the values as JSON text, not measured on the wire` : '';
    stats.hidden = !tab;
  }

  /** Marks `tab` finished with rows / a count / nothing, after `ms`. */
  finish(tab, result, ms) {
    tab.ms = ms;
    if (result.kind === 'rows') {
      tab.message = result.store.count === 0 ? 'No rows.' : undefined;
      tab.summary = `${formatCount(result.store.count)} rows in ${formatDuration(ms)}, ≈ ${formatBytes(result.store.bytes)} (estimated)`;
    } else if (result.kind === 'count') {
      tab.message = `${formatCount(result.rowCount)} row${result.rowCount == 1 ? '' : 's'} affected (${formatDuration(ms)}).`;
      tab.summary = tab.message;
    } else if (result.kind === 'cancelled') {
      tab.partial = Boolean(tab.store) && tab.store.count !== tab.store.total;
      tab.message = tab.store
        ? undefined
        : `Cancelled after ${formatDuration(ms)}.`;
      tab.summary = `Cancelled after ${formatDuration(ms)}${tab.store ? ` (${formatCount(tab.store.count)} rows fetched)` : ''}`;
    } else {
      tab.message = `Done (${formatDuration(ms)}).`;
      tab.summary = tab.message;
    }
    tab.setState(result.kind === 'cancelled' ? 'cancelled' : 'done');
  }

  /** Marks `tab` failed with the described error; rows fetched before the failure stay, marked partial. */
  fail(tab, described, store, ms) {
    tab.error = described;
    tab.ms = ms;
    if (store) {
      tab.store = store;
      tab.partial = true;
    }
    tab.summary = `Failed${ms === undefined ? '' : ` after ${formatDuration(ms)}`}: ${described.name}${described.sqlCode ? ` ${described.sqlCode}` : ''}`;
    tab.setState('error');
  }
}
