// The console's wiring: connection, editor, runs (single statement or script), cancel, history,
// schema browser and results. Uses only the SDK's public API (loaded by sdk.js).
import { byId } from './dom.js';
import { loadConfig, loadSdk } from './sdk.js';
import { prefillForm, readForm, showSessionInfo, showState } from './connection.js';
import { Editor } from './editor.js';
import { EditorTabs } from './editor-tabs.js';
import { isDdl, loadCompletionSchema } from './metadata.js';
import { splitStatements, statementAt } from './statements.js';
import { runStatement } from './runner.js';
import { certificatePage, describeError, errorLine, isConnectionLoss } from './errors.js';
import { Progress } from './progress.js';
import { ResultsPanel } from './results.js';
import { SchemaBrowser } from './schema-browser.js';
import { addHistory, clearHistory, filterHistory, loadHistory, renderHistory, restoreHistory } from './history.js';
import { formatCount, formatDuration } from './format.js';
import { partialText } from './results.js';
import { initTheme } from './theme.js';
import { initProfiles } from './profiles.js';
import { initPanes } from './panes.js';
import { deleteSaved, loadSaved, renderSaved, restoreSaved, saveQuery } from './saved-queries.js';
import { focusLost, keepFocus, modalDialog, pageRunShortcuts, toolbarArrows } from './focus.js';

const SAMPLE = `-- Ctrl+Enter runs the statement at the cursor (or the selection); Ctrl+Shift+Enter runs them all.
SELECT * FROM RETAIL.CUSTOMERS ORDER BY CUSTOMER_ID;

SELECT STATUS, COUNT(*) AS ORDERS, SUM(TOTAL) AS REVENUE FROM RETAIL.ORDERS GROUP BY STATUS ORDER BY STATUS;

SELECT * FROM RETAIL.EVENTS;
`;

const state = { sdk: undefined, session: undefined, statusSub: undefined, run: undefined, closingByUser: false };

/** @type {EditorTabs | undefined} set once the stored tabs are read (below) */
let editorTabs;
const editor = new Editor(byId('editor'), {
  onRun: (mode) => { void run(mode); },
  onChange: (text) => editorTabs?.changed(text),
});

const progress = new Progress({ indicator: byId('live'), text: byId('progress-text'), bar: byId('progress-bar'), elapsed: byId('elapsed'), announce: byId('announce') });
initTheme(byId('theme-toggle'));
initPanes(byId('sidebar-separator'), byId('editor-separator'));
const results = new ResultsPanel({
  tabs: byId('tabs'), body: byId('grid').parentElement, grid: byId('grid'), chart: byId('chart'), message: byId('message'),
  viewGrid: byId('view-grid'), viewChart: byId('view-chart'), exportCsv: byId('export-csv'),
  onShowError: (tab) => editor.highlight(tab.statement.start, tab.error.line, tab.error.column),
});
const schemaBrowser = new SchemaBrowser(byId('schema-tree'), (text) => editor.insert(text));
void schemaBrowser.load(undefined);

/** Saved queries: Save keeps the editor's text under the name typed; an entry opens into a new editor tab. */
function wireSaved() {
  const status = byId('saved-status');
  const undo = byId('saved-undo');
  /** The last deleted entry, until Undo delete puts it back or the list changes otherwise. */
  let deleted;
  const forget = () => { deleted = undefined; undo.hidden = true; };
  const show = (list) => renderSaved(byId('saved-list'), list, {
    onOpen: (entry) => { editorTabs.add(entry.name, entry.sql); status.textContent = `Opened ${entry.name} in a new tab.`; },
    onDelete: (entry) => {
      const at = loadSaved().findIndex((q) => q.name === entry.name);
      show(deleteSaved(entry.name));
      deleted = entry;
      undo.hidden = false;
      status.textContent = `Deleted ${entry.name}.`;
      // the pressed Delete is gone with its entry: the focus goes to the Delete now in its place, else the name field
      const left = byId('saved-list').querySelectorAll('.saved-entry .small');
      keepFocus(left[Math.min(at, left.length - 1)], byId('saved-name'));
    },
  });
  undo.addEventListener('click', () => {
    if (deleted === undefined) return;
    const entry = deleted;
    show(restoreSaved(entry));
    forget();
    status.textContent = `Restored ${entry.name}.`;
    // the pressed button is gone: the focus goes to the restored entry
    keepFocus([...byId('saved-list').querySelectorAll('.saved-open')].find((b) => b.textContent === entry.name), byId('saved-name'));
  });
  byId('saved-form').addEventListener('submit', (e) => {
    e.preventDefault();
    forget();
    const name = byId('saved-name').value;
    try {
      const replaced = loadSaved().some((q) => q.name === name.trim());
      show(saveQuery(name, editor.text));
      status.textContent = `${replaced ? 'Replaced' : 'Saved'} ${name.trim()}.`;
      byId('saved-name').value = '';
    } catch (err) {
      status.textContent = err.message;
    }
  });
  show(loadSaved());
}

