// IMPORTs spanning many segments of the emulator's spool (loaded while the rest arrives, import-overlap.ts), through
// the SDK over real sockets: every row there once, in a user transaction too; a bad value in the last segment gives
// the JavaScript path's exact error and leaves no row; a cancel while segments are being loaded leaves no row and a
// usable session.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { importFastPath } from '../src/emulator/sql/etl/import-fast';
import { AbortError, connect, type Session } from '../src/node';
import { BulkError, bulkImport } from '../src/bulk/index';

let emu: RunningEmulator;
let s: Session<'array'>;
const size = importFastPath.segmentBytes;
before(async () => {
  importFastPath.segmentBytes = 256 * 1024;
  emu = await startEmulator();
  s = await connect({ url: emu.url, user: 'sys', password: 'exasol', rowMode: 'array' });
  await s.execute('CREATE SCHEMA BO');
  await s.execute('CREATE TABLE BO.T (ID DECIMAL(18,0), NAME VARCHAR(30), AMOUNT DOUBLE, TS TIMESTAMP)');
});
after(async () => {
  importFastPath.segmentBytes = size;
  await s.close();
  await emu.close();
});

const row = (i: number): [bigint, string, number, string] => [
  BigInt(i) * 1_000_000_007n,
  i % 97 === 0 ? `quoted,"${i}"\nline` : `name-${i}`,
  i / 7,
  `2024-01-01 00:00:${String(i % 60).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')}`,
];

async function count(): Promise<[number, number]> {
  const r = (await s.query('SELECT COUNT(*), COUNT(DISTINCT ID) FROM BO.T')).rows[0]!;
  return [Number(r[0]), Number(r[1])];
}

test('an IMPORT of ~40 segments: every row once, the fast path taken; the same inside a user transaction', async () => {
  const N = 150_000;
  const loads = importFastPath.loads;
  const r = await bulkImport(s, 'BO.T', Array.from({ length: N }, (_, i) => row(i)));
  assert.equal(r.rows, N);
  assert.ok(r.bytes > 30 * importFastPath.segmentBytes, `${r.bytes} bytes`);
  assert.equal(importFastPath.loads, loads + 1);
  assert.deepEqual(await count(), [N, N]);
  const probe = (await s.query('SELECT ID, NAME, AMOUNT, TS FROM BO.T WHERE ID IN (97000000679, 123456000864192) ORDER BY ID')).rows;
  assert.deepEqual(
    probe.map((x) => x.map(String)),
    [
      ['97000000679', 'quoted,"97"\nline', String(97 / 7), '2024-01-01 00:00:37.097000'],
      ['123456000864192', 'name-123456', String(123456 / 7), '2024-01-01 00:00:36.456000'],
    ].map((x) => x.map(String)),
  );
  await s.execute('TRUNCATE TABLE BO.T');
  await s.setAttributes({ autocommit: false });
  try {
    assert.equal((await bulkImport(s, 'BO.T', (async function* () {
      for (let i = 0; i < N; i++) yield row(i);
    })())).rows, N);
    assert.deepEqual(await count(), [N, N]);
    await s.rollback();
    assert.deepEqual(await count(), [0, 0]);
  } finally {
    await s.setAttributes({ autocommit: true });
  }
});

test('a bad value in the last segment: the exact error of the JavaScript path, no row of the loaded segments left', async () => {
  const N = 100_000;
  const err = await bulkImport(s, 'BO.T', (function* () {
    for (let i = 0; i < N; i++) yield row(i);
    yield [1n, 'x', 'not a number', null];
  })()).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(err instanceof BulkError, String(err));
  assert.match(String((err.sqlError as Error | undefined)?.message), new RegExp(`ETL-3050: \\[Column=2 Row=${N}\\] \\[Transformation of value failed`));
  assert.deepEqual(await count(), [0, 0]);
});

test('cancel while segments are loaded: AbortError, no row left, the session still works', async () => {
  const ac = new AbortController();
  let sent = 0;
  const p = bulkImport(
    s,
    'BO.T',
    (async function* () {
      for (let i = 0; ; i++) {
        sent = i; // before the await: the abort may stop the source during it
        if (i === 60_000) setTimeout(() => ac.abort(), 0);
        if (i % 1000 === 0) await new Promise((r) => setImmediate(r));
        yield row(i);
      }
    })(),
    { signal: ac.signal },
  );
  await assert.rejects(p, AbortError);
  assert.ok(sent >= 60_000);
  assert.deepEqual(await count(), [0, 0]);
  assert.equal((await bulkImport(s, 'BO.T', [row(1), row(2)])).rows, 2);
  assert.deepEqual(await count(), [2, 2]);
  await s.execute('TRUNCATE TABLE BO.T');
});
