// RowIterator (src/bulk/row-iterator.ts): rows of a batch generator behave like an async generator of the rows:
// order (also for next() calls not awaited one by one), the return value, early return and throw reaching the
// batch generator's finally, errors passed on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RowIterator } from '../src/bulk/row-iterator';

async function* batches(log: string[], fail?: Error): AsyncGenerator<number[], string, undefined> {
  try {
    yield [1, 2, 3];
    await new Promise((r) => setTimeout(r, 5));
    yield [];
    yield [4];
    if (fail) throw fail;
    yield [5, 6];
    return 'result';
  } finally {
    log.push('finally');
  }
}

test('rows in order, then the batch generator\'s return value; also with next() calls not awaited one by one', async () => {
  const log: string[] = [];
  const out: number[] = [];
  for await (const n of new RowIterator(batches(log))) out.push(n);
  assert.deepEqual(out, [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(log, ['finally']);
  const it = new RowIterator(batches([]));
  const all = await Promise.all(Array.from({ length: 8 }, () => it.next()));
  assert.deepEqual(
    all.map((r) => r.value),
    [1, 2, 3, 4, 5, 6, 'result', 'result'],
  );
  assert.deepEqual(
    all.map((r) => r.done),
    [false, false, false, false, false, false, true, true],
  );
});

test('leaving the loop early runs the batch generator\'s finally; an error is passed on; throw() reaches the generator', async () => {
  const log: string[] = [];
  for await (const n of new RowIterator(batches(log))) if (n === 2) break;
  assert.deepEqual(log, ['finally']);
  const out: number[] = [];
  const failing = new RowIterator(batches(log, new Error('boom')));
  await assert.rejects(
    (async () => {
      for await (const n of failing) out.push(n);
    })(),
    /boom/,
  );
  assert.deepEqual(out, [1, 2, 3, 4]);
  assert.deepEqual(await failing.next(), { value: undefined, done: true });
  const thrown = new RowIterator(batches(log));
  await thrown.next();
  await assert.rejects(thrown.throw(new Error('stop')), /stop/);
  assert.deepEqual(log, ['finally', 'finally', 'finally']);
  const disposed = new RowIterator(batches(log));
  await disposed.next();
  await disposed[Symbol.asyncDispose]();
  assert.equal(log.length, 4);
});
