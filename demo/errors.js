// Turns a failure into what the console shows: error class, sqlCode, message and the position the server
// names ("[line 1, column 15]"), mapped back onto the editor text.

const POSITION = /\[line (\d+), column (\d+)\]/;

/**
 * `{ name, sqlCode?, message, cause?, line?, column? }` for any thrown value; line/column are the server's,
 * `cause` the message of the underlying error when it adds something (e.g. why a connection closed).
 */
export function describeError(err) {
  const e = err ?? {};
  const name = typeof e.name === 'string' && e.name ? e.name : 'Error';
  const message = typeof e.message === 'string' ? e.message : String(err);
  const sqlCode = typeof e.sqlCode === 'string' ? e.sqlCode : (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : undefined);
  const causeMessage = typeof e.cause?.message === 'string' ? e.cause.message : undefined;
  const d = { name, sqlCode, message };
  if (causeMessage && !message.includes(causeMessage)) d.cause = causeMessage;
  const m = POSITION.exec(message);
  if (m) Object.assign(d, { line: Number(m[1]), column: Number(m[2]) });
  return d;
}

/** One line for an error: `[sqlCode] Class: message (cause)`. */
export function errorLine(d) {
  return `${d.sqlCode ? `[${d.sqlCode}] ` : ''}${d.name}: ${d.message}${d.cause ? ` (${d.cause})` : ''}`;
}

/** True when the error means the user (or the console) stopped the statement. */
export function isCancellation(err) {
  const name = err?.name ?? '';
  return name === 'AbortError' || err?.sqlCode === 'R0003';
}

/** True when the error says the connection could not be opened or was lost. */
export function isConnectionLoss(err) {
  return err?.name === 'ConnectionError';
}

/**
 * For a `wss://` URL whose connection failed: the `https://host:port/` page to open once so the browser
 * trusts the server's certificate (browsers refuse a self-signed certificate on a WebSocket silently, so a
 * closed port and an untrusted certificate look the same to the page). Undefined for other URLs.
 */
export function certificatePage(url) {
  let u;
  try {
    u = new URL(String(url).trim().split(',')[0]);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'wss:') return undefined;
  return `https://${u.host}/`;
}
