// exasol-ws/bulk against the emulator over real sockets: IMPORT from rows, CSV text, Readables and files, EXPORT
// to rows, Writables and files; every data type round-trips with 0 values changed; CRLF; gzip; generated SQL.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { connect, type Session } from '../src/node';
import { bulkExport, bulkImport, exportRows, type BulkProgress, type CsvRow } from '../src/bulk/index';
import { assertNoLeakedSockets, sink, tcpSockets } from './support/bulk-helpers';

let emu: RunningEmulator;
let s: Session<'array'>;
let dir: string;
const statements: string[] = [];

before(async () => {
  emu = await startEmulator();
  s = await connect({
    url: emu.url,
    user: 'sys',
    password: 'exasol',
    rowMode: 'array',
    logStatements: true,
    logLevel: 'debug',
    logger: { debug: (_m: string, f?: Record<string, unknown>) => void (typeof f?.['db.query.text'] === 'string' && statements.push(f['db.query.text'] as string)), info() {}, warn() {}, error() {} },
  } as never);
  await s.execute('CREATE SCHEMA BK');
  dir = await mkdtemp(join(tmpdir(), 'exasol-ws-bulk-'));
});
after(async () => {
  await s.close();
  await emu.close();
  await rm(dir, { recursive: true, force: true });
});

const TYPES =
  'ID DECIMAL(9,0), BIG DECIMAL(36,0), DEC DECIMAL(36,10), I18 DECIMAL(18,0), F DOUBLE, B BOOLEAN, D DATE, TS TIMESTAMP(6), CH CHAR(6), V VARCHAR(200)';
// values as the SDK reads them back over WebSocket (rowMode array, values typed)
const ROWS: unknown[][] = [
  [1, 123456789012345678901234567890123456n, '12345678901234567890123456.0123456789', 999999999999999999n, Number.MAX_VALUE, true, '2024-02-29', '2024-02-29 23:59:58.123456', 'ab    ', 'a,b "q" \'s\' 😀 é'],
  [2, -123456789012345678901234567890123456n, '-0.0000000001', -999999999999999999n, -Number.MAX_VALUE, false, '0001-01-01', '0001-01-01 00:00:00.000001', '"x",y ', 'line1\nline2\r\nline3\rend'],
  [3, 9007199254740993n, '0.5', 9007199254740993n, Number.MIN_VALUE, null, '9999-12-31', '9999-12-31 23:59:59.999999', null, '#not a comment'],
  [4, 0, '0', 0, 2.2250738585072014e-308, true, null, null, 'x     ', '  spaces kept  '],
  [5, 1, '1.5', 1, 0.1 + 0.2, false, '1970-01-01', '1970-01-01 00:00:00.000000', '\t     ', 'NULL'],
  [6, null, null, null, 1e-7, null, null, null, null, '\\N'],
  [7, 42, '-99999999999999999999999999.9999999999', 123, -1.2345678901234567e+300, true, '2000-02-29', '2000-02-29 12:00:00.500000', 'ü€😀   ', '""'],
  [8, 43, '3', 44, 123456789.125, false, '2000-01-01', '2000-01-01 00:00:00.000000', ',     ', 'tab\there, and "quotes"'],
];

