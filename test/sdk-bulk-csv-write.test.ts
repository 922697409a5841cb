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

test('a long value of non-ASCII delimiters (each doubled, 3 bytes each) is written whole', async () => {
  const v = '€'.repeat(200_000);
  const r = await csv([[v], ['x']], { columnDelimiter: '€' });
  assert.ok(r.text === '€' + '€€'.repeat(200_000) + '€\nx\n', `${r.text.length} characters`);
  const w = await csv([['a€b'.repeat(50_000), 'é'.repeat(100_000)]], { columnDelimiter: '€', columnSeparator: '§' });
  assert.ok(w.text === '€' + 'a€€b'.repeat(50_000) + '€§' + 'é'.repeat(100_000) + '\n');
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

/** The CSV text of one value as the format defines it (quoting when needed), for the differential test. */
function reference(v: BulkValue, sep: string, delim: string, nul: string | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'bigint') return String(v);
  const s = v instanceof Date ? v.toISOString().replace('T', ' ').slice(0, 23) : v;
  if (s === '') return delim + delim;
  const needs = s.includes('\r') || s.includes('\n') || (delim !== '' && s.includes(delim)) || s.includes(sep) || s.startsWith('#') || s === nul;
  return needs ? delim + s.split(delim).join(delim + delim) + delim : s;
}

test('differential: random values of every type in several dialects give the reference text (numbers as ToString, Dates digit by digit)', async () => {
  let seed = 7;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)]!;
  const value = (): BulkValue => {
    switch (Math.floor(rnd() * 9)) {
      case 0: return Math.floor((rnd() - 0.5) * 2 ** 32);
      case 1: return (rnd() - 0.5) * 10 ** Math.floor(rnd() * 40 - 20);
      case 2: return pick([0, -0, 2147483647, -2147483648, 2147483648, 2 ** 53, -(2 ** 53) - 2, 1e21, 5e-324, 1.7976931348623157e308, 0.1, -1.5]);
      case 3: return BigInt(Math.floor(rnd() * 1e9)) * 10n ** BigInt(Math.floor(rnd() * 20)) * (rnd() < 0.5 ? -1n : 1n);
      case 4: return new Date(Math.floor(-62135596800000 + rnd() * (253402300799999 + 62135596800000)));
      case 5: return pick([null, undefined, true, false, '']);
      case 6: return pick(['a', 'x;y', 'a,b', "it's", 'q"q', '#x', 'x#', 'NULL', 'l1\nl2', 'é', '€𝄞', ' : ', '2024-01-01 00:00:00.000', '|', 'a||b']);
      default: return `v${Math.floor(rnd() * 1e6)}`;
    }
  };
  const dialects: CsvFormat[] = [{}, { columnSeparator: ';', columnDelimiter: "'", rowSeparator: 'CRLF', null: 'NULL' }, { columnSeparator: '||' }, { columnSeparator: ' ' }, { columnSeparator: ':', null: '2024-01-01 00:00:00.000' }, { columnSeparator: '§', columnDelimiter: '´', rowSeparator: 'CR' }];
  for (const f of dialects) {
    const d = dialectOf(f);
    const rows = Array.from({ length: 3000 }, () => Array.from({ length: 6 }, value));
    const expected = rows.map((r) => r.map((v) => reference(v, d.sep, d.delim, d.null)).join(d.sep) + d.rowSep).join('');
    assert.equal((await csv(rows, f)).text, expected, JSON.stringify(f));
  }
});

test('a group of long rows fills several blocks in order; a row that reads differently the second time still gets its own values', async () => {
  const long = Array.from({ length: 40 }, (_, i) => [i, 'y'.repeat(40_000 + i), i / 3]);
  const r = await csv(long);
  assert.equal(r.rows, 40);
  assert.ok(r.blocks.length >= 6 && r.blocks.every((b) => b <= BLOCK_BYTES), String(r.blocks));
  assert.equal(r.text, long.map((x) => `${x[0]},${x[1]},${x[2]}\n`).join(''));

  let reads = 0;
  const shifty = new Proxy([0.5, 0.25, 0.125], { get: (t, k) => (k === '1' && reads++ > 0 ? 0.75 : Reflect.get(t, k)) });
  const out = await csv([[0.1, 0.2, 0.3], shifty, [1.1, 2.2, 3.3]]);
  assert.equal(out.text, '0.1,0.2,0.3\n0.5,0.75,0.125\n1.1,2.2,3.3\n');
});
