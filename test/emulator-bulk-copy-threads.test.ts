// The fast EXPORT's one-thread lease (src/emulator/sql/etl/copy-threads.ts): DuckDB's `threads` is 1 while a lease
// is held, overlapping leases restore the value once after the last, and a failing body or a closed connection still restores it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { withOneThread } from '../src/emulator/sql/etl/copy-threads';

async function threads(con: DuckDBConnection): Promise<number> {
  const r = await con.runAndReadAll("SELECT CAST(current_setting('threads') AS BIGINT)");
  return Number(r.getRows()[0]![0]);
}

test('withOneThread holds threads at 1 and puts the old value back, also after overlapping leases and failures', async () => {
  const inst = await DuckDBInstance.create(':memory:', { threads: '3' });
  const a = await inst.connect();
  const b = await inst.connect();
  try {
    assert.equal(await threads(a), 3);
    assert.equal(await withOneThread(inst, a, async () => threads(a)), 1);
    assert.equal(await threads(b), 3);
    // two overlapping leases: still 1 after the first ends, 3 after the second
    let releaseFirst!: () => void;
    const first = withOneThread(inst, a, () => new Promise<number>((r) => (releaseFirst = () => r(1))));
    const second = withOneThread(inst, b, async () => {
      assert.equal(await threads(b), 1);
      releaseFirst();
      await first;
      return threads(b);
    });
    assert.equal(await second, 1);
    assert.equal(await threads(a), 3);
    await assert.rejects(
      withOneThread(inst, a, async () => {
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.equal(await threads(b), 3);
    // a lease right after another's end sees the restored value (and restores it again)
    await Promise.all([withOneThread(inst, a, async () => 0), withOneThread(inst, b, async () => 0).then(() => withOneThread(inst, b, async () => 0))]);
    assert.equal(await threads(a), 3);
    // the lease's connection closed before the end (its session went away): restored on a connection of its own
    const c = await inst.connect();
    await withOneThread(inst, c, async () => c.closeSync());
    assert.equal(await threads(a), 3);
  } finally {
    a.closeSync();
    b.closeSync();
    inst.closeSync();
  }
});
