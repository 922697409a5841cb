// The table of hostile bulk cases (test/sdk-bulk-hostile.test.ts): for each one the tunnel endpoint's
// script (handshake, HTTP exchange, lies, stalls, floods, broken framing), how the statement ends on
// the SQL side, and the outcome the SDK must report.
import { gzipSync } from 'node:zlib';
import type { CsvFormat } from '../../src/bulk/index';
import type { SqlSide } from './hostile-bulk-sql';
import { chunk, getHead, handshakeReply, LAST, putHead, type TunnelPeer } from './hostile-tunnel';

/** The call a case makes: bulkImport of `source`, bulkExport into a sink, or exportRows. */
export type Op = 'import' | 'export' | 'rows';

/** What a case expects. */
export type Expect =
  | { ok: true; rows?: unknown[][]; bytes?: string; sent?: string }
  | {
      ok?: false;
      /** `BulkError.side`. */
      side: 'sql' | 'transfer';
      /** The class name of `transferError` (TimeoutError, TransferError, ProtocolError, ConnectionError), or undefined when none. */
      transfer?: string;
      /** Its message. */
      message?: RegExp;
      /** The class name of `sqlError` when one must be there. */
      sql?: string;
      /** `e.bytes` must stay below this, and the process grow by less than 150 MiB (no unbounded buffering). */
      maxBytes?: number;
    };

/** One hostile case. */
export interface BulkCase {
  name: string;
  op: Op;
  gzip?: boolean;
  /** The CSV dialect. */
  format?: CsvFormat;
  /** Encrypted tunnels (`tls: true`). */
  tls?: boolean;
  /** The bulk `timeout`, ms (default 400). */
  timeout?: number;
  /** Tunnels (default 1), all to the hostile endpoint. */
  streams?: number;
  /** IMPORT source: two rows (default) or endless rows. */
  endless?: boolean;
  /** The database's side of the tunnel. */
  tunnel(peer: TunnelPeer, sql: SqlSide): Promise<void>;
  expect: Expect;
}

const H = handshakeReply();
const ROWS = '1,a\n2,b\n';
const ok2 = { rows: 2 } as const;
const etl = { sqlCode: '42636', text: "ETL-5105: Following error occured while reading data from external connection [http://10.0.0.5:40000/000.csv failed after 0 bytes. [Failure when receiving data from the peer]]" };

/** A well-behaved export up to the body, then `body` (raw bytes after the head) and the statement's answer. */
function exportWith(headers: string, body: (string | Buffer)[], answer: 'ok' | 'none' = 'ok', file?: string) {
  return async (p: TunnelPeer, sql: SqlSide) => {
    await p.send(H);
    await p.send(putHead(file ?? `${String(p.index).padStart(3, '0')}.csv`, headers));
    for (const b of body) await p.send(b);
    if (answer === 'ok') {
      await p.waitFor('\r\n\r\n', 2000);
      sql.answer(ok2);
    }
  };
}

const BOMB = gzipSync(Buffer.alloc(100 << 20, 'x'));
const stall = () => new Promise<void>(() => undefined);
const chunked = 'Transfer-Encoding: chunked';

