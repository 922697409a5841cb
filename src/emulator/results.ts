/**
 * Result sets of a session (protocol.md §3.1, §3.7-§3.9; wire-quirks.md §6): turning a statement's
 * outcome into the `results` entry of a reply (inline data below 1000 rows and within the message
 * budget, else a result set handle), the handle registry (handles from 1 upwards, freed by
 * closeResultSet or at disconnect), and fetch paging by 0-based row offset within `numBytes`.
 */
import { INLINE_ROW_LIMIT, MAX_DATA_MESSAGE_SIZE, stringifyJson, type ColumnInfo } from '../protocol';
import type { RowSource, StatementOutcome } from './sql/contract';
import { JsonText } from './replies';

/** Bytes of a reply reserved for the envelope around inline/fetched data. */
const ENVELOPE_RESERVE = 64 * 1024;

/** An open result set held under a handle. Reads are serialized (one cursor per source). */
export class OpenResult {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    /** The handle number the client sees. */
    readonly handle: number,
    /** The engine's row source. */
    readonly source: RowSource,
  ) {}

  /** Total rows of the result set. */
  get numRows(): number {
    return this.source.numRows;
  }
  /** Column descriptions. */
  get columns(): ColumnInfo[] {
    return this.source.columns;
  }

  /** Reads rows, one read at a time per source. */
  read(start: number, maxBytes: number, maxRows: number): Promise<{ numRows: number; json: string }> {
    const run = this.queue.then(() => {
      if (this.closed) throw new Error('result set is closed');
      return this.source.read(start, maxBytes, maxRows);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Frees the source (idempotent); waits for a read in progress. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    await this.source.close().catch(() => undefined);
  }
}

/** The result set handles of one session. */
export class ResultHandles {
  private next = 1;
  private readonly open = new Map<number, OpenResult>();

  /** Registers a row source under a new handle (1, 2, 3, ...; never 0). */
  add(source: RowSource): OpenResult {
    const r = new OpenResult(this.next++, source);
    this.open.set(r.handle, r);
    return r;
  }
  /** The open result set of a handle, if any. */
  get(handle: number): OpenResult | undefined {
    return this.open.get(handle);
  }
  /** Closes one handle; returns false when it was not open. */
  async close(handle: number): Promise<boolean> {
    const r = this.open.get(handle);
    if (r === undefined) return false;
    this.open.delete(handle);
    await r.close();
    return true;
  }
  /** The handle the next result set will get. */
  get nextHandle(): number {
    return this.next;
  }
  /** Closes every handle numbered `from` or higher (undoing a failed executeBatch). */
  async closeFrom(from: number): Promise<void> {
    for (const h of [...this.open.keys()]) if (h >= from) await this.close(h);
  }
  /** Number of open handles. */
  get size(): number {
    return this.open.size;
  }
  /** Closes every handle (disconnect). */
  async closeAll(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    await Promise.all(all.map((r) => r.close()));
  }
}

/** The JSON of one result-set header (no data), e.g. for getResultSetHeader or a prepared SELECT. */
export function headerJson(columns: ColumnInfo[], numRows: number, handle?: number): JsonText {
  return new JsonText(
    '{' +
      (handle !== undefined ? `"resultSetHandle":${handle},` : '') +
      `"numColumns":${columns.length},"numRows":${numRows},"numRowsInMessage":0,"columns":${stringifyJson(columns)}}`,
  );
}

/**
 * Turns a statement outcome into one `results[]` entry. Result sets below 1000 rows are sent inline
 * when they fit the message budget (no handle); otherwise a handle is opened — with no data at
 * 1000 rows and more, with the rows that fit when a small result is too big.
 */
export async function resultEntry(outcome: StatementOutcome, handles: ResultHandles, budget = MAX_DATA_MESSAGE_SIZE): Promise<JsonText> {
  if (outcome.kind === 'rowCount') return new JsonText(`{"resultType":"rowCount","rowCount":${outcome.rowCount}}`);
  const src = outcome.rows;
  const total = src.numRows;
  const cols = stringifyJson(src.columns);
  const head = (handle: number | undefined, inMessage: number) =>
    '{"resultType":"resultSet","resultSet":{' +
    (handle !== undefined ? `"resultSetHandle":${handle},` : '') +
    `"numColumns":${src.columns.length},"numRows":${total},"numRowsInMessage":${inMessage},"columns":${cols}`;
  if (total === 0) {
    await src.close();
    return new JsonText(head(undefined, 0) + '}}');
  }
  if (total >= INLINE_ROW_LIMIT) {
    const open = handles.add(src);
    return new JsonText(head(open.handle, 0) + '}}');
  }
  let chunk: { numRows: number; json: string };
  try {
    chunk = await src.read(0, Math.max(1, budget - ENVELOPE_RESERVE - cols.length), total);
  } catch (e) {
    await src.close().catch(() => undefined);
    throw e;
  }
  if (chunk.numRows >= total) {
    await src.close();
    return new JsonText(head(undefined, total) + ',"data":' + chunk.json + '}}');
  }
  const open = handles.add(src);
  return new JsonText(head(open.handle, chunk.numRows) + ',"data":' + chunk.json + '}}');
}

/**
 * The `responseData` of a fetch: rows `[start, start+k)` of the given window of a result set, with k the
 * largest count fitting `numBytes` but at least one; `numRows` 0 (and empty columns) past the end.
 * @param offset first global row of the window (sub-connections read their share)
 * @param length rows in the window
 */
export async function fetchJson(r: OpenResult, start: number, numBytes: number, offset = 0, length = r.numRows): Promise<JsonText> {
  if (start >= length) return new JsonText(`{"numRows":0,"data":[${r.columns.map(() => '[]').join(',')}]}`);
  const budget = Math.min(numBytes, MAX_DATA_MESSAGE_SIZE - ENVELOPE_RESERVE);
  const chunk = await r.read(offset + start, Math.max(1, budget), length - start);
  return new JsonText(`{"numRows":${chunk.numRows},"data":${chunk.json}}`);
}
