// The emulator's fast IMPORT path (src/emulator/sql/etl/import-fast.ts: files spooled to disk, loaded by DuckDB's
// read_csv) against its JavaScript path: every CSV text below, hand-written edge cases and seeded random ones, is
// imported twice over a real tunnel, once with the fast path switched off, and the outcomes (the rows, or the
// error's code and text) must be equal; clean files must really take the fast path.
import { openTunnel } from './support/bulk-helpers';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { gzipSync } from 'node:zlib';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { importFastPath } from '../src/emulator/sql/etl/import-fast';
import { WireClient } from './support/wire-client';


let emu: RunningEmulator;
let c: WireClient;
before(async () => {
  emu = await startEmulator();
  c = await WireClient.connect(emu.url);
  await c.ok({ command: 'execute', sqlText: 'CREATE SCHEMA FAST' });
  await c.ok({
    command: 'execute',
    sqlText: 'CREATE TABLE FAST.T (A DECIMAL(9,2), B VARCHAR(6), C DOUBLE, D DATE, E TIMESTAMP, F BOOLEAN, G CHAR(3))',
  });
  await c.ok({ command: 'execute', sqlText: 'CREATE TABLE FAST.S (A VARCHAR(8), B DECIMAL(5,1), C BOOLEAN)' });
  await c.ok({ command: 'execute', sqlText: 'CREATE TABLE FAST.N (A DECIMAL(9,0) NOT NULL, B VARCHAR(3))' });
});
after(async () => {
  importFastPath.enabled = true;
  await c.close();
  await emu.close();
});

/** Serves `body` as the one file of an IMPORT over a fresh tunnel; resolves when the tunnel closes. */
async function serve(body: Buffer, file: string): Promise<{ address: string; done: Promise<void> }> {
  const { raw: raw, address: address } = await openTunnel(emu.port);
  const done = new Promise<void>((resolve) => {
    let head = '';
    const onData = (d: Buffer): void => {
      head += d.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      raw.off('data', onData);
      raw.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n');
      // small chunks: records and multi-byte characters cut between chunks
      for (let p = 0; p < body.length; p += 7) {
        const part = body.subarray(p, p + 7);
        raw.write(`${part.length.toString(16)}\r\n`);
        raw.write(part);
        raw.write('\r\n');
      }
      raw.end('0\r\n\r\n');
    };
    raw.on('data', onData);
    raw.once('close', () => resolve());
  });
  return { address, done };
}

/** Imports `body` into `table` (emptied first) and returns the rows or the error, and whether the fast path loaded it. */
async function outcome(table: string, body: Buffer, options: string, fast: boolean, file = '000.csv'): Promise<{ result: unknown; fast: boolean }> {
  await c.ok({ command: 'execute', sqlText: `TRUNCATE TABLE ${table}` });
  importFastPath.enabled = fast;
  const before = importFastPath.loads;
  const t = await serve(body, file);
  const r = await c.request({ command: 'execute', sqlText: `IMPORT INTO ${table} FROM CSV AT 'http://${t.address}' FILE '${file}' ${options}` });
  await t.done;
  importFastPath.enabled = true;
  const loaded = importFastPath.loads > before;
  if (r.status !== 'ok') return { result: { code: r.exception.sqlCode, text: String(r.exception.text).replace(/ \(Session: \d+\)$/, '') }, fast: loaded };
  const q = await c.ok({ command: 'execute', sqlText: `SELECT * FROM ${table} ORDER BY ${table === 'FAST.N' ? '1, 2' : '1, 2, 3'}` });
  const rs = q.responseData.results[0].resultSet;
  return { result: { count: r.responseData.results[0].rowCount, data: rs.data ?? [] }, fast: loaded };
}

/** Asserts that both paths give the same outcome; returns whether the fast one loaded the file. */
async function same(table: string, text: string | Buffer, options = '', file = '000.csv'): Promise<boolean> {
  const body = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const slow = await outcome(table, body, options, false, file);
  const quick = await outcome(table, body, options, true, file);
  assert.equal(slow.fast, false);
  assert.deepEqual(quick.result, slow.result, `outcomes differ for ${JSON.stringify(body.toString('latin1'))} ${options}`);
  return quick.fast;
}

const GOOD = [
  '1.5,abc,0.25,2024-01-31,2024-01-31 12:34:56.123456,true,xy',
  '-2,"a,b",1e-3,1999-12-31,2000-01-01 00:00:00,0,"q""r"',
  '3,"li\nne",-7,2020-02-29,2020-02-29 23:59:59.5,YES,',
  ',,,,,,',
  '"","","","","","",""',
  '+4.25,a"b,.5,0001-01-01,2024-01-01,n,z',
].join('\n');

