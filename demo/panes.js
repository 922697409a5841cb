// Resizable panes: the sidebar's width and the editor's height, each set by a focusable separator
// (role="separator") that follows the mouse (pointer capture) and the keyboard (arrows, Shift for bigger steps,
// Home/End for the limits). The sizes are kept in localStorage and clamped to the window when it changes.

const KEY = 'exasol-ws-console.panes';
const STEP = 16;
const BIG_STEP = 64;

function loadSizes() {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '{}');
    return v && typeof v === 'object' ? v : {};
  } catch {
    return {};
  }
}

/**
 * Makes `handle` a separator that sets the CSS variable `cssVar` on the document (in px) between `min()` and
 * `max()`. `axis` 'x' grows with the pointer moving right (sidebar width), 'y' with it moving down (editor height).
 * `initial()` gives the size when nothing is stored. `key` names the stored size.
 */
function separator(handle, { key, cssVar, axis, min, max, initial, sizes }) {
  const root = document.documentElement;
  let value = 0;
  const apply = (v, store) => {
    value = Math.round(Math.min(Math.max(v, min()), Math.max(min(), max())));
    root.style.setProperty(cssVar, `${value}px`);
    handle.setAttribute('aria-valuenow', String(value));
    handle.setAttribute('aria-valuemin', String(min()));
    handle.setAttribute('aria-valuemax', String(Math.max(min(), max())));
    handle.setAttribute('aria-valuetext', `${value} pixels`);
    if (store) {
      sizes[key] = value;
      try { localStorage.setItem(KEY, JSON.stringify(sizes)); } catch { /* storage disabled: the size holds for this page */ }
    }
  };
  apply(typeof sizes[key] === 'number' ? sizes[key] : initial(), false);

  handle.addEventListener('keydown', (e) => {
    const step = e.shiftKey ? BIG_STEP : STEP;
    const grow = axis === 'x' ? 'ArrowRight' : 'ArrowDown';
    const shrink = axis === 'x' ? 'ArrowLeft' : 'ArrowUp';
    let next;
    if (e.key === grow) next = value + step;
    else if (e.key === shrink) next = value - step;
    else if (e.key === 'Home') next = min();
    else if (e.key === 'End') next = max();
    else return;
    e.preventDefault();
    apply(next, true);
  });

  handle.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    e.preventDefault();
    handle.setPointerCapture(e.pointerId);
    handle.focus();
    const start = axis === 'x' ? e.clientX : e.clientY;
    const from = value;
    handle.dataset.dragging = 'true';
    const move = (ev) => apply(from + (axis === 'x' ? ev.clientX : ev.clientY) - start, false);
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
      handle.removeEventListener('pointercancel', up);
      delete handle.dataset.dragging;
      apply(value, true);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
    handle.addEventListener('pointercancel', up);
  });
  return { reclamp: () => apply(value, false) };
}

/** Wires the sidebar separator (`sidebarHandle`) and the editor separator (`editorHandle`). */
export function initPanes(sidebarHandle, editorHandle) {
  const sizes = loadSizes();
  const panes = [
    separator(sidebarHandle, {
      key: 'sidebar', cssVar: '--sidebar-width', axis: 'x', sizes,
      min: () => 200, max: () => Math.min(640, Math.floor(window.innerWidth * 0.6)), initial: () => 300,
    }),
    separator(editorHandle, {
      key: 'editor', cssVar: '--editor-height', axis: 'y', sizes,
      min: () => 80, max: () => Math.max(80, window.innerHeight - 260), initial: () => Math.round(window.innerHeight * 0.3),
    }),
  ];
  window.addEventListener('resize', () => { for (const p of panes) p.reclamp(); });
}
