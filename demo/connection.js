// The connection form and the session header: reads the form into connect() options, shows the
// session's info and its live state from status$.
import { byId } from './dom.js';

const DEFAULTS = { url: 'ws://127.0.0.1:8563', user: 'sys', password: 'exasol' };

/** Fills the form from the server's /config.json and the page's query string (?url=&user=). */
export function prefillForm(config) {
  const q = new URLSearchParams(location.search);
  byId('url').value = q.get('url') ?? config.url ?? DEFAULTS.url;
  byId('user').value = q.get('user') ?? config.user ?? DEFAULTS.user;
  byId('password').value = config.password ?? (config.url ? '' : DEFAULTS.password);
  const onAuth = () => {
    const token = authMode() === 'token';
    byId('password-fields').hidden = token;
    byId('token-field').hidden = !token;
  };
  for (const r of document.querySelectorAll('input[name="auth"]')) r.addEventListener('change', onAuth);
  onAuth();
}

function authMode() {
  return document.querySelector('input[name="auth"]:checked')?.value ?? 'password';
}

/** connect() options from the form. */
export function readForm() {
  const options = {
    url: byId('url').value.trim(),
    compression: byId('compression').checked,
    protocolVersion: Number(byId('protocol').value),
    clientName: 'exasol-ws console',
  };
  if (authMode() === 'token') options.accessToken = byId('token').value;
  else Object.assign(options, { user: byId('user').value, password: byId('password').value });
  return options;
}

/** Shows the session's info in the header (or dashes when there is none). */
export function showSessionInfo(session) {
  const info = session?.info ?? {};
  const text = (v) => (v === undefined || v === null || v === '' ? '–' : String(v));
  byId('server-version').textContent = text(info.releaseVersion);
  byId('database').textContent = text(info.databaseName);
  byId('session-id').textContent = text(info.sessionId);
  byId('protocol-version').textContent = info.protocolVersion ? `v${info.protocolVersion}` : '–';
}

/** Shows a connection state (connecting, ready, running, closed, or an error text). */
export function showState(state) {
  const pill = byId('state');
  pill.dataset.state = state;
  pill.textContent = state === 'closed' ? 'disconnected' : state;
}
