// Schema browser: schemas -> tables -> columns, loaded lazily through session.schemas()/tables()/columns().
// Clicking a name inserts it into the editor; the arrow button expands a node.
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
  }

  /** Loads the schema list of `session` (or shows a hint when not connected). */
  async load(session) {
    this.session = session;
    clear(this.container);
    if (!session) {
      this.container.append(el('li', { class: 'muted', text: 'Connect to browse schemas.' }));
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

  /** Fills list `ul` with the nodes `load()` resolves to, showing a loading line and errors. */
  async fill(ul, load) {
    const loading = el('li', { class: 'muted', text: 'Loading…' });
    ul.append(loading);
    try {
      const nodes = await load();
      loading.remove();
      if (nodes.length === 0) ul.append(el('li', { class: 'muted', text: '(empty)' }));
      for (const node of nodes) ul.append(this.item(node));
    } catch (e) {
      loading.remove();
      const d = describeError(e);
      ul.append(el('li', { class: 'tree-error', text: `${d.sqlCode ? `[${d.sqlCode}] ` : ''}${d.message}` }));
    }
  }

  /** One tree item: expand button (when it has children), name button, detail text. */
  item(node) {
    const li = el('li', { class: `tree-item tree-${node.kind}`, attrs: { role: 'treeitem' } });
    const row = el('div', { class: 'tree-row' });
    let sub;
    if (node.children) {
      const toggle = el('button', {
        type: 'button',
        class: 'tree-toggle',
        title: `Expand ${node.label}`,
        attrs: { 'aria-expanded': 'false', 'aria-label': `Expand ${node.label}` },
        text: '▸',
      });
      toggle.addEventListener('click', async () => {
        const open = toggle.getAttribute('aria-expanded') === 'true';
        toggle.setAttribute('aria-expanded', String(!open));
        toggle.textContent = open ? '▸' : '▾';
        if (open) { sub.hidden = true; return; }
        if (!sub) {
          sub = el('ul', { class: 'tree', attrs: { role: 'group' } });
          li.append(sub);
          await this.fill(sub, node.children);
        }
        sub.hidden = false;
      });
      row.append(toggle);
    } else {
      row.append(el('span', { class: 'tree-leaf' }));
    }
    row.append(el('button', {
      type: 'button',
      class: 'tree-name',
      title: `Insert ${node.insert}`,
      text: node.label,
      on: { click: () => this.onInsert(node.insert) },
    }));
    if (node.detail) row.append(el('span', { class: 'tree-detail', text: node.detail }));
    li.append(row);
    return li;
  }
}
