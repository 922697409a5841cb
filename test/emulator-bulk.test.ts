// Exasol's HTTP transport on the emulator: the raw tunnel handshake on the WebSocket port, then IMPORT/EXPORT
// statements over WebSocket with the CSV streamed over the tunnel. The client side is a small raw client written
// here (net socket + the 12-byte handshake + a hand-written HTTP server on the tunnel), as pyexasol does it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect as netConnect, type Socket } from 'node:net';
import { once } from 'node:events';
import { createHash, X509Certificate } from 'node:crypto';
import { TLSSocket } from 'node:tls';
import selfsigned from 'selfsigned';
import { gunzipSync, gzipSync } from 'node:zlib';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { WireClient } from './support/wire-client';

const HANDSHAKE = Buffer.from([0x02, 0x21, 0x21, 0x02, 1, 0, 0, 0, 1, 0, 0, 0]);

/** Buffered reading of a socket: exact byte counts, up to a separator, or to the end. */
class Reader {
  private buf = Buffer.alloc(0);
  private ended = false;
  private wake: (() => void) | undefined;
  constructor(readonly socket: Socket) {
    socket.on('data', (c: Buffer) => {
      this.buf = Buffer.concat([this.buf, c]);
      this.wake?.();
    });
    socket.on('close', () => {
      this.ended = true;
      this.wake?.();
    });
    socket.on('error', () => undefined);
    socket.resume();
  }
  private async more(): Promise<boolean> {
    if (this.ended) return false;
    await new Promise<void>((r) => {
      const t = setTimeout(r, 10_000);
      this.wake = () => {
        clearTimeout(t);
        r();
      };
    });
    return true;
  }
  async bytes(n: number): Promise<Buffer> {
    while (this.buf.length < n) if (!(await this.more())) throw new Error(`closed after ${this.buf.length} of ${n} bytes`);
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }
  async until(sep: string): Promise<string> {
    for (;;) {
      const i = this.buf.indexOf(sep);
      if (i >= 0) {
        const out = this.buf.subarray(0, i).toString('latin1');
        this.buf = this.buf.subarray(i + sep.length);
        return out;
      }
      if (!(await this.more())) throw new Error(`closed before ${JSON.stringify(sep)}`);
    }
  }
  /** Whether the peer closed the socket (waits up to 10 s). */
  async closed(): Promise<boolean> {
    while (!this.ended) if (!(await this.more())) break;
    return this.ended;
  }
}

interface Tunnel {
  socket: Socket;
  reader: Reader;
  /** `ip:port` from the handshake reply. */
  address: string;
  /** The whole 24-byte reply. */
  reply: Buffer;
}

/** Opens a tunnel: the handshake on a fresh connection; with `tls`, the tunnel becomes a TLS server socket (as pyexasol does). */
async function openTunnel(host: string, port: number, tls?: { key: string; cert: string }): Promise<Tunnel> {
  const raw = netConnect(port, host);
  await once(raw, 'connect');
  raw.write(HANDSHAKE);
  let reply = Buffer.alloc(0);
  while (reply.length < 24) {
    const [chunk] = (await once(raw, 'data')) as [Buffer];
    reply = Buffer.concat([reply, chunk]);
  }
  raw.pause();
  assert.equal(reply.length, 24);
  const socket = tls ? new TLSSocket(raw, { isServer: true, key: tls.key, cert: tls.cert }) : raw;
  const reader = new Reader(socket);
  const ip = reply.subarray(8, 24).toString('ascii').replace(/\0+$/, '');
  return { socket, reader, address: `${ip}:${reply.readInt32LE(4)}`, reply };
}

/** Serves one IMPORT request on a tunnel: checks the GET, answers 200 with the body in chunks. */
async function serveImport(t: Tunnel, file: string, body: Buffer, opts: { chunk?: number; failAfter?: number } = {}): Promise<string> {
  const head = await t.reader.until('\r\n\r\n');
  assert.match(head, new RegExp(`^GET /${file.replace('.', '\\.')} HTTP/1\\.1\r\n`));
  t.socket.write('HTTP/1.1 200 OK\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n');
  const size = opts.chunk ?? 65524;
  for (let p = 0; p < body.length; p += size) {
    if (opts.failAfter !== undefined && p >= opts.failAfter) {
      t.socket.destroy();
      return head;
    }
    const part = body.subarray(p, p + size);
    t.socket.write(part.length.toString(16).toUpperCase() + '\r\n');
    t.socket.write(part);
    t.socket.write('\r\n');
  }
  t.socket.end('0\r\n\r\n');
  return head;
}

