// The IMPORT CSV writer of exasol-ws/bulk in-process (no database): exact text for every value type, quoting,
// NULL vs empty string, multi-line values, non-ASCII text, block sizes and row counts, sync and async row
// sources, and the source closed when the consumer stops or a row is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BLOCK_BYTES, csvBlocks, type BulkValue, type RowIterable } from '../src/bulk/csv-write';
import { dialectOf } from '../src/bulk/options';
import { openSource } from '../src/bulk/sources';
import { InputError } from '../src/errors';
import type { CsvFormat } from '../src/bulk/options';

async function csv(rows: RowIterable, format?: CsvFormat): Promise<{ text: string; blocks: number[]; rows: number }> {
  const parts: Buffer[] = [];
  const sizes: number[] = [];
  let n = 0;
  for await (const b of csvBlocks(rows, dialectOf(format))) {
    parts.push(Buffer.from(b.bytes));
    sizes.push(b.bytes.length);
    n += b.rows;
  }
  return { text: Buffer.concat(parts).toString('utf8'), blocks: sizes, rows: n };
}

test('exact text of every value type: bigint and decimal strings keep every digit, -0, Dates to the millisecond, booleans, NULL vs empty string', async () => {
  const rows: BulkValue[][] = [
    [123456789012345678901234567890n, '-0.000000000000000000000000000001', 0.1, new Date(Date.UTC(2024, 1, 29, 23, 59, 58, 7))],
    [-5n, '12345678901234567890.123', -0, new Date(new Date(0).setUTCFullYear(1, 0, 1))],
    [0n, '', 1e21, true],
    [null, undefined, 5e-324, false],
  ];
  const { text, rows: n } = await csv(rows);
  assert.equal(n, 4);
  assert.equal(
    text,
    '123456789012345678901234567890,-0.000000000000000000000000000001,0.1,2024-02-29 23:59:58.007\n' +
      '-5,12345678901234567890.123,-0,0001-01-01 00:00:00.000\n' +
      '0,"",1e+21,TRUE\n' +
      ',,5e-324,FALSE\n',
  );
});

test('quoting: separators, delimiters (doubled), CR, LF, a leading #, the NULL text; non-ASCII text as UTF-8; other dialects', async () => {
  const rows = [['a,b', 'say "hi"', 'two\nlines', 'cr\rhere', '#not a comment', 'x#y', 'äöü €𝄞', 'NULL']];
  assert.equal((await csv(rows)).text, '"a,b","say ""hi""","two\nlines","cr\rhere","#not a comment",x#y,äöü €𝄞,NULL\n');
  assert.equal((await csv(rows, { null: 'NULL' })).text.split(',').pop(), '"NULL"\n');
  assert.equal((await csv([['a;b', "it's", 'p|q', '']], { columnSeparator: ';', columnDelimiter: "'", rowSeparator: 'CRLF' })).text, "'a;b';'it''s';p|q;''\r\n");
  assert.equal((await csv([['a', '', 'b']], { columnSeparator: '||', columnDelimiter: '' })).text, 'a||||b\n');
  await assert.rejects(csv([['a|b']], { columnSeparator: '|', columnDelimiter: '' }), (e: unknown) => e instanceof InputError && /needs quoting/.test(e.message));
});

test('refused values and rows: NaN, Infinity, Invalid Date, year 10000, objects, a row of another width, a non-array row', async () => {
  const bad: [BulkValue[][] | unknown[], RegExp][] = [
    [[[1], [NaN]], /row 1, column 0: NaN/],
    [[[Infinity]], /Infinity cannot be imported/],
    [[[new Date(NaN)]], /Invalid Date/],
    [[[new Date(Date.UTC(10000, 0, 1))]], /year 10000/],
    [[[{}]], /unsupported value of type object/],
    [[[1, 2], [3]], /row 1 has 1 values, the first row had 2/],
    [[[]], /row 0 has 0 values/],
    [[[1], 'x'], /row 1 is not an array/],
  ];
  for (const [rows, re] of bad) await assert.rejects(csv(rows as BulkValue[][]), (e: unknown) => e instanceof InputError && re.test(e.message), String(re));
});

test('blocks: about BLOCK_BYTES each, cut between rows, row counts add up, same bytes from sync and async sources (multi-byte text)', async () => {
  const make = (i: number): BulkValue[] => [BigInt(i) * 1_000_000_007n, `név ${i} ${'€'.repeat(i % 50)}`, i / 7, i % 3 === 0 ? null : `l${i}\nx`];
  const N = 40_000;
  const sync = await csv({ [Symbol.iterator]: function* () { for (let i = 0; i < N; i++) yield make(i); } });
  const asyncRows = await csv((async function* () { for (let i = 0; i < N; i++) yield make(i); })());
  assert.equal(sync.text, asyncRows.text);
  assert.equal(sync.rows, N);
  assert.deepEqual(sync.blocks, asyncRows.blocks);
  assert.ok(sync.blocks.length > 3, `${sync.blocks.length} blocks`);
  for (const size of sync.blocks.slice(0, -1)) assert.ok(size <= BLOCK_BYTES && size > BLOCK_BYTES - 64 * 1024, `block of ${size} bytes`);
  const expected = Array.from({ length: N }, (_, i) => {
    const r = make(i);
    return `${r[0]},név ${i} ${'€'.repeat(i % 50)},${i / 7},${r[3] === null ? '' : `"l${i}\nx"`}\n`;
  }).join('');
  assert.equal(sync.text, expected);
});

test('one row larger than a block goes out whole', async () => {
  const big = 'x'.repeat(BLOCK_BYTES * 2);
  const r = await csv([['a'], [big], ['b']]);
  assert.equal(r.text, `a\n${big}\nb\n`);
  assert.equal(r.rows, 3);
});

test('sources: the first row is read to tell rows from text; a consumer that stops early or a refused row closes the source', async () => {
  let closed = 0;
  function* rows() {
    try {
      for (let i = 0; ; i++) yield [i, 'v'.repeat(1000)];
    } finally {
      closed++;
    }
  }
  const src = await openSource(rows());
  assert.equal(src.kind, 'rows');
  if (src.kind !== 'rows') return;
  for await (const b of csvBlocks(src.rows, dialectOf(undefined))) {
    assert.ok(b.rows > 0);
    break;
  }
  assert.equal(closed, 1);

  let asyncClosed = 0;
  async function* failing() {
    try {
      yield [1];
      yield [NaN];
      yield [3];
    } finally {
      asyncClosed++;
    }
  }
  const a = await openSource(failing());
  if (a.kind !== 'rows') throw new Error('rows expected');
  await assert.rejects(csv(a.rows), /NaN/);
  assert.equal(asyncClosed, 1);
  const empty = await openSource([]);
  assert.deepEqual(empty.kind === 'rows' ? await csv(empty.rows) : undefined, { text: '', blocks: [], rows: 0 });
});
