/**
 * IMPORT INTO <table> [(cols)] FROM CSV AT '<tunnel>' FILE '...': a `GET /<file>` over each tunnel, the response
 * body (chunked, Content-Length or up to EOF; gunzipped for `.gz`) decoded and parsed as CSV while it arrives,
 * values checked like prepared-statement parameters, rows appended to a staging table and moved into the target
 * in batches with one INSERT ... SELECT each, all inside one transaction: a failure anywhere (bad row, a client
 * that closes before the zero chunk) leaves no row behind. Files are read concurrently.
 */
import { join } from 'node:path';
import { Readable, type Duplex } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { SqlCode, type DataType } from '../../../protocol';
import { EngineError, type StatementContext } from '../contract';
import { position } from '../errors';
import { quoteIdent } from '../lexer';
import { castExpression, paramText } from '../params';
import { tableColumnTypes } from '../prepared';
import type { Session } from '../session';
import { checkEncoding, decoderFor } from './charset';
import { CsvReader, CsvSyntaxError, fieldValue, type CsvField } from './csv-read';
import type { EtlFile, ImportStatement } from './statement';
import { etlTransferError, openChannel, readResponseHead, requestHead, responseBody, StreamReader, TransferFailure } from './tunnel-http';
import { releaseTunnel, takeTunnels } from './tunnels';
import { appendToStage } from '../stage';
import { fastOptions, importFastPath, fastTypes, makeSpoolDir, removeSpool, replay, spool, type SpooledFile } from './import-fast';
import { SegmentLoader } from './import-overlap';
import { formattedFieldText } from './field-format';

/** Rows staged before they are moved into the target table. */
export const IMPORT_BATCH_ROWS = 16384;

let stageCounter = 0;

const DOUBLE_TEXT = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** The staged text of one CSV value for a column type (null for NULL); throws the cast error's text. */
function importText(value: string | null, t: DataType): string | null {
  if (value === null) return null;
  if (t.type === 'DOUBLE') {
    if (!DOUBLE_TEXT.test(value)) throw new Error(`invalid character value for cast; Value: '${value}'`);
    return value.trim();
  }
  try {
    return paramText(value, t);
  } catch (e) {
    throw new Error((e as Error).message.replace(/^data exception - /, ''));
  }
}