/** Receives one EXPORT request on a tunnel: checks the PUT, reads the chunked body, answers 200. */
async function receiveExport(t: Tunnel, file: string, opts: { failAfter?: number } = {}): Promise<Buffer> {
  const head = await t.reader.until('\r\n\r\n');
  assert.match(head, new RegExp(`^PUT /${file.replace('.', '\\.')} HTTP/1\\.1\r\n`));
  assert.match(head, /\r\nTransfer-Encoding: chunked(\r\n|$)/i);
  const parts: Buffer[] = [];
  let got = 0;
  for (;;) {
    const size = parseInt(await t.reader.until('\r\n'), 16);
    if (size === 0) break;
    parts.push(await t.reader.bytes(size));
    got += size;
    await t.reader.bytes(2);
    if (opts.failAfter !== undefined && got >= opts.failAfter) {
      t.socket.end('HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\n\r\n');
      return Buffer.concat(parts);
    }
  }
  t.socket.end('HTTP/1.1 200 OK\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n');
  return Buffer.concat(parts);
}

let emu: RunningEmulator;
let c: WireClient;
before(async () => {
  emu = await startEmulator();
  c = await WireClient.connect(emu.url);
  await c.ok({ command: 'execute', sqlText: 'CREATE SCHEMA BULK' });
});
after(async () => {
  await c.close();
  await emu.close();
});

const exec = (sqlText: string) => c.request({ command: 'execute', sqlText });
const rows = async (sqlText: string): Promise<unknown[][]> => {
  const r = await c.ok({ command: 'execute', sqlText });
  const rs = r.responseData.results[0].resultSet;
  const data: unknown[][] = rs.data ?? [];
  return Array.from({ length: rs.numRows }, (_, i) => data.map((col) => col[i]));
};

test('the handshake: 24 bytes (0, internal port, NUL-padded IPv4) on the WebSocket port, which still serves WebSockets', async () => {
  const t = await openTunnel('127.0.0.1', emu.port);
  assert.equal(t.reply.length, 24);
  assert.equal(t.reply.readInt32LE(0), 0);
  const port = t.reply.readInt32LE(4);
  assert.ok(port > 0 && port < 65536);
  assert.match(t.address, /^127\.0\.0\.1:\d+$/);
  assert.equal(t.reply.subarray(8 + '127.0.0.1'.length, 24).every((b) => b === 0), true);
  const t2 = await openTunnel('127.0.0.1', emu.port);
  assert.notEqual(t2.address, t.address);
  // a WebSocket client on the same port at the same time
  const other = await WireClient.connect(emu.url);
  await other.close();
  t.socket.destroy();
  t2.socket.destroy();
});

test('a malformed handshake (magic, then wrong version words) is closed without a reply', async () => {
  const socket = netConnect(emu.port, '127.0.0.1');
  await once(socket, 'connect');
  const reader = new Reader(socket);
  socket.write(Buffer.from([0x02, 0x21, 0x21, 0x02, 9, 0, 0, 0, 1, 0, 0, 0]));
  assert.equal(await reader.closed(), true);
  await assert.rejects(reader.bytes(1));
});

