// The connection form and the session header: reads the form into connect() options, shows the
// session's info and its live state from status$.
import { byId } from './dom.js';

/** The emulator's docker-default login, pre-filled only for the server the page came from. */
const DEFAULTS = { user: 'sys', password: 'exasol' };

/**
 * The WebSocket URL of the page's own origin (`ws://host:port`, `wss://` when the page came over https): the
 * emulator serves the console on its own port, so that is where its database is. Undefined for file: pages.
 */
export function ownOrigin(loc = location) {
  if (loc.protocol !== 'http:' && loc.protocol !== 'https:') return undefined;
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}`;
}

/**
 * Fills the form: the URL from `?url=`, else /config.json's `url`, else the page's own origin; the user likewise
 * (`?user=`). A password is pre-filled only for the server it belongs to (config.json's, or the emulator at
 * the page's own origin), never for a `?url=` naming another server.
 */
export function prefillForm(config) {
  const q = new URLSearchParams(location.search);
  const home = config.url ?? ownOrigin() ?? 'ws://127.0.0.1:8563';
  const url = q.get('url') ?? home;
  byId('url').value = url;
  byId('user').value = q.get('user') ?? config.user ?? DEFAULTS.user;
  const homePassword = config.url ? (config.password ?? '') : DEFAULTS.password;
  byId('password').value = url === home ? homePassword : '';
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