test('clean files take the fast path and give the JavaScript path\'s rows: NULLs, quotes, quoted line breaks, every checked type', async () => {
  assert.equal(await same('FAST.T', GOOD + '\n'), true);
  assert.equal(await same('FAST.T', GOOD), true, 'no newline after the last record');
  assert.equal(await same('FAST.T', 'h1,h2\nmore header\n' + GOOD, 'SKIP = 2'), true, 'SKIP');
  assert.equal(await same('FAST.T', gzipSync(Buffer.from(GOOD)), '', '000.gz'), true, 'gzip');
  assert.equal(await same('FAST.T', GOOD.replace(/,/g, ';').replace('"a;b"', '"a,b"'), "COLUMN SEPARATOR = ';'"), true);
  assert.equal(await same('FAST.T', ''), true, 'an empty file');
  assert.equal(await same('FAST.S', 'x,1.25,t\n-y,-1.25,f\nz,1e2,1\n'), true, 'more scale than the column, an exponent: cast alike');
  assert.equal(await same('FAST.S', 'x,1,\ny,,t\n'), true, 'an empty last field is NULL');
  assert.equal(await same('FAST.S', 'Grüße,1,1\n"€uro",2,0\n'), true, 'multi-byte characters cut between chunks');
});

test('errors on the fast path are the JavaScript path\'s (code, text, row, column): bad values, wrong field counts, malformed quotes', async () => {
  const cases = [
    'x,1,t\ny,2\n', // too few fields, row 1
    'x,1\n', // too few fields, row 0 (ETL-6009)
    'x,1,t,\n', // one empty field too many
    'x,1,t,,\n',
    'x,1,t,u\n',
    'x,1,t\ny,oops,t\n', // bad DECIMAL
    'x,12345.6,t\n', // DECIMAL out of range
    'toolongtext,1,t\n', // VARCHAR(8) too long
    'x,1,maybe\n', // bad BOOLEAN
    'x, 1,t\n', // space in a number
    'x,1,t\n"unterminated,2,t\n',
    'x,1,t\n"a"b,2,t\n', // text after the closing quote
    'x,inf,t\n',
  ];
  for (const text of cases) assert.equal(await same('FAST.S', text), false, JSON.stringify(text));
  // a constraint the database checks on INSERT: the same error from both paths, no row kept
  assert.equal(await same('FAST.N', '1,a\n2,b\n'), true);
  await same('FAST.N', '1,a\n,b\n');
  const nn = (await outcome('FAST.N', Buffer.from('1,a\n,b\n'), '', true)).result as { code?: string; text?: string };
  assert.equal(typeof nn.code, 'string');
  assert.match(nn.text ?? '', /null/i);
  assert.deepEqual((await c.ok({ command: 'execute', sqlText: 'SELECT COUNT(*) FROM FAST.N' })).responseData.results[0].resultSet.data, [[0]]);
  for (const text of ['1,a,x,2024-01-01,2024-01-01,t,a\n', '1,a,1,2024-02-30,2024-01-01,t,a\n', '1,a,1,2024-01-01,2024-13-01 00:00,t,a\n', '1,a,1,2024-01-01,2024-01-01,t,abcd\n']) {
    assert.equal(await same('FAST.T', text), false, JSON.stringify(text));
  }
});

test('what the two readers treat differently goes to the JavaScript path: CR, empty lines, # comments, spaces by quotes, BOM, bad UTF-8', async () => {
  const cases: (string | Buffer)[] = [
    'x,1,t\r\ny,2,f\r\n',
    'x,1,t\n\ny,2,f\n',
    '\nx,1,t\n',
    '#comment\nx,1,t\n',
    'x,1,t\n#c,9,f\n',
    'x,1,t\n "y",2,f\n',
    'x,1,t\n"y" ,2,f\n',
    '\ufeffx,1,t\n',
    Buffer.concat([Buffer.from('x,1,t\n'), Buffer.from([0xff, 0xfe]), Buffer.from(',2,f\n')]),
    'x\u0000,1,t\n',
  ];
  for (const text of cases) assert.equal(await same('FAST.S', text), false, JSON.stringify(String(text)));
  // options the fast path leaves to the JavaScript path
  assert.equal(await same('FAST.S', 'x|1|t\n', "COLUMN SEPARATOR = '|' TRIM"), false);
  assert.equal(await same('FAST.S', 'x,\\N,t\n', "NULL = '\\N'"), false);
  assert.equal(await same('FAST.S', 'x,1,t\r\n', "ROW SEPARATOR = 'CRLF'"), false);
});

