/**
 * One file of an EXPORT being written: the chunked body of a `PUT /<file>` over its tunnel, with the client's
 * answer watched all along (an early 2xx ends the transfer successfully: http-transport.md §3.3). A plain file's
 * chunks are framed and written straight to the tunnel, each write settled by the tunnel's own callback (so the
 * caller may reuse its buffer, and a full tunnel holds the writer back); a `.gz` file goes through gzip (one
 * member per file).
 */
import { once } from 'node:events';
import { PassThrough, type Duplex } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { EtlFile } from './statement';
import { etlTransferError, requestHead, TransferFailure, recvFailure, sendFailure } from './tunnel-http';

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

/** Writes buffers to the tunnel in one go; settles when the tunnel is done with the last of them (its write callback). */
function writeSettled(channel: Duplex, bufs: Buffer[]): Promise<void> {
  if (channel.destroyed || channel.writableEnded) return Promise.reject(sendFailure());
  return new Promise<void>((resolve, reject) => {
    channel.cork();
    for (let i = 0; i < bufs.length - 1; i++) channel.write(bufs[i]!);
    channel.write(bufs[bufs.length - 1]!, (e) => (e ? reject(sendFailure(e.message)) : resolve()));
    channel.uncork();
  });
}

/** One file being written: a chunked PUT over one tunnel, with the client's answer watched all along. */
export class ExportSink {
  /** Payload bytes (CSV or gzip) handed to the tunnel. */
  bytes = 0;
  /** The client answered 2xx. */
  accepted = false;
  private failure: TransferFailure | undefined;
  /** The gzip input (`.gz` files only). */
  private readonly input: PassThrough | undefined;
  /** `.gz`: the pump from gzip to the tunnel; plain: the request head's write. */
  private readonly piped: Promise<void>;
  private readonly answered: Promise<void>;
  private signalFailure: (() => void) | undefined;
  private readonly failed: Promise<void>;

  constructor(
    readonly file: EtlFile,
    private readonly channel: Duplex,
  ) {
    this.failed = new Promise<void>((r) => (this.signalFailure = r));
    const onError = (e: Error): void => {
      if (!this.accepted) this.fail(e instanceof TransferFailure ? e : sendFailure(e.message));
    };
    if (/\.gz$/i.test(file.name)) {
      const input = new PassThrough({ highWaterMark: 1 << 16 });
      this.input = input;
      const source: AsyncIterable<Buffer> = input.pipe(createGzip());
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
      })().catch(onError);
    } else {
      this.piped = writeTo(channel, requestHead('PUT', file)).catch(onError);
    }
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

  /** A plain file's raw write, settled when the tunnel is done with `bufs` (or the transfer ended otherwise). */
  private async send(bufs: Buffer[]): Promise<void> {
    await Promise.race([this.piped, this.failed]);
    if (this.accepted || this.failure !== undefined) return;
    const written = writeSettled(this.channel, bufs).catch((e: unknown) => {
      if (!this.accepted) this.fail(e instanceof TransferFailure ? e : sendFailure(String(e)));
    });
    await Promise.race([written, this.failed, this.answered]);
  }

  /**
   * Writes payload bytes, waiting while the tunnel is full. `reused`: the caller reuses `b` once this resolved
   * (a plain file's tunnel is done with it by then; the gzip input gets a copy).
   */
  async write(b: Buffer, reused = false): Promise<void> {
    this.check();
    if (this.accepted || b.length === 0) return;
    if (this.input !== undefined) {
      // the gzip input keeps its buffers until they are compressed
      if (!this.input.write(reused ? Buffer.from(b) : b)) await Promise.race([once(this.input, 'drain'), this.failed, this.answered]);
    } else {
      this.bytes += b.length;
      await this.send([Buffer.from(b.length.toString(16) + '\r\n', 'latin1'), b, CRLF]);
    }
    this.check();
  }

  /** Ends the body and waits for the client's answer (bounded). */
  async end(): Promise<void> {
    if (this.input !== undefined) {
      this.input.end();
      await Promise.race([this.piped, this.failed]);
    } else await this.send([LAST_CHUNK]);
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
    this.input?.destroy();
  }
}