test('EXPORT of a table: the CSV text of every type, NULL as an empty field, DELIMIT AUTO, WITH COLUMN NAMES', async () => {
  await c.ok({
    command: 'execute',
    sqlText:
      'CREATE TABLE BULK.TYPES (ID DECIMAL(18,0), D DECIMAL(36,10), BIG DECIMAL(36,0), F DOUBLE, B BOOLEAN, DT DATE, TS TIMESTAMP, ' +
      'V VARCHAR(100), CH CHAR(5), IYM INTERVAL YEAR TO MONTH, IDS INTERVAL DAY TO SECOND, H HASHTYPE(16 BYTE))',
  });
  await c.ok({
    command: 'execute',
    sqlText:
      "INSERT INTO BULK.TYPES VALUES (1, 12345678901234567890.0123456789, 123456789012345678901234567890123456, 0.1, TRUE, DATE '2024-02-29', " +
      "TIMESTAMP '2024-02-29 23:59:58.123456', 'a,b \"q\" 😀', 'ab', INTERVAL '5-3' YEAR TO MONTH, INTERVAL '2 03:04:05.678' DAY TO SECOND, '0123456789abcdef0123456789abcdef')",
  });
  await c.ok({
    command: 'execute',
    sqlText: "INSERT INTO BULK.TYPES VALUES (2, -0.5, -1, -1.5e-10, FALSE, DATE '0001-01-01', TIMESTAMP '1970-01-01 00:00:00', 'line1\nline2', NULL, NULL, NULL, NULL)",
  });
  await c.ok({ command: 'execute', sqlText: 'INSERT INTO BULK.TYPES (ID) VALUES (3)' });
  const t = await openTunnel('127.0.0.1', emu.port);
  const [r, body] = await Promise.all([
    exec(`EXPORT (SELECT * FROM BULK.TYPES ORDER BY ID) INTO CSV AT 'http://${t.address}' FILE '000.csv' WITH COLUMN NAMES`),
    receiveExport(t, '000.csv'),
  ]);
  assert.equal(r.status, 'ok', JSON.stringify(r));
  assert.deepEqual(r.responseData.results[0], { resultType: 'rowCount', rowCount: 3 });
  const lines = body.toString('utf8');
  assert.equal(
    lines,
    'ID,D,BIG,F,B,DT,TS,V,CH,IYM,IDS,H\n' +
      '1,12345678901234567890.0123456789,123456789012345678901234567890123456,0.1,1,2024-02-29,"2024-02-29 23:59:58.123000","a,b ""q"" 😀","ab   ",+05-03,"+02 03:04:05.678",0123456789abcdef0123456789abcdef\n' +
      '2,-0.5,-1,-1.5E-10,0,0001-01-01,"1970-01-01 00:00:00.000000","line1\nline2",,,,\n' +
      '3,,,,,,,,,,,\n',
  );
});

test('every type round-trips exactly: EXPORT to the client, IMPORT of the same bytes into a copy, equal JSON values', async () => {
  await c.ok({ command: 'execute', sqlText: 'CREATE TABLE BULK.TYPES2 AS SELECT * FROM BULK.TYPES WITH NO DATA' });
  const t1 = await openTunnel('127.0.0.1', emu.port);
  const [, csv] = await Promise.all([exec(`EXPORT BULK.TYPES INTO CSV AT 'http://${t1.address}' FILE '000.csv'`), receiveExport(t1, '000.csv')]);
  const t2 = await openTunnel('127.0.0.1', emu.port);
  const [r] = await Promise.all([exec(`IMPORT INTO BULK.TYPES2 FROM CSV AT 'http://${t2.address}' FILE '000.csv'`), serveImport(t2, '000.csv', csv, { chunk: 7 })]);
  assert.equal(r.status, 'ok', JSON.stringify(r));
  assert.equal(r.responseData.results[0].rowCount, 3);
  assert.deepEqual(await rows('SELECT * FROM BULK.TYPES2 ORDER BY ID'), await rows('SELECT * FROM BULK.TYPES ORDER BY ID'));
});

test('IMPORT: NULL vs empty: empty and "" are NULL, NULL = \'\\N\' applies to unquoted fields only; a column list', async () => {
  await c.ok({ command: 'execute', sqlText: 'CREATE TABLE BULK.NV (A DECIMAL(9,0), S VARCHAR(20), T VARCHAR(20))' });
  const t = await openTunnel('127.0.0.1', emu.port);
  const body = Buffer.from('1,,\\N\n2,"","\\N"\n3,x, y \n');
  const [r] = await Promise.all([exec(`IMPORT INTO BULK.NV (A, S, T) FROM CSV AT 'http://${t.address}' FILE '000.csv' NULL = '\\N'`), serveImport(t, '000.csv', body)]);
  assert.equal(r.status, 'ok', JSON.stringify(r));
  assert.deepEqual(await rows('SELECT A, S, T FROM BULK.NV ORDER BY A'), [
    [1, null, null],
    [2, null, '\\N'],
    [3, 'x', ' y '],
  ]);
});

