/**
 * Result streaming: a result set is read chunk by chunk, with one `fetch` running ahead of the
 * chunk being read and never more, so memory stays bounded by two fetches. Every reply is checked
 * (`../protocol/validate`) and every value decoded against its column type before a chunk is
 * handed out. An AbortSignal stops the stream at any point; the handle is closed when the stream
 * ends, fails or is abandoned, without making the caller wait for that.
 */
import { checkFetch, checkResults, type ExactIntegers, type Result } from '../protocol';
import { AbortError, ProtocolError, type ExasolError } from '../errors';
import type { Column, Row, RowMode, RowOf, Value, ValueMode } from '../values';
import { rowDecoder } from './decode';
import { abortableWait, type AbortableWait } from './abortable-wait';
import { utf8Length } from './telemetry';
import { closeHandlesQuietly, handlesOf, handlesOfReply, now, type SessionCore, type StatementTracker } from './core';

/** One piece of a streamed result. */
export interface ResultChunk<R = Row> {
  /** The result's columns (the same array in every chunk). */
  readonly columns: Column[];
  /**
   * The chunk's values column by column, as the wire sends them (`data[col][row]`), checked and
   * converted exactly like row values. Reading only `data` builds no row objects: for grids,
   * charts and Arrow-style consumers.
   */
  readonly data: Value[][];
  /** Rows of this chunk (built from `data` on first access). */
  readonly rows: R[];
  /** 0-based index of this chunk's first row in the whole result. */
  readonly offset: number;
  /** Rows of the whole result. */
  readonly totalRows: number;
  /** For statements without a result set (DML/DDL): the affected row count; `columns`/`rows` are empty. */
  readonly rowCount?: number;
}

/** A chunk whose rows are built only when asked for (all at once, or one at a time by {@link rowIterator}). */
export class Chunk<R> implements ResultChunk<R> {
  readonly columns: Column[];
  readonly data: Value[][];
  readonly offset: number;
  readonly totalRows: number;
  /** Rows in this chunk. */
  readonly size: number;
  readonly #build: (data: Value[][], n: number) => R[];
  readonly #one: (data: Value[][], i: number) => R;
  #rows: R[] | undefined;
  constructor(columns: Column[], data: Value[][], n: number, offset: number, totalRows: number, build: (data: Value[][], n: number) => R[], one: (data: Value[][], i: number) => R) {
    this.columns = columns;
    this.data = data;
    this.offset = offset;
    this.totalRows = totalRows;
    this.size = n;
    this.#build = build;
    this.#one = one;
  }
  get rows(): R[] {
    return (this.#rows ??= this.#build(this.data, this.size));
  }
  /** Row `i` (built on its own unless all rows were built already). */
  rowAt(i: number): R {
    return this.#rows !== undefined ? this.#rows[i]! : this.#one(this.data, i);
  }
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
  /** `'object'` (the session's default unless `connect()` set `rowMode`): rows keyed by column key; `'array'`: rows as arrays in column order. */
  rowMode?: M;
  /** Value conversion for this call (default: the session's `values` option); see {@link ValueMode}. */
  values?: ValueMode;
}

/** How a read shapes its rows and values (the resolved {@link ReadOptions}). */
export interface ReadShape<M extends RowMode = RowMode> {
  rowMode?: M;
  values?: ValueMode;
}

/** A request message (the command name plus its fields). */
export type Command = { command: string; [field: string]: unknown };

/**
 * A statement's first result and the JSON text of its reply (for exact digits of inline data), or
 * the {@link ExactIntegers} that the results of one reply share (executeBatch), read in order.
 */
export interface Executed {
  result: Result;
  text: string | ExactIntegers;
  /** The result's index in the reply's `results` (default 0). */
  index?: number;
}

/** Where a fetch reply's data sits. */
export const FETCH_DATA_PATH = ['responseData', 'data'] as const;

/** Where the inline data of result `index` sits in an execute-like reply. */
export function resultDataPath(index = 0): (string | number)[] {
  return ['responseData', 'results', index, 'resultSet', 'data'];
}

/** Runs a statement's request and returns its first result; a reply that comes after the caller gave up has its handles closed. */
export async function runStatement(core: SessionCore, msg: Command, sql: string, signal?: AbortSignal): Promise<Executed> {
  return core.transport.ask(msg, (d, text) => ({ result: checkResults(d, msg.command, 1)[0]!, text }), {
    signal,
    sql,
    data: true,
    late: (r) => closeHandlesQuietly(core.transport, handlesOfReply(r.responseData, msg.command)),
  });
}

/**
 * Largest fetch the adaptive fetch size grows to (unless `fetchSize` is larger): two in memory stay
 * small. Larger fetches cost more client CPU a row (the chunks outlive the young generation): at a
 * 10 ms round trip 2 MiB fetches read slower than 1 MiB ones once the fetch ahead hides the round trips.
 */
export const ADAPTIVE_FETCH_CAP = 1 << 20;

/**
 * Round trip (milliseconds, measured at connect) from which the fetch size adapts: a server that
 * far away costs a round trip per fetch that larger fetches save; for a nearer one larger fetches
 * only cost memory and garbage-collector time.
 */
export const ADAPTIVE_FETCH_MIN_ROUND_TRIP_MS = 3;

/** The row count at the start of a fetch reply's text (`{"status":"ok","responseData":{"numRows":N,...`). */
const NUM_ROWS = /"numRows":(\d+)[,}]/;

