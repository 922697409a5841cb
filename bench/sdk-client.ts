/**
 * Benchmark case (b): this SDK, `session.query$(sql)` with typed decoding (DECIMAL(18,0) -> number/bigint,
 * DOUBLE -> number, strings and timestamps as strings), consuming every row object and touching its
 * ID, through the SDK's Node entry (src/node.ts).
 */
import { connect, DEFAULT_FETCH_SIZE, type ResultChunk } from '../src/node';
import type { QueryMeasurement } from './floor-client';

/** A session of the SDK. */
export type SdkSession = Awaited<ReturnType<typeof connect>>;
/** One chunk of a streamed result. */
export type SdkChunk = ResultChunk;

/** Fetch size (bytes) the benchmark gives the floor and the SDK: the SDK's own default. */
export const BENCH_FETCH_BYTES = DEFAULT_FETCH_SIZE;

/** Opens an SDK session to the replay server with fetches of `fetchBytes`. */
export async function sdkConnect(url: string, fetchBytes: number): Promise<SdkSession> {
  return connect({ url, user: 'sys', password: 'exasol', fetchSize: fetchBytes, connectTimeout: 10_000 });
}

/** Adds the last three digits of an ID (bigint or number) to a running checksum. */
export function addToChecksum(checksum: number, id: unknown): number {
  const part = typeof id === 'bigint' ? Number(id % 1000n) : typeof id === 'number' ? id % 1000 : 0;
  return (checksum + part) % 1_000_000_007;
}

/**
 * Streams `SELECT * FROM <table>` through `query$` and hands every chunk to `onChunk`; resolves with
 * the rows seen and the time from subscribe to complete. Rejects after `timeoutMs`.
 */
export function streamQuery(session: SdkSession, table: string, onChunk: (c: SdkChunk) => void, timeoutMs = 600_000): Promise<{ rows: number; ms: number }> {
  return new Promise((resolve, reject) => {
    let rows = 0;
    const t0 = performance.now();
    const timer = setTimeout(() => {
      sub.unsubscribe();
      reject(new Error(`query$ did not complete within ${timeoutMs} ms`));
    }, timeoutMs);
    const sub = session.query$(`SELECT * FROM ${table}`).subscribe({
      next: (c) => {
        rows += c.rows.length;
        onChunk(c);
      },
      error: (e) => {
        clearTimeout(timer);
        reject(e);
      },
      complete: () => {
        clearTimeout(timer);
        resolve({ rows, ms: performance.now() - t0 });
      },
    });
  });
}

/** Connects (not timed), then measures `SELECT * FROM <table>` through `query$`, touching every row's ID. */
export async function sdkQuery(url: string, table: string, fetchBytes: number): Promise<QueryMeasurement> {
  const session = await sdkConnect(url, fetchBytes);
  try {
    let checksum = 0;
    const r = await streamQuery(session, table, (c) => {
      for (const row of c.rows) checksum = addToChecksum(checksum, row.ID);
    });
    return { rows: r.rows, ms: r.ms, checksum };
  } finally {
    await session.close();
  }
}
