/**
 * Writing the lines of the fast EXPORT query (export-fast.ts) to the tunnel in bounded JavaScript memory: DuckDB's
 * COPY writes the CSV to a temp file with its own threads while the file is read behind it and sent on (so
 * formatting and sending overlap, and no value passes through JavaScript). Two read buffers take turns: one is read
 * into while the other is being sent, so reading and sending overlap too and nothing is allocated per read (fresh
 * buffers per read, 100+ MB for a large export, made V8 run full collections for "external memory pressure"
 * again and again). The temp directory is removed in every case (also after an error or an abort; a COPY still
 * running is interrupted and awaited first).
 */
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { copyStatement } from './export-fast';
import type { CsvOptions } from './statement';

/** Bytes read from the temp file at a time. */
const READ_BYTES = 256 * 1024;
/** Waits between looks at a temp file that has not grown while COPY is still running: from 1 ms, doubled up to 32 ms (a long sort writes nothing for a while). */
const POLL_MIN_MS = 1;
const POLL_MAX_MS = 32;

let dirCounter = 0;

/** The outcome of the COPY statement, watched while it runs. */
class Copy {
  settled = false;
  error: unknown;
  rows = 0;
  readonly done: Promise<void>;

  constructor(run: Promise<{ rowsChanged: number | bigint }>) {
    this.done = run.then(
      (r) => {
        this.rows = Number(r.rowsChanged);
        this.settled = true;
      },
      (e: unknown) => {
        this.error = e;
        this.settled = true;
      },
    );
  }
}

/**
 * Runs COPY of `query` to a temp file and hands the file's bytes to `write` as they are written (one file);
 * returns the number of rows. `write` applies backpressure and must be done with its buffer when it resolves
 * (the buffer is read into again); a failing `write` interrupts the COPY.
 */
export async function copyLines(con: DuckDBConnection, query: string, o: CsvOptions, write: (b: Buffer) => Promise<void>): Promise<number> {
  const dir = await fs.mkdtemp(join(tmpdir(), `exa-export-${process.pid}-${++dirCounter}-`));
  const path = join(dir, 'out.csv');
  let copy: Copy | undefined;
  let fh: fs.FileHandle | undefined;
  try {
    copy = new Copy(con.run(copyStatement(query, path, o)));
    let pause = POLL_MIN_MS;
    const wait = async (): Promise<void> => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([copy!.done, new Promise<void>((r) => (timer = setTimeout(r, pause)))]);
      clearTimeout(timer);
      pause = Math.min(pause * 2, POLL_MAX_MS);
    };
    // DuckDB creates the file when COPY starts
    while (fh === undefined) {
      const finished = copy.settled;
      try {
        fh = await fs.open(path, 'r');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        if (finished) {
          if (copy.error !== undefined) throw copy.error;
          return copy.rows;
        }
        await wait();
      }
    }
    const bufs = [Buffer.allocUnsafe(READ_BYTES), Buffer.allocUnsafe(READ_BYTES)];
    let turn = 0;
    // the write of the other buffer, under way while this one is read into
    let sending: Promise<void> | undefined;
    try {
      for (;;) {
        // the state before the read: a COPY that had finished then has nothing left to write after it
        const finished = copy.settled;
        const buf = bufs[turn]!;
        const { bytesRead } = await fh.read(buf, 0, READ_BYTES, null);
        if (bytesRead > 0) {
          pause = POLL_MIN_MS;
          await sending;
          sending = write(buf.subarray(0, bytesRead));
          // a failure is thrown by the await above (next turn) or below; not unhandled meanwhile
          sending.catch(() => undefined);
          turn ^= 1;
          continue;
        }
        if (finished) break;
        await wait();
      }
    } finally {
      // the buffers are not given back while a write may still hold one
      await sending?.catch(() => undefined);
    }
    await sending;
    if (copy.error !== undefined) throw copy.error;
    return copy.rows;
  } finally {
    await fh?.close().catch(() => undefined);
    if (copy !== undefined && !copy.settled) {
      con.interrupt();
      await copy.done;
    }
    await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}
