// exasol-ws/bulk on a 3-node emulator (one tunnel per node from getHosts, 3 streams in parallel) and over TLS
// (https tunnels with the key pinned by PUBLIC KEY, the session's certificate fingerprint pinned; a man in the
// middle with another key and a wrong session pin refused).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect as netConnect, createServer, type Server, type Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { ConnectionError, connect, SqlError, type Session } from '../src/node';
import { BulkError, bulkExport, bulkImport, exportRows, type CsvRow } from '../src/bulk/index';
import { adHocCredentials } from '../src/bulk/certificate';
import { assertNoLeakedSockets, sink, tcpSockets } from './support/bulk-helpers';

let emu3: RunningEmulator;
let tlsEmu: RunningEmulator;
const statements: string[] = [];
const logger = {
  debug: (_m: string, f?: Record<string, unknown>) => void (typeof f?.['db.query.text'] === 'string' && statements.push(f['db.query.text'] as string)),
  info() {},
  warn() {},
  error() {},
};

before(async () => {
  emu3 = await startEmulator({ nodes: 3 });
  tlsEmu = await startEmulator({ tls: true, maxProtocolVersion: 5 }); // advertises 8.32.0: PUBLIC KEY is sent
});
after(async () => {
  await emu3.close();
  await tlsEmu.close();
});

const open = (e: RunningEmulator): Promise<Session<'array'>> =>
  connect({ url: e.url, user: 'sys', password: 'exasol', rowMode: 'array', logStatements: true, logLevel: 'debug', logger, ...(e.fingerprint ? { tls: { fingerprint: e.fingerprint } } : {}) } as never);

test('3 parallel streams on a 3-node emulator: one tunnel per node, rows in, rows / CSV out, multi-line CSV text in; exact multisets', async () => {
  const s = await open(emu3);
  try {
    const base = tcpSockets();
    await s.execute('CREATE SCHEMA P');
    await s.execute('CREATE TABLE P.T (ID DECIMAL(18,0), V VARCHAR(40))');
    const N = 30_000;
    async function* rows() {
      for (let i = 0; i < N; i++) yield [9007199254740993n + BigInt(i), i % 7 === 0 ? `multi\nline ${i}, "q"` : `v${i}`];
    }
    const r = await bulkImport(s, 'P.T', rows(), { streams: 3 });
    assert.deepEqual([r.rows, r.streams], [N, 3]);
    const imp = statements.find((x) => x.startsWith('IMPORT INTO "P"."T"'))!;
    const ats = [...imp.matchAll(/^AT 'http:\/\/([\d.]+):\d+' FILE '(\d{3})\.csv'$/gm)].map((m) => [m[1], m[2]]);
    assert.deepEqual(ats, [['127.0.0.1', '000'], ['127.0.0.2', '001'], ['127.0.0.3', '002']]);
    assert.deepEqual((await s.query('SELECT COUNT(*), COUNT(DISTINCT ID), MIN(ID), MAX(ID) FROM P.T')).rows, [[N, N, 9007199254740993n, 9007199254740993n + BigInt(N - 1)]]);

    // rows out over 3 tunnels: the same multiset as the table
    const out: CsvRow[] = [];
    for await (const row of exportRows(s, 'P.T', { streams: 3 })) out.push(row);
    assert.equal(out.length, N);
    const expected = Array.from({ length: N }, (_, i) => `${9007199254740993n + BigInt(i)}|${i % 7 === 0 ? `multi\nline ${i}, "q"` : `v${i}`}`);
    assert.deepEqual(out.map((x) => x.join('|')).sort(), [...expected].sort());

    // CSV out over 3 tunnels into one Writable: whole rows only (never interleaved mid-row), then back in as CSV text over 3 tunnels
    const k = sink();
    const e = await bulkExport(s, 'P.T', k.w, { streams: 3, gzip: true });
    assert.deepEqual([e.rows, e.streams], [N, 3]);
    await s.execute('CREATE TABLE P.T2 (ID DECIMAL(18,0), V VARCHAR(40))');
    const text = k.bytes();
    const pieces = Array.from({ length: Math.ceil(text.length / 1000) }, (_, i) => text.subarray(i * 1000, (i + 1) * 1000));
    const r2 = await bulkImport(s, 'P.T2', pieces, { streams: 3 });
    assert.equal(r2.rows, N);
    assert.equal(r2.streams, 3);
    assert.deepEqual((await s.query('SELECT * FROM P.T2 ORDER BY ID')).rows, (await s.query('SELECT * FROM P.T ORDER BY ID')).rows);
    // fewer rows than streams: only the tunnels that get data are named
    await s.execute('CREATE TABLE P.T3 (ID DECIMAL(18,0), V VARCHAR(40))');
    const small = await bulkImport(s, 'P.T3', [[1, 'a']], { streams: 3 });
    assert.deepEqual([small.rows, small.streams], [1, 1]);
    await assertNoLeakedSockets(base);
  } finally {
    await s.close();
  }
});

