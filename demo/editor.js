// The SQL editor: a textarea with a line-number gutter, selection helpers and error highlighting.
import { lineColumnAt, offsetOf } from './statements.js';

/** Wraps the editor textarea and its gutter. */
export class Editor {
  constructor(textarea, gutter) {
    this.textarea = textarea;
    this.gutter = gutter;
    this.lines = 0;
    textarea.addEventListener('input', () => this.updateGutter());
    textarea.addEventListener('scroll', () => { gutter.scrollTop = textarea.scrollTop; });
    this.updateGutter();
  }

  /** The whole text. */
  get text() { return this.textarea.value; }

  set text(value) {
    this.textarea.value = value;
    this.updateGutter();
  }

  /** The selected text and its start offset, or undefined when nothing is selected. */
  selection() {
    const { selectionStart: a, selectionEnd: b, value } = this.textarea;
    if (a === b || value.slice(a, b).trim() === '') return undefined;
    return { text: value.slice(a, b), start: a };
  }

  /** The cursor offset. */
  get cursor() { return this.textarea.selectionStart; }

  /** Inserts `text` at the cursor (replacing a selection) and keeps the focus in the editor. */
  insert(text) {
    const ta = this.textarea;
    ta.focus();
    ta.setRangeText(text, ta.selectionStart, ta.selectionEnd, 'end');
    this.updateGutter();
  }

  /** Selects the character at a 1-based line/column of the text that starts at `baseOffset`. */
  highlight(baseOffset, line, column) {
    const base = lineColumnAt(this.text, baseOffset);
    const absLine = base.line + line - 1;
    const absColumn = line === 1 ? base.column + column - 1 : column;
    const at = offsetOf(this.text, absLine, absColumn);
    const ta = this.textarea;
    ta.focus();
    ta.setSelectionRange(at, Math.min(this.text.length, at + 1));
    return { line: absLine, column: absColumn };
  }

  /** Re-draws the line numbers when the line count changed. */
  updateGutter() {
    const n = this.textarea.value.split('\n').length;
    if (n === this.lines) return;
    this.lines = n;
    this.gutter.textContent = Array.from({ length: n }, (_, i) => String(i + 1)).join('\n');
    this.gutter.scrollTop = this.textarea.scrollTop;
  }
}
