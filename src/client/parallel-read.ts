/**
 * The parallel read behind `session.parallel` (see `parallel.ts`): the query runs on the main
 * connection, every sub-connection reads its share, and the chunks are merged or handed out as
 * they arrive. Loaded on the first parallel read.
 */
import { checkFetch, checkResults, DEFAULT_ATTRIBUTES, type ColumnInfo, type Result } from '../protocol';
import { AbortError, InputError, ProtocolError, TimeoutError, type ExasolError } from '../errors';
import type { Column, RowMode, Value } from '../values';
import { linkedController } from './consumers';
import { handlesOf, handlesOfReply, closeHandlesQuietly } from './core';
import { rowDecoder, type RowDecoder } from './decode';
import { DEFAULT_FETCH_SIZE } from './options';
import type { ParallelChunk, ReadSetup } from './parallel';
import { Chunk, FETCH_DATA_PATH, resultDataPath } from './results';
import type { Session } from './session';
import { sessionContext, type SubConnection, type SubConnections } from './subconnections';
import { openSubConnections } from './subconnections-open';
import { abortableWait } from './abortable-wait';

class SharedChunk<R> extends Chunk<R> implements ParallelChunk<R> {
  readonly share: number;
  readonly shareOffset: number;
  /** Arrival sequence number (arrival order). */
  readonly seq: number;
  constructor(columns: Column[], data: Value[][], n: number, offset: number, total: number, build: (d: Value[][], n: number) => R[], one: (d: Value[][], i: number) => R, share: number, shareOffset: number, seq: number) {
    super(columns, data, n, offset, total, build, one);
    this.share = share;
    this.shareOffset = shareOffset;
    this.seq = seq;
  }
}

/** Longest the clean-up after a read (closeResultSet on every connection) may keep the caller waiting without a commandTimeout, ms. */
const CLEANUP_TIMEOUT_MS = 10_000;

interface Fetched {
  numRows: number;
  data: unknown[][];
  text: string;
}

/** One share's reader: fetches its rows in order (one fetch ahead) into a bounded queue of decoded chunks. */
class Share<R> {
  readonly queue: SharedChunk<R>[] = [];
  done = false;
  /** Called when a chunk was queued (wakes the consumer). */
  onChunk: () => void = () => {};
  #space: (() => void) | undefined;

  constructor(
    readonly index: number,
    readonly sub: SubConnection,
    readonly offset: number,
    readonly length: number,
  ) {}