test('IMPORT of CRLF data: ROW SEPARATOR = CRLF reads quoted line breaks; the default LF keeps \\r in the last column', async () => {
  await c.ok({ command: 'execute', sqlText: 'CREATE TABLE BULK.CR (A DECIMAL(9,0), S VARCHAR(20))' });
  const body = Buffer.from('1,"two\r\nlines"\r\n2,plain\r\n');
  const t = await openTunnel('127.0.0.1', emu.port);
  const [r] = await Promise.all([exec(`IMPORT INTO BULK.CR FROM CSV AT 'http://${t.address}' FILE '000.csv' ROW SEPARATOR = 'CRLF' SKIP = 0`), serveImport(t, '000.csv', body, { chunk: 3 })]);
  assert.equal(r.status, 'ok', JSON.stringify(r));
  assert.deepEqual(await rows('SELECT A, S FROM BULK.CR ORDER BY A'), [
    [1, 'two\r\nlines'],
    [2, 'plain'],
  ]);
  await c.ok({ command: 'execute', sqlText: 'TRUNCATE TABLE BULK.CR' });
  const t2 = await openTunnel('127.0.0.1', emu.port);
  const [r2] = await Promise.all([exec(`IMPORT INTO BULK.CR FROM CSV AT 'http://${t2.address}' FILE '000.csv'`), serveImport(t2, '000.csv', Buffer.from('1,a\r\n2,b\r\n'))]);
  assert.equal(r2.status, 'ok', JSON.stringify(r2));
  assert.deepEqual(await rows('SELECT A, S FROM BULK.CR ORDER BY A'), [
    [1, 'a\r'],
    [2, 'b\r'],
  ]);
});

test('gzip: EXPORT to a .gz file is one gzip member of the same CSV; IMPORT of a .gz file', async () => {
  const t1 = await openTunnel('127.0.0.1', emu.port);
  const [, plain] = await Promise.all([exec(`EXPORT BULK.TYPES INTO CSV AT 'http://${t1.address}' FILE '000.csv'`), receiveExport(t1, '000.csv')]);
  const t2 = await openTunnel('127.0.0.1', emu.port);
  const [r, gz] = await Promise.all([exec(`EXPORT BULK.TYPES INTO CSV AT 'http://${t2.address}' FILE '000.gz'`), receiveExport(t2, '000.gz')]);
  assert.equal(r.status, 'ok', JSON.stringify(r));
  assert.deepEqual(gunzipSync(gz), plain);
  await c.ok({ command: 'execute', sqlText: 'CREATE TABLE BULK.GZ (A DECIMAL(9,0), S VARCHAR(20))' });
  const t3 = await openTunnel('127.0.0.1', emu.port);
  const [r3] = await Promise.all([exec(`IMPORT INTO BULK.GZ FROM CSV AT 'http://${t3.address}' FILE '000.gz'`), serveImport(t3, '000.gz', gzipSync('1;x\n2;y\n'), { chunk: 5 })].map((p, i) => (i === 0 ? p : p)));
  assert.equal(r3.status, 'error');
  assert.match(r3.exception.text, /^ETL-6009: Number of columns in source \(=1\) and destination \(=2\)/);
  assert.equal(r3.exception.sqlCode, '42636');
  const t4 = await openTunnel('127.0.0.1', emu.port);
  const [r4] = await Promise.all([exec(`IMPORT INTO BULK.GZ FROM CSV AT 'http://${t4.address}' FILE '000.gz' COLUMN SEPARATOR = ';'`), serveImport(t4, '000.gz', gzipSync('1;x\n2;y\n'), { chunk: 5 })]);
  assert.equal(r4.status, 'ok', JSON.stringify(r4));
  assert.deepEqual(await rows('SELECT A, S FROM BULK.GZ ORDER BY A'), [
    [1, 'x'],
    [2, 'y'],
  ]);
});

test('IMPORT fails when the client drops the tunnel mid-transfer (ETL-5105) and leaves no row behind', async () => {
  await c.ok({ command: 'execute', sqlText: 'CREATE TABLE BULK.MID (A DECIMAL(9,0))' });
  const body = Buffer.from(Array.from({ length: 50_000 }, (_, i) => `${i}\n`).join(''));
  const t = await openTunnel('127.0.0.1', emu.port);
  const [r] = await Promise.all([exec(`IMPORT INTO BULK.MID FROM CSV AT 'http://${t.address}' FILE '000.csv'`), serveImport(t, '000.csv', body, { chunk: 4096, failAfter: 200_000 })]);
  assert.equal(r.status, 'error');
  assert.equal(r.exception.sqlCode, '42636');
  assert.match(r.exception.text, new RegExp(`^ETL-5105: Following error occured while reading data from external connection \\[http://${t.address}/000\\.csv failed after \\d+ bytes\\. .*\\],\\[56\\],\\[Failure when receiving data from the peer\\]\\] \\(Session: \\d+\\)$`));
  assert.deepEqual(await rows('SELECT COUNT(*) FROM BULK.MID'), [[0]]);
});

