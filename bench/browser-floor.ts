/**
 * The floor in the browser: the page's own `WebSocket` + `JSON.parse`, one fetch in flight, touching
 * every value (./tally.ts); in compressed sessions every message after the login reply is zlib,
 * inflated with `DecompressionStream('deflate')` and deflated with `CompressionStream('deflate')`.
 * The replay server does not check passwords, so the floor sends a placeholder instead of an RSA
 * ciphertext (login is not timed). No Node imports: bundled into the browser page.
 */
import { Tally, type TallyResult } from './tally';

async function inflate(bytes: ArrayBuffer): Promise<string> {
  return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'))).text();
}

async function deflate(text: string): Promise<ArrayBuffer> {
  return new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('deflate'))).arrayBuffer();
}

/** Logs in, then measures `SELECT * FROM <table>` with fetches of `numBytes`; resolves with the time and the tally. */
export async function browserFloorQuery(url: string, table: string, numBytes: number, compression: boolean): Promise<{ ms: number; tally: TallyResult }> {
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  await new Promise<void>((resolve, reject) => {
    ws.onopen = () => resolve();
    ws.onerror = () => reject(new Error(`cannot open ${url}`));
  });
  let compressed = false;
  let pending: { resolve: (d: string | ArrayBuffer) => void; reject: (e: Error) => void } | undefined;
  ws.onmessage = (ev: MessageEvent<string | ArrayBuffer>) => {
    const p = pending;
    pending = undefined;
    p?.resolve(ev.data);
  };
  ws.onclose = () => pending?.reject(new Error('socket closed'));
  const requestText = async (req: object): Promise<string> => {
    const reply = new Promise<string | ArrayBuffer>((resolve, reject) => (pending = { resolve, reject }));
    const text = JSON.stringify(req);
    ws.send(compressed ? await deflate(text) : text);
    const data = await reply;
    return typeof data === 'string' ? data : inflate(data);
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const request = async (req: object): Promise<any> => {
    const r = JSON.parse(await requestText(req));
    if (r.status !== 'ok') throw new Error(`${r.exception?.sqlCode}: ${r.exception?.text}`);
    return r;
  };
  try {
    await request({ command: 'login', protocolVersion: 3 });
    await request({ username: 'sys', password: 'AAAA', useCompression: compression });
    compressed = compression;
    const t0 = performance.now();
    const tally = new Tally();
    const exec = await request({ command: 'execute', sqlText: `SELECT * FROM ${table}` });
    const rs = exec.responseData.results[0].resultSet;
    const total: number = rs.numRows;
    let pos: number = rs.numRowsInMessage;
    while (pos < total) {
      const reply = JSON.parse(await requestText({ command: 'fetch', resultSetHandle: rs.resultSetHandle, startPosition: pos, numBytes }));
      if (reply.status !== 'ok') throw new Error(`fetch failed: ${reply.exception?.text}`);
      const n: number = reply.responseData.numRows;
      if (n === 0) break;
      const [ids, names, amounts, stamps] = reply.responseData.data as unknown[][];
      for (let r = 0; r < n; r++) tally.row(ids![r], names![r], amounts![r], stamps![r]);
      pos += n;
    }
    await request({ command: 'closeResultSet', resultSetHandles: [rs.resultSetHandle] });
    const ms = performance.now() - t0;
    await request({ command: 'disconnect' }).catch(() => undefined);
    return { ms, tally: tally.result() };
  } finally {
    ws.close();
  }
}