test('every type round-trips with 0 values changed: rows in, WebSocket read, rows out as exact text, CSV out and back in', async () => {
  const base = tcpSockets();
  await s.execute(`CREATE TABLE BK.T (${TYPES})`);
  // import: numbers beyond 2^53 as bigint, scaled decimals as strings, DOUBLE as numbers; CHAR given unpadded
  const input = ROWS.map((r) => r.map((v, i) => (i === 8 && typeof v === 'string' ? v.trimEnd() || v : v)));
  const progress: BulkProgress[] = [];
  const r = await bulkImport(s, 'BK.T', input as never, { onProgress: (p) => progress.push(p) });
  assert.equal(r.rows, ROWS.length);
  assert.equal(r.streams, 1);
  assert.equal(progress.at(-1)?.done, true);
  assert.equal(progress.at(-1)?.rows, ROWS.length);
  assert.equal(progress.at(-1)?.bytes, r.bytes);
  const { rows: read } = await s.query('SELECT * FROM BK.T ORDER BY ID');
  assert.deepEqual(read, ROWS);
  // the generated statement: quoted names, every CSV option spelled out
  const imp = statements.find((x) => x.startsWith('IMPORT INTO "BK"."T" FROM CSV'));
  assert.ok(imp, statements.join('\n'));
  assert.match(imp, /\nAT 'http:\/\/127\.0\.0\.1:\d+' FILE '000\.csv'\nENCODING = 'UTF-8'\nROW SEPARATOR = 'LF'\nCOLUMN SEPARATOR = ','\nCOLUMN DELIMITER = '"'$/);

  // rows out: exact text of every value
  const out: CsvRow[] = [];
  for await (const row of exportRows(s, { query: 'SELECT * FROM BK.T ORDER BY ID' })) out.push(row);
  assert.equal(out.length, ROWS.length);
  assert.deepEqual(out[0], ['1', '123456789012345678901234567890123456', '12345678901234567890123456.0123456789', '999999999999999999', '1.7976931348623157E308', '1', '2024-02-29', '2024-02-29 23:59:58.123456', 'ab    ', 'a,b "q" \'s\' 😀 é']);
  assert.deepEqual(out.map((x) => x[9]), ROWS.map((x) => x[9]));
  assert.deepEqual(out.map((x) => x[2]), ROWS.map((x) => x[2]));
  assert.deepEqual(out[5]!.slice(1, 4), [null, null, null]);

  // CSV out to a Writable, then the same bytes in again: equal tables
  const k = sink();
  const e = await bulkExport(s, 'BK.T', k.w);
  assert.equal(e.rows, ROWS.length);
  assert.equal(e.bytes, k.bytes().length);
  await s.execute('CREATE TABLE BK.T2 AS SELECT * FROM BK.T WITH NO DATA');
  await bulkImport(s, ['BK', 'T2'], Readable.from([k.bytes()]));
  assert.deepEqual((await s.query('SELECT * FROM BK.T2 ORDER BY ID')).rows, ROWS);
  await assertNoLeakedSockets(base);
});

test('NULL vs empty string: null and undefined are NULL, Exasol stores \'\' as NULL too, NULL-like texts stay text; format.null', async () => {
  await s.execute('CREATE TABLE BK.NV (ID DECIMAL(9,0), V VARCHAR(20))');
  await bulkImport(s, 'BK.NV', [[1, null], [2, undefined], [3, ''], [4, 'NULL'], [5, '\\N'], [6, '""'], [7, ' ']]);
  assert.deepEqual((await s.query('SELECT * FROM BK.NV ORDER BY ID')).rows, [[1, null], [2, null], [3, null], [4, 'NULL'], [5, '\\N'], [6, '""'], [7, ' ']]);
  // with an explicit NULL spelling, the text equal to it is quoted (stays text) and NULL comes back as null
  await s.execute('TRUNCATE TABLE BK.NV');
  await bulkImport(s, 'BK.NV', [[1, null], [2, '\\N'], [3, 'x']], { format: { null: '\\N' } });
  assert.deepEqual((await s.query('SELECT * FROM BK.NV ORDER BY ID')).rows, [[1, null], [2, '\\N'], [3, 'x']]);
  const k = sink();
  await bulkExport(s, { query: 'SELECT * FROM BK.NV ORDER BY ID' }, k.w, { format: { null: '\\N' } });
  assert.equal(k.text(), '1,\\N\n2,"\\N"\n3,x\n');
  const rows: CsvRow[] = [];
  for await (const r of exportRows(s, { query: 'SELECT * FROM BK.NV ORDER BY ID' }, { format: { null: '\\N' } })) rows.push(r);
  assert.deepEqual(rows, [['1', null], ['2', '\\N'], ['3', 'x']]);
});

