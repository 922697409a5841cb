/**
 * Result streaming: a result set is read chunk by chunk, the next `fetch` only when the consumer
 * asks for more, so memory stays bounded by the fetch size; the handle is closed when the stream
 * ends, fails or is abandoned. `query$` wraps the same stream as a cold Observable.
 */
import { Observable } from 'rxjs';
import type { FetchData, Result, Results } from '../protocol';
import { AbortError, ProtocolError } from '../errors';
import type { Column, Row } from '../values';
import { rowDecoder, type RowDecoder } from './decode';
import { closeHandlesQuietly, handlesOf, type SessionCore, type StatementTracker } from './core';

/** One piece of a streamed result. */
export interface ResultChunk {
  /** The result's columns (the same array in every chunk). */
  columns: Column[];
  /** Rows of this chunk. */
  rows: Row[];
  /** 0-based index of this chunk's first row in the whole result. */
  offset: number;
  /** Rows of the whole result. */
  totalRows: number;
  /** For statements without a result set (DML/DDL): the affected row count; `columns`/`rows` are empty. */
  rowCount?: number;
}

/** A whole result in memory. */
export interface QueryResult {
  columns: Column[];
  rows: Row[];
  /** Set for statements that return a row count instead of rows. */
  rowCount?: number;
}

/** Options of every call that returns a promise or a stream. */
export interface CallOptions {
  /** Cancels the call: a running statement is aborted on the server (`abortQuery`). */
  signal?: AbortSignal;
}

/** Extracts the results of a reply, checking their shape. */
export function resultsOf(data: Results | undefined, what: string): Result[] {
  if (data === undefined || !Array.isArray(data.results)) throw new ProtocolError(`${what} reply carries no results`);
  return data.results;
}

/** Runs a statement's request and returns its first result; a reply that comes after the caller gave up has its handles closed. */
export async function runStatement(core: SessionCore, msg: unknown, sql: string, tracker: StatementTracker, signal?: AbortSignal): Promise<Result> {
  const reply = await core.transport.request<Results>(msg, {
    signal,
    sql,
    late: (r) => closeHandlesQuietly(core.transport, handlesOf((r.responseData as Results | undefined)?.results)),
  });
  const results = resultsOf(reply.responseData, 'execute');
  if (results.length === 0) throw new ProtocolError('execute reply carries no result');
  closeHandlesQuietly(core.transport, handlesOf(results.slice(1)));
  return results[0]!;
}

/**
 * Streams one result: yields the inline rows (always at least one chunk, so columns are known),
 * then fetches the rest chunk by chunk on demand, then closes the handle.
 */
export async function* streamResult(core: SessionCore, result: Result, sql: string, tracker: StatementTracker): AsyncGenerator<ResultChunk, void, undefined> {
  try {
    if (result.resultType === 'rowCount') {
      yield { columns: [], rows: [], offset: 0, totalRows: 0, rowCount: Number(result.rowCount) };
      return;
    }
    if (result.resultType !== 'resultSet' || typeof result.resultSet !== 'object') throw new ProtocolError(`unknown result type ${JSON.stringify((result as { resultType?: unknown }).resultType)}`);
    const rs = result.resultSet;
    const handle = rs.resultSetHandle;
    const total = Number(rs.numRows);
    tracker.total(total);
    const decoder = rowDecoder(rs.columns ?? [], core.mode);
    try {
      let pos = Number(rs.numRowsInMessage ?? 0);
      const first = decoder.rows(rs.data, pos);
      tracker.fetched(pos);
      yield { columns: decoder.columns, rows: first, offset: 0, totalRows: total };
      if (pos < total && !handle) throw new ProtocolError(`result has ${total} rows but only ${pos} inline and no handle`);
      while (pos < total) {
        const rows = await fetchRows(core, handle!, pos, total, sql, decoder);
        const offset = pos;
        pos += rows.length;
        tracker.fetched(rows.length);
        yield { columns: decoder.columns, rows, offset, totalRows: total };
      }
    } finally {
      if (handle) await core.transport.request({ command: 'closeResultSet', resultSetHandles: [handle] }).catch(() => {});
    }
  } finally {
    tracker.end();
  }
}

/**
 * Fetches and decodes the rows from `pos`. Its own function so that the reply (the column arrays)
 * is unreachable once the rows exist: a chunk waiting for its consumer holds one copy, not two.
 */
async function fetchRows(core: SessionCore, handle: number, pos: number, total: number, sql: string, decoder: RowDecoder): Promise<Row[]> {
  const reply = await core.transport.request<FetchData>({ command: 'fetch', resultSetHandle: handle, startPosition: pos, numBytes: core.fetchSize }, { sql });
  const d = reply.responseData;
  const n = Number(d?.numRows ?? 0);
  if (n <= 0) throw new ProtocolError(`fetch at row ${pos} of ${total} returned no rows`);
  if (pos + n > total) throw new ProtocolError(`fetch returned more rows than the result has`);
  return decoder.rows(d!.data, n);
}

/** Runs `msg` (an execute-like request) and streams its first result. */
export async function* runAndStream(core: SessionCore, msg: unknown, sql: string, signal?: AbortSignal): AsyncGenerator<ResultChunk, void, undefined> {
  const tracker = core.beginStatement(sql);
  let result: Result;
  try {
    result = await runStatement(core, msg, sql, tracker, signal);
  } catch (e) {
    tracker.end();
    throw e;
  }
  if (signal?.aborted) {
    tracker.end();
    closeHandlesQuietly(core.transport, handlesOf([result]));
    throw new AbortError('aborted', { sql });
  }
  yield* streamResult(core, result, sql, tracker);
}

/** Wraps a chunk stream factory as a cold Observable: each subscription runs it; unsubscribing aborts or closes it. */
export function observe(make: (signal: AbortSignal) => AsyncGenerator<ResultChunk, void, undefined>): Observable<ResultChunk> {
  return new Observable<ResultChunk>((sub) => {
    const ac = new AbortController();
    const gen = make(ac.signal);
    void (async () => {
      try {
        for (;;) {
          const r = await gen.next();
          if (r.done) break;
          if (sub.closed) break;
          sub.next(r.value);
          if (sub.closed) break;
        }
        if (!sub.closed) sub.complete();
      } catch (e) {
        if (!sub.closed) sub.error(e);
      } finally {
        await gen.return(undefined).catch(() => {});
      }
    })();
    return () => ac.abort();
  });
}

/** Reads a whole chunk stream into memory. */
export async function collect(chunks: AsyncIterable<ResultChunk>): Promise<QueryResult> {
  let columns: Column[] = [];
  const rows: Row[] = [];
  let rowCount: number | undefined;
  for await (const c of chunks) {
    columns = c.columns;
    if (c.rowCount !== undefined) rowCount = c.rowCount;
    for (let i = 0; i < c.rows.length; i++) rows.push(c.rows[i]!);
  }
  return rowCount === undefined ? { columns, rows } : { columns, rows, rowCount };
}
