// Editor tabs: several scripts, each kept in localStorage across reloads (name and text), renamable, closable.
// Each tab keeps its own editor state while the page is open, so undo works per tab.
import { byId, el, clear } from './dom.js';

const KEY = 'exasol-ws-console.editor-tabs';

/** Reads the stored tabs: `{ tabs: [{ id, name, text }], active }`, or undefined when none are stored. */
function loadStored() {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    if (!v || !Array.isArray(v.tabs) || v.tabs.length === 0) return undefined;
    const tabs = v.tabs.filter((t) => typeof t?.id === 'string' && typeof t.name === 'string' && typeof t.text === 'string');
    return tabs.length ? { tabs, active: tabs.some((t) => t.id === v.active) ? v.active : tabs[0].id } : undefined;
  } catch {
    return undefined;
  }
}

/** The tab strip above the editor and the per-tab editor states. */
export class EditorTabs {
  /**
   * @param {HTMLElement} strip the tablist element
   * @param {import('./editor.js').Editor} editor
   * @param {string} sample the text of the first tab when nothing is stored
   */
  constructor(strip, editor, sample) {
    this.strip = strip;
    this.editor = editor;
    const stored = loadStored();
    this.tabs = stored?.tabs ?? [{ id: 't1', name: 'Query 1', text: sample }];
    this.activeId = stored?.active ?? this.tabs[0].id;
    /** Editor states of tabs shown since the page loaded (id -> EditorState). */
    this.states = new Map();
    this.saveTimer = undefined;
    editor.swap(editor.newState(this.active.text));
    strip.addEventListener('keydown', (e) => this.onKey(e));
    this.render();
  }

  get active() { return this.tabs.find((t) => t.id === this.activeId) ?? this.tabs[0]; }

  /** The editor's text changed: remember it (saved shortly after). */
  changed(text) {
    this.active.text = text;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.save(), 250);
  }

  save() {
    clearTimeout(this.saveTimer);
    try {
      localStorage.setItem(KEY, JSON.stringify({ tabs: this.tabs, active: this.activeId }));
    } catch {
      // storage full or disabled: the text stays in the page
    }
  }

  select(id, focusTab = false) {
    if (id === this.activeId) return;
    this.states.set(this.activeId, this.editor.swap(this.states.get(id) ?? this.editor.newState(this.tabs.find((t) => t.id === id).text)));
    this.activeId = id;
    this.save();
    this.render(focusTab);
  }

  /** Opens a new tab, named `name` (default "Query n") holding `text`, and focuses the editor. */
  add(name, text = '') {
    let n = this.tabs.length + 1;
    while (this.tabs.some((t) => t.name === `Query ${n}`)) n++;
    const id = `t${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
    this.tabs.push({ id, name: name ?? `Query ${n}`, text });
    this.select(id);
    this.editor.focus();
  }

  close(id) {
    if (this.tabs.length === 1) {
      this.editor.text = '';
      return;
    }
    const i = this.tabs.findIndex((t) => t.id === id);
    if (id === this.activeId) this.select(this.tabs[i === this.tabs.length - 1 ? i - 1 : i + 1].id);
    this.tabs.splice(i, 1);
    this.states.delete(id);
    this.save();
    this.render(true);
  }

  /** Shows an inline text field to rename tab `id` (Enter keeps, Escape drops). */
  rename(id) {
    const tab = this.tabs.find((t) => t.id === id);
    const button = this.strip.querySelector(`[data-tab-id="${id}"]`);
    if (!tab || !button) return;
    const input = el('input', { type: 'text', class: 'tab-rename', value: tab.name, attrs: { 'aria-label': `New name for ${tab.name}`, maxlength: '60' } });
    // Enter and Escape put the focus back on the tab; leaving the field (Tab, a click) keeps the name and lets the
    // focus go where it went
    let finished = false;
    const done = (keep, focusTab = true) => {
      if (finished) return;
      finished = true;
      const name = input.value.trim();
      if (keep && name) tab.name = name;
      this.save();
      this.render(focusTab);
    };
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') { e.preventDefault(); done(true); }
      if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); done(false); }
    });
    input.addEventListener('blur', () => done(true, false), { once: true });
    button.replaceWith(input);
    input.select();
    input.focus();
  }

  /** Arrow keys, Home and End move between tabs; F2 renames; Delete closes. */
  onKey(e) {
    if (!e.target.matches?.('[role="tab"]')) return;
    const i = this.tabs.findIndex((t) => t.id === this.activeId);
    const keys = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: this.tabs.length - 1 };
    if (e.key in keys) {
      const next = this.tabs[(keys[e.key] + this.tabs.length) % this.tabs.length];
      e.preventDefault();
      this.select(next.id, true);
    } else if (e.key === 'F2') {
      e.preventDefault();
      this.rename(this.activeId);
    } else if (e.key === 'Delete') {
      e.preventDefault();
      this.close(this.activeId);
    }
  }

  render(focusActive = false) {
    clear(this.strip);
    this.tabs.forEach((tab, i) => {
      const selected = tab.id === this.activeId;
      // the editor (the tab panel) is named after the selected tab; ids by position (stored ids are any text)
      if (selected) byId('editor').setAttribute('aria-labelledby', `editor-tab-${i}`);
      const b = el('button', {
        type: 'button',
        id: `editor-tab-${i}`,
        class: 'editor-tab',
        text: tab.name,
        title: `${tab.name} (double-click or F2 to rename)`,
        attrs: { role: 'tab', 'aria-selected': String(selected), 'data-tab-id': tab.id, tabindex: selected ? '0' : '-1', 'aria-controls': 'editor' },
        on: { click: () => this.select(tab.id), dblclick: () => this.rename(tab.id) },
      });
      this.strip.append(b);
      if (selected && focusActive) b.focus();
    });
  }
}
