// Saved queries: named SQL texts kept in localStorage, separate from the editor tabs. Saving under a name that
// exists replaces that entry's text; opening one puts it into a new editor tab.
import { el, clear } from './dom.js';

const KEY = 'exasol-ws-console.saved-queries';

/** Stored entries `{ name, sql, at }`, sorted by name. */
export function loadSaved() {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(list) ? list.filter((e) => typeof e?.name === 'string' && typeof e.sql === 'string') : [];
  } catch {
    return [];
  }
}

function store(list) {
  localStorage.setItem(KEY, JSON.stringify(list));
}

/**
 * Saves `sql` under `name` (trimmed; replaces an entry of that name). Returns the new list; throws a readable
 * Error for an empty name or text, or when the browser refuses to store it.
 */
export function saveQuery(name, sql) {
  const n = name.trim();
  if (!n) throw new Error('Give the query a name first.');
  if (!sql.trim()) throw new Error('The editor is empty: nothing to save.');
  const list = [...loadSaved().filter((e) => e.name !== n), { name: n, sql, at: Date.now() }]
    .sort((a, b) => a.name.localeCompare(b.name));
  try {
    store(list);
  } catch (e) {
    throw new Error(`This browser did not store the query (${e?.name ?? 'storage error'}).`);
  }
  return list;
}

/** Deletes the entry called `name`; returns the new list. */
export function deleteSaved(name) {
  const list = loadSaved().filter((e) => e.name !== name);
  try { store(list); } catch { /* disabled storage: nothing was stored either */ }
  return list;
}

/** Puts a deleted entry back (the Undo of a delete), replacing one saved under its name since; returns the new list. */
export function restoreSaved(entry) {
  const list = [...loadSaved().filter((e) => e.name !== entry.name), entry].sort((a, b) => a.name.localeCompare(b.name));
  try { store(list); } catch { /* disabled storage: shown for this page only */ }
  return list;
}

/** Renders the list: each entry a button to open it (`onOpen(entry)`) and a Delete button (`onDelete(entry)`). */
export function renderSaved(container, list, { onOpen, onDelete }) {
  clear(container);
  if (list.length === 0) {
    container.append(el('li', { class: 'muted', text: 'No saved queries.' }));
    return;
  }
  for (const entry of list) {
    const oneLine = entry.sql.replace(/\s+/g, ' ');
    container.append(el('li', { class: 'saved-entry' },
      el('button', {
        type: 'button', class: 'saved-open', text: entry.name,
        title: `Open in a new editor tab: ${oneLine.length > 200 ? `${oneLine.slice(0, 199)}…` : oneLine}`,
        attrs: { 'aria-label': `Open ${entry.name}` },
        on: { click: () => onOpen(entry) },
      }),
      el('button', {
        type: 'button', class: 'small', text: 'Delete',
        attrs: { 'aria-label': `Delete ${entry.name}` },
        on: { click: () => onDelete(entry) },
      })));
  }
}
