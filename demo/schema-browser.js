// Schema browser: schemas -> tables -> columns, loaded lazily through session.schemas()/tables()/columns().
// Clicking a name inserts it into the editor; the arrow handle expands a node. Keyboard: the ARIA tree pattern.
import { el, clear } from './dom.js';
import { describeError } from './errors.js';

/** Rows of a metadata call, whatever shape it resolves to (array of rows or `{ rows }`). */
export function rowsOf(result) {
  if (Array.isArray(result)) return result;
  if (Array.isArray(result?.rows)) return result.rows;
  return [];
}

/** First present key of `row` among `keys` (metadata column names differ between sources). */
export function pickField(row, ...keys) {
  for (const k of keys) {
    if (row?.[k] !== undefined && row[k] !== null) return String(row[k]);
  }
  return '';
}

/** An identifier as SQL text: bare when it is a plain upper-case name, else double-quoted. */
export function quoteIdent(name) {
  return /^[A-Z_][A-Z0-9_]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

/** The tree widget in `container`; `onInsert(text)` receives the text to insert. */
export class SchemaBrowser {
  constructor(container, onInsert) {
    this.container = container;
    this.onInsert = onInsert;
    this.session = undefined;
    // what the top level says while it holds no item (not connected, loading, an error): a line of its own, since
    // a tree holds tree items only
    this.note = el('p', { class: 'muted tree-note', hidden: true });
    container.after(this.note);
    container.addEventListener('keydown', (e) => this.onKey(e));
  }

  /** Shows `text` (class `kind`) as the top level's note, the tree hidden while it holds no item. */
  say(text, kind = 'muted') {
    this.note.className = `${kind} tree-note`;
    this.note.textContent = text;
    this.note.hidden = !text;
    this.container.hidden = !this.container.querySelector('li[role="treeitem"]');
  }

  /** The tree items shown (not inside a collapsed group), in order. */
  visibleItems() {
    return [...this.container.querySelectorAll('li[role="treeitem"]')].filter((li) => !li.parentElement.closest('[hidden]'));
  }

  /** Makes `li` the one tree item in the Tab order and focuses it (roving tabindex). */
  focusItem(li) {
    if (!li) return;
    for (const other of this.container.querySelectorAll('li[role="treeitem"][tabindex="0"]')) other.tabIndex = -1;
    li.tabIndex = 0;
    li.focus();
  }

  /** Arrow keys move and expand/collapse (the ARIA tree pattern); Enter inserts the name; Home/End. */
  onKey(e) {
    const li = e.target.closest?.('li[role="treeitem"]');
    if (!li || e.target !== li) return;
    const items = this.visibleItems();
    const i = items.indexOf(li);
    const open = li.getAttribute('aria-expanded');
    let handled = true;
    if (e.key === 'ArrowDown') this.focusItem(items[i + 1]);
    else if (e.key === 'ArrowUp') this.focusItem(items[i - 1]);
    else if (e.key === 'Home') this.focusItem(items[0]);
    else if (e.key === 'End') this.focusItem(items[items.length - 1]);
    else if (e.key === 'ArrowRight') {
      if (open === 'false') void li.treeNode.setOpen(true);
      else if (open === 'true') this.focusItem(li.querySelector('li[role="treeitem"]'));
    } else if (e.key === 'ArrowLeft') {
      if (open === 'true') void li.treeNode.setOpen(false);
      else this.focusItem(li.parentElement.closest('li[role="treeitem"]'));
    } else if ((e.key === 'Enter' || e.key === ' ') && !e.ctrlKey && !e.metaKey) this.onInsert(li.treeNode.insert);
    else handled = false;
    if (handled) e.preventDefault();
  }

  /** Loads the schema list of `session` (or shows a hint when not connected). */
  async load(session) {
    this.session = session;
    clear(this.container);
    if (!session) {
      this.say('Connect to browse schemas.');
      return;
    }
    await this.fill(this.container, async () => rowsOf(await session.schemas()).map((r) => {
      const name = pickField(r, 'NAME', 'SCHEMA_NAME', 'name');
      return { label: name, insert: quoteIdent(name), kind: 'schema', children: () => this.tables(name) };
    }));
  }

  async tables(schema) {
    return rowsOf(await this.session.tables(schema)).map((r) => {
      const name = pickField(r, 'NAME', 'TABLE_NAME', 'name');
      const type = pickField(r, 'TABLE_TYPE', 'type');
      return {
        label: name,
        detail: type === 'VIEW' ? 'view' : '',
        insert: `${quoteIdent(schema)}.${quoteIdent(name)}`,
        kind: type === 'VIEW' ? 'view' : 'table',
        children: () => this.columns(schema, name),
      };
    });
  }

  async columns(schema, table) {
    return rowsOf(await this.session.columns(schema, table)).map((r) => {
      const name = pickField(r, 'NAME', 'COLUMN_NAME', 'name');
      return { label: name, detail: pickField(r, 'TYPE', 'COLUMN_TYPE', 'SQL_TYPE', 'sqlType'), insert: quoteIdent(name), kind: 'column' };
    });
  }

  /**
   * Fills list `ul` with the nodes `load()` resolves to, showing a loading line and errors (for the top level in
   * its note; in a group as a line that is no tree item, role none).
   */
  async fill(ul, load) {
    const top = ul === this.container;
    const line = (kind, text) => (top ? this.say(text, kind) : ul.append(el('li', { class: kind, text, attrs: { role: 'none' } })));
    const loading = top ? undefined : el('li', { class: 'muted', text: 'Loading…', attrs: { role: 'none' } });
    if (top) this.say('Loading…');
    else ul.append(loading);
    try {
      const nodes = await load();
      loading?.remove();
      for (const node of nodes) ul.append(this.item(node));
      if (top) this.say('');
      if (nodes.length === 0) line('muted', top ? 'No schemas.' : '(empty)');
      if (top && ul.firstElementChild?.getAttribute('role') === 'treeitem') ul.firstElementChild.tabIndex = 0;
    } catch (e) {
      loading?.remove();
      const d = describeError(e);
      line('tree-error', `${d.sqlCode ? `[${d.sqlCode}] ` : ''}${d.message}`);
    }
  }

  /** One tree item: expand handle (when it has children), name (click inserts it), detail text. */
  item(node) {
    const li = el('li', {
      class: `tree-item tree-${node.kind}`,
      tabIndex: -1,
      attrs: { role: 'treeitem', 'aria-label': node.detail ? `${node.label} ${node.detail}` : node.label },
    });
    li.treeNode = { insert: node.insert, setOpen: async () => {} };
    const row = el('div', { class: 'tree-row' });
    let sub;
    if (node.children) {
      // the mouse's handles only: the tree item itself is the one control a screen reader meets (no buttons
      // nested in a treeitem), with aria-expanded, and the keyboard drives it (onKey)
      const toggle = el('span', {
        class: 'tree-toggle',
        title: `Expand ${node.label}`,
        attrs: { 'aria-hidden': 'true', 'data-open': 'false' },
        text: '▸',
      });
      li.setAttribute('aria-expanded', 'false');
      const setOpen = async (open) => {
        toggle.dataset.open = String(open);
        toggle.title = `${open ? 'Collapse' : 'Expand'} ${node.label}`;
        li.setAttribute('aria-expanded', String(open));
        toggle.textContent = open ? '▾' : '▸';
        if (!open) { if (sub) sub.hidden = true; return; }
        if (!sub) {
          sub = el('ul', { class: 'tree', attrs: { role: 'group' } });
          li.append(sub);
          await this.fill(sub, node.children);
        }
        sub.hidden = false;
      };
      li.treeNode.setOpen = setOpen;
      toggle.addEventListener('click', () => setOpen(toggle.dataset.open !== 'true'));
      row.append(toggle);
    } else {
      row.append(el('span', { class: 'tree-leaf' }));
    }
    row.append(el('span', {
      class: 'tree-name',
      title: `Insert ${node.insert}`,
      attrs: { 'aria-hidden': 'true' },
      text: node.label,
      on: { click: () => this.onInsert(node.insert) },
    }));
    if (node.detail) row.append(el('span', { class: 'tree-detail', text: node.detail }));
    li.append(row);
    return li;
  }
}