test('CRLF: CSV text with CRLF rows and a quoted line break, imported with rowSeparator CRLF (no \\r left in the data); CRLF export', async () => {
  await s.execute('CREATE TABLE BK.CR (ID DECIMAL(9,0), V VARCHAR(40))');
  const csv = '1,"two\r\nlines"\r\n2,plain\r\n3,"quoted last"\r\n';
  // text chunks cut at awkward places (inside the CRLF, inside quotes)
  const parts = ['1,"two\r', '\nlines"\r', '\n2,plain\r\n3,"quoted', ' last"\r\n'];
  assert.equal(parts.join(''), csv);
  const r = await bulkImport(s, 'BK.CR', parts, { format: { rowSeparator: 'CRLF' } });
  assert.equal(r.rows, 3);
  assert.deepEqual((await s.query('SELECT * FROM BK.CR ORDER BY ID')).rows, [[1, 'two\r\nlines'], [2, 'plain'], [3, 'quoted last']]);
  assert.ok(statements.some((x) => x.startsWith('IMPORT INTO "BK"."CR"') && x.includes("ROW SEPARATOR = 'CRLF'")));
  const k = sink();
  await bulkExport(s, { query: 'SELECT * FROM BK.CR ORDER BY ID' }, k.w, { format: { rowSeparator: 'CRLF' } });
  assert.equal(k.text(), csv);
  const rows: CsvRow[] = [];
  for await (const row of exportRows(s, { query: 'SELECT * FROM BK.CR ORDER BY ID' }, { format: { rowSeparator: 'CRLF' } })) rows.push(row);
  assert.deepEqual(rows, [['1', 'two\r\nlines'], ['2', 'plain'], ['3', 'quoted last']]);
});

test('gzip on the wire both ways (FILE 000.gz), 20,000 rows, same bytes as without gzip', async () => {
  await s.execute('CREATE TABLE BK.GZ (ID DECIMAL(18,0), V VARCHAR(40), F DOUBLE)');
  async function* gen() {
    for (let i = 0; i < 20_000; i++) yield [BigInt(i) * 1_000_000_007n, `row ${i} "q"`, i / 7];
  }
  const r = await bulkImport(s, 'BK.GZ', gen(), { gzip: true });
  assert.equal(r.rows, 20_000);
  assert.ok(statements.some((x) => x.startsWith('IMPORT INTO "BK"."GZ"') && x.includes("FILE '000.gz'")));
  const plain = sink();
  const zipped = sink();
  await bulkExport(s, { query: 'SELECT * FROM BK.GZ ORDER BY ID' }, plain.w);
  await bulkExport(s, { query: 'SELECT * FROM BK.GZ ORDER BY ID' }, zipped.w, { gzip: true });
  assert.equal(zipped.text(), plain.text());
  assert.equal(plain.text().split('\n')[19_999], `19999000139993,"row 19999 ""q""",${19_999 / 7}`);
});

test('many blocks: 150,000 rows from an async generator (about 25 blocks) arrive unchanged, in order', async () => {
  await s.execute('CREATE TABLE BK.MANY (ID DECIMAL(18,0), V VARCHAR(60), F DOUBLE)');
  const row = (i: number): [number, string, number] => [i, `row-${i}-${'x'.repeat(i % 37)}`, i / 7];
  async function* gen() {
    for (let i = 0; i < 150_000; i++) yield row(i);
  }
  const r = await bulkImport(s, 'BK.MANY', gen());
  assert.equal(r.rows, 150_000);
  assert.ok(r.bytes > 20 * 256 * 1024, `${r.bytes} bytes`);
  const out = sink();
  await bulkExport(s, { query: 'SELECT * FROM BK.MANY ORDER BY ID' }, out.w);
  const expected = Array.from({ length: 150_000 }, (_, i) => row(i).join(',') + '\n').join('');
  assert.ok(out.text() === expected, 'exported text differs from the rows imported');
});

