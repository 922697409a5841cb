// The SQL editor, on CodeMirror 6: Exasol highlighting, completion of keywords, functions, schemas, tables and
// columns, Ctrl/Cmd+Enter (statement at the cursor or the selection) and Ctrl/Cmd+Shift+Enter (everything),
// comment toggle (Ctrl/Cmd+/), search (Ctrl/Cmd+F), bracket matching, auto-indent, undo, and the SQL error's
// position marked until the text changes. Escape then Tab leaves the editor (Tab otherwise indents); so does Ctrl+M
// (CodeMirror's default keymap: Tab moves the focus until Ctrl+M again), which a running statement's Escape (cancel) leaves alone.
import { Compartment, EditorSelection, EditorState, Prec, StateEffect, StateField } from '@codemirror/state';
import { Decoration, EditorView, drawSelection, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { autocompletion, closeBrackets, closeBracketsKeymap, closeCompletion, completionKeymap } from '@codemirror/autocomplete';
import { highlightSelectionMatches, search, searchKeymap } from '@codemirror/search';
import { sql } from '@codemirror/lang-sql';
import { classHighlighter, tagHighlighter, tags } from '@lezer/highlight';
import { Exasol } from './exasol-dialect.js';
import { lineColumnAt, offsetOf } from './statements.js';

/** Marks built-in functions (`tok-builtin`), which the class highlighter leaves as plain names. */
const builtinHighlighter = tagHighlighter([{ tag: tags.standard(tags.name), class: 'tok-builtin' }]);

/** Sets (`{ from, to }`) or clears (null) the marked error range. */
const setError = StateEffect.define();

/** The marked SQL error: a decoration set, cleared by any change of the text. */
const errorField = StateField.define({
  create: () => Decoration.none,
  update(marks, tr) {
    for (const e of tr.effects) {
      if (e.is(setError)) {
        return e.value ? Decoration.set([Decoration.mark({ class: 'cm-sql-error', attributes: { title: 'The server reported an error here' } }).range(e.value.from, e.value.to)]) : Decoration.none;
      }
    }
    return tr.docChanged ? Decoration.none : marks.map(tr.changes);
  },
  provide: (f) => EditorView.decorations.from(f),
});

/**
 * The style nonce the server put into the page (its CSP allows style elements with it; CodeMirror mounts its
 * style sheet as one), or undefined when the page was served as a plain file.
 */
function styleNonce() {
  const v = document.querySelector('meta[name="csp-nonce"]')?.getAttribute('content');
  return v && !v.includes('{') ? v : undefined;
}

/** The SQL language with the Exasol dialect and a completion schema (reconfigured when metadata arrives). */
const language = (schema) => sql({ dialect: Exasol, upperCaseKeywords: true, schema });

/** The editor: one EditorView whose state is swapped per editor tab (each tab keeps its own undo history). */
export class Editor {
  /**
   * @param {HTMLElement} parent where the editor goes
   * @param {{ onRun(mode: 'current' | 'script'): void, onChange?(text: string): void }} hooks
   */
  constructor(parent, { onRun, onChange = () => {} }) {
    this.onRun = onRun;
    this.onChange = onChange;
    this.languageSlot = new Compartment();
    this.schema = {};
    this.view = new EditorView({ parent, state: this.newState('') });
  }

  /** A fresh editor state holding `text` (a new undo history). */
  newState(text) {
    return EditorState.create({ doc: text, extensions: this.extensions() });
  }

  extensions() {
    const run = (mode) => () => { this.onRun(mode); return true; };
    return [
      lineNumbers(),
      highlightActiveLineGutter(),
      highlightActiveLine(),
      drawSelection(),
      history(),
      indentOnInput(),
      bracketMatching(),
      closeBrackets(),
      autocompletion({ activateOnTyping: true, icons: false }),
      highlightSelectionMatches(),
      search({ top: true }),
      syntaxHighlighting(classHighlighter),
      syntaxHighlighting(builtinHighlighter),
      this.languageSlot.of(language(this.schema)),
      errorField,
      Prec.highest(keymap.of([
        { key: 'Mod-Enter', run: run('current') },
        { key: 'Shift-Mod-Enter', run: run('script') },
      ])),
      keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...completionKeymap, indentWithTab]),
      EditorView.contentAttributes.of({ 'aria-label': 'SQL editor', id: 'sql', 'aria-describedby': 'editor-keys' }),
      EditorView.updateListener.of((u) => { if (u.docChanged) this.onChange(u.state.doc.toString()); }),
      EditorView.lineWrapping,
      ...(styleNonce() ? [EditorView.cspNonce.of(styleNonce())] : []),
    ];
  }

  /** The whole text. */
  get text() { return this.view.state.doc.toString(); }

  /** Replaces the whole text as one undoable change. */
  set text(value) {
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: value } });
  }

  /** Swaps in another tab's state (or a fresh one for `text`); returns the state that was shown. */
  swap(state) {
    const old = this.view.state;
    this.view.setState(state);
    this.view.dispatch({ effects: this.languageSlot.reconfigure(language(this.schema)) });
    return old;
  }

  /** The selected text and its start offset, or undefined when nothing (or only white space) is selected. */
  selection() {
    const { from, to } = this.view.state.selection.main;
    const text = this.view.state.sliceDoc(from, to);
    if (from === to || text.trim() === '') return undefined;
    return { text, start: from };
  }

  /** The cursor offset. */
  get cursor() { return this.view.state.selection.main.head; }

  focus() { this.view.focus(); }

  /** Closes an open completion list (a run starts: the list must not cover the toolbar or the results). */
  closeCompletion() { closeCompletion(this.view); }

  /**
   * Inserts `text` at the cursor (replacing a selection) as one undoable change, selects nothing, and keeps the
   * focus in the editor. History entries and schema names come in this way, so Ctrl+Z takes them back.
   */
  insert(text) {
    const { from, to } = this.view.state.selection.main;
    this.view.dispatch({ changes: { from, to, insert: text }, selection: EditorSelection.cursor(from + text.length), scrollIntoView: true, userEvent: 'input.paste' });
    this.view.focus();
  }

  /**
   * Marks the server's error position (1-based `line`/`column` of the statement that starts at `baseOffset`):
   * the word there is underlined until the text changes, and selected. Returns the position in the editor.
   */
  highlight(baseOffset, line, column) {
    const text = this.text;
    const base = lineColumnAt(text, baseOffset);
    const absLine = base.line + line - 1;
    const absColumn = line === 1 ? base.column + column - 1 : column;
    const at = Math.min(offsetOf(text, absLine, absColumn), text.length);
    const word = /^("[^"]*"|[\p{L}\p{N}_$#.]+)/u.exec(text.slice(at));
    const to = Math.min(text.length, at + (word ? word[0].length : 1));
    this.view.dispatch({ effects: setError.of(to > at ? { from: at, to } : null), selection: EditorSelection.range(at, to), scrollIntoView: true });
    this.view.focus();
    return { line: absLine, column: absColumn };
  }

  /** Gives completion a new namespace of schemas, tables and columns (metadata.js). */
  setSchema(schema) {
    this.schema = schema;
    this.view.dispatch({ effects: this.languageSlot.reconfigure(language(schema)) });
  }
}
