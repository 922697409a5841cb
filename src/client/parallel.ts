/**
 * Parallel reads: one query runs on the main connection and its result is fetched through every
 * sub-connection at once, each reading its share (`getResultSetHeader` + `getOffset` in lock-step,
 * then independent `fetch`es with one running ahead). Chunks come out as they arrive (each says
 * its share and offset) or in result order (merged by offset; at most `buffer` decoded chunks
 * wait per share). Cancelling, aborting or any share failing ends the whole read and closes
 * every handle; a group opened for the read is closed after it. The reading itself
 * (`parallel-read.ts`) is loaded on the first parallel read.
 */
import type { Observable } from 'rxjs';
import { InputError } from '../errors';
import { checkOneOf, checkSql, ROW_MODES } from './checks';
import type { Row, RowMode, RowOf } from '../values';
import { chunkIterator, collect, observe, rowIterator } from './consumers';
import { loadParallel } from './lazy';
import { traced } from './origin';
import type { QueryResult, ReadOptions, ResultChunk } from './results';
import type { Session } from './session';
import type { SubConnections } from './subconnections';

/** Options of the parallel read calls. */
export interface ParallelReadOptions<M extends RowMode = RowMode> extends ReadOptions<M> {
  /** `'result'` (default): chunks in result order, merged by offset. `'arrival'`: as they arrive, fastest. */
  order?: 'result' | 'arrival';
  /** An open group to read through (kept open afterwards, unless a sub-connection timed out: then its sockets are dropped); by default one is opened for the read and closed after it. */
  subConnections?: SubConnections;
  /** Sub-connections to open for the read (default: one per node). */
  connections?: number;
  /** `host:port` of each sub-connection, in place of the addresses the server names. */
  hosts?: readonly string[];
  /** Decoded chunks that may wait per share (default 2, 1-64); with one fetch in flight per share on top. */
  buffer?: number;
}

/** A chunk of a parallel read. `offset` is its first row's index in the whole result. */
export interface ParallelChunk<R = Row> extends ResultChunk<R> {
  /** The share (sub-connection index) that read it; -1 for rows the main connection had inline. */
  readonly share: number;
  /** Index of its first row within its share. */
  readonly shareOffset: number;
}

const DEFAULT_BUFFER = 2;
/** Parallel reads of one session: `session.parallel`. */
export class ParallelReads {
  readonly #session: Session;

  /** Internal: use `session.parallel`. */
  constructor(session: Session) {
    this.#session = session;
  }

  /** Emits the result's chunks (cold: each subscription runs the query); unsubscribing ends the read and closes everything. */
  query$<M extends RowMode = 'object'>(sql: string, options: ParallelReadOptions<M> = {}): Observable<ParallelChunk<RowOf<M>>> {
    const origin = new Error();
    return observe((signal) => this.#read(sql, options, signal), options.signal, origin) as Observable<ParallelChunk<RowOf<M>>>;
  }

  /** Iterates the result's chunks; breaking out of the loop ends the read and closes everything. */
  chunks<M extends RowMode = 'object'>(sql: string, options: ParallelReadOptions<M> = {}): AsyncIterableIterator<ParallelChunk<RowOf<M>>> {
    const origin = new Error();
    return chunkIterator(this.#read(sql, options, options.signal), origin) as AsyncIterableIterator<ParallelChunk<RowOf<M>>>;
  }

  /** Iterates the result's rows (in result order unless `order: 'arrival'`). */
  rows<M extends RowMode = 'object'>(sql: string, options: ParallelReadOptions<M> = {}): AsyncIterableIterator<RowOf<M>> {
    const origin = new Error();
    return rowIterator(this.#read(sql, options, options.signal), options.signal, origin);
  }

  /** Reads the whole result into memory (in result order unless `order: 'arrival'`). */
  query<M extends RowMode = 'object'>(sql: string, options: ParallelReadOptions<M> = {}): Promise<QueryResult<RowOf<M>>> {
    return traced(new Error(), () => collect(this.#read(sql, options, options.signal)));
  }

  #read<M extends RowMode>(sql: string, o: ParallelReadOptions<M>, signal: AbortSignal | undefined): AsyncGenerator<ParallelChunk<RowOf<M>>, void, undefined> {
    checkSql(sql);
    if (typeof o !== 'object' || o === null) throw new InputError('expected an options object');
    checkOneOf('order', o.order, ['result', 'arrival']);
    checkOneOf('rowMode', o.rowMode, ROW_MODES);
    const buffer = o.buffer ?? DEFAULT_BUFFER;
    if (!Number.isInteger(buffer) || buffer < 1 || buffer > 64) throw new InputError('buffer must be an integer from 1 to 64');
    return lazyRead<RowOf<M>>(this.#session, sql, { ...o, buffer }, signal);
  }
}

/** What a parallel read is given once its options are checked. */
export interface ReadSetup {
  buffer: number;
  order?: 'result' | 'arrival';
  rowMode?: RowMode;
  subConnections?: SubConnections;
  connections?: number;
  hosts?: readonly string[];
}

/** Loads the reader on first use, then reads through it (closing it when the consumer leaves). */
async function* lazyRead<R>(session: Session, sql: string, o: ReadSetup, signal: AbortSignal | undefined): AsyncGenerator<ParallelChunk<R>, void, undefined> {
  const { parallelRead } = await loadParallel();
  yield* parallelRead<R>(session, sql, o, signal);
}