/** Runs an IMPORT statement; returns the number of rows imported. */
export async function runImport(s: Session, st: ImportStatement, sql: string, ctx: StatementContext): Promise<number> {
  const o = st.options;
  checkEncoding(o.encoding);
  const schema = st.schema || s.currentSchema;
  if (schema === '') throw new EngineError(SqlCode.syntaxOrAccess, `no schema specified or opened or current schema has been dropped ${position(sql, st.tableOffset)}`);
  const all = await s.guard(sql, ctx, () => tableColumnTypes(s, schema, st.table));
  if (all.length === 0) throw new EngineError(SqlCode.syntaxOrAccess, `object ${st.schema ? `${st.schema}.` : ''}${st.table} not found ${position(sql, st.tableOffset)}`);
  const targets = (st.columns ?? all.map((c) => c.name)).map((name) => {
    const c = all.find((x) => x.name === name);
    if (c === undefined) throw new EngineError(SqlCode.syntaxOrAccess, `object ${name} not found ${position(sql, st.tableOffset)}`);
    return c;
  });
  const tunnels = takeTunnels(st.files, ctx, 'import');
  const channels: (Duplex | undefined)[] = st.files.map(() => undefined);
  const onAbort = (): void => {
    for (const t of tunnels) t.destroy();
  };
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  const con = s.tc.con;
  const stage = `__exa_import_${++stageCounter}`;
  const n = targets.length;
  const insertHead = `INSERT INTO ${quoteIdent(schema)}.${quoteIdent(st.table)} (${targets.map((c) => quoteIdent(c.name)).join(', ')})`;
  const select = targets.map((c, i) => castExpression(`"P${i}"`, c.type)).join(', ');
  const createStage = `CREATE TEMP TABLE "${stage}" (${targets.map((_, i) => `"P${i}" VARCHAR`).join(', ')}, "__ROW" BIGINT)`;
  // a column selection after FILE: target column c reads CSV field spec[c] (formats applied); records need `width` fields
  const spec = st.fieldSpec;
  if (spec !== undefined && spec.length !== targets.length) {
    throw new EngineError(SqlCode.syntaxOrAccess, `the column selection after FILE names ${spec.length} fields for ${targets.length} columns ${position(sql, st.tableOffset)}`);
  }
  const width = spec === undefined ? targets.length : Math.max(...spec.map((f) => f.index));
  const fast = spec === undefined && importFastPath.enabled && fastOptions(o) && fastTypes(targets.map((c) => c.type));
  let spoolDir: string | undefined;
  let ownTx = false;
  let ok = false;
  let total = 0;
  // batches of all files go through one queue (one DuckDB connection)
  let queue: Promise<unknown> = Promise.resolve();
  const flush = (rows: (string | null)[][]): Promise<void> => {
    const run = queue.then(async () => {
      if (rows.length === 0) return;
      await appendToStage(con, stage, rows.length, n, (r, c) => rows[r]![c] ?? null);
      s.tc.bump();
      const res = await con.run(`${insertHead} SELECT ${select} FROM temp.main."${stage}" ORDER BY "__ROW"`);
      total += Number(res.rowsChanged);
      s.tc.bump();
      await con.run(`DELETE FROM temp.main."${stage}"`);
    });
    queue = run.catch(() => undefined);
    return run;
  };

  const readers: (StreamReader | undefined)[] = st.files.map(() => undefined);
  /** The file's body over its tunnel (gunzipped for `.gz`; a gzip failure becomes a transfer failure). */
  const receive = async function* (k: number): AsyncGenerator<Buffer> {
    const file = st.files[k]!;
    const channel = await openChannel(file, tunnels[k]!);
    channels[k] = channel;
    const reader = new StreamReader(channel);
    readers[k] = reader;
    channel.write(requestHead('GET', file));
    const head = await readResponseHead(reader);
    if (head.status < 200 || head.status > 299) throw new TransferFailure(String(head.status), 22, 'HTTP response code said error');
    let bytes: AsyncIterable<Buffer> = responseBody(reader, head);
    const gz = /\.gz$/i.test(file.name);
    if (gz) {
      const gunzip = createGunzip();
      const src = Readable.from(bytes);
      src.on('error', (e) => gunzip.destroy(e));
      bytes = src.pipe(gunzip);
    }
    try {
      yield* bytes;
    } catch (e) {
      if (e instanceof Error && !(e instanceof EngineError) && !(e instanceof TransferFailure) && gz) {
        throw new TransferFailure(`gzip decompression failed: ${e.message}`, 61, 'Unrecognized or bad HTTP Content or Transfer-Encoding');
      }
      throw e;
    }
  };
  /** Wraps a transfer failure of file `k` in its ETL-5xxx error. */
  const fail = (k: number, e: unknown): never => {
    if (e instanceof TransferFailure) throw etlTransferError('import', st.files[k]!, readers[k]?.received ?? 0, e);
    throw e;
  };

  /** Parses and checks file `k` from its bytes in JavaScript, staging the rows in batches. */
  const readFile = async (k: number, bytes: AsyncIterable<Buffer>): Promise<void> => {
    const file = st.files[k]!;
    try {
      const decode = decoderFor(o.encoding);
      const csv = new CsvReader(o);
      let batch: (string | null)[][] = [];
      const take = async (records: CsvField[][], firstRow: number): Promise<void> => {
        for (let r = 0; r < records.length; r++) {
          const rec = records[r]!;
          const row = firstRow + r;
          if (spec !== undefined ? rec.length < width : rec.length !== n) {
            if (row === 0 && k === 0) throw new EngineError('42636', `ETL-6009: Number of columns in source (=${rec.length}) and destination (=${n}) do not match.`);
            throw new EngineError('42636', `ETL-2101: Error while parsing row=${row} (starting from 0) [CSV Parser found incorrect number of columns. Expected: [${n}], found [${rec.length}] columns in file '${file.name}']`);
          }
          const values: (string | null)[] = new Array(n);
          for (let c = 0; c < n; c++) {
            try {
              const f = spec?.[c];
              const raw = fieldValue(rec[f === undefined ? c : f.index - 1]!, o.nullText);
              values[c] = importText(raw !== null && f?.format !== undefined ? formattedFieldText(raw, f.format, targets[c]!.type) : raw, targets[c]!.type);
            } catch (e) {
              throw new EngineError('42636', `ETL-3050: [Column=${c} Row=${row}] [Transformation of value failed: ${(e as Error).message}] in file '${file.name}'`);
            }
          }
          batch.push(values);
          if (batch.length >= IMPORT_BATCH_ROWS) {
            const full = batch;
            batch = [];
            await flush(full);
          }
        }
      };
      const parse = async (text: string, final: boolean): Promise<void> => {
        const first = csv.row;
        let records: CsvField[][];
        try {
          records = csv.push(text, final);
        } catch (e) {
          if (!(e instanceof CsvSyntaxError)) throw e;
          throw new EngineError('42636', `ETL-2101: Error while parsing row=${csv.row} (starting from 0) [CSV Parser error: ${e.message} in file '${file.name}']`);
        }
        await take(records, first);
      };
      for await (const b of bytes) await parse(decode(b, false), false);
      await parse(decode(new Uint8Array(0), true), true);
      await flush(batch);
    } catch (e) {
      fail(k, e);
    }
  };

  /** Runs one reader per file; the first failure is the cause: the other tunnels are dropped at once (their errors are consequences). */
  const eachFile = async (run: (k: number) => Promise<void>): Promise<void> => {
    let first: { error: unknown } | undefined;
    await Promise.allSettled(
      st.files.map((_, k) =>
        run(k).catch((e: unknown) => {
          if (first === undefined) {
            first = { error: e };
            for (const t of tunnels) t.destroy();
          }
        }),
      ),
    );
    if (first !== undefined) throw first.error;
  };

  /**
   * The fast path (import-fast.ts): files spooled to disk in segments, each loaded by DuckDB while the rest arrives
   * (import-overlap.ts), or, when anything is refused, every file replayed through readFile.
   */
  const viaDisk = async (): Promise<void> => {
    spoolDir = await makeSpoolDir();
    const dir = spoolDir;
    const spooled: SpooledFile[] = [];
    const loader = new SegmentLoader(con, targets.map((c) => c.type), o, insertHead, () => s.tc.bump(), ownTx);
    // received concurrently; the first transfer error drops the other tunnels and is kept for the replay
    let firstFailed: number | undefined;
    try {
      await eachFile(async (k) => {
        const f = await spool(receive(k), join(dir, `${k}.csv`), o, (seg, clean) => loader.add(seg, clean));
        spooled[k] = f;
        if (f.failure !== undefined) {
          loader.refuse();
          if (firstFailed === undefined) {
            firstFailed = k;
            for (const t of tunnels) t.destroy();
          }
        }
      });
    } finally {
      // no statement of the loader may run past this point
      await loader.settle();
    }
    const loaded = firstFailed === undefined && spooled.every((f) => f.clean) ? await loader.finish() : undefined;
    if (loaded !== undefined) {
      total = loaded;
      return;
    }
    // a cancelled statement stops here (no replay under repeated interrupts; the own transaction is rolled back)
    if (firstFailed !== undefined && ctx.signal.aborted) return fail(firstFailed, spooled[firstFailed]!.failure!.error);
    if (loader.touched && ownTx) {
      // rows of loaded segments (or a failed statement) in the own transaction: start it again for the JavaScript path
      s.tc.bump();
      await con.run('ROLLBACK');
      s.tc.bump();
      await con.run('BEGIN TRANSACTION');
      s.tc.bump();
      await con.run(createStage);
    } else await loader.drop();
    // the failed file's rows before the failure first (a bad row there is reported, as when parsed on arrival)
    if (firstFailed !== undefined) return readFile(firstFailed, replay(spooled[firstFailed]!));
    await eachFile((k) => readFile(k, replay(spooled[k]!)));
  };

  try {
    await s.guard(sql, ctx, async () => {
      await s.beginIfNeeded();
      if (s.autocommit) {
        s.tc.bump();
        await con.run('BEGIN TRANSACTION');
        ownTx = true;
      }
      s.tc.bump();
      await con.run(createStage);
      try {
        if (fast) await viaDisk();
        else await eachFile((k) => readFile(k, receive(k)));
      } finally {
        await queue;
        try {
          s.tc.bump();
          await con.run(`DROP TABLE IF EXISTS temp.main."${stage}"`);
        } catch {
          /* the failed transaction is rolled back below, and the staging table with it */
        }
      }
      if (ownTx) {
        s.tc.bump();
        ownTx = false;
        await con.run('COMMIT');
      }
    });
    ok = true;
    return total;
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    if (ownTx) {
      try {
        s.tc.bump();
        await con.run('ROLLBACK');
      } catch {
        /* already rolled back */
      }
    }
    tunnels.forEach((t, k) => releaseTunnel(channels[k] ?? t, ok));
    if (!ok) for (const t of tunnels) t.destroy();
    // after the rollback: a cancelled statement's reply does not wait for this cleanup
    await removeSpool(spoolDir);
  }
}