/** A checked and decoded fetch reply (its JSON text is not kept). */
interface Fetched {
  numRows: number;
  data: unknown[][];
  /** UTF-8 bytes of the reply, measured only for tracing (else 0). */
  bytes: number;
}

/** A fetch on the wire; `done` once its reply is in. */
interface Ahead {
  promise: Promise<Fetched>;
  done: boolean;
  /** Its startPosition. */
  from: number;
  /** When the reply's message arrived (0: not yet), before it was parsed. */
  arrivedAt: number;
}

/**
 * Streams one result: yields the inline rows (always at least one chunk, so columns are known),
 * then the fetched ones. One fetch runs ahead: it is sent as soon as the previous reply has
 * arrived (before that reply is decoded or parsed, where its row count can be read from its first
 * bytes), so the server and the network work while the consumer decodes and reads (two chunks in
 * memory at most). The fetch size doubles, up to {@link ADAPTIVE_FETCH_CAP} (within the server's
 * limit), when the server is far ({@link ADAPTIVE_FETCH_MIN_ROUND_TRIP_MS}; there the first fetch is
 * already doubled, within the cap) and the consumer spent
 * more time waiting for replies than working, twice in a row. The handle is closed as soon as the last rows
 * arrived; if the stream ends early for any reason, it is closed in the background.
 */
