/**
 * `session.executeBatch()` and `session.executeScript()`: several statements in one request, or a
 * script split on `;` and run statement by statement. Loaded on first use.
 */
import { checkResults, ExactIntegers } from '../protocol';
import { InputError } from '../errors';
import { collect } from './consumers';
import { closeHandlesQuietly, handlesOfReply } from './core';
import { streamResult, type CallOptions, type QueryResult } from './results';
import { splitScript } from './script';
import type { SessionInternals, StatementResult } from './session-channels';
import type { Row } from '../values';

function outcome(q: QueryResult<Row>): StatementResult {
  return q.rowCount !== undefined ? { kind: 'rowCount', rowCount: q.rowCount } : { kind: 'resultSet', columns: q.columns, rows: q.rows };
}

/** Runs several statements in one `executeBatch` request; one outcome per statement. */
export async function executeBatch(s: SessionInternals, sqls: readonly string[], options: CallOptions): Promise<StatementResult[]> {
  if (!Array.isArray(sqls) || sqls.length === 0) throw new InputError('executeBatch needs a non-empty array of SQL texts');
  sqls.forEach((sql) => s.check(sql));
  const label = sqls.join(';\n');
  const tracker = s.track(label);
  let results;
  let text: string;
  try {
    ({ results, text } = await s.transport.ask(
      { command: 'executeBatch', sqlTexts: sqls },
      (d, json) => ({ results: checkResults(d, 'executeBatch', sqls.length), text: json }),
      { signal: options.signal, sql: label, data: true, late: (r) => closeHandlesQuietly(s.transport, handlesOfReply(r.responseData, 'executeBatch')) },
    ));
    tracker.end();
  } catch (e) {
    tracker.end(e);
    throw e;
  }
  const out: StatementResult[] = [];
  // One reply holds every result's inline data: its exact digits are read in order, result by result.
  const exact = new ExactIntegers(text);
  for (let i = 0; i < results.length; i++) {
    out.push(outcome(await collect(streamResult(s.core, { result: results[i]!, text: exact, index: i }, sqls[i]!, s.track(sqls[i]!), options.signal, { rowMode: 'object' }))));
  }
  for (const sql of sqls) await s.afterStatement(sql);
  return out;
}

/** Splits a script and runs its statements one by one; stops at the first failure. */
export async function executeScript(s: SessionInternals, text: string, options: CallOptions): Promise<StatementResult[]> {
  if (typeof text !== 'string') throw new InputError('executeScript needs the script text');
  const out: StatementResult[] = [];
  for (const sql of splitScript(text)) out.push(outcome(await collect(s.stream(sql, options.signal))));
  return out;
}
