// Long statements over real sockets: abortQuery mid-query (R0003), queryTimeout (R0001), heartbeat
// Pong frames while a command runs, one command at a time (later requests wait their turn), abortQuery ignored when idle.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { WireClient } from './support/wire-client';

const LONG = 'SELECT COUNT(*) FROM range(200000) a, range(200000) b';
let emu: RunningEmulator;
before(async () => {
  emu = await startEmulator();
});
after(async () => {
  await emu.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('abortQuery stops a running statement with R0003; the session stays usable', async () => {
  const c = await WireClient.connect(emu.url, { useCompression: true });
  await c.ok({ command: 'setAttributes', attributes: { feedbackInterval: 1 } });
  c.send({ command: 'execute', sqlText: LONG });
  await sleep(1500);
  // a second command while one runs waits its turn (no reply of its own before the running one's)
  c.send({ command: 'getAttributes' });
  await sleep(800);
  c.send({ command: 'abortQuery' });
  const r = (await c.next(20000)).json;
  assert.equal(r.status, 'error');
  assert.equal(r.exception.sqlCode, 'R0003');
  assert.match(r.exception.text, /^Client requested execution abort\./);
  const queued = (await c.next(5000)).json;
  assert.equal(queued.status, 'ok');
  assert.equal(typeof queued.attributes.autocommit, 'boolean');
  assert.ok(c.pongs >= 1, `heartbeat pongs while running (${c.pongs})`);
  const after = await c.ok({ command: 'execute', sqlText: 'SELECT 1' });
  assert.deepEqual(after.responseData.results[0].resultSet.data, [[1]]);
  await c.close();
});

test('abortQuery right behind its execute (the statement not started yet) still aborts it with R0003', async () => {
  // Sent in one go, the abort usually arrives while the emulator is still compiling the statement; it was
  // dropped then, the statement ran to its end, and a client that gave up waited for that reply.
  const c = await WireClient.connect(emu.url);
  for (let i = 0; i < 3; i++) {
    c.send({ command: 'execute', sqlText: LONG });
    c.send({ command: 'abortQuery' });
    const r = (await c.next(5000)).json;
    assert.equal(r.status, 'error', `round ${i}: ${JSON.stringify(r).slice(0, 200)}`);
    assert.equal(r.exception.sqlCode, 'R0003');
    const after = await c.ok({ command: 'execute', sqlText: 'SELECT 1' });
    assert.deepEqual(after.responseData.results[0].resultSet.data, [[1]]);
  }
  await c.close();
});

test('abortQuery while idle is ignored and gets no reply', async () => {
  const c = await WireClient.connect(emu.url);
  c.send({ command: 'abortQuery' });
  const r = await c.ok({ command: 'execute', sqlText: 'SELECT 7' });
  assert.deepEqual(r.responseData.results[0].resultSet.data, [[7]]);
  await c.close();
});

test('queryTimeout ends a long statement with R0001', async () => {
  // The statement takes several seconds uninterrupted; an interrupt DuckDB misses only delays the process exit.
  const c = await WireClient.connect(emu.url, { attributes: { queryTimeout: 2 } });
  const r = await c.request({ command: 'execute', sqlText: LONG }, 20000);
  assert.equal(r.status, 'error');
  assert.equal(r.exception.sqlCode, 'R0001');
  assert.match(r.exception.text, /^Query terminated because timeout has been reached\./);
  await c.close();
});

test('a client vanishing mid-query frees its session', async () => {
  const base = emu.sessionCount();
  const c = await WireClient.connect(emu.url);
  c.send({ command: 'execute', sqlText: LONG });
  await sleep(1500); // let the statement start running in DuckDB
  c.terminate();
  await c.closed;
  for (let i = 0; i < 200 && emu.sessionCount() !== base; i++) await sleep(25);
  assert.equal(emu.sessionCount(), base);
  const d = await WireClient.connect(emu.url);
  assert.equal((await d.ok({ command: 'execute', sqlText: 'SELECT 2' })).status, 'ok');
  await d.close();
});
