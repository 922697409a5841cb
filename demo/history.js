// Query history in localStorage (newest first, de-duplicated, at most 100 entries).
import { el, clear } from './dom.js';

const KEY = 'exasol-ws-console.history';
const MAX = 100;

/** Stored entries: `{ sql, at }` (at = ms since epoch), newest first. */
export function loadHistory() {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(list) ? list.filter((e) => typeof e?.sql === 'string') : [];
  } catch {
    return [];
  }
}

/** Adds `sql` at the top (removing an older identical entry) and returns the new list. */
export function addHistory(sql) {
  const list = [{ sql, at: Date.now() }, ...loadHistory().filter((e) => e.sql !== sql)].slice(0, MAX);
  try {
    localStorage.setItem(KEY, JSON.stringify(list));
  } catch {
    // storage full or disabled: history is a convenience, the query still ran
  }
  return list;
}

/** Puts back a list that Clear removed (the Undo of a clear; nothing was added since). */
export function restoreHistory(list) {
  try {
    localStorage.setItem(KEY, JSON.stringify(list.slice(0, MAX)));
  } catch {
    // storage full or disabled: the list is still shown for this page
  }
  return list;
}

/** Empties the history. */
export function clearHistory() {
  try { localStorage.removeItem(KEY); } catch { /* disabled storage */ }
}

/**
 * The entries whose text holds every word of `search` (case-insensitive; whitespace runs match any whitespace).
 * An empty search keeps them all.
 */
export function filterHistory(list, search) {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return list;
  return list.filter((e) => {
    const text = e.sql.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/**
 * Renders the history list into `container`; `onPick(sql)` runs when an entry is chosen. `search` (optional)
 * keeps only the entries matching it (see {@link filterHistory}).
 */
export function renderHistory(container, all, onPick, search = '') {
  clear(container);
  const list = filterHistory(all, search);
  if (list.length === 0) {
    container.append(el('li', { class: 'muted', text: all.length === 0 ? 'No queries yet.' : 'No query in the history matches the search.' }));
    return;
  }
  // one Tab stop for the whole list (roving tabindex); Up/Down/Home/End move within it
  container.onkeydown = (e) => {
    const items = [...container.querySelectorAll('.history-item')];
    const i = items.indexOf(e.target);
    const next = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: items.length - 1 }[e.key];
    if (i < 0 || next === undefined || !items[next]) return;
    e.preventDefault();
    items[i].tabIndex = -1;
    items[next].tabIndex = 0;
    items[next].focus();
  };
  list.forEach((entry, n) => {
    const oneLine = entry.sql.replace(/\s+/g, ' ');
    container.append(el('li', {},
      el('button', {
        type: 'button',
        class: 'history-item',
        title: `Insert at the cursor: ${entry.sql}`,
        tabIndex: n === 0 ? 0 : -1,
        on: { click: () => onPick(entry.sql) },
      },
      el('span', { class: 'history-sql', text: oneLine.length > 90 ? `${oneLine.slice(0, 89)}…` : oneLine }),
      el('span', { class: 'history-time', text: new Date(entry.at).toLocaleTimeString() }))));
  });
}
