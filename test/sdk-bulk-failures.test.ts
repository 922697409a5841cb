// exasol-ws/bulk when things go wrong, against the emulator over real sockets: a source that fails mid-transfer, a
// server-side conversion error mid-transfer, a failing target, a missing table, cancel with an AbortSignal and by
// leaving the row loop, a tunnel endpoint that never answers (bounded by `timeout`), and no socket left open.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { AbortError, connect, SqlError, TimeoutError, type Session } from '../src/node';
import { BulkError, bulkExport, bulkImport, exportRows } from '../src/bulk/index';
import { assertNoLeakedSockets, tcpSockets } from './support/bulk-helpers';

let emu: RunningEmulator;
let s: Session<'array'>;
before(async () => {
  emu = await startEmulator();
  s = await connect({ url: emu.url, user: 'sys', password: 'exasol', rowMode: 'array' });
  await s.execute('CREATE SCHEMA BF');
  await s.execute('CREATE TABLE BF.T (ID DECIMAL(18,0), V VARCHAR(40))');
  await s.execute("CREATE TABLE BF.SRC AS SELECT CAST(range AS DECIMAL(18,0)) AS ID, CAST('row ' || range AS VARCHAR(40)) AS V FROM range(200000)");
});
after(async () => {
  await s.close();
  await emu.close();
});

const count = async (t: string) => (await s.query(`SELECT COUNT(*) FROM ${t}`)).rows[0]![0];

test('a source that throws mid-transfer: BulkError (transfer side first) with the source error itself and the statement error; no row kept', async () => {
  const base = tcpSockets();
  const boom = new Error('source broke at row 30000');
  async function* rows() {
    for (let i = 0; i < 50_000; i++) {
      if (i === 30_000) throw boom;
      yield [i, `v${i}`];
    }
  }
  const e = await bulkImport(s, 'BF.T', rows()).then(
    () => assert.fail('resolved'),
    (x: unknown) => x,
  );
  assert.ok(e instanceof BulkError, String(e));
  assert.equal(e.side, 'transfer');
  assert.equal(e.direction, 'import');
  assert.equal(e.transferError, boom);
  assert.equal(e.cause, boom);
  assert.ok(e.sqlError instanceof SqlError || e.sqlError instanceof AbortError, String(e.sqlError));
  if (e.sqlError instanceof SqlError) assert.match(e.sqlError.message, /ETL-5105/);
  assert.ok(e.bytes > 0);
  assert.match(e.message, /source broke at row 30000/);
  assert.equal(await count('BF.T'), 0);
  await assertNoLeakedSockets(base);
});

test('a bad value far into the data (server side): BulkError (SQL side first) with the conversion error; tunnel closed; no row kept', async () => {
  const base = tcpSockets();
  async function* rows() {
    for (let i = 0; i < 60_000; i++) yield [i === 45_000 ? 'oops' : i, `v${i}`];
  }
  const e = await bulkImport(s, 'BF.T', rows()).then(
    () => assert.fail('resolved'),
    (x: unknown) => x,
  );
  assert.ok(e instanceof BulkError, String(e));
  assert.equal(e.side, 'sql');
  assert.ok(e.sqlError instanceof SqlError);
  assert.equal(e.sqlCode, '42636');
  assert.match(e.sqlError.message, /ETL-3050: \[Column=0 Row=45000\].*oops/);
  assert.equal(e.cause, e.sqlError);
  assert.equal(await count('BF.T'), 0);
  await assertNoLeakedSockets(base);
});

test('EXPORT into a Writable that fails mid-way: BulkError with the Writable\'s error; a missing table: BulkError with the SqlError', async () => {
  const base = tcpSockets();
  const broken = new Error('disk full');
  let got = 0;
  const w = new Writable({
    write(c: Buffer, _e, cb) {
      got += c.length;
      cb(got > 200_000 ? broken : null);
    },
  });
  w.on('error', () => undefined);
  const e = await bulkExport(s, 'BF.SRC', w).then(
    () => assert.fail('resolved'),
    (x: unknown) => x,
  );
  assert.ok(e instanceof BulkError, String(e));
  assert.equal(e.side, 'transfer');
  assert.equal(e.transferError, broken);
  const e2 = await bulkExport(s, 'BF.MISSING', new Writable({ write: (_c, _e, cb) => cb() })).then(
    () => assert.fail('resolved'),
    (x: unknown) => x,
  );
  assert.ok(e2 instanceof BulkError);
  assert.equal(e2.side, 'sql');
  assert.equal(e2.sqlCode, '42000');
  assert.match(e2.message, /object BF\.MISSING not found/);
  assert.equal(e2.transferError, undefined);
  await assertNoLeakedSockets(base);
  assert.deepEqual((await s.query('SELECT 1')).rows, [[1]]);
});

