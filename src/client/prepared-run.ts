/**
 * What a prepared statement does on the server: prepare it, execute it for many rows bound
 * column-major in one message (split into several when a message would pass the server's
 * maxDataMessageSize), stream a prepared query, close it. A lazy chunk of the browser ESM build
 * (with `bind.ts`), loaded by the first prepared statement; `prepared.ts` is the public class.
 */
import { checkPrepared, checkResults, type ColumnInfo } from '../protocol';
import { ConnectionError, InputError } from '../errors';
import type { BindValue, RowMode, RowOf } from '../values';
import { batches, bindRows } from './bind';
import { closeHandlesQuietly, handlesOf, handlesOfReply, type SessionCore } from './core';
import { runAndStream, type CallOptions, type Command, type ReadShape, type ResultChunk } from './results';

/** A statement prepared on the server: what `PreparedStatement` delegates to. */
export interface PreparedRun {
  /** Its parameters as the server typed them. */
  readonly parameters: ColumnInfo[];
  /** Its result columns (a query), `null` for a row count. */
  readonly columns: ColumnInfo[] | null;
  execute(rows: readonly (readonly BindValue[])[], options: CallOptions): Promise<number>;
  stream<M extends RowMode>(params: readonly BindValue[], signal: AbortSignal | undefined, shape: ReadShape<M>): AsyncGenerator<ResultChunk<RowOf<M>>, void, undefined>;
  close(options: CallOptions): Promise<void>;
}

/** Prepares `sql` on the server (a reply that arrives after the call gave up has its statement closed). */
export async function prepare(core: SessionCore, sql: string, options: CallOptions): Promise<PreparedRun> {
  const transport = core.transport;
  const d = await transport.ask({ command: 'createPreparedStatement', sqlText: sql }, checkPrepared, {
    signal: options.signal,
    sql,
    late: (r) => {
      const h = (r.responseData as { statementHandle?: unknown } | undefined)?.statementHandle;
      if (typeof h === 'number' && Number.isSafeInteger(h)) transport.request({ command: 'closePreparedStatement', statementHandle: h }).catch(() => {});
    },
  });
  const first = d.results?.[0];
  const parameters = d.parameterData?.columns ?? [];
  const handle = d.statementHandle;
  const types = parameters.map((p) => p.dataType);
  let closed = false;

  const assertOpen = (): void => {
    if (closed) throw new InputError('the prepared statement is closed', { sql });
    if (transport.closed) throw new ConnectionError('the connection is closed', { sql });
  };
  const message = (data: unknown[][], from: number, to: number): Command => ({
    command: 'executePreparedStatement',
    statementHandle: handle,
    numColumns: parameters.length,
    numRows: to - from,
    columns: parameters,
    data: from === 0 && to === (data[0]?.length ?? 0) ? data : data.map((col) => col.slice(from, to)),
  });

  return {
    parameters,
    columns: first !== undefined && first.resultType === 'resultSet' ? first.resultSet.columns : null,
    async execute(rows, options) {
      assertOpen();
      if (!Array.isArray(rows)) throw new InputError('execute(rows) expects an array of parameter rows', { sql });
      const data = bindRows(types, rows, sql);
      let total = 0;
      for (const [from, to] of batches(data, rows.length, core.maxMessageSize)) {
        const tracker = core.beginStatement(sql);
        try {
          const results = await transport.ask(message(data, from, to), (d) => checkResults(d, 'executePreparedStatement'), {
            signal: options.signal,
            sql,
            late: (r) => closeHandlesQuietly(transport, handlesOfReply(r.responseData, 'executePreparedStatement')),
          });
          closeHandlesQuietly(transport, handlesOf(results));
          for (const r of results) total += r.resultType === 'rowCount' ? r.rowCount : r.resultSet.numRows;
          tracker.end();
        } catch (e) {
          tracker.end(e);
          throw e;
        }
      }
      return total;
    },
    async *stream(params, signal, shape) {
      assertOpen();
      if (!Array.isArray(params)) throw new InputError('parameters must be an array', { sql });
      const data = bindRows(types, parameters.length === 0 && params.length === 0 ? [] : [params], sql);
      yield* runAndStream(core, message(data, 0, parameters.length === 0 ? 0 : 1), sql, signal, shape);
    },
    async close(options) {
      if (closed) return;
      closed = true;
      if (transport.closed) return;
      await transport.request({ command: 'closePreparedStatement', statementHandle: handle }, { signal: options.signal, sql });
    },
  };
}
