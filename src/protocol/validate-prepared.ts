/**
 * The check of the `createPreparedStatement` reply, next to the other reply checks of
 * `validate.ts` (whose helpers it uses) but in a file of its own: in the browser ESM build it
 * belongs to the prepared-statement chunk, loaded with the first prepared statement.
 */
import { badField, checkColumns, checkResults, count, obj } from './validate';
import type { PreparedStatementData } from './messages';

/** Checks the reply of createPreparedStatement. */
export function checkPrepared(v: unknown): PreparedStatementData {
  const w = 'createPreparedStatement';
  const d = obj(w, 'responseData', v);
  const h = count(w, 'statementHandle', d.statementHandle);
  if (h > 0x7fffffff) badField(w, 'statementHandle', 'must be a 32-bit integer', h);
  if (d.parameterData !== undefined) {
    const p = obj(w, 'parameterData', d.parameterData);
    checkColumns(w, 'parameterData.columns', p.columns, count(w, 'parameterData.numColumns', p.numColumns));
  }
  if (d.results !== undefined) checkResults(d, w);
  return d as unknown as PreparedStatementData;
}