export async function* streamResult<M extends RowMode>(
  core: SessionCore,
  executed: Executed,
  sql: string,
  tracker: StatementTracker,
  signal?: AbortSignal,
  shape: ReadShape<M> = {},
): AsyncGenerator<ResultChunk<RowOf<M>>, void, undefined> {
  const { result, text } = executed;
  const handle = handlesOf([result])[0];
  let closing: Promise<unknown> | undefined;
  let failure: unknown;
  let waiter: AbortableWait | undefined;
  const close = () => {
    closing = core.transport.request({ command: 'closeResultSet', resultSetHandles: [handle!] }, { sql });
    closing.catch(() => {});
  };
  try {
    if (result.resultType === 'rowCount') {
      yield { columns: [], data: [], rows: [], offset: 0, totalRows: 0, rowCount: result.rowCount };
      return;
    }
    const rs = result.resultSet;
    const total = rs.numRows;
    tracker.total(total);
    const decoder = rowDecoder(rs.columns, shape.values ?? core.mode, core.formatRules());
    const width = decoder.columns.length;
    const mode: RowMode = shape.rowMode ?? 'object';
    const build = (data: Value[][], n: number) => decoder.rows(data, n, mode) as RowOf<M>[];
    const one = decoder.rowAt(mode) as (data: Value[][], i: number) => RowOf<M>;
    const decode = (data: unknown[][], n: number, json: string | ExactIntegers, path: readonly (string | number)[]): void => {
      try {
        decoder.decode(data, n, json, path);
      } catch (e) {
        // A value that does not fit its column: nothing more from this server is trusted.
        throw core.transport.breakWith(e as ExasolError);
      }
    };
    const chunk = (data: unknown[][], n: number, offset: number): ResultChunk<RowOf<M>> => {
      tracker.fetched(n);
      return new Chunk(decoder.columns, data as Value[][], n, offset, total, build, one);
    };
    const maxSize = Math.min(core.maxMessageSize, Math.max(core.fetchSize, ADAPTIVE_FETCH_CAP));
    const far = core.roundTripMs >= ADAPTIVE_FETCH_MIN_ROUND_TRIP_MS;
    // A far server: the first fetch is already one doubling up, which the waits would soon ask for.
    let size = far ? Math.min(maxSize, Math.max(core.fetchSize, Math.min(core.fetchSize * 2, ADAPTIVE_FETCH_CAP))) : core.fetchSize;
    let waits = 0;
    let lastGot = now();
    // Fetches requested and not yet handed to the consumer, in order; at most two. They carry no
    // signal of their own: an abort rejects the wait for one (./abortable-wait.ts); the fetch
    // still completes on the wire and the handle is closed after it.
    const queue: Ahead[] = [];
    waiter = abortableWait(signal, () => new AbortError('aborted by signal', { sql }));
    const fetchFrom = (from: number): Ahead => {
      const ahead: Ahead = { promise: undefined!, done: false, arrivedAt: 0, from };
      ahead.promise = core.transport.ask(
        { command: 'fetch', resultSetHandle: handle, startPosition: from, numBytes: size },
        // Decoded as soon as it is parsed, while it is hot in the cache; the reply's text (needed
        // only for exact digits) then dies young instead of waiting a chunk in the old space.
        (d, json) => {
          const f = checkFetch(d, width, total - from);
          decode(f.data, f.numRows, json, FETCH_DATA_PATH);
          return { numRows: f.numRows, data: f.data, bytes: core.telemetry.active ? utf8Length(json) : 0 };
        },
        { sql, data: true, arrived: () => (ahead.arrivedAt = now()), peek: (json) => chain(ahead, json) },
      );
      ahead.promise.then(
        () => (ahead.done = true),
        () => {},
      );
      if (core.telemetry.active) {
        const span = core.telemetry.start('exasol.fetch', { 'exasol.result_set_handle': handle!, 'exasol.fetch.start_position': from, 'exasol.fetch.requested_bytes': size });
        ahead.promise.then(
          (d) => {
            span.set('db.response.returned_rows', d.numRows);
            span.set('exasol.fetch.bytes', d.bytes);
            span.end();
          },
          (e: unknown) => span.end(e),
        );
      }
      queue.push(ahead);
      return ahead;
    };
    // As soon as a reply arrives (before it is decoded or parsed) the next fetch goes out, if its
    // row count can be read from the reply's first bytes and the consumer is not a reply behind.
    const chain = (ahead: Ahead, json: string) => {
      if (queue.length !== 1 || queue[0] !== ahead) return;
      const m = NUM_ROWS.exec(json.length > 200 ? json.slice(0, 200) : json);
      const next = m === null ? NaN : ahead.from + Number(m[1]);
      if (next > ahead.from && next < total) fetchFrom(next);
    };
    let pos = rs.numRowsInMessage;
    if (pos < total) fetchFrom(pos);
    else if (handle !== undefined) close();
    if (pos > 0) decode(rs.data!, pos, text, resultDataPath(executed.index));
    yield chunk(pos === 0 ? decoder.columns.map(() => []) : rs.data!, pos, 0);
    while (queue.length > 0) {
      if (signal?.aborted) throw new AbortError('aborted', { sql });
      const current = queue[0]!;
      const asked = current.arrivedAt > 0 ? 0 : now();
      let d: Fetched | undefined = await waiter.wait(current.promise);
      queue.shift();
      const offset = pos;
      pos += d.numRows;
      // A far server, and the consumer spent more of its time waiting for replies (until they
      // arrived, their parsing aside) than working, twice in a row, the first fetch, which nothing
      // could hide, apart: the round trips are not hidden, so fewer, larger fetches. When the wait
      // is shorter the fetch ahead hides them, and larger fetches would only cost memory and
      // garbage-collector time.
      const got = now();
      const waited = asked > 0 ? current.arrivedAt - asked : 0;
      const cycle = got - lastGot;
      lastGot = got;
      waits = far && waited * 2 > cycle && offset > rs.numRowsInMessage ? waits + 1 : 0;
      if (waits >= 2 && size < maxSize) {
        size = Math.min(maxSize, size * 2);
        waits = 0;
      }
      if (queue.length > 0) {
        // Requested early from the reply's first bytes: the parsed reply must agree.
        if (queue[0]!.from !== pos) throw core.transport.breakWith(new ProtocolError(`fetch reply: numRows ${d.numRows} differs from the ${queue[0]!.from - offset} its text began with`));
      } else if (pos < total) fetchFrom(pos);
      if (queue.length === 0) close();
      let c: ResultChunk<RowOf<M>> | undefined = chunk(d.data, d.numRows, offset);
      d = undefined;
      yield c;
      c = undefined; // nor the chunk while the next one is awaited
    }
    // Read to the end: a failure to close is reported (the server broke here).
    if (closing !== undefined) await closing;
  } catch (e) {
    failure = e;
    throw e;
  } finally {
    waiter?.dispose();
    tracker.end(failure);
    // Abandoned, aborted or failed: close in the background, never delaying the caller.
    if (handle !== undefined && closing === undefined) closeHandlesQuietly(core.transport, [handle]);
  }
}

/** Runs `msg` (an execute-like request) and streams its first result. */
export async function* runAndStream<M extends RowMode>(
  core: SessionCore,
  msg: Command,
  sql: string,
  signal?: AbortSignal,
  shape: ReadShape<M> = {},
): AsyncGenerator<ResultChunk<RowOf<M>>, void, undefined> {
  const tracker = core.beginStatement(sql);
  let executed: Executed;
  try {
    executed = await runStatement(core, msg, sql, signal);
    if (signal?.aborted) {
      closeHandlesQuietly(core.transport, handlesOf([executed.result]));
      throw new AbortError('aborted', { sql });
    }
  } catch (e) {
    tracker.end(e);
    throw e;
  }
  yield* streamResult(core, executed, sql, tracker, signal, shape);
}