test('IMPORT fails on a bad row after many good ones (server side): error on the statement, tunnel closed, no row kept', async () => {
  const lines = Array.from({ length: 40_000 }, (_, i) => `${i}\n`);
  lines[35_000] = 'oops\n';
  const t = await openTunnel('127.0.0.1', emu.port);
  const served = serveImport(t, '000.csv', Buffer.from(lines.join('')), { chunk: 4096 }).catch((e: Error) => e);
  const r = await exec(`IMPORT INTO BULK.MID FROM CSV AT 'http://${t.address}' FILE '000.csv'`);
  await served;
  assert.equal(r.status, 'error');
  assert.equal(r.exception.sqlCode, '42636');
  assert.match(r.exception.text, /^ETL-3050: \[Column=0 Row=35000\] .*oops/);
  assert.equal(await t.reader.closed(), true);
  assert.deepEqual(await rows('SELECT COUNT(*) FROM BULK.MID'), [[0]]);
});

test('EXPORT fails when the client answers 500 mid-transfer (ETL-5106)', async () => {
  await c.ok({ command: 'execute', sqlText: "CREATE TABLE BULK.MANY AS SELECT CAST(range AS DECIMAL(18,0)) AS I, CAST('row ' || range AS VARCHAR(40)) AS S FROM range(100000)" });
  assert.deepEqual(await rows('SELECT COUNT(*) FROM BULK.MANY'), [[100000]]);
  const t = await openTunnel('127.0.0.1', emu.port);
  const [r] = await Promise.all([exec(`EXPORT BULK.MANY INTO CSV AT 'http://${t.address}' FILE '000.csv'`), receiveExport(t, '000.csv', { failAfter: 100_000 })]);
  assert.equal(r.status, 'error');
  assert.equal(r.exception.sqlCode, '42636');
  assert.match(r.exception.text, /^ETL-5106: Following error occured while writing data to external connection \[http:\/\/[\d.:]+\/000\.csv failed with error code=500 after \d+ bytes\.\]/);
});

