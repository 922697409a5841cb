/**
 * Benchmark case (a), the floor: the same execute/fetch/closeResultSet sequence as a real client,
 * over plain `ws` with `JSON.parse` of each fetch reply, touching one value per row. Anything a
 * real client does on top (typed decoding, row objects, Observables) shows up as the gap to this.
 */
import { openWsJsonSession } from './ws-json-client';

/** What one measured query returned. */
export interface QueryMeasurement {
  /** Rows consumed. */
  rows: number;
  /** Milliseconds from sending the query until the result was fully consumed and closed. */
  ms: number;
  /** A value derived from the rows, so the work cannot be optimized away; also a sanity check. */
  checksum: number;
}

/** Logs in, then measures `SELECT * FROM <table>` with fetches of `numBytes` (login is not timed). */
export async function floorQuery(url: string, table: string, numBytes: number): Promise<QueryMeasurement> {
  const s = await openWsJsonSession(url);
  try {
    const t0 = performance.now();
    const exec = await s.request({ command: 'execute', sqlText: `SELECT * FROM ${table}` });
    const rs = exec.responseData.results[0].resultSet;
    const total: number = rs.numRows;
    let pos: number = rs.numRowsInMessage;
    let checksum = 0;
    while (pos < total) {
      const text = await s.requestText({ command: 'fetch', resultSetHandle: rs.resultSetHandle, startPosition: pos, numBytes });
      const reply = JSON.parse(text);
      if (reply.status !== 'ok') throw new Error(`fetch failed: ${reply.exception?.text}`);
      const n: number = reply.responseData.numRows;
      if (n === 0) break;
      const ids = reply.responseData.data[0] as number[];
      for (let r = 0; r < n; r++) checksum = (checksum + (ids[r]! % 1000)) % 1_000_000_007;
      pos += n;
    }
    if (rs.resultSetHandle !== undefined) await s.request({ command: 'closeResultSet', resultSetHandles: [rs.resultSetHandle] });
    const ms = performance.now() - t0;
    return { rows: pos, ms, checksum };
  } finally {
    await s.close();
  }
}
