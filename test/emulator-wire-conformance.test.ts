// Raw-frame conformance of the emulator against protocol.md, protocol-v4-v5.md and wire-quirks.md:
// hand-written JSON frames, one case per difference found in an audit (and its neighbours), checked
// field by field: reply order, login negotiation and credentials, type metadata per release and version,
// fetch bounds, handles, prepared statements, attributes and the error object.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { encryptPassword, WireClient } from './support/wire-client';

let emu: RunningEmulator;

before(async () => {
  emu = await startEmulator({ maxProtocolVersion: 5 });
});
after(async () => {
  await emu.close();
});

/** Asserts an error reply: exactly `status` and `exception`, a 5-character sqlCode, a non-empty text. */
function assertError(r: any, sqlCode: string, text?: RegExp): void {
  assert.deepEqual(Object.keys(r).sort(), ['exception', 'status'], JSON.stringify(r));
  assert.equal(r.status, 'error');
  assert.deepEqual(Object.keys(r.exception).sort(), ['sqlCode', 'text']);
  assert.equal(r.exception.sqlCode, sqlCode, JSON.stringify(r));
  assert.equal(typeof r.exception.text, 'string');
  assert.ok(r.exception.text.length > 0);
  if (text) assert.match(r.exception.text, text);
}

test('requests sent before the previous reply are answered one by one, in request order', async () => {
  const c = await WireClient.connect(emu.url);
  c.send({ command: 'execute', sqlText: 'SELECT 1 AS A' });
  c.send({ command: 'execute', sqlText: 'SELECT 2 AS B' });
  c.send('{not json');
  c.send({ command: 'getAttributes' });
  const first = (await c.next()).json;
  assert.equal(first.status, 'ok');
  assert.equal(first.responseData.results[0].resultSet.columns[0].name, 'A');
  const second = (await c.next()).json;
  assert.equal(second.status, 'ok');
  assert.deepEqual(second.responseData.results[0].resultSet.data, [[2]]);
  assertError((await c.next()).json, '00000');
  const fourth = (await c.next()).json;
  assert.equal(fourth.status, 'ok');
  assert.equal(fourth.attributes.autocommit, true);
  await c.close();
});

test('login and credentials pipelined without waiting: public key, then the session', async () => {
  const c = await WireClient.open(emu.url);
  c.send({ command: 'loginToken', protocolVersion: 3 });
  c.send({ accessToken: 'no-such-token', useCompression: false });
  assert.deepEqual((await c.next()).json, { status: 'ok' });
  assertError((await c.next()).json, '08004', /^Connection exception - authentication failed$/);
  await c.close();
});