test('cancel with an AbortSignal mid-import: AbortError, statement aborted, tunnel closed, no row kept, session usable', async () => {
  const base = tcpSockets();
  const ac = new AbortController();
  async function* rows() {
    for (let i = 0; ; i++) {
      if (i === 20_000) setTimeout(() => ac.abort(), 20);
      if (i % 1000 === 0) await new Promise((r) => setImmediate(r));
      yield [i, 'x'];
    }
  }
  await assert.rejects(bulkImport(s, 'BF.T', rows(), { signal: ac.signal }), (e: unknown) => e instanceof AbortError);
  await assertNoLeakedSockets(base);
  assert.equal(await count('BF.T'), 0);
  // an already aborted signal: nothing is opened
  await assert.rejects(bulkImport(s, 'BF.T', [[1, 'a']], { signal: AbortSignal.abort() }), (e: unknown) => e instanceof AbortError);
  await assertNoLeakedSockets(base);
});

test('cancel an export: AbortSignal mid-transfer, and leaving the row loop early; the session goes on', async () => {
  const base = tcpSockets();
  const ac = new AbortController();
  let n = 0;
  const slow = new Writable({
    highWaterMark: 1024,
    write(_c, _e, cb) {
      if (++n === 3) ac.abort();
      setTimeout(cb, 5);
    },
  });
  await assert.rejects(bulkExport(s, 'BF.SRC', slow, { signal: ac.signal }), (e: unknown) => e instanceof AbortError);
  await assertNoLeakedSockets(base);
  let seen = 0;
  for await (const row of exportRows(s, { query: 'SELECT * FROM BF.SRC ORDER BY ID' })) {
    assert.equal(row[0], String(seen));
    if (++seen === 1000) break;
  }
  assert.equal(seen, 1000);
  await assertNoLeakedSockets(base);
  assert.deepEqual((await s.query('SELECT COUNT(*) FROM BF.SRC')).rows, [[200000]]);
});

test('a tunnel endpoint that never answers the handshake: BulkError with a TimeoutError after `timeout`, nothing left open', async () => {
  const held: Socket[] = [];
  const silent: Server = createServer((c) => held.push(c));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const port = (silent.address() as { port: number }).port;
  try {
    const base = tcpSockets();
    const e = await bulkImport(s, 'BF.T', [[1, 'a']], { hosts: [`127.0.0.1:${port}`], timeout: 300 }).then(
      () => assert.fail('resolved'),
      (x: unknown) => x,
    );
    assert.ok(e instanceof BulkError, String(e));
    assert.equal(e.side, 'transfer');
    assert.ok(e.transferError instanceof TimeoutError);
    for (const c of held) c.destroy();
    await assertNoLeakedSockets(base);
  } finally {
    for (const c of held) c.destroy();
    await new Promise((r) => silent.close(r));
  }
});

test('a handshake reply naming an address the database does not know: the statement fails (ETL-5105 couldn\'t connect), BulkError from the SQL side', async () => {
  const fake: Server = createServer((c) => {
    c.once('data', () => {
      const reply = Buffer.alloc(24);
      reply.writeInt32LE(1, 4);
      reply.write('10.9.9.9', 8, 'ascii');
      c.write(reply);
    });
    c.on('error', () => undefined);
  });
  await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
  try {
    const e = await bulkImport(s, 'BF.T', [[1, 'a']], { hosts: [`127.0.0.1:${(fake.address() as { port: number }).port}`] }).then(
      () => assert.fail('resolved'),
      (x: unknown) => x,
    );
    assert.ok(e instanceof BulkError, String(e));
    assert.equal(e.side, 'sql');
    assert.match(e.message, /ETL-5105: .*http:\/\/10\.9\.9\.9:1\/000\.csv.*Couldn't connect to server/);
  } finally {
    await new Promise((r) => fake.close(r));
  }
});
