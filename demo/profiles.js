// Connection profiles in localStorage: URL, user, authentication kind, compression and protocol version. The
// password (or token) is stored only when the user ticks "Remember password"; otherwise it is never written.
import { byId, el, clear } from './dom.js';
import { keepFocus } from './focus.js';

const KEY = 'exasol-ws-console.profiles';

/** Stored profiles: `[{ name, url, user, auth, compression, protocol, secret? }]`. */
export function loadProfiles() {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(list) ? list.filter((p) => typeof p?.name === 'string' && typeof p.url === 'string') : [];
  } catch {
    return [];
  }
}

function store(list) {
  try {
    localStorage.setItem(KEY, JSON.stringify(list));
    return true;
  } catch {
    return false;
  }
}

function authMode() {
  return document.querySelector('input[name="auth"]:checked')?.value ?? 'password';
}

/** Wires the profile controls of the connection form. */
export function initProfiles() {
  const select = byId('profile');
  const render = (selected = select.value) => {
    clear(select);
    select.append(el('option', { value: '', text: '(none)' }));
    for (const p of loadProfiles()) select.append(el('option', { value: p.name, text: p.name, selected: p.name === selected }));
    byId('delete-profile').disabled = select.value === '';
  };
  select.addEventListener('change', () => {
    const p = loadProfiles().find((x) => x.name === select.value);
    byId('delete-profile').disabled = !p;
    if (!p) return;
    byId('url').value = p.url;
    byId('user').value = p.user ?? '';
    byId('compression').checked = Boolean(p.compression);
    byId('protocol').value = String(p.protocol ?? 5);
    const radio = document.querySelector(`input[name="auth"][value="${p.auth === 'token' ? 'token' : 'password'}"]`);
    radio.checked = true;
    radio.dispatchEvent(new Event('change'));
    byId('password').value = p.auth !== 'token' ? (p.secret ?? '') : '';
    byId('token').value = p.auth === 'token' ? (p.secret ?? '') : '';
    byId('remember-password').checked = typeof p.secret === 'string';
    byId('profile-name').value = p.name;
  });
  byId('save-profile').addEventListener('click', () => {
    const status = byId('profile-status');
    const name = byId('profile-name').value.trim() || byId('url').value.trim();
    if (!name) { status.textContent = 'Give the profile a name or a URL first.'; return; }
    const auth = authMode();
    const profile = { name, url: byId('url').value.trim(), user: byId('user').value, auth, compression: byId('compression').checked, protocol: Number(byId('protocol').value) };
    if (byId('remember-password').checked) profile.secret = auth === 'token' ? byId('token').value : byId('password').value;
    const ok = store([...loadProfiles().filter((p) => p.name !== name), profile]);
    render(name);
    status.textContent = ok ? `Saved profile "${name}"${profile.secret === undefined ? ' (without the password)' : ' (with the password)'}.` : 'Could not save: the browser storage is full or disabled.';
  });
  byId('delete-profile').addEventListener('click', () => {
    const name = select.value;
    if (!name) return;
    store(loadProfiles().filter((p) => p.name !== name));
    render('');
    byId('profile-status').textContent = `Deleted profile "${name}".`;
    // Delete profile is disabled now (nothing selected): the focus goes to the list (disabled while connected) or the name
    keepFocus(select, byId('profile-name'));
  });
  render('');
}
