// Runs one statement on a session through the SDK's public API and reports its progress.
// Every statement goes through query$: result sets stream chunk by chunk into a ResultStore, other
// statements emit one chunk with `rowCount`. cancel() unsubscribes, which makes the SDK abort the query
// (abortQuery) or close the result set.
import { ResultStore } from './result-store.js';
import { isCancellation } from './errors.js';

/**
 * Starts `sql`. `onStore(store)` fires when the columns are known, `onRows(store)` after every chunk.
 * Returns `{ done, cancel }`; `done` resolves `{ kind: 'rows', store } | { kind: 'count', rowCount } |
 * { kind: 'none' } | { kind: 'cancelled', store? }` and rejects with the SDK's error.
 */
export function runStatement(session, sql, { onStore = () => {}, onRows = () => {} } = {}) {
  let cancel = () => {};
  const done = new Promise((resolve, reject) => {
    let store;
    let rowCount;
    let finished = false;
    const sub = session.query$(sql).subscribe({
      next: (chunk) => {
        if (chunk.rowCount !== undefined || !chunk.columns || chunk.columns.length === 0) {
          rowCount = chunk.rowCount ?? rowCount;
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
