// Keyboard focus that would otherwise be lost: a control that had the focus gets disabled, hidden or rebuilt
// (Connect while connecting, Disconnect once disconnected, a Delete button whose entry is gone, a chart
// control redrawn), and the browser drops the focus to the page, so the next Tab starts somewhere else and a
// screen reader says nothing. These helpers put it on the control that takes the pressed one's place.

/** True when the focus is nowhere useful: on the page itself, or on an element that is disabled, hidden or gone. */
export function focusLost() {
  const a = document.activeElement;
  return !a || a === document.body || a === document.documentElement || a.disabled === true || !a.isConnected || a.closest('[hidden]') !== null;
}

/** Moves the focus to the first usable element of `targets` when it was lost (see {@link focusLost}); leaves it where it is otherwise. */
export function keepFocus(...targets) {
  if (!focusLost()) return;
  const target = targets.find((t) => t && t.isConnected && !t.disabled && !t.closest('[hidden]'));
  target?.focus();
}

/**
 * Runs `fn` (which rebuilds the contents of `container`) and, when a control inside `container` had the focus,
 * focuses the control in the rebuilt contents that has the same accessible label (`aria-label`) afterwards.
 */
export function keepFocusIn(container, fn) {
  const a = document.activeElement;
  const label = a && container.contains(a) ? a.getAttribute('aria-label') : null;
  fn();
  if (label === null) return;
  for (const node of container.querySelectorAll('[aria-label]')) {
    if (node.getAttribute('aria-label') === label) { node.focus(); return; }
  }
}

/**
 * Ctrl/Cmd+Enter anywhere on the page runs the statement at the editor's cursor (`onRun('current')`), with Shift
 * every statement (`onRun('script')`), as the Run buttons' `aria-keyshortcuts` promise; text fields and the
 * editor (which runs them itself) keep the keys, and so do a widget that handled them already and a modal dialog.
 */
export function pageRunShortcuts(onRun) {
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey) || e.altKey || e.defaultPrevented) return;
    if (e.target instanceof Element && e.target.closest('input, select, textarea, [contenteditable="true"], .cm-editor, dialog')) return;
    e.preventDefault();
    onRun(e.shiftKey ? 'script' : 'current');
  });
}

/**
 * Left/Right (and Home/End) move the focus between the enabled buttons of `toolbar` (role="toolbar"), wrapping
 * around, as the ARIA toolbar pattern has it; each button stays a Tab stop of its own too.
 */
export function toolbarArrows(toolbar) {
  toolbar.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const buttons = [...toolbar.querySelectorAll('button')].filter((b) => !b.disabled);
    const i = buttons.indexOf(document.activeElement);
    if (i < 0) return;
    const n = buttons.length;
    const next = { ArrowRight: (i + 1) % n, ArrowLeft: (i - 1 + n) % n, Home: 0, End: n - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    buttons[next].focus();
  });
}

/**
 * Wires the modal `dialog`: `opener` shows it (showModal: the page behind is inert, so Tab stays inside), `closer`
 * and Escape close it, and the focus returns to `opener`.
 */
export function modalDialog(dialog, opener, closer) {
  opener.addEventListener('click', () => { dialog.showModal(); closer.focus(); });
  closer.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => opener.focus());
}
