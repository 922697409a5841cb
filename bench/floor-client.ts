/**
 * The floor: the same execute/fetch/closeResultSet sequence as a real client, over plain `ws` with
 * `JSON.parse` of each fetch reply (after node:zlib `inflateSync` in compressed sessions), one fetch
 * in flight, touching every value of every row (see ./tally.ts). Anything a real client does on top
 * (lossless numbers, typed decoding, row objects, Observables) shows up as the gap to this.
 */
import { openWsJsonSession } from './ws-json-client';
import { Tally, type TallyResult } from './tally';

/** What one measured query returned. */
export interface QueryMeasurement {
  /** Rows consumed. */
  rows: number;
  /** Milliseconds from sending the query until the result was fully consumed and closed. */
  ms: number;
  /** Sum of (ID mod 1000) mod 1e9+7 (the same as `tally.checksum`). */
  checksum: number;
  /** Digest of every value touched, to check the client against the reference. */
  tally: TallyResult;
}

/** Options of {@link floorQuery}. */
export interface FloorOptions {
  /** zlib-compressed session (default false). */
  compression?: boolean;
}

/** Logs in, then measures `SELECT * FROM <table>` with fetches of `numBytes` (login is not timed). */
export async function floorQuery(url: string, table: string, numBytes: number, options: FloorOptions = {}): Promise<QueryMeasurement> {
  const s = await openWsJsonSession(url, 'sys', 'exasol', 10_000, { compression: options.compression === true });
  try {
    const t0 = performance.now();
    const tally = new Tally();
    const exec = await s.request({ command: 'execute', sqlText: `SELECT * FROM ${table}` });
    const rs = exec.responseData.results[0].resultSet;
    const total: number = rs.numRows;
    let pos: number = rs.numRowsInMessage;
    while (pos < total) {
      const text = await s.requestText({ command: 'fetch', resultSetHandle: rs.resultSetHandle, startPosition: pos, numBytes });
      const reply = JSON.parse(text);
      if (reply.status !== 'ok') throw new Error(`fetch failed: ${reply.exception?.text}`);
      const n: number = reply.responseData.numRows;
      if (n === 0) break;
      const [ids, names, amounts, stamps] = reply.responseData.data as unknown[][];
      for (let r = 0; r < n; r++) tally.row(ids![r], names![r], amounts![r], stamps![r]);
      pos += n;
    }
    if (rs.resultSetHandle !== undefined) await s.request({ command: 'closeResultSet', resultSetHandles: [rs.resultSetHandle] });
    const ms = performance.now() - t0;
    const result = tally.result();
    return { rows: pos, ms, checksum: result.checksum, tally: result };
  } finally {
    await s.close();
  }
}
