import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startReplayServer } from '../bench/replay-server';
import { PrecomputedRows, TemplatedRows, buildChunk, type RowSource } from '../bench/chunks';
import { rowTokens, BENCH_COLUMNS } from '../bench/dataset';
import { openWsJsonSession } from '../bench/ws-json-client';
import { driverTsQuery } from '../bench/driver-ts-client';
import { floorQuery } from '../bench/floor-client';
import { SDK_MODES } from '../bench/sdk-cases';
import { sdkQuery } from '../bench/sdk-client';
import { median, spread } from '../bench/stats';

function tables(): Map<string, RowSource> {
  return new Map<string, RowSource>([
    ['SMALL', new PrecomputedRows(5000)],
    ['BIG', new TemplatedRows(250_000, 4)],
  ]);
}

/** Sends one text message on a raw socket and resolves with the reply text. */
function ask(ws: WebSocket, msg: object): Promise<string> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('no reply')), 5000);
    ws.once('message', (d) => {
      clearTimeout(t);
      resolve(d.toString());
    });
    ws.send(JSON.stringify(msg));
  });
}

test('replay server: login sends a PKCS#1 RSA-1024 key and a 19-digit session id as a bare number', async () => {
  const server = await startReplayServer({ tables: tables() });
  const ws = new WebSocket(server.url);
  try {
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const key = JSON.parse(await ask(ws, { command: 'login', protocolVersion: 3 }));
    assert.equal(key.status, 'ok');
    assert.match(key.responseData.publicKeyPem, /^-----BEGIN RSA PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+\n-----END RSA PUBLIC KEY-----$/);
    assert.match(key.responseData.publicKeyModulus, /^[0-9A-F]{256}$/);
    assert.equal(key.responseData.publicKeyExponent, '010001');
    const reply = await ask(ws, { username: 'sys', password: 'AAAA', useCompression: false });
    assert.match(reply, /^\{"status":"ok","responseData":\{.*"sessionId":\d{19}[,}]/);
    const info = JSON.parse(reply).responseData;
    assert.equal(info.protocolVersion, 3);
    assert.match(info.releaseVersion, /^\d+\.\d+\.\d+$/);
    const attrs = JSON.parse(await ask(ws, { command: 'getAttributes' }));
    assert.equal(attrs.responseData, undefined);
    assert.equal(attrs.attributes.openTransaction, 0);
  } finally {
    ws.close();
    await server.close();
  }
});

test('replay server: result header has a handle and no inline rows; fetch is honest to startPosition and numBytes', async () => {
  const server = await startReplayServer({ tables: tables(), prepare: [{ table: 'SMALL', numBytes: 4096 }] });
  const s = await openWsJsonSession(server.url);
  try {
    const exec = await s.request({ command: 'execute', sqlText: 'SELECT * FROM small' });
    const rs = exec.responseData.results[0].resultSet;
    assert.equal(rs.numRows, 5000);
    assert.equal(rs.numRowsInMessage, 0);
    assert.equal(rs.data, undefined);
    assert.ok(Number.isInteger(rs.resultSetHandle) && rs.resultSetHandle > 0);
    assert.deepEqual(rs.columns, BENCH_COLUMNS);
    // an unprepared, unaligned position: rows start exactly there and fit numBytes
    const text = await s.requestText({ command: 'fetch', resultSetHandle: rs.resultSetHandle, startPosition: 1234, numBytes: 2000 });
    const f = JSON.parse(text).responseData;
    assert.ok(f.numRows >= 1);
    assert.equal(f.data.length, 4);
    assert.equal(f.data[0].length, f.numRows);
    assert.ok(JSON.stringify(f.data).length <= 2000, 'data fits numBytes');
    for (let c = 0; c < 4; c++) assert.deepEqual(JSON.stringify(f.data[c][0]), rowTokens(1234)[c]);
    assert.equal(JSON.stringify(f.data[0][f.numRows - 1]), rowTokens(1234 + f.numRows - 1)[0]);
    // numBytes smaller than a row still returns one row; past the end returns none
    const one = JSON.parse(await s.requestText({ command: 'fetch', resultSetHandle: rs.resultSetHandle, startPosition: 4999, numBytes: 1 }));
    assert.equal(one.responseData.numRows, 1);
    const none = JSON.parse(await s.requestText({ command: 'fetch', resultSetHandle: rs.resultSetHandle, startPosition: 5000, numBytes: 4096 }));
    assert.equal(none.responseData.numRows, 0);
    await s.request({ command: 'closeResultSet', resultSetHandles: [rs.resultSetHandle] });
    await assert.rejects(s.request({ command: 'fetch', resultSetHandle: rs.resultSetHandle, startPosition: 0, numBytes: 4096 }), /unknown result set handle/);
  } finally {
    await s.close();
    await server.close();
  }
});

test('prepared chunks equal chunks built on the spot and cover every row once', () => {
  const rows = new PrecomputedRows(3000, 7);
  const fresh = rows.chunk(0, 8192);
  rows.prepare(8192);
  let pos = 0;
  let first = true;
  while (pos < 3000) {
    const c = rows.chunk(pos, 8192);
    if (first) assert.deepEqual(c.frame, fresh.frame);
    first = false;
    const data = JSON.parse(c.frame.toString()).responseData.data;
    assert.equal(JSON.stringify(data[0][0]), rowTokens(pos, 7)[0]);
    pos += c.numRows;
  }
  assert.equal(pos, 3000);
  assert.equal(buildChunk((k) => rowTokens(k), 10, 1).numRows, 1);
});

test('templated rows: exact counts for 250k rows from 4 templates, tail built from the real rows', () => {
  const big = new TemplatedRows(250_000, 4);
  let pos = 0;
  let chunks = 0;
  const frames = new Set<Buffer>();
  while (pos < 250_000) {
    const c = big.chunk(pos, 64 * 1024);
    assert.ok(c.numRows > 0);
    const data = JSON.parse(c.frame.toString()).responseData.data;
    assert.equal(data[0].length, c.numRows);
    frames.add(c.frame);
    pos += c.numRows;
    chunks++;
  }
  assert.equal(pos, 250_000);
  assert.ok(chunks > 4, 'several chunks');
  assert.ok(frames.size <= 5, `templates are reused (distinct frames ${frames.size})`);
  assert.equal(big.chunk(250_000, 64 * 1024).numRows, 0);
});

test('floor client and exasol-driver-ts read the same rows from the replay server', async () => {
  const server = await startReplayServer({ tables: tables() });
  try {
    const floor = await floorQuery(server.url, 'SMALL', 16 * 1024);
    const drv = await driverTsQuery(server.url, 'SMALL');
    assert.equal(floor.rows, 5000);
    assert.equal(drv.rows, 5000);
    assert.equal(drv.checksum, floor.checksum);
    let expected = 0;
    for (let i = 0; i < 5000; i++) expected = (expected + (Number(rowTokens(i)[0]) % 1000)) % 1_000_000_007;
    assert.equal(floor.checksum, expected);
    assert.ok(server.stats().fetches > 1);
  } finally {
    await server.close();
  }
});

test('every SDK way of the bench reads the same rows from the replay server, the sql tag through a prepared statement', async () => {
  const server = await startReplayServer({ tables: tables() });
  try {
    const floor = await floorQuery(server.url, 'SMALL', 16 * 1024);
    for (const mode of SDK_MODES) {
      const before = server.stats().executes;
      const m = await sdkQuery(server.url, 'SMALL', mode);
      assert.equal(m.rows, 5000, mode);
      assert.deepEqual(m.tally, floor.tally, `${mode} touched the values the floor touched`);
      assert.equal(server.stats().executes, before + 1, `${mode}: one statement`);
    }
  } finally {
    await server.close();
  }
});

test('median and spread', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 2, 3]), 2.5);
  assert.deepEqual(spread([1, 2, 3]), { min: 1, max: 3, relative: 1 });
  assert.throws(() => median([]), RangeError);
});
