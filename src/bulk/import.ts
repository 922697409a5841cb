/** IMPORT over the HTTP transport: rows or CSV text streamed to the database through one or more tunnels. */
import { InputError } from '../errors';
import { csvBlocks, type CsvBlock } from './csv-write';
import { gzipped } from './gzip';
import { expectRequest, IMPORT_RESPONSE, LAST_CHUNK, readHead, writeChunk } from './http';
import { tableSql, type TableName } from './identifiers';
import { checkBulkOptions, dialectOf, isUtf8, type ImportOptions } from './options';
import { ProgressMeter } from './progress';
import { coalesce, openSource, rowAligned, type ImportSource } from './sources';
import { importSql } from './sql';
import { markUser, runTransfer, type BulkSession } from './transfer';
import type { Guard } from './guard';

/** The outcome of a transfer. */
export interface BulkResult {
  /** Rows imported or exported (the statement's row count). */
  rows: number;
  /** CSV bytes moved (before gzip). */
  bytes: number;
  /** Tunnels used. */
  streams: number;
}

/**
 * Imports into `table` through Exasol's HTTP transport (Node only). `source` is a file path, a Node
 * Readable of CSV bytes, or an (async) iterable of rows (`[1, 'a', null]`) or of CSV text chunks. Rows
 * are written as exact CSV (bigint and decimal strings keep every digit); CSV text is sent as it is,
 * in the dialect of `options.format`. Resolves with the row count; rejects with InputError (before
 * anything is sent), BulkError (either side failed: both causes inside) or AbortError (`signal`).
 */
export async function bulkImport(session: BulkSession, table: TableName, source: ImportSource, options: ImportOptions = {}): Promise<BulkResult> {
  const { timeout, streams: wanted } = checkBulkOptions(options);
  const d = dialectOf(options.format);
  tableSql(table); // checks the name before anything is read
  const { skip, trim, columns } = options;
  if (skip !== undefined && (!Number.isSafeInteger(skip) || skip < 0)) throw new InputError('skip must be a non-negative integer');
  if (trim !== undefined && !['TRIM', 'LTRIM', 'RTRIM'].includes(trim)) throw new InputError("trim must be 'TRIM', 'LTRIM' or 'RTRIM'");
  importSql(table, columns, [], d, {}); // checks the column list
  const src = await openSource(source);
  if (src.kind === 'rows' && (skip || trim)) throw new InputError('skip and trim apply to CSV text sources, not to rows');
  if (src.kind === 'rows' && !isUtf8(d.encoding)) throw new InputError('rows are written as UTF-8: leave format.encoding unset');
  if (src.kind === 'bytes' && wanted > 1 && skip) throw new InputError('skip cannot be split over several streams: remove the header or use one stream');

  let blocks: AsyncIterable<CsvBlock>;
  if (src.kind === 'rows') blocks = csvBlocks(src.rows, d);
  else {
    const bytes = coalesce(src.bytes);
    const aligned = wanted > 1 ? rowAligned(bytes, d.delim === '' ? undefined : d.delim.charCodeAt(0), d.rowSep.charCodeAt(d.rowSep.length - 1)) : bytes;
    blocks = (async function* () {
      for await (const b of aligned) yield { bytes: b, rows: 0 };
    })();
  }
  const it = blocks[Symbol.asyncIterator]();
  const next = async (): Promise<CsvBlock | undefined> => {
    try {
      const r = await it.next();
      return r.done === true ? undefined : r.value;
    } catch (e) {
      throw markUser(e);
    }
  };
  // every tunnel named in the SQL gets data: read one block per tunnel first, use fewer tunnels for less data
  const firsts: CsvBlock[] = [];
  try {
    while (firsts.length < wanted) {
      const b = await next();
      if (b === undefined) break;
      firsts.push(b);
    }
  } catch (e) {
    void it.return?.(undefined)?.catch?.(() => undefined);
    throw e;
  }
  const streams = Math.max(1, firsts.length);
  const meter = new ProgressMeter('import', streams, options.onProgress, src.kind === 'rows', session);
  let stopped = false;
  const ext = options.gzip ? 'gz' : 'csv';

  async function* feed(i: number, g: Guard): AsyncGenerator<Buffer> {
    let b: CsvBlock | undefined = firsts[i];
    while (b !== undefined) {
      meter.add(b.bytes.length, b.rows);
      yield b.bytes;
      if (stopped) return;
      b = await g.user(next());
    }
  }

  const rowCount = await runTransfer(
    session,
    {
      direction: 'import',
      sql: (files) => importSql(table, columns, files, d, { skip, trim }),
      bytes: () => meter.bytes,
      async serve(i, g, name) {
        const head = await readHead(g);
        expectRequest(head, 'GET', name);
        g.stream.write(IMPORT_RESPONSE);
        const pieces = options.gzip ? gzipped(feed(i, g)) : feed(i, g);
        for await (const piece of pieces) await writeChunk(g, piece);
        // the zero chunk only after the source ended well: without it the database discards the import
        g.stream.end(LAST_CHUNK);
      },
      stop() {
        stopped = true;
        void it.return?.(undefined)?.catch?.(() => undefined);
      },
    },
    options,
    streams,
    timeout,
    ext,
  );
  meter.finish(rowCount);
  return { rows: rowCount, bytes: meter.bytes, streams };
}
