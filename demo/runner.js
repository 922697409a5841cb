// Runs one statement on a session through the SDK's public API and reports its progress.
// Every statement goes through query$: result sets stream chunk by chunk into a ResultStore, other
// statements emit one chunk with `rowCount`. cancel() unsubscribes, which makes the SDK abort the query
// (abortQuery) or close the result set.
import { ResultStore } from './result-store.js';
import { isCancellation } from './errors.js';

/**
 * Starts `sql`. `onStore(store)` fires when the columns are known, `onRows(store)` after every chunk.
 * Returns `{ done, cancel, fail }`; `done` resolves `{ kind: 'rows', store } | { kind: 'count', rowCount } |
 * { kind: 'none' } | { kind: 'cancelled', store? } | { kind: 'failed', error, store? }` and never rejects:
 * a failure keeps the rows fetched before it (`store`), so the console can show them as a partial result.
 * `fail(error)` ends a run whose SDK call is stuck (it unsubscribes and resolves `failed` with `error`).
 */
export function runStatement(session, sql, { onStore = () => {}, onRows = () => {} } = {}) {
  let cancel = () => {};
  let fail = () => {};
  const done = new Promise((resolve) => {
    let store;
    let rowCount;
    let finished = false;
    let sub;
    const end = (result) => {
      if (finished) return false;
      finished = true;
      resolve(result);
      return true;
    };
    sub = session.query$(sql).subscribe({
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
        if (isCancellation(e)) end({ kind: 'cancelled', store });
        else end({ kind: 'failed', error: e, store });
      },
      complete: () => {
        if (store) {
          store.total ??= store.count;
          end({ kind: 'rows', store });
        } else if (rowCount !== undefined) end({ kind: 'count', rowCount });
        else end({ kind: 'none' });
      },
    });
    cancel = () => {
      if (end({ kind: 'cancelled', store })) sub?.unsubscribe();
    };
    fail = (error) => {
      if (end({ kind: 'failed', error, store })) sub?.unsubscribe();
    };
  });
  return { done, cancel: () => cancel(), fail: (error) => fail(error) };
}
