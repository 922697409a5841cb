// Light / dark colours: the system's preference (prefers-color-scheme) unless the user picks one with the toggle,
// which is kept in localStorage. The choice is an attribute on <html> read by console.css.
const KEY = 'exasol-ws-console.theme';
const ORDER = ['auto', 'dark', 'light'];
const LABELS = { auto: 'auto, following the system', dark: 'dark', light: 'light' };

function stored() {
  try {
    const v = localStorage.getItem(KEY);
    return ORDER.includes(v) ? v : 'auto';
  } catch {
    return 'auto';
  }
}

function apply(button, theme) {
  if (theme === 'auto') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
  button.textContent = `Theme: ${theme}`;
  button.setAttribute('aria-label', `Colour theme: ${LABELS[theme]}`);
}

/** Applies the stored theme and makes `button` cycle auto -> dark -> light. */
export function initTheme(button) {
  let theme = stored();
  apply(button, theme);
  button.addEventListener('click', () => {
    theme = ORDER[(ORDER.indexOf(theme) + 1) % ORDER.length];
    try { localStorage.setItem(KEY, theme); } catch { /* disabled storage */ }
    apply(button, theme);
  });
}
