// Runs one statement on a session through the SDK's public API and reports its progress.
// Queries stream through query$ (chunks land in a ResultStore as they arrive); other statements use
// execute() for their row count. cancel() unsubscribes (the SDK aborts the query / closes the result set)
// or aborts the execute() call through its AbortSignal.
import { ResultStore } from './result-store.js';
import { looksLikeQuery } from './statements.js';
import { isCancellation } from './errors.js';

/**
 * Starts `sql`. `onStore(store)` fires when the columns are known, `onRows(store)` after every chunk.
 * Returns `{ done, cancel }`; `done` resolves `{ kind: 'rows', store } | { kind: 'count', rowCount } |
 * { kind: 'none' } | { kind: 'cancelled', store? }` and rejects with the SDK's error.
 */
export function runStatement(session, sql, { onStore = () => {}, onRows = () => {} } = {}) {
  let cancel = () => {};
  const done = new Promise((resolve, reject) => {
    if (!looksLikeQuery(sql)) {
      const ac = new AbortController();
      let cancelled = false;
      cancel = () => { cancelled = true; ac.abort(); };
      session.execute(sql, { signal: ac.signal }).then(
        (n) => resolve({ kind: 'count', rowCount: typeof n === 'object' && n !== null ? (n.rowCount ?? 0) : n }),
        (e) => (cancelled || isCancellation(e) ? resolve({ kind: 'cancelled' }) : reject(e)),
      );
      return;
    }
    let store;
    let rowCount;
    let finished = false;
    const sub = session.query$(sql).subscribe({
      next: (chunk) => {
        if (chunk.columns === undefined || chunk.columns.length === 0) {
          if (chunk.rowCount !== undefined) rowCount = chunk.rowCount;
          return;
        }
        if (!store) {
          store = new ResultStore(chunk.columns);
          onStore(store);
        }
        if (typeof chunk.totalRows === 'number') store.total = chunk.totalRows;
        store.append(chunk.rows ?? []);
        onRows(store);
      },
      error: (e) => {
        finished = true;
        if (isCancellation(e)) resolve({ kind: 'cancelled', store });
        else reject(e);
      },
      complete: () => {
        finished = true;
        if (store) {
          store.total ??= store.count;
          resolve({ kind: 'rows', store });
        } else if (rowCount !== undefined) resolve({ kind: 'count', rowCount });
        else resolve({ kind: 'none' });
      },
    });
    cancel = () => {
      if (finished) return;
      finished = true;
      sub.unsubscribe();
      resolve({ kind: 'cancelled', store });
    };
  });
  return { done, cancel: () => cancel() };
}
