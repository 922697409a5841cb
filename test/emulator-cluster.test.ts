// Cluster emulation over real sockets: nodes on 127.0.0.1..3, getHosts, enterParallel, subLogin
// with the token, getResultSetHeader/getOffset/fetch of each sub-connection's share.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { toRows, WireClient } from './support/wire-client';

let emu: RunningEmulator;
before(async () => {
  emu = await startEmulator({ nodes: 3 });
});
after(async () => {
  await emu.close();
});

test('three nodes listen on consecutive loopback addresses; getHosts lists bare IPs', async () => {
  assert.equal(emu.urls.length, 3);
  assert.deepEqual(emu.urls.map((u) => new URL(u).hostname), ['127.0.0.1', '127.0.0.2', '127.0.0.3']);
  const c = await WireClient.connect(emu.urls[2]);
  const h = await c.ok({ command: 'getHosts', hostIp: '127.0.0.3' });
  assert.deepEqual(h.responseData, { numNodes: 3, nodes: ['127.0.0.1', '127.0.0.2', '127.0.0.3'] });
  await c.close();
});

test('enterParallel + subLogin: sub-connections read disjoint shares that add up to the whole result', async () => {
  const main = await WireClient.connect(emu.url, { attributes: { autocommit: false } });
  await main.ok({ command: 'execute', sqlText: 'CREATE SCHEMA PAR' });
  await main.ok({ command: 'execute', sqlText: 'CREATE TABLE PAR.T (ID DECIMAL(18,0))' });
  const prep = await main.ok({ command: 'createPreparedStatement', sqlText: 'INSERT INTO PAR.T VALUES (?)' });
  const ids = Array.from({ length: 3001 }, (_, i) => i);
  await main.ok({ command: 'executePreparedStatement', statementHandle: prep.responseData.statementHandle, numColumns: 1, numRows: ids.length, data: [ids] });
  await main.ok({ command: 'execute', sqlText: 'COMMIT' });

  const par = await main.ok({ command: 'enterParallel', hostIp: '127.0.0.1', numRequestedConnections: 5 });
  const { numOpenConnections, token, nodes } = par.responseData;
  assert.equal(numOpenConnections, 3);
  assert.equal(typeof token, 'number');
  assert.equal(nodes.length, 3);
  for (const n of nodes) assert.match(n, /^127\.0\.0\.\d:\d+$/);

  const subs = [];
  for (const n of nodes) {
    const c = await WireClient.open(`ws://${n}`);
    const r = await c.login({ command: 'subLogin', extra: { token } });
    assert.equal(r.status, 'ok');
    subs.push(c);
  }
  const extra = await WireClient.open(emu.url);
  const refused = await extra.login({ command: 'subLogin', extra: { token } });
  assert.equal(refused.status, 'error', 'a fourth sub-connection is refused');

  const res = (await main.ok({ command: 'execute', sqlText: 'SELECT ID FROM PAR.T ORDER BY ID' })).responseData.results[0].resultSet;
  const handle = res.resultSetHandle;
  assert.equal(res.numRows, 3001);

  const all: unknown[] = [];
  let expectedOffset = 0;
  for (const c of subs) {
    const head = (await c.ok({ command: 'getResultSetHeader', resultSetHandles: [handle] })).responseData.results[0].resultSet;
    assert.equal(head.resultSetHandle, handle);
    assert.equal(head.numRowsInMessage, 0);
    const off = (await c.ok({ command: 'getOffset', resultSetHandle: handle })).responseData.rowOffset;
    assert.equal(off, expectedOffset);
    const mine: unknown[] = [];
    while (mine.length < head.numRows) {
      const f = await c.ok({ command: 'fetch', resultSetHandle: handle, startPosition: mine.length, numBytes: 2000 });
      mine.push(...toRows(f.responseData.data).map((r) => r[0]));
    }
    expectedOffset += head.numRows;
    all.push(...mine);
    await c.ok({ command: 'closeResultSet', resultSetHandles: [handle] });
    await c.ok({ command: 'disconnect' });
  }
  assert.deepEqual(all, ids);
  await main.ok({ command: 'closeResultSet', resultSetHandles: [handle] });
  const bogus = await WireClient.open(emu.urls[1]);
  const bad = await bogus.login({ command: 'subLogin', extra: { token: token + 1 } });
  assert.equal(bad.status, 'error');
  await main.close();
});
