/** EXPORT over the HTTP transport: a table or query streamed from the database to a Writable, a file or rows. */
import { createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { AbortError, InputError } from '../errors';
import { Channel } from './channel';
import { CsvParser, MAX_CSV_ROW_CHARS, type CsvRow } from './csv-read';
import { BulkError, TransferError } from './errors';
import { gunzipped } from './gzip';
import { EXPORT_FAILED, EXPORT_OK, expectRequest, readHead, requestBody } from './http';
import { checkBulkOptions, dialectOf, isUtf8, type Dialect, type ExportOptions } from './options';
import { ProgressMeter } from './progress';
import { RowIterator } from './row-iterator';
import { CsvTextDecoder } from './text-decode';
import { rowAligned } from './sources';
import { exportSql, type ExportSource } from './sql';
import { markUser, runTransfer, type BulkSession, type TransferPlan } from './transfer';
import type { BulkResult } from './import';

/** An EXPORT target: a file path (or `file:` URL; replaced, removed again on failure) or a Node Writable. */
export type ExportTarget = string | URL | NodeJS.WritableStream;

/** Checks source and options; returns what the plan needs. */
function prepare(source: ExportSource, options: ExportOptions, rows: boolean) {
  const { timeout, streams } = checkBulkOptions(options);
  const d = dialectOf(options.format);
  if (typeof source === 'object' && source !== null && 'query' in source && (typeof source.query !== 'string' || source.query.trim() === '')) throw new InputError('query must be a non-empty string');
  exportSql(source, [], d, false); // checks names
  const withNames = options.withColumnNames ?? false;
  if (typeof withNames !== 'boolean') throw new InputError('withColumnNames must be a boolean');
  if (withNames && (rows || streams > 1)) throw new InputError('withColumnNames needs a byte target and one stream');
  if (rows && !isUtf8(d.encoding)) {
    try {
      new TextDecoder(d.encoding);
    } catch {
      throw new InputError(`unknown encoding ${d.encoding}`);
    }
  }
  return { timeout, streams, d, withNames };
}

/** The database ends every row with its separator, the last one too (http-transport.md §5.3): a body ending inside a row was cut. */
const endedInRow = (what: string) => new TransferError(`CSV from the database: the body of ${what} ended inside a row (it was cut)`);

/** The EXPORT plan: each tunnel's body (gunzipped) handed to `deliver`; 200 once the consumer has taken all of it. */
function plan(source: ExportSource, d: Dialect, withNames: boolean, gzip: boolean, meter: ProgressMeter, chan: Channel<unknown>, deliver: (body: AsyncIterable<Buffer>, g: import('./guard').Guard) => Promise<void>): TransferPlan {
  return {
    direction: 'export',
    sql: (files) => exportSql(source, files, d, withNames),
    bytes: () => meter.bytes,
    async serve(_i, g, name) {
      const head = await readHead(g);
      expectRequest(head, 'PUT', name);
      try {
        const body = requestBody(g, head);
        await deliver(gzip ? gunzipped(body) : body, g);
        await g.user(chan.idle());
      } catch (e) {
        if (!g.stream.destroyed) g.stream.end(EXPORT_FAILED);
        throw e;
      }
      g.stream.end(EXPORT_OK);
    },
    stop: (e) => chan.fail(e ?? new AbortError('the transfer ended')),
  };
}

/**
 * Exports a table (`'S.T'`, `['S', 'T']`, `{ table, columns }`) or a query (`{ query: 'SELECT ...' }`)
 * through Exasol's HTTP transport (Node only) into a Writable or a file, as CSV in `options.format`
 * (every value as the database writes it: exact decimals, all timestamp digits). Resolves with the
 * row count; rejects with InputError, BulkError (both sides' causes) or AbortError. A file target is
 * removed again when the export fails; a Writable is not ended then.
 */
export async function bulkExport(session: BulkSession, source: ExportSource, target: ExportTarget, options: ExportOptions = {}): Promise<BulkResult> {
  const { timeout, streams, d, withNames } = prepare(source, options, false);
  let out: NodeJS.WritableStream;
  let path: string | undefined;
  if (typeof target === 'string' || target instanceof URL) {
    path = target instanceof URL ? fileURLToPath(target) : target;
    if (path === '') throw new InputError('the target file path is empty');
    const ws = createWriteStream(path);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', (e) => reject(new InputError(`cannot write ${path}: ${e.message}`)));
    });
    out = ws;
  } else if (typeof target === 'object' && target !== null && typeof (target as NodeJS.WritableStream).write === 'function') out = target;
  else throw new InputError('target must be a file path or a Writable');

  const meter = new ProgressMeter('export', streams, options.onProgress, false, session);
  const chan = new Channel<Buffer>(4 * streams);
  const lastSep = d.rowSep.charCodeAt(d.rowSep.length - 1);
  const delim = d.delim === '' ? undefined : d.delim.charCodeAt(0);
  // the consumer: writes in arrival order, waits for 'drain'
  const consume = (async () => {
    let writeError: unknown;
    const failed = new Promise<never>((_, reject) => {
      (out as NodeJS.EventEmitter).once('error', (e) => {
        writeError ??= e;
        reject(e);
      });
    });
    failed.catch(() => undefined);
    for (;;) {
      const piece = await chan.pull();
      if (writeError !== undefined) throw writeError;
      if (piece === undefined) return;
      if (!out.write(piece)) await Promise.race([new Promise((r) => (out as NodeJS.EventEmitter).once('drain', r)), failed]);
    }
  })().catch((e: unknown) => {
    chan.fail(markUser(e));
    throw e;
  });
  consume.catch(() => undefined);
  try {
    const rowCount = await runTransfer(
      session,
      plan(source, d, withNames, options.gzip ?? false, meter, chan as Channel<unknown>, async (body, g) => {
        const pieces = streams > 1 ? rowAligned(body, delim, lastSep, MAX_CSV_ROW_CHARS, () => new TransferError(`CSV from the database: a row of ${g.what} is longer than ${MAX_CSV_ROW_CHARS} bytes`)) : body;
        let last = lastSep;
        for await (const piece of pieces) {
          meter.add(piece.length);
          if (piece.length > 0) last = piece[piece.length - 1]!;
          await g.user(chan.push(piece));
        }
        if (last !== lastSep) throw endedInRow(g.what);
      }),
      options,
      streams,
      timeout,
      options.gzip ? 'gz' : 'csv',
    );
    chan.end();
    await consume;
    if (path !== undefined) {
      const ws = out as import('node:fs').WriteStream;
      await new Promise<void>((resolve, reject) => {
        ws.once('error', reject);
        ws.end(() => resolve());
      });
    }
    meter.finish(rowCount);
    return { rows: rowCount, bytes: meter.bytes, streams };
  } catch (e) {
    chan.fail(e);
    if (path !== undefined) {
      (out as import('node:fs').WriteStream).destroy();
      await unlink(path).catch(() => undefined);
    }
    throw e;
  }
}

