/**
 * EXPORT ... INTO CSV AT '<tunnel>' FILE '...': the query is read from DuckDB chunk by chunk, each chunk written
 * as CSV (gzip for `.gz` files, one member per file) in the chunked body of a `PUT /<file>` over the tunnel,
 * chunks dealt round-robin over the files. A one-file EXPORT whose columns all have an exact SQL form takes the
 * fast path instead (export-fast.ts, export-lines.ts: DuckDB writes the same CSV text with COPY). The statement
 * succeeds when every client answered 2xx (also an early 2xx, before the body ended: http-transport.md §3.3); it
 * reports the number of rows exported.
 */
import { once } from 'node:events';
import { PassThrough, type Duplex } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { DataType } from '../../../protocol';
import type { StatementContext } from '../contract';
import type { Session } from '../session';
import { checkEncoding, encoderFor as textEncoderFor } from './charset';
import { chunkToCsv, csvEncoderFor, headerLine, makeFieldWriter } from './csv-write';
import { exportFastPath, fastExportOptions, fastExportQuery } from './export-fast';
import { copyLines } from './export-lines';
import { withOneThread } from './copy-threads';
import type { EtlFile, ExportStatement } from './statement';
import { etlTransferError, openChannel, requestHead, TransferFailure, recvFailure, sendFailure } from './tunnel-http';
import { releaseTunnel, takeTunnels } from './tunnels';

/** Longest the emulator waits for the client's response after the body was sent, ms. */
export const EXPORT_RESPONSE_MS = 120_000;

const CRLF = Buffer.from('\r\n');
const LAST_CHUNK = Buffer.from('0\r\n\r\n');

/** Writes to the tunnel (several buffers in one go, not copied together), waiting for 'drain' when it is full; fails when it closes first. */
async function writeTo(channel: Duplex, ...bufs: Buffer[]): Promise<void> {
  if (channel.destroyed || channel.writableEnded) throw sendFailure();
  let room = true;
  channel.cork();
  for (const b of bufs) room = channel.write(b);
  channel.uncork();
  if (room) return;
  await new Promise<void>((resolve, reject) => {
    const done = (): void => {
      channel.off('drain', done);
      channel.off('close', closed);
      resolve();
    };
    const closed = (): void => {
      channel.off('drain', done);
      reject(sendFailure());
    };
    channel.once('drain', done);
    channel.once('close', closed);
  });
}

/** One file being written: a chunked PUT over one tunnel, with the client's answer watched all along. */
class ExportSink {
  /** Payload bytes (CSV or gzip) handed to the tunnel. */
  bytes = 0;
  /** The client answered 2xx. */
  accepted = false;
  private failure: TransferFailure | undefined;
  private readonly input = new PassThrough({ highWaterMark: 1 << 16 });
  private readonly piped: Promise<void>;
  private readonly answered: Promise<void>;
  private signalFailure: (() => void) | undefined;
  private readonly failed: Promise<void>;

  constructor(
    readonly file: EtlFile,
    private readonly channel: Duplex,
  ) {
    this.failed = new Promise<void>((r) => (this.signalFailure = r));
    const gz = /\.gz$/i.test(file.name);
    const source: AsyncIterable<Buffer> = gz ? this.input.pipe(createGzip()) : this.input;
    // framing and writing by hand: the tunnel must stay open for the answer, with backpressure from it
    this.piped = (async () => {
      await writeTo(channel, requestHead('PUT', file));
      for await (const b of source) {
        if (this.accepted || this.failure !== undefined) break;
        if (b.length === 0) continue;
        this.bytes += b.length;
        await writeTo(channel, Buffer.from(b.length.toString(16) + '\r\n', 'latin1'), b, CRLF);
      }
      if (!this.accepted && this.failure === undefined) await writeTo(channel, LAST_CHUNK);
    })().catch((e: Error) => {
      if (!this.accepted) this.fail(e instanceof TransferFailure ? e : sendFailure(e.message));
    });
    // the answer: a status line at any time (an early 2xx ends the transfer successfully)
    this.answered = new Promise<void>((resolve) => {
      let head = '';
      const onData = (c: Buffer): void => {
        head += c.toString('latin1');
        const nl = head.indexOf('\r\n');
        if (nl < 0 && head.length < 8192) return;
        channel.off('data', onData);
        const m = /^HTTP\/1\.[01] (\d{3})/.exec(head);
        if (m !== null && m[1]!.startsWith('2')) this.accepted = true;
        else this.fail(m === null ? new TransferFailure('Weird server reply', 8, 'Weird server reply') : new TransferFailure(m[1]!, 22, 'HTTP response code said error'));
        resolve();
      };
      channel.on('data', onData);
      channel.resume();
      channel.once('close', () => {
        if (!this.accepted) this.fail(recvFailure());
        resolve();
      });
      channel.on('error', () => undefined);
    });
  }

  private fail(f: TransferFailure): void {
    if (this.failure !== undefined || this.accepted) return;
    this.failure = f;
    this.signalFailure?.();
  }

  /** Throws the transfer error (ETL-5106) once the transfer failed. */
  check(): void {
    if (this.failure !== undefined && !this.accepted) throw etlTransferError('export', this.file, this.bytes, this.failure);
  }

  /** Writes payload bytes, waiting while the tunnel is full. */
  async write(b: Buffer): Promise<void> {
    this.check();
    if (this.accepted) return;
    if (!this.input.write(b)) await Promise.race([once(this.input, 'drain'), this.failed, this.answered]);
    this.check();
  }

  /** Ends the body and waits for the client's answer (bounded). */
  async end(): Promise<void> {
    this.input.end();
    await Promise.race([this.piped, this.failed]);
    this.check();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((r) => {
      timer = setTimeout(() => {
        this.fail(new TransferFailure(`no response within ${EXPORT_RESPONSE_MS} ms`, 28, 'Timeout was reached'));
        r();
      }, EXPORT_RESPONSE_MS);
    });
    try {
      await Promise.race([this.answered, this.failed, timeout]);
    } finally {
      clearTimeout(timer);
    }
    this.check();
  }

  /** Stops writing (statement failed elsewhere). */
  abort(): void {
    this.input.destroy();
  }
}

/** The fast path's query (export-fast.ts) for the DuckDB types of the query's columns, or undefined. */
async function fastQuery(s: Session, duckSql: string, types: DataType[], o: ExportStatement['options']): Promise<string | undefined> {
  if (!fastExportOptions(o)) return undefined;
  s.tc.bump();
  const probe = await s.tc.con.stream(`SELECT * FROM (${duckSql}) AS "__exa_export_types" LIMIT 0`);
  return fastExportQuery(duckSql, types, probe.columnTypes().map((t) => t.toString()), o, s.timeZone);
}

/** Runs an EXPORT statement; returns the number of rows exported. */
export async function runExport(s: Session, st: ExportStatement, sql: string, ctx: StatementContext): Promise<number> {
  const o = st.options;
  checkEncoding(o.encoding);
  // the query is checked (objects, columns) before any tunnel is touched
  const defs = await s.describe(st.query, sql, ctx);
  const duckSql = await s.typedSql(s.translate(st.query).sql, sql, ctx); // divisions typed as a SELECT types them
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
        return withOneThread(s.shared.instance, s.tc.con, () => copyLines(s.tc.con, fast, o, (b) => sinks[0]!.write(b)));
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
