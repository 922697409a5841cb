// Exact digits of DECIMAL(p<=18,0) values beyond 2^53 (bare JSON numbers that JSON.parse rounds)
// in the paths that share or lack the reply text: executeBatch, whose results all come from one
// reply, and a parallel read of a small result, answered inline by the main connection. Against the
// emulator over real sockets: a correct server, so every value must come back exactly.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { connect, type Session } from '../src/node';

let emu: RunningEmulator;
let s: Session;

before(async () => {
  emu = await startEmulator({ users: { sys: 'pw' } });
  s = await connect({ url: emu.url, user: 'sys', password: 'pw' });
});
after(async () => {
  await s.close();
  await emu.close();
});

test('executeBatch: each result keeps its own exact digits (two values that round to the same double)', async () => {
  const out = await s.executeBatch([
    'SELECT CAST(9007199254740993 AS DECIMAL(18,0)) AS A',
    'SELECT CAST(9007199254740992 AS DECIMAL(18,0)) AS B',
    'SELECT CAST(900719925474099301 AS DECIMAL(18,0)) AS C, CAST(900719925474099300 AS DECIMAL(18,0)) AS D',
  ]);
  const rows = out.map((r) => (r.kind === 'resultSet' ? { ...r.rows[0] } : r));
  assert.deepEqual(rows, [{ A: 9007199254740993n }, { B: 9007199254740992n }, { C: 900719925474099301n, D: 900719925474099300n }]);
});

test('parallel read of a small (inline) result: DECIMAL(18,0) beyond 2^53 comes back exact', async () => {
  const r = await s.parallel.query('SELECT CAST(900719925474099301 AS DECIMAL(18,0)) AS A, CAST(-900719925474099299 AS DECIMAL(18,0)) AS B');
  assert.deepEqual({ ...r.rows[0] }, { A: 900719925474099301n, B: -900719925474099299n });
});