test('file path in and out (os.tmpdir): header skipped, separators and delimiter of the format; a failed export removes its file', async () => {
  await s.execute('CREATE TABLE BK.F (ID DECIMAL(9,0), V VARCHAR(40))');
  const src = join(dir, 'in.csv');
  await writeFile(src, "ID;V\n1;'semi;colon'\n2;'it''s'\n");
  const r = await bulkImport(s, 'BK.F', src, { skip: 1, format: { columnSeparator: ';', columnDelimiter: "'" } });
  assert.equal(r.rows, 2);
  assert.deepEqual((await s.query('SELECT * FROM BK.F ORDER BY ID')).rows, [[1, 'semi;colon'], [2, "it's"]]);
  const dst = join(dir, 'out.csv');
  const e = await bulkExport(s, { table: 'BK.F', columns: ['V', 'ID'] }, dst, { withColumnNames: true });
  assert.equal(e.rows, 2);
  assert.equal(await readFile(dst, 'utf8'), 'V,ID\nsemi;colon,1\nit\'s,2\n');
  // a failing export leaves no file behind
  const bad = join(dir, 'bad.csv');
  await assert.rejects(bulkExport(s, 'BK.MISSING', bad), /MISSING/);
  await assert.rejects(readFile(bad), { code: 'ENOENT' });
  // a missing source file is an InputError before anything is sent
  await assert.rejects(bulkImport(s, 'BK.F', join(dir, 'nope.csv')), { name: 'InputError' });
});

test('identifiers are quoted: a mixed-case table and a column list, names with quotes; bad names refused before anything is sent', async () => {
  await s.execute('CREATE TABLE BK."Odd ""Name""" ("lower" VARCHAR(10), ID DECIMAL(9,0))');
  await bulkImport(s, ['BK', 'Odd "Name"'], [[1, 'a']], { columns: ['ID', '"lower"'] });
  assert.deepEqual((await s.query('SELECT ID, "lower" FROM BK."Odd ""Name"""')).rows, [[1, 'a']]);
  assert.ok(statements.some((x) => x.startsWith('IMPORT INTO "BK"."Odd ""Name""" ("ID", "lower") FROM CSV')));
  await assert.rejects(bulkImport(s, 'BK.T; DROP TABLE X', [[1]]), { name: 'InputError' });
  await assert.rejects(bulkImport(s, 'BK.NV', [[1, 'a']], { columns: ['ID', 'V) --'] }), { name: 'InputError' });
  await assert.rejects(bulkImport(s, 'BK.NV', [[1, Number.NaN]]), { name: 'InputError' });
  await assert.rejects(bulkImport(s, 'BK.NV', [[1, { a: 1 }]] as never), { name: 'InputError' });
  await assert.rejects(bulkImport(s, 'BK.NV', 42 as never), { name: 'InputError' });
  await assert.rejects(bulkImport(s, 'BK.NV', [[1, 'a']], { streams: 0 }), { name: 'InputError' });
  await assert.rejects(bulkImport(s, 'BK.NV', [[1, 'a']], { format: { rowSeparator: 'X' as never } }), { name: 'InputError' });
});

test('EXPORT of a query with DECIMAL divisions and engine DOUBLEs gives the digits a SELECT gives (never cut at the point)', async () => {
  await s.execute('CREATE TABLE BK.DIV (ID DECIMAL(18,0), D DOUBLE)');
  await s.execute('INSERT INTO BK.DIV VALUES (1, 0.5), (10, 2.25), (-3, -0.125)');
  const q = 'SELECT ID / 7 A, ID / 4 B, D * 2 C, ID * 1.5 E, CAST(D AS DECIMAL(10,2)) F FROM BK.DIV ORDER BY ID';
  const ws = await s.query(q, [], { values: 'raw' });
  const csv: unknown[][] = [];
  for await (const r of exportRows(s, { query: q })) csv.push(r);
  // ID / 7 is DECIMAL(24,6) as in Exasol: 1/7 = 0.142857 (it was exported as "0")
  assert.deepEqual(csv.map((r) => r[0]), ['-0.428571', '0.142857', '1.428571']);
  assert.deepEqual(csv, ws.rows.map((r) => r.map((v) => (v === null ? null : String(v)))));
});