let historyList = loadHistory();
function refreshHistory(list = historyList) {
  historyList = list;
  // a history entry is inserted at the cursor (Ctrl+Z takes it back), never replacing the editor's text
  renderHistory(byId('history'), list, (sql) => editor.insert(sql), byId('history-search').value);
}

/** Reads the completion schema of `session` for the editor (again after DDL); failures leave the old one. */
async function refreshCompletion(session) {
  try {
    const schema = await loadCompletionSchema(session);
    if (state.session !== session) return;
    editor.setSchema(schema);
    // a counter the tests wait on (completion is reconfigured each time the schema is read)
    document.body.dataset.completionLoads = String(Number(document.body.dataset.completionLoads ?? 0) + 1);
  } catch {
    // completion is a convenience: keywords and functions still complete
  }
}

function updateButtons() {
  const connected = Boolean(state.session);
  const running = Boolean(state.run);
  byId('connect').disabled = connected;
  byId('disconnect').disabled = !connected;
  byId('run').disabled = !connected || running;
  byId('run-script').disabled = !connected || running;
  byId('cancel').disabled = !running;
  byId('refresh-schemas').disabled = !connected;
  for (const id of ['url', 'user', 'password', 'token', 'compression', 'protocol', 'profile']) byId(id).disabled = connected;
  byId('connect-form').querySelector('.auth-mode').disabled = connected;
}

/**
 * Shows a connection problem under the form: the error's class, sqlCode and text, a link to trust a `wss://`
 * server's certificate when connecting failed, and Reconnect when an open connection was lost.
 */
function showConnectError(err, { lost = false, url } = {}) {
  const box = byId('connect-error');
  const hint = byId('cert-hint');
  hint.hidden = true;
  byId('reconnect').hidden = !lost;
  if (!err) { box.hidden = true; byId('connect-error-text').textContent = ''; return; }
  const d = describeError(err);
  box.hidden = false;
  box.dataset.kind = lost ? 'lost' : 'connect';
  byId('connect-error-text').textContent = lost ? `Connection lost: ${d.cause ?? d.message} (${d.name})` : errorLine(d);
  const page = !lost && isConnectionLoss(err) ? certificatePage(url) : undefined;
  if (page) {
    const link = byId('cert-link');
    link.href = page;
    link.textContent = page;
    hint.hidden = false;
  }
}

async function connect(event) {
  event.preventDefault();
  showConnectError(undefined);
  byId('connect').disabled = true;
  showState('connecting');
  const options = readForm();
  try {
    state.sdk ??= await loadSdk(state.config?.sdk);
    const session = await state.sdk.connect(options);
    state.session = session;
    state.closingByUser = false;
    showSessionInfo(session);
    state.statusSub = session.status$?.subscribe?.({
      next: (s) => {
        showState(s.state);
        if (s.state === 'closed' && state.session === session) {
          if (state.closingByUser) onClosed();
          else void onLost(session);
        }
      },
    });
    showState('ready');
    progress.finish('idle', 'Connected. Ready.');
    announce(connectedText(session, options));
    void schemaBrowser.load(session);
    void refreshCompletion(session);
    editor.focus();
  } catch (e) {
    showState('closed');
    showConnectError(e, { url: options.url });
  }
  updateButtons();
  // Connect (or Reconnect) lost the focus while disabled (hidden): back on Connect, to try again
  keepFocus(byId('connect'));
}

/** Says `text` through the polite live region (screen readers read it once, without moving the focus). */
function announce(text) {
  byId('announce').textContent = text;
}

/** "Connected to DB1 (Exasol 8.29.11) as sys." from the session's info and the form's options (never a secret). */
function connectedText(session, options) {
  const info = session.info ?? {};
  const server = info.releaseVersion ? ` (Exasol ${info.releaseVersion})` : '';
  const who = options.user ? ` as ${options.user}` : options.accessToken !== undefined ? ' with an access token' : '';
  return `Connected to ${info.databaseName ?? options.url}${server}${who}.`;
}

/** The session ended (disconnect, or after a loss once the reason is shown). */
function onClosed() {
  state.statusSub?.unsubscribe();
  state.statusSub = undefined;
  state.session = undefined;
  showSessionInfo(undefined);
  showState('closed');
  if (!state.run) progress.finish('idle', 'Not connected.');
  void schemaBrowser.load(undefined);
  updateButtons();
}

/** Longest a running statement may stay unfinished after its connection was lost before the console ends it. */
const LOST_RUN_GRACE_MS = 3_000;