  /** Resolves once a chunk may be added (fewer than `limit` waiting) or the read stopped. */
  space(limit: number, stop: AbortSignal): Promise<void> {
    if (this.queue.length < limit || stop.aborted) return Promise.resolve();
    return new Promise((resolve) => (this.#space = resolve));
  }

  /** The consumer took a chunk (or the read stopped): a waiting pump may go on. */
  wake(): void {
    const w = this.#space;
    this.#space = undefined;
    w?.();
  }
}

/** Reads `sql` through sub-connections (see {@link ParallelReads}); the options are checked already. */
export async function* parallelRead<R>(session: Session, sql: string, o: ReadSetup, outer: AbortSignal | undefined): AsyncGenerator<ParallelChunk<R>, void, undefined> {
  const ctx = sessionContext(session);
  const main = ctx.transport;
  // Stops every share: the caller's signal, a failure, or the consumer leaving.
  const stop = linkedController(outer);
  const mode = ctx.options.values ?? 'typed';
  const fetchSize = Math.max(1024, Math.min(ctx.options.fetchSize ?? DEFAULT_FETCH_SIZE, session.info.maxDataMessageSize || 64 << 20));
  const owned = o.subConnections === undefined;
  if (!owned && o.subConnections!.closed) throw new InputError('the given sub-connections are closed');
  let group: SubConnections | undefined = o.subConnections;
  let handle: number | undefined;
  let attached = false;
  const shares: Share<R>[] = [];
  let failure: unknown;
  let notify: (() => void) | undefined;
  const wakeConsumer = () => {
    const n = notify;
    notify = undefined;
    n?.();
  };
  const fail = (e: unknown) => {
    failure ??= e;
    stop.abort();
    wakeConsumer();
  };
  const onStop = () => {
    for (const s of shares) s.wake();
    wakeConsumer();
  };
  // A timed-out sub-connection keeps its command slot until its server answers: no lock-step
  // command could pass it, so the group's sockets are dropped (the group is unusable then).
  const drop = (e: unknown) => {
    if (e instanceof TimeoutError) for (const c of group!.connections) c.transport.terminate();
  };
  stop.signal.addEventListener('abort', onStop, { once: true });
  try {
    group ??= await openSubConnections(session, { count: o.connections, hosts: o.hosts, signal: stop.signal });
    if (stop.signal.aborted) throw new AbortError('aborted', { sql });
    const { result, text } = await main.ask({ command: 'execute', sqlText: sql }, (d, json) => ({ result: checkResults(d, 'execute', 1)[0]! as Result, text: json }), {
      signal: stop.signal,
      sql,
      data: true,
      late: (r) => closeHandlesQuietly(main, handlesOfReply(r.responseData, 'execute')),
    });
    handle = handlesOf([result])[0];
    if (stop.signal.aborted) throw new AbortError('aborted', { sql });
    if (result.resultType === 'rowCount') {
      yield { columns: [], data: [], rows: [], offset: 0, totalRows: 0, rowCount: result.rowCount, share: -1, shareOffset: 0 };
      return;
    }
    const rs = result.resultSet;
    const total = rs.numRows;
    const attrs = session.attributes$.value;
    const decoder = rowDecoder(rs.columns, mode, {
      defaultDate: (attrs.dateFormat ?? DEFAULT_ATTRIBUTES.dateFormat) === DEFAULT_ATTRIBUTES.dateFormat,
      defaultTimestamp: (attrs.datetimeFormat ?? DEFAULT_ATTRIBUTES.datetimeFormat) === DEFAULT_ATTRIBUTES.datetimeFormat,
    });
    const rowMode: RowMode = o.rowMode ?? 'object';
    const build = (data: Value[][], n: number) => decoder.rows(data, n, rowMode) as R[];
    const one = decoder.rowAt(rowMode) as (data: Value[][], i: number) => R;
    let seq = 0;
    const make = (data: unknown[][], n: number, text: string | undefined, share: number, shareOffset: number, offset: number): SharedChunk<R> => {
      decodeOrBreak(decoder, data, n, text, share < 0 ? resultDataPath() : FETCH_DATA_PATH, share < 0 ? undefined : group!.connections[share]!);
      return new SharedChunk(decoder.columns, data as Value[][], n, offset, total, build, one, share, shareOffset, seq++);
    };
    if (handle === undefined) {
      // Small result: the main connection had it all inline.
      yield make(rs.data ?? decoder.columns.map(() => []), rs.numRowsInMessage, text, -1, 0, 0);
      return;
    }
    const g = group;
    attached = true;
    const heads = await g.all({ command: 'getResultSetHeader', resultSetHandles: [handle] }, { signal: stop.signal, sql });
    const offsets = await g.all<{ rowOffset?: unknown }>({ command: 'getOffset', resultSetHandle: handle }, { signal: stop.signal, sql });
    for (let i = 0; i < g.size; i++) {
      const head = checkResults(heads[i]!.responseData, 'getResultSetHeader', 1)[0]!;
      if (head.resultType !== 'resultSet') throw new ProtocolError('getResultSetHeader reply: not a result set');
      checkSameColumns(rs.columns, head.resultSet.columns);
      const off = offsets[i]!.responseData?.rowOffset;
      if (typeof off !== 'number' || !Number.isSafeInteger(off) || off < 0) throw new ProtocolError('getOffset reply: rowOffset must be a non-negative integer');
      const share = new Share<R>(i, g.connections[i]!, off, head.resultSet.numRows);
      share.onChunk = wakeConsumer;
      shares.push(share);
    }
    checkPartition(shares, total);
    // Every share fetches on its own; at most `buffer` decoded chunks wait per share.
    const pumps = shares.map((s) => pump(s, handle!, decoder.columns.length, fetchSize, o.buffer, stop.signal, sql, make).then(
      () => {
        s.done = true;
        wakeConsumer();
      },
      (e: unknown) => fail(stop.signal.aborted && failure === undefined ? new AbortError('aborted', { sql }) : e),
    ));
    void Promise.all(pumps);
    const next = (): SharedChunk<R> | undefined | null => {
      // null: nothing ready yet; undefined: all shares done
      if (o.order === 'arrival') {
        let best: Share<R> | undefined;
        for (const s of shares) if (s.queue.length > 0 && (best === undefined || s.queue[0]!.seq < best.queue[0]!.seq)) best = s;
        if (best !== undefined) return take(best);
        return shares.every((s) => s.done) ? undefined : null;
      }
      for (const s of shares) {
        if (s.queue.length > 0) return take(s);
        if (!s.done) return null;
      }
      return undefined;
    };
    const take = (s: Share<R>): SharedChunk<R> => {
      const c = s.queue.shift()!;
      s.wake();
      return c;
    };
    for (;;) {
      if (failure !== undefined) throw failure;
      if (stop.signal.aborted) throw new AbortError('aborted', { sql });
      const c = next();
      if (c === undefined) break;
      if (c === null) {
        await new Promise<void>((resolve) => (notify = resolve));
        continue;
      }
      for (const s of shares) if (s.queue.length > 0 || !s.done) s.wake();
      yield c;
    }
  } catch (e) {
    if (attached) drop(e);
    throw e;
  } finally {
    stop.abort();
    onStop();
    stop.signal.removeEventListener('abort', onStop);
    // Lock-step close on every sub-connection, then the main handle; then the group if opened here.
    if (handle !== undefined) {
      const bounded = { timeoutMs: ctx.options.commandTimeout || CLEANUP_TIMEOUT_MS };
      if (attached && group !== undefined && !group.closed) await group.all({ command: 'closeResultSet', resultSetHandles: [handle] }, bounded).catch(drop);
      if (!main.closed) await main.request({ command: 'closeResultSet', resultSetHandles: [handle] }, bounded).catch(() => {});
    }
    if (owned && group !== undefined) await group.close();
  }
}

/** Fetches one share to its end into its queue. */
async function pump<R>(
  s: Share<R>,
  handle: number,
  width: number,
  numBytes: number,
  limit: number,
  stop: AbortSignal,
  sql: string,
  make: (data: unknown[][], n: number, text: string, share: number, shareOffset: number, offset: number) => SharedChunk<R>,
): Promise<void> {
  const t = s.sub.transport;
  // The fetches carry no signal of their own; the stop signal cuts the wait (./abortable-wait.ts).
  const fetchAt = (pos: number): Promise<Fetched> => {
    const p = t.ask({ command: 'fetch', resultSetHandle: handle, startPosition: pos, numBytes }, (d, text) => ({ ...checkFetch(d, width, s.length - pos), text }), { sql, data: true });
    p.catch(() => {});
    return p;
  };
  const waiter = abortableWait(stop, () => new AbortError('aborted', { sql }));
  try {
    let pos = 0;
    let ahead: Promise<Fetched> | undefined = s.length > 0 ? fetchAt(0) : undefined;
    while (ahead !== undefined) {
      const d = await waiter.wait(ahead);
      if (d.numRows === 0) throw t.breakWith(new ProtocolError(`fetch reply: no rows at ${pos} of a share of ${s.length}`));
      const at = pos;
      pos += d.numRows;
      await s.space(limit, stop);
      if (stop.aborted) return;
      ahead = pos < s.length ? fetchAt(pos) : undefined;
      s.queue.push(make(d.data, d.numRows, d.text, s.index, at, s.offset + at));
      s.onChunk();
    }
  } finally {
    waiter.dispose();
  }
}

/** Decodes a share's chunk; a value that does not fit its column breaks that sub-connection. */
function decodeOrBreak(decoder: RowDecoder, data: unknown[][], n: number, text: string | undefined, path: readonly (string | number)[], sub: SubConnection | undefined): void {
  try {
    decoder.decode(data, n, text, path);
  } catch (e) {
    if (sub !== undefined) throw sub.transport.breakWith(e as ExasolError);
    throw e;
  }
}

/** The shares must describe the main result's columns: names and whole types (precision, scale, size...), as their rows are decoded by the main result's. */
function checkSameColumns(main: ColumnInfo[], sub: ColumnInfo[]): void {
  if (sub.length !== main.length || sub.some((c, i) => c.name !== main[i]!.name || JSON.stringify(c.dataType) !== JSON.stringify(main[i]!.dataType)))
    throw new ProtocolError('getResultSetHeader reply: other columns than the result');
}

/** The shares must cover `[0, total)` without gaps or overlaps. */
function checkPartition(shares: Share<unknown>[], total: number): void {
  const sorted = [...shares].sort((a, b) => a.offset - b.offset);
  let at = 0;
  for (const s of sorted) {
    if (s.offset !== at) throw new ProtocolError(`getOffset replies: a share starts at ${s.offset}, not ${at}`);
    at += s.length;
  }
  if (at !== total) throw new ProtocolError(`getResultSetHeader replies: shares hold ${at} of ${total} rows`);
  // result order follows the offsets
  shares.sort((a, b) => a.offset - b.offset);
}