/** The cases. */
export const bulkCases: BulkCase[] = [
  // --- well-behaved baselines: the kit itself works
  { name: 'baseline export, chunked', op: 'export', tunnel: exportWith(chunked, [chunk(ROWS), LAST]), expect: { ok: true, bytes: ROWS } },
  { name: 'baseline export rows, Content-Length', op: 'rows', tunnel: exportWith('Content-Length: 8', [ROWS]), expect: { ok: true, rows: [['1', 'a'], ['2', 'b']] } },
  {
    name: 'baseline import',
    op: 'import',
    tunnel: async (p, sql) => {
      await p.send(H);
      await p.send(getHead());
      if (await p.waitFor('\r\n0\r\n\r\n')) sql.answer(ok2);
    },
    expect: { ok: true, sent: `HTTP/1.1 200 OK\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n${ROWS}\r\n0\r\n\r\n` },
  },
  { name: 'handshake reply with other bytes 0-3 (ignored by every client, http-transport.md §1.2)', op: 'export', tunnel: exportWith(chunked, [chunk(ROWS), LAST]), expect: { ok: true, bytes: ROWS } },

  // --- the handshake reply
  { name: 'reply is HTTP text, not a handshake reply', op: 'export', tunnel: async (p) => void (await p.send('HTTP/1.1 400 Bad Request\r\n\r\n')), expect: { side: 'transfer', transfer: 'ProtocolError', message: /names no IPv4 address/ } },
  { name: 'truncated reply, then close', op: 'import', tunnel: async (p) => (await p.send(H.subarray(0, 10)), p.end()), expect: { side: 'transfer', transfer: 'ConnectionError', message: /after 10 of 24 bytes/ } },
  { name: 'truncated reply, then stall', op: 'export', tunnel: async (p) => (await p.send(H.subarray(0, 20)), stall()), expect: { side: 'transfer', transfer: 'TimeoutError' } },
  { name: 'reply with extra bytes after the 24', op: 'export', tunnel: async (p) => (await p.send(Buffer.concat([H, Buffer.from('\x07garbage\r\n\r\n')])), stall()), expect: { side: 'transfer', transfer: 'TransferError', message: /malformed request line/ } },
  { name: 'reply with port 0', op: 'import', tunnel: async (p) => void (await p.send(handshakeReply('10.0.0.5', 0))), expect: { side: 'transfer', transfer: 'ProtocolError' } },
  { name: 'reply with port 70000', op: 'import', tunnel: async (p) => void (await p.send(handshakeReply('10.0.0.5', 70000))), expect: { side: 'transfer', transfer: 'ProtocolError' } },
  { name: 'reply with port -1', op: 'import', tunnel: async (p) => void (await p.send(handshakeReply('10.0.0.5', -1))), expect: { side: 'transfer', transfer: 'ProtocolError' } },
  { name: 'reply with address 999.1.2.3', op: 'import', tunnel: async (p) => void (await p.send(handshakeReply('999.1.2.3'))), expect: { side: 'transfer', transfer: 'ProtocolError' } },
  { name: "reply with an address holding a quote (no SQL injection)", op: 'import', tunnel: async (p) => void (await p.send(handshakeReply("1.2.3.4'--"))), expect: { side: 'transfer', transfer: 'ProtocolError' } },
  { name: 'reply with no address (all NUL)', op: 'import', tunnel: async (p) => void (await p.send(handshakeReply(''))), expect: { side: 'transfer', transfer: 'ProtocolError' } },

  { name: 'tls: plain HTTP where the TLS handshake is due', op: 'export', tls: true, tunnel: exportWith(chunked, [chunk(ROWS), LAST], 'none'), expect: { side: 'transfer', transfer: 'TransferError' } },
  { name: 'tls: closes where the TLS handshake is due', op: 'import', tls: true, tunnel: async (p) => (await p.send(H), p.end()), expect: { side: 'transfer', transfer: 'TransferError', message: /closed the tunnel/ } },
  { name: 'tls: stalls where the TLS handshake is due', op: 'import', tls: true, tunnel: async (p) => (await p.send(H), stall()), expect: { side: 'transfer', transfer: 'TimeoutError' } },

  // --- the tunnel closes or stalls after the handshake
  { name: 'closes right after the handshake', op: 'export', tunnel: async (p) => (await p.send(H), p.end()), expect: { side: 'transfer', transfer: 'TransferError', message: /closed the tunnel before it sent its request/ } },
  {
    name: 'one tunnel closes right after the handshake while the other is still opening',
    op: 'import',
    streams: 2,
    timeout: 2000,
    tunnel: async (p) => {
      if (p.index === 0) return void (await p.send(H), p.end());
      await new Promise((r) => setTimeout(r, 200));
      await p.send(H);
      await stall();
    },
    expect: { side: 'transfer', transfer: 'TransferError', message: /closed the tunnel/ },
  },
  { name: 'stalls right after the handshake', op: 'import', tunnel: async (p) => (await p.send(H), stall()), expect: { side: 'transfer', transfer: 'TimeoutError', message: /no progress/ } },
  { name: 'closes mid request head', op: 'export', tunnel: async (p) => (await p.send(H), await p.send('PUT /000.csv HTTP/1.1\r\nHo'), p.end()), expect: { side: 'transfer', transfer: 'TransferError' } },
  { name: 'resets mid request head', op: 'import', tunnel: async (p) => (await p.send(H), await p.send('GET /000.csv HTTP/1.1\r\nHo'), p.reset()), expect: { side: 'transfer', transfer: 'TransferError' } },
  { name: 'stalls mid request head', op: 'export', tunnel: async (p) => (await p.send(H), await p.send('PUT /000.csv HTTP/1.1\r\nHo'), stall()), expect: { side: 'transfer', transfer: 'TimeoutError' } },
  { name: 'closes mid body (chunked)', op: 'export', tunnel: async (p) => (await exportWith(chunked, [chunk(ROWS), '8\r\n1,'], 'none')(p, {} as SqlSide), p.end()), expect: { side: 'transfer', transfer: 'TransferError', message: /before the end of the body/ } },
  { name: 'resets mid body (chunked)', op: 'rows', tunnel: async (p) => (await exportWith(chunked, [chunk(ROWS), '8\r\n1,'], 'none')(p, {} as SqlSide), p.reset()), expect: { side: 'transfer', transfer: 'TransferError' } },
  { name: 'stalls mid body', op: 'export', tunnel: async (p) => (await exportWith(chunked, [chunk(ROWS), '8\r\n1,'], 'none')(p, {} as SqlSide), stall()), expect: { side: 'transfer', transfer: 'TimeoutError' } },

  // --- EXPORT: the request head
  { name: 'malformed request line', op: 'export', tunnel: async (p) => (await p.send(H), await p.send('PUT /000.csv HTTP/2\r\n\r\n'), stall()), expect: { side: 'transfer', transfer: 'TransferError', message: /malformed request line/ } },
  { name: 'an HTTP status line in place of the request', op: 'import', tunnel: async (p) => (await p.send(H), await p.send('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n'), stall()), expect: { side: 'transfer', transfer: 'TransferError', message: /malformed request line/ } },
  { name: 'GET where a PUT is due', op: 'export', tunnel: async (p) => (await p.send(H), await p.send(getHead()), stall()), expect: { side: 'transfer', transfer: 'TransferError', message: /requested GET/ } },
  { name: 'PUT of another file', op: 'export', tunnel: exportWith(chunked, [chunk(ROWS), LAST], 'none', '001.csv'), expect: { side: 'transfer', transfer: 'TransferError', message: /expected PUT \/000\.csv/ } },
  { name: 'a header line without a colon (Transfer-Encoding lost)', op: 'export', tunnel: async (p, sql) => (await exportWith('Transfer-Encoding chunked', [chunk(ROWS), LAST], 'none')(p, sql), p.end(), sql.answer(ok2)), expect: { side: 'transfer', transfer: 'TransferError', message: /header/ } },
  { name: 'Transfer-Encoding: gzip, chunked (a coding this side does not undo)', op: 'export', tunnel: exportWith('Transfer-Encoding: gzip, chunked', [chunk(gzipSync(ROWS)), LAST]), expect: { side: 'transfer', transfer: 'TransferError', message: /Transfer-Encoding/ } },
  { name: 'two different Content-Length headers', op: 'export', tunnel: exportWith('Content-Length: 4\r\nContent-Length: 8', [ROWS]), expect: { side: 'transfer', transfer: 'TransferError', message: /Content-Length/ } },
  { name: 'endless request head', op: 'export', tunnel: async (p) => (await p.send(H), await p.send('PUT /000.csv HTTP/1.1\r\nX: '), void (await p.flood(Buffer.alloc(16384, 'a'), 8 << 20))), expect: { side: 'transfer', transfer: 'TransferError', message: /request head exceeds/ } },

  // --- EXPORT: the body's framing
  { name: 'bad chunk size', op: 'export', tunnel: exportWith(chunked, ['zz\r\n'], 'none'), expect: { side: 'transfer', transfer: 'TransferError', message: /bad chunk size/ } },
  { name: 'chunk size of 13 hex digits', op: 'export', tunnel: exportWith(chunked, ['fffffffffffff\r\n'], 'none'), expect: { side: 'transfer', transfer: 'TransferError', message: /bad chunk size/ } },
  { name: 'huge chunk size, a few bytes, then close', op: 'export', tunnel: async (p, sql) => (await exportWith(chunked, ['ffffffffffff\r\n1,a\n'], 'none')(p, sql), p.end()), expect: { side: 'transfer', transfer: 'TransferError', message: /before the end of the body/ } },
  { name: 'endless chunk size line', op: 'export', tunnel: async (p) => (await exportWith(chunked, [], 'none')(p, {} as SqlSide), void (await p.flood(Buffer.alloc(4096, '0'), 8 << 20))), expect: { side: 'transfer', transfer: 'TransferError', message: /over-long chunk line/ } },
  { name: 'chunk without its CRLF', op: 'export', tunnel: exportWith(chunked, ['8\r\n1,a\n2,b\nXX4\r\n'], 'none'), expect: { side: 'transfer', transfer: 'TransferError', message: /without its CRLF/ } },
  { name: 'data after the last chunk', op: 'export', tunnel: exportWith(chunked, [Buffer.concat([chunk(ROWS), Buffer.from(LAST + '3,c\n')])]), expect: { side: 'transfer', transfer: 'TransferError', message: /after the/ } },
  { name: 'endless trailer', op: 'export', tunnel: async (p) => (await exportWith(chunked, [chunk(ROWS), '0\r\n'], 'none')(p, {} as SqlSide), void (await p.flood(Buffer.from('X-T: y\r\n'.repeat(512)), 16 << 20))), expect: { side: 'transfer', transfer: 'TransferError', message: /trailer/ } },
  { name: 'Content-Length shorter than the body', op: 'export', tunnel: exportWith('Content-Length: 4', [ROWS]), expect: { side: 'transfer', transfer: 'TransferError', message: /Content-Length/ } },
  { name: 'Content-Length longer than the body, then close', op: 'export', tunnel: async (p, sql) => (await exportWith('Content-Length: 1000', [ROWS], 'none')(p, sql), p.end()), expect: { side: 'transfer', transfer: 'TransferError', message: /before the end of the body/ } },
  { name: 'Content-Length longer than the body, then stall', op: 'rows', tunnel: async (p, sql) => (await exportWith('Content-Length: 1000', [ROWS], 'none')(p, sql), stall()), expect: { side: 'transfer', transfer: 'TimeoutError' } },
  { name: 'Content-Length in hex (0x8)', op: 'export', tunnel: exportWith('Content-Length: 0x8', [ROWS], 'none'), expect: { side: 'transfer', transfer: 'TransferError', message: /bad Content-Length/ } },
  { name: 'Content-Length in exponent form (8e0)', op: 'rows', tunnel: exportWith('Content-Length: 8e0', [ROWS], 'none'), expect: { side: 'transfer', transfer: 'TransferError', message: /bad Content-Length/ } },
  { name: 'Content-Length not a number', op: 'export', tunnel: exportWith('Content-Length: 12abc', [ROWS], 'none'), expect: { side: 'transfer', transfer: 'TransferError', message: /bad Content-Length/ } },

  // --- EXPORT: the content
  { name: 'one endless CSV row (memory bounded)', op: 'rows', timeout: 3000, tunnel: async (p) => (await exportWith('', [], 'none')(p, {} as SqlSide), void (await p.flood(Buffer.alloc(1 << 20, 'x'), 200 << 20))), expect: { side: 'transfer', transfer: 'TransferError', message: /is longer than 33554432 characters/, maxBytes: 48 << 20 } },
  { name: 'one endless quoted field (memory bounded)', op: 'rows', timeout: 3000, tunnel: async (p) => (await exportWith('', ['1,"'], 'none')(p, {} as SqlSide), void (await p.flood(Buffer.alloc(1 << 20, 'y'), 200 << 20))), expect: { side: 'transfer', transfer: 'TransferError', message: /is longer than 33554432 characters/, maxBytes: 48 << 20 } },
  { name: 'one endless CSV row into a byte target over two tunnels (memory bounded)', op: 'export', streams: 2, timeout: 3000, tunnel: async (p) => (await exportWith('', [], 'none')(p, {} as SqlSide), void (await p.flood(Buffer.alloc(1 << 20, 'x'), 200 << 20))), expect: { side: 'transfer', transfer: 'TransferError', message: /is longer than 33554432 bytes/, maxBytes: 48 << 20 } },
  { name: 'invalid UTF-8 in a row', op: 'rows', tunnel: exportWith(chunked, [chunk(Buffer.from([0x31, 0x2c, 0xc3, 0x28, 0x0a])), LAST]), expect: { side: 'transfer', transfer: 'TransferError', message: /UTF-8/ } },
  { name: 'gzip: not a gzip stream', op: 'export', gzip: true, tunnel: exportWith(chunked, [chunk(ROWS), LAST], 'ok', '000.gz'), expect: { side: 'transfer', transfer: 'TransferError', message: /gzip/ } },
  { name: 'gzip: a cut gzip stream', op: 'rows', gzip: true, tunnel: exportWith(chunked, [chunk(gzipSync(ROWS).subarray(0, 15)), LAST], 'ok', '000.gz'), expect: { side: 'transfer', transfer: 'TransferError', message: /gzip/ } },
  { name: 'gzip bomb: one endless row, 100 MiB from 100 KiB (memory bounded)', op: 'rows', gzip: true, timeout: 3000, tunnel: exportWith(chunked, [chunk(BOMB), LAST], 'none', '000.gz'), expect: { side: 'transfer', transfer: 'TransferError', message: /is longer than 33554432 characters/, maxBytes: 48 << 20 } },
  { name: "a chunk border inside a several-character separator after a quoted field (valid)", op: 'rows', format: { columnSeparator: '||' }, tunnel: async (p, sql) => (await exportWith(chunked, [chunk('1||"a"|'), chunk('|b\n'), LAST], 'none')(p, sql), void ((await p.waitFor('\r\n\r\n')) && sql.answer({ rows: 1 }))), expect: { ok: true, rows: [['1', 'a', 'b']] } },
  { name: 'CSV row with a wrong column count', op: 'rows', tunnel: exportWith(chunked, [chunk('1,a\n2\n3,c,d\n'), LAST]), expect: { side: 'transfer', transfer: 'TransferError', message: /fields/ } },
  { name: 'CSV with an unterminated quote', op: 'rows', tunnel: exportWith(chunked, [chunk('1,a\n2,"b\n'), LAST]), expect: { side: 'transfer', transfer: 'TransferError', message: /unterminated quoted field/ } },
  { name: 'the statement reports more rows than were sent', op: 'rows', tunnel: async (p, sql) => (await exportWith(chunked, [chunk(ROWS), LAST], 'none')(p, sql), void ((await p.waitFor('\r\n\r\n')) && sql.answer({ rows: 3 }))), expect: { side: 'transfer', transfer: 'TransferError', message: /3 rows/ } },

  { name: 'close-delimited body cut inside a row (rows)', op: 'rows', tunnel: async (p, sql) => (await exportWith('', ['1,a\n2,'], 'none')(p, sql), p.end(), sql.answer(ok2)), expect: { side: 'transfer', transfer: 'TransferError', message: /ended inside a row/ } },
  { name: 'close-delimited body cut inside a row (bytes)', op: 'export', tunnel: async (p, sql) => (await exportWith('', ['1,a\n2,'], 'none')(p, sql), p.end(), sql.answer(ok2)), expect: { side: 'transfer', transfer: 'TransferError', message: /ended inside a row/ } },
  { name: 'Content-Length body ending inside a row', op: 'rows', tunnel: exportWith('Content-Length: 6', ['1,a\n2,']), expect: { side: 'transfer', transfer: 'TransferError', message: /ended inside a row/ } },
  { name: 'close-delimited body, complete', op: 'rows', tunnel: async (p, sql) => (await exportWith('', [ROWS], 'none')(p, sql), p.end(), sql.answer(ok2)), expect: { ok: true, rows: [['1', 'a'], ['2', 'b']] } },

  // --- IMPORT
  { name: 'PUT where a GET is due', op: 'import', tunnel: async (p) => (await p.send(H), await p.send(putHead()), stall()), expect: { side: 'transfer', transfer: 'TransferError', message: /requested PUT/ } },
  {
    name: 'the database resets while the SDK writes',
    op: 'import',
    endless: true,
    tunnel: async (p) => (await p.send(H), await p.send(getHead()), await p.waitFor('\r\n\r\n'), p.reset()),
    expect: { side: 'transfer', transfer: 'TransferError' },
  },
  {
    name: 'the database closes while the SDK writes',
    op: 'import',
    endless: true,
    tunnel: async (p) => (await p.send(H), await p.send(getHead()), await p.waitFor('\r\n\r\n'), p.end()),
    expect: { side: 'transfer', transfer: 'TransferError' },
  },
  {
    name: 'the database never reads (backpressure: bounded, then timeout)',
    op: 'import',
    endless: true,
    tunnel: async (p) => (await p.send(H), await p.send(getHead()), p.stopReading(), stall()),
    expect: { side: 'transfer', transfer: 'TimeoutError', maxBytes: 64 << 20 },
  },

  // --- the SQL side and the tunnel
  {
    name: 'the statement fails while the tunnel is fine (mid body)',
    op: 'export',
    tunnel: async (p, sql) => (await exportWith(chunked, [chunk(ROWS)], 'none')(p, sql), sql.answer(etl), stall()),
    expect: { side: 'sql', sql: 'SqlError', transfer: undefined },
  },
  {
    name: 'the statement fails before the tunnel is asked',
    op: 'import',
    tunnel: async (p, sql) => (await p.send(H), sql.answer(etl), stall()),
    expect: { side: 'sql', sql: 'SqlError', transfer: undefined },
  },
  {
    name: 'the tunnel breaks while the statement succeeds',
    op: 'export',
    tunnel: async (p, sql) => (await exportWith(chunked, ['zz\r\n'], 'none')(p, sql), sql.answer(ok2)),
    expect: { side: 'transfer', transfer: 'TransferError', message: /bad chunk size/ },
  },
  {
    name: 'the tunnel breaks and then the statement fails: one error with both causes',
    op: 'import',
    endless: true,
    tunnel: async (p, sql) => (await p.send(H), await p.send(getHead()), await p.waitFor('\r\n\r\n'), p.reset(), void setTimeout(() => sql.answer(etl), 50)),
    expect: { side: 'sql', sql: 'SqlError', transfer: 'TransferError' },
  },
  { name: 'the export is complete but the statement never answers', op: 'export', tunnel: exportWith(chunked, [chunk(ROWS), LAST], 'none'), expect: { side: 'transfer', transfer: 'TimeoutError', message: /did not finish within 400 ms after the last byte/ } },
  {
    name: 'the import is complete but the statement never answers',
    op: 'import',
    tunnel: async (p) => (await p.send(H), await p.send(getHead()), await p.waitFor('\r\n0\r\n\r\n'), stall()),
    expect: { side: 'transfer', transfer: 'TimeoutError', message: /did not finish within 400 ms after the last byte/ },
  },
  {
    name: 'the statement succeeds but the tunnel was never used',
    op: 'export',
    tunnel: async (p, sql) => (await p.send(H), sql.answer(ok2), stall()),
    expect: { side: 'transfer', transfer: 'TimeoutError', message: /no progress from the database/ },
  },
];

// bytes 0-3 of the handshake reply are ignored: the baseline with other bytes there
bulkCases[3]!.tunnel = async (p, sql) => {
  const reply = handshakeReply('10.0.0.5', 40000, 0x7fffffff);
  await exportWith(chunked, [chunk(ROWS), LAST])({ ...p, send: (b) => p.send(b === H ? reply : b) }, sql);
};