/** Seeded random CSV texts for FAST.S, imported by both paths; returns how often the fast path was taken. */
async function randomTexts(seed: number): Promise<number> {
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const tokens = ['1', '2.5', '-3', 'x', 'yes', 'n', '0', ',', ',', ',', '"', '""', '\n', '\n', ' ', '#', 'é', '12345678', '1e1', 't'];
  let fast = 0;
  for (let k = 0; k < 60; k++) {
    let text = '';
    const len = 3 + rnd(30);
    for (let i = 0; i < len; i++) text += tokens[rnd(tokens.length)];
    if (await same('FAST.S', text)) fast++;
  }
  // rows of three well-formed fields mostly pass: the fast path is taken for some of them
  for (let k = 0; k < 20; k++) {
    const rows = Array.from({ length: 1 + rnd(5) }, () => [['x', '"a,b"', '', 'q"r'][rnd(4)], ['1', '2.5', '', '-0.1'][rnd(4)], ['t', 'no', '', '1'][rnd(4)]].join(','));
    if (await same('FAST.S', rows.join('\n') + (rnd(2) ? '\n' : ''))) fast++;
  }
  return fast;
}

test('seeded random CSV texts (quotes, separators, spaces, line breaks, #, digits, letters): both paths agree', async () => {
  const fast = await randomTexts(20261207);
  assert.ok(fast >= 15, `fast path taken ${fast} times`);
});

test('segments loaded while the file arrives: same rows and errors; a refused later segment undoes the loaded ones; a user transaction', async () => {
  const size = importFastPath.segmentBytes;
  try {
    for (const bytes of [1, 9]) {
      // a cut after (nearly) every row outside quotes
      importFastPath.segmentBytes = bytes;
      assert.equal(await same('FAST.T', GOOD + '\n'), true, `${bytes}: GOOD`);
      assert.equal(await same('FAST.T', GOOD), true, `${bytes}: no newline at the end`);
      assert.equal(await same('FAST.T', gzipSync(Buffer.from(GOOD)), '', '000.gz'), true, `${bytes}: gzip`);
      assert.equal(await same('FAST.S', 'h\n' + 'x,1,t\n'.repeat(20), 'SKIP = 1'), true, `${bytes}: SKIP`);
      assert.equal(await same('FAST.S', 'x,1,\ny,,t\n'.repeat(5)), true, `${bytes}: trailing separators`);
      const rows = 'x,1,t\n"a\nb",2,f\n'.repeat(10);
      // refused in a later segment: the error of the JavaScript path, no row of the loaded segments left
      for (const tail of ['y,oops,t\n', 'y,2\n', 'toolongtext,1,t\n', '"open,1,t\n', '#c,9,f\n', 'y,2,f\r\n', 'x,1,t\n\n']) {
        assert.equal(await same('FAST.S', rows + tail), false, `${bytes}: ${JSON.stringify(tail)}`);
      }
      assert.deepEqual((await c.ok({ command: 'execute', sqlText: 'SELECT COUNT(*) FROM FAST.S' })).responseData.results[0].resultSet.data, [[0]]);
      assert.equal(await same('FAST.N', '1,a\n'.repeat(10) + ',b\n'), false, `${bytes}: NOT NULL in a later segment`);
      // a stray quote in an unquoted field puts the quote count off: a cut inside the next quoted field is refused
      assert.equal(await same('FAST.S', rows + 'a"b,1,t\n"x\ny",2,f\n'), false, `${bytes}: stray quote`);
    }
    importFastPath.segmentBytes = 5;
    await randomTexts(7);
    // inside the user's transaction: segments are checked while they arrive, inserted at the end
    await c.ok({ command: 'setAttributes', attributes: { autocommit: false } });
    try {
      assert.equal(await same('FAST.T', GOOD + '\n'), true, 'user transaction: GOOD');
      assert.equal(await same('FAST.S', 'x,1,t\n'.repeat(10) + 'y,oops,t\n'), false, 'user transaction: bad value later');
      assert.equal(await same('FAST.S', 'x,1,t\n'.repeat(10) + '#c,9,f\n'), false, 'user transaction: unclean later');
    } finally {
      await c.ok({ command: 'execute', sqlText: 'ROLLBACK' });
      await c.ok({ command: 'setAttributes', attributes: { autocommit: true } });
    }
  } finally {
    importFastPath.segmentBytes = size;
  }
});
