/**
 * EXPORT ... INTO CSV AT '<tunnel>' FILE '...': the query is read from DuckDB chunk by chunk, each chunk written
 * as CSV (gzip for `.gz` files, one member per file) in the chunked body of a `PUT /<file>` over the tunnel,
 * chunks dealt round-robin over the files. A one-file EXPORT whose columns all have an exact SQL form takes the
 * fast path instead (export-fast.ts, export-lines.ts: DuckDB writes the same CSV text with COPY). The statement
 * succeeds when every client answered 2xx (also an early 2xx, before the body ended: http-transport.md §3.3); it
 * reports the number of rows exported.
 */
import type { Duplex } from 'node:stream';
import type { DataType } from '../../../protocol';
import { SqlCode } from '../../../protocol';
import { EngineError, type StatementContext } from '../contract';
import { quoteString } from '../lexer';
import type { Session } from '../session';
import { checkEncoding, encoderFor as textEncoderFor } from './charset';
import { chunkToCsv, csvEncoderFor, headerLine, makeFieldWriter } from './csv-write';
import { exportFastPath, fastExportOptions, fastExportQuery } from './export-fast';
import { copyLines } from './export-lines';
import { withOneThread } from './copy-threads';
import type { EtlFile, ExportStatement } from './statement';
import { ExportSink } from './export-sink';
import { etlTransferError, openChannel, TransferFailure } from './tunnel-http';
import { releaseTunnel, takeTunnels } from './tunnels';

/** The fast path's query (export-fast.ts) for the DuckDB types of the query's columns, or undefined. */
async function fastQuery(s: Session, duckSql: string, types: DataType[], o: ExportStatement['options']): Promise<string | undefined> {
  if (!fastExportOptions(o)) return undefined;
  s.tc.bump();
  const probe = await s.tc.con.stream(`SELECT * FROM (${duckSql}) AS "__exa_export_types" LIMIT 0`);
  return fastExportQuery(duckSql, types, probe.columnTypes().map((t) => t.toString()), o, s.timeZone);
}

/**
 * The query of an EXPORT with a column selection (`FILE '...' (1, 3 FORMAT='DD-MM-YYYY', 4..6)`): the selected columns
 * of the statement's query in the order given, a FORMAT applied with TO_CHAR; names kept.
 */
async function selectFields(s: Session, st: ExportStatement, sql: string, ctx: StatementContext): Promise<string> {
  const defs = await s.describe(st.query, sql, ctx);
  const q = (name: string): string => '"' + name.replace(/"/g, '""') + '"';
  const items = st.fieldSpec!.map((f) => {
    const d = defs[f.index - 1];
    if (d === undefined) throw new EngineError(SqlCode.syntaxOrAccess, `column selection names column ${f.index}, the exported query has ${defs.length} columns`);
    return f.format === undefined ? q(d.name) : `TO_CHAR(${q(d.name)}, ${quoteString(f.format)}) AS ${q(d.name)}`;
  });
  return `SELECT ${items.join(', ')} FROM (${st.query}) AS "__exa_fields"`;
}

/** Runs an EXPORT statement; returns the number of rows exported. */
export async function runExport(s: Session, st: ExportStatement, sql: string, ctx: StatementContext): Promise<number> {
  const o = st.options;
  checkEncoding(o.encoding);
  // the query is checked (objects, columns) before any tunnel is touched
  const query = st.fieldSpec === undefined ? st.query : await selectFields(s, st, sql, ctx);
  const defs = await s.describe(query, sql, ctx);
  const duckSql = await s.typedSql(s.translate(query).sql, sql, ctx); // divisions typed as a SELECT types them
  const encode = textEncoderFor(o.encoding);
  const encoders = defs.map((d) => csvEncoderFor(d.type, s.timeZone));
  const field = makeFieldWriter(o);
  const tunnels = takeTunnels(st.files, ctx, 'export');
  const sinks: ExportSink[] = [];
  const channels: (Duplex | undefined)[] = st.files.map(() => undefined);
  const onAbort = (): void => {
    for (const t of tunnels) t.destroy();
  };
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  let ok = false;
  try {
    for (let k = 0; k < st.files.length; k++) {
      let channel: Duplex;
      try {
        channel = await openChannel(st.files[k]!, tunnels[k]!);
        channels[k] = channel;
      } catch (e) {
        if (e instanceof TransferFailure) throw etlTransferError('export', st.files[k]!, 0, e);
        throw e;
      }
      sinks.push(new ExportSink(st.files[k]!, channel));
    }
    if (o.withColumnNames) {
      const header = encode(headerLine(defs.map((d) => d.name), o));
      for (const sink of sinks) await sink.write(header);
    }
    const rows = await s.guard(sql, ctx, async () => {
      await s.beginIfNeeded(true);
      // one file only: several files are dealt DuckDB's chunks, which only a streamed query shows (and reading
      // its lines row by row in JavaScript costs about what the JavaScript formatting does)
      const fast = exportFastPath.enabled && sinks.length === 1 ? await fastQuery(s, duckSql, defs.map((d) => d.type), o) : undefined;
      if (fast !== undefined) {
        exportFastPath.exports++;
        s.tc.bump();
        return withOneThread(s.shared.instance, s.tc.con, () => copyLines(s.tc.con, fast, o, (b) => sinks[0]!.write(b, true)));
      }
      s.tc.bump();
      const result = await s.tc.con.stream(duckSql);
      let n = 0;
      let k = 0;
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        n += chunk.rowCount;
        const sink = sinks[k++ % sinks.length]!;
        await sink.write(encode(chunkToCsv(chunk, encoders, o, field)));
      }
      return n;
    });
    await Promise.all(sinks.map((sink) => sink.end()));
    ok = true;
    return rows;
  } catch (e) {
    for (const sink of sinks) sink.abort();
    throw e;
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    tunnels.forEach((t, k) => releaseTunnel(channels[k] ?? t, ok));
    if (!ok) for (const t of tunnels) t.destroy();
  }
}