/**
 * The connection closed without the user asking: says why (the SDK rejects every call on a closed session with
 * a ConnectionError whose cause is the close), offers Reconnect, and lets a running statement fail with its own
 * error (it is not cancelled: a lost connection is a failure, not a cancellation).
 */
async function onLost(session) {
  const run = state.run;
  onClosed();
  let reason;
  try {
    await Promise.race([
      session.query('SELECT 1 FROM DUAL'),
      new Promise((_, reject) => setTimeout(() => reject(new Error('the connection closed')), 2_000)),
    ]);
  } catch (e) {
    reason = e;
  }
  reason ??= new Error('the connection closed');
  showConnectError(reason, { lost: true });
  // Disconnect (or Run) had the focus and is disabled now: it goes to Reconnect, next to the reason
  keepFocus(byId('reconnect'), byId('connect'));
  if (run) setTimeout(() => { if (state.run === run) run.current?.fail(reason); }, LOST_RUN_GRACE_MS);
  else progress.finish('error', `Connection lost: ${errorLine(describeError(reason))}`);
}

async function disconnect() {
  const session = state.session;
  if (!session) return;
  announce('Disconnected.');
  byId('disconnect').disabled = true;
  state.closingByUser = true;
  state.run?.cancel();
  try {
    await session.close();
  } catch (e) {
    showConnectError(e);
  }
  if (state.session === session) onClosed();
  // the pressed Disconnect is disabled now: the focus goes to Connect, which takes its place
  keepFocus(byId('connect'));
}

/** The statements of a run: the whole script, the selection, or the statement at the cursor. */
function statementsFor(mode) {
  const text = editor.text;
  if (mode === 'script') return { source: text, list: splitStatements(text) };
  const sel = editor.selection();
  if (sel) {
    return { source: sel.text, list: splitStatements(sel.text).map((s) => ({ ...s, start: s.start + sel.start, end: s.end + sel.start })) };
  }
  const one = statementAt(text, editor.cursor);
  return { source: one?.sql ?? '', list: one ? [one] : [] };
}

async function run(mode) {
  const session = state.session;
  if (!session) {
    // Ctrl+Enter before connecting: said, not silently ignored
    progress.finish('idle', 'Not connected: connect first (Connection, in the sidebar).');
    announce(byId('progress-text').textContent);
    return;
  }
  if (state.run) return;
  editor.closeCompletion();
  const { source, list } = statementsFor(mode);
  if (list.length === 0) {
    progress.finish('idle', 'Nothing to run: the editor holds no statement.');
    announce(byId('progress-text').textContent);
    return;
  }
  forgetClearedHistory();
  refreshHistory(addHistory(source.trim()));
  // the control that started the run (Run and Run script are disabled while running; the grid is hidden until the
  // first result arrives) may lose the keyboard focus: it is on Cancel meanwhile, and comes back at the end
  const origin = document.activeElement;
  results.reset();
  let stopped = false;
  state.run = { cancel: () => { stopped = true; state.run?.current?.cancel(); } };
  updateButtons();
  // a dropped focus moves on to Cancel (Enter or Escape stops the run)
  if (focusLost()) byId('cancel').focus();
  const snapshot = editor.text;
  let last = 'done';
  let lastText = '';
  let ran = 0;
  for (let i = 0; i < list.length && !stopped; i++) {
    const stmt = list[i];
    ran = i + 1;
    const tab = results.add(stmt);
    progress.start(list.length > 1 ? `Running statement ${i + 1} of ${list.length}…` : 'Running…', i === 0);
    const current = runStatement(session, stmt.sql, {
      onStore: (store) => { tab.store = store; results.rowsArrived(tab); },
      onRows: (store) => { progress.rows(store.count, store.total); results.rowsArrived(tab); },
    });
    state.run.current = current;
    const result = await current.done;
    const ms = progress.ms;
    if (result.kind === 'failed') {
      const d = describeError(result.error);
      if (d.line !== undefined) {
        const base = snapshot.slice(0, stmt.start).split('\n');
        d.editorLine = base.length + d.line - 1;
        d.editorColumn = d.line === 1 ? base[base.length - 1].length + d.column : d.column;
      }
      results.fail(tab, d, result.store, ms);
      last = 'error';
      lastText = `Failed after ${formatDuration(ms)} in statement ${i + 1}: ${errorLine(d)}`;
      if (result.store) lastText += ` (${partialText(result.store)})`;
      stopped = true;
    } else {
      results.finish(tab, result, ms);
      if (result.kind === 'cancelled') {
        last = 'cancelled';
        lastText = tab.summary;
        stopped = true;
      } else if (result.kind === 'rows') {
        progress.rows(result.store.count, result.store.total);
        lastText = `${formatCount(result.store.count)} of ${formatCount(result.store.total)} rows fetched in ${formatDuration(ms)}`;
      } else {
        lastText = tab.summary;
      }
    }
  }
  if (list.slice(0, ran).some((s) => isDdl(s.sql)) && state.session === session) {
    void schemaBrowser.load(session);
    void refreshCompletion(session);
  }
  if (list.length > 1 && last === 'done') lastText = `${list.length} statements done. Last: ${lastText}`;
  progress.finish(last, lastText);
  state.run = undefined;
  updateButtons();
  // Cancel is disabled now: the focus returns to where the run started, else to the selected result tab, else Run
  keepFocus(origin, byId('tabs').querySelector('[aria-selected="true"]'), byId('run'));
}