/**
 * Exports a table or query as rows (Node only): an async iterable of arrays with every value as the
 * database's exact text (`'12345678901234567890.5'`, `'2024-01-02 03:04:05.123456'`, `'1'`/`'0'` for
 * BOOLEAN) and `null` for NULL. The transfer starts with the first `next()`; leaving the loop early
 * aborts the statement. Errors as for {@link bulkExport}; the iterator also ends with a BulkError (a
 * TransferError) for bytes not valid in the encoding, a row with another field count than the rows
 * before, a row longer than {@link MAX_CSV_ROW_CHARS}, or a statement row count that differs from the
 * rows handed out.
 */
export function exportRows(session: BulkSession, source: ExportSource, options: ExportOptions = {}): AsyncGenerator<CsvRow, BulkResult, undefined> {
  // rows handed out one by one from parsed batches (an async generator's cost per row would be the largest part of the SDK's)
  return new RowIterator(exportBatches(session, source, options));
}

/** The batches of rows of {@link exportRows}, as they are parsed; the transfer starts with the first `next()`. */
async function* exportBatches(session: BulkSession, source: ExportSource, options: ExportOptions): AsyncGenerator<CsvRow[], BulkResult, undefined> {
  const { timeout, streams, d } = prepare(source, options, true);
  const meter = new ProgressMeter('export', streams, options.onProgress, true, session);
  const chan = new Channel<CsvRow[]>(4 * streams);
  const stopper = new AbortController();
  const user = options.signal;
  const onUserAbort = () => stopper.abort(user?.reason);
  if (user?.aborted) throw new AbortError('aborted before the transfer started');
  user?.addEventListener('abort', onUserAbort, { once: true });
  let result: BulkResult | undefined;
  let failure: unknown;
  // fields per row: the same in every row of every tunnel (a row with more or fewer is a broken export, not data)
  let width = -1;
  let parsed = 0;
  const run = runTransfer(
    session,
    plan(source, d, false, options.gzip ?? false, meter, chan as Channel<unknown>, async (body, g) => {
      const parser = new CsvParser(d);
      const text = new CsvTextDecoder(d.encoding);
      let out: CsvRow[] = [];
      let seen = 0;
      const check = () => {
        parsed += out.length;
        for (const r of out) {
          seen++;
          if (width < 0) width = r.length;
          else if (r.length !== width) throw new TransferError(`CSV from the database: row ${seen} of ${g.what} has ${r.length} fields, the rows before ${width}`);
        }
      };
      for await (const piece of body) {
        parser.push(text.push(piece, meter.bytes), out);
        check();
        meter.add(piece.length, out.length);
        if (out.length > 0) {
          await g.user(chan.push(out));
          out = [];
        }
      }
      const tail = text.end(meter.bytes);
      if (tail !== '') parser.push(tail, out);
      const cut = parser.pending;
      parser.end(out);
      if (cut) throw endedInRow(g.what);
      check();
      meter.add(0, out.length);
      if (out.length > 0) await g.user(chan.push(out));
    }),
    { ...options, signal: stopper.signal },
    streams,
    timeout,
    options.gzip ? 'gz' : 'csv',
  ).then(
    (n) => {
      if (n !== parsed) {
        // the tunnels lost or invented rows: the rows handed out are not the export
        failure = new BulkError('export', 'transfer', { transferError: new TransferError(`the statement exported ${n} rows, its tunnels carried ${parsed}`) }, meter.bytes);
        chan.fail(failure);
        return;
      }
      meter.finish(n);
      result = { rows: n, bytes: meter.bytes, streams };
      chan.end();
    },
    (e: unknown) => {
      failure = e;
      chan.fail(e);
    },
  );
  try {
    for (;;) {
      let batch: CsvRow[] | undefined;
      try {
        batch = await chan.pull();
      } catch (e) {
        // the channel fails with the first cause at once; the transfer's own error (BulkError, AbortError) follows, bounded
        await run;
        throw failure ?? e;
      }
      if (batch === undefined) break;
      yield batch;
    }
    await run;
    return result!;
  } finally {
    user?.removeEventListener('abort', onUserAbort);
    if (result === undefined) {
      // the loop ended early or failed: stop the statement and the tunnels
      stopper.abort(new AbortError('the row iterator was closed'));
      chan.fail(new AbortError('the row iterator was closed'));
      await run;
    }
  }
}
