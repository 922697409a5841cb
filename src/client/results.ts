/**
 * Result streaming: a result set is read chunk by chunk, the next `fetch` only when the consumer
 * asks for more, so memory stays bounded by the fetch size. Every reply is checked
 * (`../protocol/validate`) and every value decoded against its column type before a chunk is
 * handed out. An AbortSignal stops the stream at any point; the handle is closed when the stream
 * ends, fails or is abandoned, without making the caller wait for that.
 */
import { checkFetch, checkResults, type Result } from '../protocol';
import { AbortError, type ExasolError } from '../errors';
import type { Column, Row, RowMode, RowOf, Value } from '../values';
import { rowDecoder } from './decode';
import { closeHandlesQuietly, handlesOfReply, type SessionCore, type StatementTracker } from './core';

/** One piece of a streamed result. */
export interface ResultChunk<R = Row> {
  /** The result's columns (the same array in every chunk). */
  columns: Column[];
  /** Rows of this chunk. */
  rows: R[];
  /** 0-based index of this chunk's first row in the whole result. */
  offset: number;
  /** Rows of the whole result. */
  totalRows: number;
  /** For statements without a result set (DML/DDL): the affected row count; `columns`/`rows` are empty. */
  rowCount?: number;
}

/** A whole result in memory. */
export interface QueryResult<R = Row> {
  columns: Column[];
  rows: R[];
  /** Set for statements that return a row count instead of rows. */
  rowCount?: number;
}

/** Options of every call that returns a promise or a stream. */
export interface CallOptions {
  /** Cancels the call at any point: a running statement is aborted on the server (`abortQuery`), an open result is closed. */
  signal?: AbortSignal;
}

/** Options of calls that read rows. */
export interface ReadOptions<M extends RowMode = RowMode> extends CallOptions {
  /** `'object'` (default): rows keyed by column key; `'array'`: rows as arrays in column order. */
  rowMode?: M;
}

/** A request message (the command name plus its fields). */
export type Command = { command: string; [field: string]: unknown };

/** Runs a statement's request and returns its first result; a reply that comes after the caller gave up has its handles closed. */
export async function runStatement(core: SessionCore, msg: Command, sql: string, signal?: AbortSignal): Promise<Result> {
  const results = await core.transport.ask(msg, (d) => checkResults(d, msg.command, 1), {
    signal,
    sql,
    late: (r) => closeHandlesQuietly(core.transport, handlesOfReply(r.responseData, msg.command)),
  });
  return results[0]!;
}

function handleOf(r: Result): number | undefined {
  return r.resultType === 'resultSet' ? r.resultSet.resultSetHandle : undefined;
}

/**
 * Streams one result: yields the inline rows (always at least one chunk, so columns are known),
 * then fetches the rest chunk by chunk on demand. The handle is closed in the background when the
 * stream ends for any reason.
 */
export async function* streamResult<M extends RowMode>(
  core: SessionCore,
  result: Result,
  sql: string,
  tracker: StatementTracker,
  signal?: AbortSignal,
  rowMode?: M,
): AsyncGenerator<ResultChunk<RowOf<M>>, void, undefined> {
  const handle = handleOf(result);
  let closed = false;
  try {
    if (result.resultType === 'rowCount') {
      yield { columns: [], rows: [], offset: 0, totalRows: 0, rowCount: result.rowCount };
      return;
    }
    const rs = result.resultSet;
    const total = rs.numRows;
    tracker.total(total);
    const decoder = rowDecoder(rs.columns, core.mode, core.formatRules());
    const width = decoder.columns.length;
    const chunk = (data: unknown[][], n: number, offset: number): ResultChunk<RowOf<M>> => {
      try {
        decoder.decode(data, n);
      } catch (e) {
        // A value that does not fit its column: nothing more from this server is trusted.
        throw core.transport.breakWith(e as ExasolError);
      }
      tracker.fetched(n);
      return { columns: decoder.columns, rows: decoder.rows(data, n, rowMode ?? 'object') as RowOf<M>[], offset, totalRows: total };
    };
    let pos = rs.numRowsInMessage;
    yield chunk(rs.data ?? [], pos, 0);
    while (pos < total) {
      if (signal?.aborted) throw new AbortError('aborted', { sql });
      const offset = pos;
      const d = await fetchData(core, handle!, pos, total, width, sql, signal);
      pos += d.numRows;
      yield chunk(d.data, d.numRows, offset);
    }
    if (handle !== undefined) {
      // Read to the end: close the handle and report a failure to do so (the server broke here).
      await core.transport.request({ command: 'closeResultSet', resultSetHandles: [handle] }, { sql });
      closed = true;
    }
  } finally {
    tracker.end();
    // Abandoned, aborted or failed: close in the background, never delaying the caller.
    if (handle !== undefined && !closed) closeHandlesQuietly(core.transport, [handle]);
  }
}

/** Fetches the rows from `pos` and checks the reply against the result's shape. */
async function fetchData(core: SessionCore, handle: number, pos: number, total: number, width: number, sql: string, signal?: AbortSignal) {
  return core.transport.ask({ command: 'fetch', resultSetHandle: handle, startPosition: pos, numBytes: core.fetchSize }, (d) => checkFetch(d, width, total - pos), { sql, signal });
}

/** Runs `msg` (an execute-like request) and streams its first result. */
export async function* runAndStream<M extends RowMode>(
  core: SessionCore,
  msg: Command,
  sql: string,
  signal?: AbortSignal,
  rowMode?: M,
): AsyncGenerator<ResultChunk<RowOf<M>>, void, undefined> {
  const tracker = core.beginStatement(sql);
  let result: Result;
  try {
    result = await runStatement(core, msg, sql, signal);
    if (signal?.aborted) {
      closeHandlesQuietly(core.transport, handleOf(result) === undefined ? [] : [handleOf(result)!]);
      throw new AbortError('aborted', { sql });
    }
  } catch (e) {
    tracker.end();
    throw e;
  }
  yield* streamResult(core, result, sql, tracker, signal, rowMode);
}