test('an unknown tunnel address fails with ETL-5105 "Couldn\'t connect"; an unknown table fails before the tunnel is touched', async () => {
  const r = await exec("IMPORT INTO BULK.MID FROM CSV AT 'http://127.0.0.1:1' FILE '000.csv'");
  assert.equal(r.status, 'error');
  assert.match(r.exception.text, /^ETL-5105: .*\[Failed to connect to 127\.0\.0\.1 port 1: Connection refused\],\[7\],\[Couldn't connect to server\]\]/);
  const t = await openTunnel('127.0.0.1', emu.port);
  const r2 = await exec(`IMPORT INTO BULK.MISSING_TABLE FROM CSV AT 'http://${t.address}' FILE '000.csv'`);
  assert.equal(r2.status, 'error');
  assert.equal(r2.exception.sqlCode, '42000');
  assert.match(r2.exception.text, /object BULK\.MISSING_TABLE not found/);
  // the tunnel is still registered and serves the next statement
  const [r3] = await Promise.all([exec(`IMPORT INTO BULK.MID FROM CSV AT 'http://${t.address}' FILE '000.csv'`), serveImport(t, '000.csv', Buffer.from('7\n'))]);
  assert.equal(r3.status, 'ok', JSON.stringify(r3));
  assert.deepEqual(await rows('SELECT A FROM BULK.MID'), [[7]]);
});

test('file options: separators by name and hex, delimiter, ENCODING, TRIM, SKIP, comments; EXPORT with DELIMIT ALWAYS and CRLF', async () => {
  await c.ok({ command: 'execute', sqlText: 'CREATE TABLE BULK.OPTS (A DECIMAL(9,0), S VARCHAR(20))' });
  const body = Buffer.from("header line\n# a comment\n1\t'caf\xe9'\n2\t  x  \n", 'latin1');
  const t = await openTunnel('127.0.0.1', emu.port);
  const [r] = await Promise.all([
    exec(`IMPORT INTO BULK.OPTS FROM CSV AT 'http://${t.address}' FILE '000.csv' ENCODING = 'ISO-8859-1' COLUMN SEPARATOR = 'TAB' COLUMN DELIMITER = '''' SKIP = 1 TRIM;`),
    serveImport(t, '000.csv', body),
  ]);
  assert.equal(r.status, 'ok', JSON.stringify(r));
  assert.deepEqual(await rows('SELECT A, S FROM BULK.OPTS ORDER BY A'), [
    [1, 'café'],
    [2, 'x'],
  ]);
  const t2 = await openTunnel('127.0.0.1', emu.port);
  const [r2, out] = await Promise.all([
    exec(`EXPORT (SELECT A, S FROM BULK.OPTS ORDER BY A) INTO CSV AT 'http://${t2.address}' FILE '000.csv' DELIMIT=ALWAYS ROW SEPARATOR = 'CRLF' COLUMN SEPARATOR = '0x3B' ENCODING = 'WINDOWS-1252'`),
    receiveExport(t2, '000.csv'),
  ]);
  assert.equal(r2.status, 'ok', JSON.stringify(r2));
  assert.deepEqual(out, Buffer.from('"1";"caf\xe9"\r\n"2";"x"\r\n', 'latin1'));
});

test('3-node emulator: one tunnel per node, EXPORT deals the rows over the 3 files, IMPORT reads all 3 into one statement', async () => {
  const emu3 = await startEmulator({ nodes: 3 });
  try {
    const c3 = await WireClient.connect(emu3.url);
    try {
      const run = (sqlText: string) => c3.request({ command: 'execute', sqlText });
      await c3.ok({ command: 'execute', sqlText: 'CREATE SCHEMA P' });
      await c3.ok({ command: 'execute', sqlText: 'CREATE TABLE P.SRC AS SELECT CAST(range AS DECIMAL(18,0)) AS I FROM range(20000)' });
      await c3.ok({ command: 'execute', sqlText: 'CREATE TABLE P.DST (I DECIMAL(18,0))' });
      const nodes = emu3.urls.map((u) => new URL(u.replace(/^ws/, 'http')));
      const ts = await Promise.all(nodes.map((u) => openTunnel(u.hostname, Number(u.port))));
      assert.deepEqual(
        ts.map((t) => t.address.split(':')[0]),
        nodes.map((u) => u.hostname),
      );
      const ats = ts.map((t, k) => `AT 'http://${t.address}' FILE '00${k}.csv'`).join('\n');
      const [r, ...bodies] = await Promise.all([run(`EXPORT P.SRC INTO CSV ${ats}`), ...ts.map((t, k) => receiveExport(t, `00${k}.csv`))]);
      assert.equal(r.status, 'ok', JSON.stringify(r));
      assert.equal(r.responseData.results[0].rowCount, 20000);
      const values = bodies.flatMap((b) => b.toString().split('\n').filter((x) => x !== ''));
      assert.equal(bodies.filter((b) => b.length > 0).length, 3);
      assert.deepEqual(values.map(Number).sort((a, b) => a - b), Array.from({ length: 20000 }, (_, i) => i));
      const ts2 = await Promise.all(nodes.map((u) => openTunnel(u.hostname, Number(u.port))));
      const ats2 = ts2.map((t, k) => `AT 'http://${t.address}' FILE '00${k}.csv'`).join('\n');
      const [r2] = await Promise.all([run(`IMPORT INTO P.DST FROM CSV ${ats2}`), ...ts2.map((t, k) => serveImport(t, `00${k}.csv`, bodies[k]!, { chunk: 1000 }))]);
      assert.equal(r2.status, 'ok', JSON.stringify(r2));
      assert.equal(r2.responseData.results[0].rowCount, 20000);
      const sum = await c3.ok({ command: 'execute', sqlText: 'SELECT COUNT(DISTINCT I), MIN(I), MAX(I) FROM P.DST' });
      assert.deepEqual(
        sum.responseData.results[0].resultSet.data.map((col: unknown[]) => col[0]),
        [20000, 0, 19999],
      );
    } finally {
      await c3.close();
    }
  } finally {
    await emu3.close();
  }
});

test('https tunnels: the emulator is the TLS client; PUBLIC KEY pins the key (a wrong pin fails with ETL-5106)', async () => {
  const pems = await (selfsigned as unknown as { generate: (a: unknown[], o: unknown) => Promise<{ cert: string; private: string }> }).generate(
    [{ name: 'commonName', value: 'bulk-test' }],
    { keySize: 2048, algorithm: 'sha256' },
  );
  const cred = { key: pems.private, cert: pems.cert };
  const spki = new X509Certificate(pems.cert).publicKey.export({ type: 'spki', format: 'der' });
  const pin = 'sha256//' + createHash('sha256').update(spki).digest('base64');
  const t = await openTunnel('127.0.0.1', emu.port, cred);
  const [r, body] = await Promise.all([
    exec(`EXPORT (SELECT ID FROM BULK.TYPES ORDER BY ID) INTO CSV AT 'https://${t.address}' PUBLIC KEY '${pin}' FILE '000.csv'`),
    receiveExport(t, '000.csv'),
  ]);
  assert.equal(r.status, 'ok', JSON.stringify(r));
  assert.equal(body.toString(), '1\n2\n3\n');
  const t2 = await openTunnel('127.0.0.1', emu.port, cred);
  const [r2] = await Promise.all([
    exec(`IMPORT INTO BULK.MID FROM CSV AT 'https://${t2.address}' FILE '000.csv'`),
    serveImport(t2, '000.csv', Buffer.from('41\n42\n')),
  ]);
  assert.equal(r2.status, 'ok', JSON.stringify(r2));
  assert.equal(r2.responseData.results[0].rowCount, 2);
  const t3 = await openTunnel('127.0.0.1', emu.port, cred);
  const wrong = 'sha256//' + Buffer.alloc(32).toString('base64');
  const r3 = await exec(`EXPORT BULK.TYPES INTO CSV AT 'https://${t3.address}' PUBLIC KEY '${wrong}' FILE '000.csv'`);
  assert.equal(r3.status, 'error');
  assert.match(r3.exception.text, /^ETL-5106: .*failed after 0 bytes\. \[SSL: public key does not match pinned public key\],\[90\]/);
  assert.equal(await t3.reader.closed(), true);
});

test('round trip of the remaining types and hostile text (GEOMETRY, TIMESTAMP WITH LOCAL TIME ZONE, separators, quotes, #, spaces, CR/LF)', async () => {
  await c.ok({ command: 'execute', sqlText: 'CREATE TABLE BULK.MORE (ID DECIMAL(9,0), G GEOMETRY, TZ TIMESTAMP WITH LOCAL TIME ZONE, S VARCHAR(100), TINY DECIMAL(36,36), NEG DOUBLE)' });
  const texts = ['#hash', '  lead and trail  ', 'a,b', '"', '""', 'x\r\ny', 'cr\r', 'tab\there', "it's", '\\N'];
  for (let i = 0; i < texts.length; i++) {
    const s = texts[i]!.replace(/'/g, "''");
    await c.ok({
      command: 'execute',
      sqlText: `INSERT INTO BULK.MORE VALUES (${i}, 'POINT (${i} ${-i})', TIMESTAMP '2001-02-0${(i % 9) + 1} 0${i % 10}:00:00.00000${i}', '${s}', 0.${'0'.repeat(35)}${i}, ${-(i + 0.25) * 1e300})`,
    });
  }
  await c.ok({ command: 'execute', sqlText: 'CREATE TABLE BULK.MORE2 AS SELECT * FROM BULK.MORE WITH NO DATA' });
  const t1 = await openTunnel('127.0.0.1', emu.port);
  const [r1, csv] = await Promise.all([exec(`EXPORT BULK.MORE INTO CSV AT 'http://${t1.address}' FILE '000.csv' NULL = '\\N'`), receiveExport(t1, '000.csv')]);
  assert.equal(r1.status, 'ok', JSON.stringify(r1));
  const t2 = await openTunnel('127.0.0.1', emu.port);
  const [r2] = await Promise.all([exec(`IMPORT INTO BULK.MORE2 FROM CSV AT 'http://${t2.address}' FILE '000.csv' NULL = '\\N'`), serveImport(t2, '000.csv', csv, { chunk: 3 })]);
  assert.equal(r2.status, 'ok', JSON.stringify(r2));
  assert.equal(r2.responseData.results[0].rowCount, texts.length);
  const got = await rows('SELECT * FROM BULK.MORE2 ORDER BY ID');
  assert.deepEqual(got, await rows('SELECT * FROM BULK.MORE ORDER BY ID'));
  assert.deepEqual(
    got.map((r) => r[3]),
    texts,
  );
});

test('an empty IMPORT file is 0 rows; abortQuery during a transfer fails the statement with R0003 and closes the tunnel', async () => {
  const t = await openTunnel('127.0.0.1', emu.port);
  const [r] = await Promise.all([exec(`IMPORT INTO BULK.MID FROM CSV AT 'http://${t.address}' FILE '000.csv'`), serveImport(t, '000.csv', Buffer.alloc(0))]);
  assert.equal(r.status, 'ok', JSON.stringify(r));
  assert.equal(r.responseData.results[0].rowCount, 0);
  // an EXPORT the client never reads: the statement waits on the full tunnel until aborted
  const t2 = await openTunnel('127.0.0.1', emu.port);
  const pending = exec(`EXPORT BULK.MANY INTO CSV AT 'http://${t2.address}' FILE '000.csv'`);
  // the transfer has started once the request head arrived; then the client stops reading
  assert.match(await t2.reader.until('\r\n\r\n'), /^PUT \/000\.csv HTTP\/1\.1/);
  t2.socket.pause();
  c.send({ command: 'abortQuery' });
  const r2 = await pending;
  assert.equal(r2.status, 'error');
  assert.equal(r2.exception.sqlCode, 'R0003');
  t2.socket.resume();
  assert.equal(await t2.reader.closed(), true);
  // the session goes on
  assert.deepEqual(await rows('SELECT COUNT(*) FROM BULK.MANY'), [[100000]]);
});

test("a column selection after FILE: EXPORT writes the chosen columns in that order with FORMATs (TO_CHAR), IMPORT reads fields into the columns with FORMATs", async () => {
  await c.ok({ command: 'execute', sqlText: 'CREATE TABLE BULK.SEL (ID DECIMAL(9,0), NAME VARCHAR(20), DT DATE, SCORE DOUBLE)' });
  await c.ok({ command: 'execute', sqlText: "INSERT INTO BULK.SEL VALUES (1, 'a', DATE '2018-11-26', 9.16), (2, 'b', DATE '2019-01-02', NULL)" });
  const t1 = await openTunnel('127.0.0.1', emu.port);
  const [r1, csv] = await Promise.all([
    exec(`EXPORT (SELECT * FROM BULK.SEL ORDER BY ID) INTO CSV AT 'http://${t1.address}' FILE '000.csv'(1, 3 FORMAT='DD-MM-YYYY', 4 FORMAT='999.99999', 2)`),
    receiveExport(t1, '000.csv'),
  ]);
  assert.equal(r1.status, 'ok', JSON.stringify(r1));
  assert.equal(csv.toString(), '1,26-11-2018,"   9.16000",a\n2,02-01-2019,,b\n');
  await c.ok({ command: 'execute', sqlText: 'CREATE TABLE BULK.SEL2 AS SELECT * FROM BULK.SEL WITH NO DATA' });
  const t2 = await openTunnel('127.0.0.1', emu.port);
  const [r2] = await Promise.all([
    exec(`IMPORT INTO BULK.SEL2 FROM CSV AT 'http://${t2.address}' FILE '000.csv'(1, 4, 2 FORMAT='DD-MM-YYYY', 3 FORMAT='999.99999')`),
    serveImport(t2, '000.csv', csv),
  ]);
  assert.equal(r2.status, 'ok', JSON.stringify(r2));
  assert.deepEqual(await rows('SELECT * FROM BULK.SEL2 ORDER BY ID'), await rows('SELECT * FROM BULK.SEL ORDER BY ID'));
  // a field the file does not have, or a format the text does not fit: the statement fails, nothing imported
  const t3 = await openTunnel('127.0.0.1', emu.port);
  const [r3] = await Promise.all([
    exec(`IMPORT INTO BULK.SEL2 FROM CSV AT 'http://${t3.address}' FILE '000.csv'(1, 4, 2 FORMAT='YYYY-MM-DD', 3)`),
    serveImport(t3, '000.csv', csv).catch(() => ''),
  ]);
  assert.equal(r3.status, 'error');
  assert.equal(r3.exception.sqlCode, '42636');
  assert.match(r3.exception.text, /ETL-3050: \[Column=2 Row=0\]/);
});