function cancel() {
  state.run?.cancel();
}

byId('connect-form').addEventListener('submit', connect);
byId('disconnect').addEventListener('click', disconnect);
byId('reconnect').addEventListener('click', () => byId('connect-form').requestSubmit());
byId('run').addEventListener('click', () => run('current'));
byId('run-script').addEventListener('click', () => run('script'));
byId('cancel').addEventListener('click', cancel);
byId('refresh-schemas').addEventListener('click', () => schemaBrowser.load(state.session));
byId('history-search').addEventListener('input', () => {
  refreshHistory();
  // said once per change, as the grid's filter does: how many entries the list holds now
  const search = byId('history-search').value;
  const n = filterHistory(historyList, search).length;
  announce(search.trim() ? `${n} of ${historyList.length} history ${historyList.length === 1 ? 'entry matches' : 'entries match'}.` : `Search cleared: ${historyList.length} history ${historyList.length === 1 ? 'entry' : 'entries'}.`);
});
byId('history-search').addEventListener('keydown', (e) => {
  // Down from the search box moves into the (filtered) list
  if (e.key !== 'ArrowDown') return;
  const first = byId('history').querySelector('.history-item');
  if (first) { e.preventDefault(); first.focus(); }
});
/** What the last Clear removed, until Undo clear puts it back or a new run adds to the history. */
let clearedHistory;
function forgetClearedHistory() {
  clearedHistory = undefined;
  byId('undo-clear-history').hidden = true;
}
const entries = (n) => `${n} ${n === 1 ? 'entry' : 'entries'}`;
byId('clear-history').addEventListener('click', () => {
  const n = historyList.length;
  if (n > 0) clearedHistory = historyList;
  clearHistory();
  refreshHistory([]);
  byId('undo-clear-history').hidden = clearedHistory === undefined;
  announce(`History cleared (${entries(n)}).`);
});
byId('undo-clear-history').addEventListener('click', () => {
  if (clearedHistory === undefined) return;
  const list = restoreHistory(clearedHistory);
  forgetClearedHistory();
  refreshHistory(list);
  // the pressed button is gone: the focus goes to Clear, next to where it was
  byId('clear-history').focus();
  announce(`History restored (${entries(list.length)}).`);
});
byId('skip-link').addEventListener('click', (e) => {
  e.preventDefault();
  editor.focus();
});
byId('tab-new').addEventListener('click', () => editorTabs.add());
wireSaved();
byId('tab-rename').addEventListener('click', () => editorTabs.rename(editorTabs.activeId));
byId('tab-close').addEventListener('click', () => editorTabs.close(editorTabs.activeId));
pageRunShortcuts((mode) => { void run(mode); });
toolbarArrows(document.querySelector('.toolbar[role="toolbar"]'));
modalDialog(byId('shortcuts'), byId('shortcuts-open'), byId('shortcuts-close'));
document.addEventListener('keydown', (e) => {
  // Escape in the shortcuts dialog only closes it; one that closed something else (the cell detail, completion,
  // the editor's search, a tab's name field) or clears a search box that holds text cancels nothing
  const clearsSearch = e.target instanceof HTMLInputElement && e.target.type === 'search' && e.target.value !== '';
  if (e.key === 'Escape' && state.run && !byId('shortcuts').open && !e.defaultPrevented && !clearsSearch) {
    e.preventDefault();
    cancel();
  }
});
window.addEventListener('pagehide', () => {
  editorTabs.save();
  state.closingByUser = true;
  void state.session?.close();
});

refreshHistory();
editorTabs = new EditorTabs(byId('editor-tabs'), editor, SAMPLE);
updateButtons();
state.config = await loadConfig();
prefillForm(state.config);
initProfiles();
try {
  state.sdk = await loadSdk(state.config.sdk);
  document.body.dataset.sdk = 'loaded';
} catch (e) {
  showConnectError(e);
  document.body.dataset.sdk = 'missing';
}
document.body.dataset.ready = 'true';