test('TLS: https tunnels with PUBLIC KEY (server 8.32) on a session with a pinned certificate; import and export round trip', async () => {
  const s = await open(tlsEmu);
  const base = tcpSockets();
  try {
    await s.execute('CREATE SCHEMA TL');
    await s.execute('CREATE TABLE TL.T (ID DECIMAL(36,0), V VARCHAR(40), TS TIMESTAMP(6))');
    const rows = [[123456789012345678901234567890n, 'a "b", c\nd', '2024-01-02 03:04:05.123456'], [2, null, null]];
    assert.equal((await bulkImport(s, 'TL.T', rows, { gzip: true })).rows, 2);
    const imp = statements.find((x) => x.startsWith('IMPORT INTO "TL"."T"'))!;
    assert.match(imp, /^AT 'https:\/\/127\.0\.0\.1:\d+' PUBLIC KEY 'sha256\/\/[A-Za-z0-9+/]{43}=' FILE '000\.gz'$/m);
    const out: CsvRow[] = [];
    for await (const r of exportRows(s, { query: 'SELECT * FROM TL.T ORDER BY ID' })) out.push(r);
    assert.deepEqual(out, [['2', null, null], ['123456789012345678901234567890', 'a "b", c\nd', '2024-01-02 03:04:05.123456']]);
    // tls: false on a wss session: plain tunnels (the database accepts them, as Exasol does)
    const k = sink();
    assert.equal((await bulkExport(s, 'TL.T', k.w, { tls: false })).rows, 2);
    assert.ok(statements.some((x) => x.startsWith('EXPORT "TL"."T"') && /AT 'http:\/\//.test(x) && !x.includes('PUBLIC KEY')));
    assert.equal(k.text().split('\n').length, 4); // one value holds a line break
    await assertNoLeakedSockets(base);
  } finally {
    await s.close();
  }
});

test('TLS pins: a man in the middle of the tunnel with another key is refused by the database (PUBLIC KEY mismatch); a wrong session pin opens nothing', async () => {
  const s = await open(tlsEmu);
  const mitmCreds = await adHocCredentials();
  const held: Socket[] = [];
  // the proxy passes the handshake through, then answers the database's TLS itself with its own key
  const mitm: Server = createServer((client) => {
    held.push(client);
    client.on('error', () => undefined);
    const up = netConnect(tlsEmu.port, '127.0.0.1');
    held.push(up);
    up.on('error', () => undefined);
    client.once('data', (hs: Buffer) => up.write(hs));
    up.once('data', (reply: Buffer) => {
      client.write(reply);
      up.pause();
      const fake = new TLSSocket(up, { isServer: true, key: mitmCreds.key, cert: mitmCreds.cert });
      fake.on('error', () => undefined);
    });
  });
  await new Promise<void>((r) => mitm.listen(0, '127.0.0.1', r));
  try {
    await s.execute('CREATE SCHEMA MI');
    await s.execute('CREATE TABLE MI.T (ID DECIMAL(9,0))');
    const e = await bulkImport(s, 'MI.T', [[1], [2]], { hosts: [`127.0.0.1:${(mitm.address() as { port: number }).port}`], timeout: 5000 }).then(
      () => assert.fail('resolved'),
      (x: unknown) => x,
    );
    assert.ok(e instanceof BulkError, String(e));
    assert.equal(e.side, 'sql');
    assert.ok(e.sqlError instanceof SqlError);
    assert.match(e.sqlError.message, /ETL-5105: .*public key does not match pinned public key/);
    assert.deepEqual((await s.query('SELECT COUNT(*) FROM MI.T')).rows, [[0]]);
  } finally {
    for (const x of held) x.destroy();
    await new Promise((r) => mitm.close(r));
    await s.close();
  }
  const base = tcpSockets();
  const wrongPin = tlsEmu.fingerprint!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
  await assert.rejects(connect({ url: tlsEmu.url, user: 'sys', password: 'exasol', tls: { fingerprint: wrongPin } }), (x: unknown) => x instanceof ConnectionError);
  await assertNoLeakedSockets(base);
});
