// The emulator's fast EXPORT path (src/emulator/sql/etl/export-fast.ts: DuckDB writes every CSV line of a one-file
// EXPORT by COPY to a temp file) against its JavaScript path (csv-write.ts): a table of every
// type with hand-picked edge cases and seeded random values is exported twice over real tunnels, once with the
// fast path switched off, for many file options; the bytes of every file must be equal, and the fast path must
// really have been taken where it applies (and not where it does not: several files, other encodings, HASHTYPE,
// GEOMETRY, local time zones).
import { openTunnel } from './support/bulk-helpers';
import { mulberry32 } from '../bench/rng';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { gunzipSync } from 'node:zlib';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startEmulator, type RunningEmulator } from '../src/emulator/index';
import { exportFastPath } from '../src/emulator/sql/etl/export-fast';
import { WireClient } from './support/wire-client';


let emu: RunningEmulator;
let c: WireClient;

/** Seeded random numbers. */
const rng = mulberry32;

const COLUMNS =
  'ID DECIMAL(9,0), A DECIMAL(18,0), B DECIMAL(36,10), C DECIMAL(36,0), D DECIMAL(9,2), E DOUBLE, F BOOLEAN, G DATE, ' +
  'H TIMESTAMP(0), I TIMESTAMP(3), J TIMESTAMP(6), K TIMESTAMP(9), L VARCHAR(100), M CHAR(5), ' +
  'N INTERVAL YEAR(4) TO MONTH, O INTERVAL DAY TO SECOND, P INTERVAL DAY(5) TO SECOND(9), Q TIMESTAMP WITH LOCAL TIME ZONE, R INTERVAL DAY TO SECOND(0)';

const DOUBLES = [
  0, -0, 1, -1, 0.1, 1 / 3, -2 / 3, 123.456, 1e-5, 9.99e-6, 1e-4, 9.999999999999999e-5, 2.5e-5, -2.5e-5, 1.5e-10, 1e15, -1e15, 1e15 + 0.125, 1234567890123456.8,
  9999999999999998, 1e16, 1e21, 1.7976931348623157e308, -1.7976931348623157e308, 5e-324, 2.2250738585072014e-308, 100, 1e300, 0.000123, 12345678.9,
];
const TEXTS = ['', ' ', 'a', 'a,b', '"', '""', 'q"r', 'li\nne', 'cr\r', 'x\r\ny', '#hash', 'not#', ' lead', 'trail ', 'tab\there', "it's", 'Grüße', '€uro', '😀x', 'e\u0301', 'NULL', '1', '0', ';', '|', '||', ':', '-', 'E', "'"];

function sqlString(s: string): string {
  return "'" + s.replace(/'/g, "''") + "'";
}

/** One row of literals: edge values for the first rows, seeded random ones after. */
function rowSql(i: number, r: () => number): string {
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
  const maybe = (s: string): string => (r() < 0.1 ? 'NULL' : s);
  const int = (digits: number): string => (r() < 0.5 ? '-' : '') + String(Math.floor(r() * 10 ** Math.min(digits, 15))) + (digits > 15 ? String(Math.floor(r() * 10 ** (digits - 15))).padStart(digits - 15, '0') : '');
  const frac = (n: number): string => String(Math.floor(r() * 10 ** n)).padStart(n, '0').replace(/0+$/, '') || '0';
  const dbl = i < DOUBLES.length ? DOUBLES[i]! : r() < 0.5 ? (r() - 0.5) * 10 ** Math.floor(r() * 40 - 20) : Math.floor((r() - 0.5) * 1e6);
  const year = i === 0 ? 1 : i === 1 ? 9999 : 1 + Math.floor(r() * 9999);
  const nsYear = 1678 + Math.floor(r() * 580);
  const ymd = (y: number) => `${String(y).padStart(4, '0')}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
  const hms = () => `${String(Math.floor(r() * 24)).padStart(2, '0')}:${String(Math.floor(r() * 60)).padStart(2, '0')}:${String(Math.floor(r() * 60)).padStart(2, '0')}`;
  const ts = (y: number, digits: number) => `TIMESTAMP '${ymd(y)} ${hms()}${digits > 0 ? '.' + String(Math.floor(r() * 10 ** digits)).padStart(digits, '0') : ''}'`;
  const text = (max: number) => (r() < 0.5 ? pick(TEXTS) : Array.from({ length: Math.floor(r() * max) }, () => pick(TEXTS)).join('')).slice(0, max);
  const sign = r() < 0.3 ? '-' : '';
  const dsec = `${Math.floor(r() * 99)} ${hms()}.${String(Math.floor(r() * 1e6)).padStart(6, '0')}`;
  return (
    `(${i}, ${maybe(int(18))}, ${maybe(`${int(26)}.${frac(10)}`)}, ${maybe(int(36))}, ${maybe(`${int(7)}.${frac(2)}`)}, ` +
    `${maybe(`CAST(${sqlString(String(dbl))} AS DOUBLE)`)}, ${maybe(r() < 0.5 ? 'TRUE' : 'FALSE')}, ${maybe(`DATE '${ymd(year)}'`)}, ` +
    `${maybe(ts(year, 0))}, ${maybe(ts(year, 3))}, ${maybe(ts(year, 6))}, ${maybe(ts(nsYear, 9))}, ${maybe(sqlString(text(100)))}, ` +
    `${maybe(sqlString(text(5).slice(0, 4)))}, ${maybe(`INTERVAL '${sign}${Math.floor(r() * 9999)}-${Math.floor(r() * 12)}' YEAR(4) TO MONTH`)}, ` +
    `${maybe(`INTERVAL '${sign}${dsec}' DAY TO SECOND`)}, ${maybe(`INTERVAL '${sign}${dsec}' DAY(5) TO SECOND(9)`)}, ${maybe(ts(1900 + Math.floor(r() * 200), 6))}, ` +
    `${maybe(`INTERVAL '${sign}${dsec}' DAY TO SECOND(0)`)})`
  );
}

before(async () => {
  emu = await startEmulator();
  c = await WireClient.connect(emu.url);
  await c.ok({ command: 'execute', sqlText: 'CREATE SCHEMA XF' });
  await c.ok({ command: 'execute', sqlText: `CREATE TABLE XF.T (${COLUMNS})` });
  const r = rng(20240614);
  const values: string[] = [];
  for (let i = 0; i < 400; i++) values.push(rowSql(i, r));
  for (let k = 0; k < values.length; k += 50) await c.ok({ command: 'execute', sqlText: `INSERT INTO XF.T VALUES ${values.slice(k, k + 50).join(', ')}` });
  await c.ok({ command: 'execute', sqlText: `INSERT INTO XF.T (ID) VALUES (1000)` });
  // many rows: several chunks, dealt over several files
  await c.ok({
    command: 'execute',
    sqlText:
      'CREATE TABLE XF.BIG AS SELECT CAST(I AS DECIMAL(18,0)) AS ID, CAST(\'n-\' || I AS VARCHAR(20)) AS NAME, CAST(I / 7.0 AS DOUBLE) AS X, ' +
      "TIMESTAMP '2024-01-01 00:00:00' + TO_MICROSECONDS(I * 1000003) AS TS FROM range(10000) t(I)",
  });
});
after(async () => {
  exportFastPath.enabled = true;
  await c.close();
  await emu.close();
});

/** Opens a tunnel and receives one EXPORT file on it: the chunked PUT body, answered 200 (`slow`: reading pauses 20 ms every 4th piece, so the tunnel fills up). */
async function tunnel(slow = false): Promise<{ address: string; body: Promise<Buffer> }> {
  const { raw: raw, address: address } = await openTunnel(emu.port);
  let pieces = 0;
  const body = new Promise<Buffer>((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const parts: Buffer[] = [];
    let headDone = false;
    const timer = setTimeout(() => reject(new Error('no complete body within 60 s')), 60_000);
    raw.on('data', (d: Buffer) => {
      if (slow && ++pieces % 4 === 0) {
        raw.pause();
        setTimeout(() => raw.resume(), 20);
      }
      buf = Buffer.concat([buf, d]);
      if (!headDone) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        assert.match(buf.subarray(0, end).toString('latin1'), /^PUT \/\S+ HTTP\/1\.1\r\n/);
        buf = buf.subarray(end + 4);
        headDone = true;
      }
      for (;;) {
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        const size = parseInt(buf.subarray(0, nl).toString('latin1'), 16);
        if (buf.length < nl + 2 + size + 2) return;
        if (size === 0) {
          clearTimeout(timer);
          raw.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
          resolve(Buffer.concat(parts));
          return;
        }
        parts.push(buf.subarray(nl + 2, nl + 2 + size));
        buf = buf.subarray(nl + 2 + size + 2);
      }
    });
  });
  body.catch(() => undefined);
  return { address, body };
}

/** Exports `source` into `files` (one tunnel each) with `options`; the bodies, and whether the fast path ran. */
async function exportOnce(source: string, options: string, files: string[], fast: boolean, slow = false): Promise<{ bodies: Buffer[]; fast: boolean; rows: number }> {
  exportFastPath.enabled = fast;
  const before = exportFastPath.exports;
  try {
    const ts = await Promise.all(files.map(() => tunnel(slow)));
    const ats = ts.map((t, k) => `AT 'http://${t.address}' FILE '${files[k]}'`).join(' ');
    const r = await c.request({ command: 'execute', sqlText: `EXPORT ${source} INTO CSV ${ats} ${options}` });
    assert.equal(r.status, 'ok', JSON.stringify(r));
    const bodies = await Promise.all(ts.map((t) => t.body));
    return { bodies, fast: exportFastPath.exports > before, rows: r.responseData.results[0].rowCount };
  } finally {
    exportFastPath.enabled = true;
  }
}

/** Asserts that both paths write the same bytes; returns whether the fast path was taken. */
async function same(source: string, options = '', files = ['000.csv'], slowReader = false): Promise<boolean> {
  const slow = await exportOnce(source, options, files, false, slowReader);
  const quick = await exportOnce(source, options, files, true, slowReader);
  assert.equal(slow.fast, false);
  assert.equal(quick.rows, slow.rows);
  for (let k = 0; k < files.length; k++) {
    if (files[k]!.endsWith('.gz')) assert.ok(slow.bodies[k]!.equals(quick.bodies[k]!), 'the same gzip bytes');
    const a = files[k]!.endsWith('.gz') ? gunzipSync(slow.bodies[k]!) : slow.bodies[k]!;
    const b = files[k]!.endsWith('.gz') ? gunzipSync(quick.bodies[k]!) : quick.bodies[k]!;
    if (!a.equals(b)) {
      const la = a.toString('utf8').split('\n');
      const lb = b.toString('utf8').split('\n');
      const i = la.findIndex((l, j) => l !== lb[j]);
      assert.fail(`${source} ${options} file ${files[k]}: first difference in line ${i}:\n  js:   ${JSON.stringify(la[i])}\n  fast: ${JSON.stringify(lb[i])}`);
    }
  }
  return quick.fast;
}

const ORDERED = '(SELECT * FROM XF.T ORDER BY ID)';

test('every type and edge value: the fast path writes the JavaScript path\'s bytes (default options, WITH COLUMN NAMES, NULL texts)', async () => {
  assert.equal(await same(ORDERED), true);
  assert.equal(await same(ORDERED, 'WITH COLUMN NAMES'), true);
  assert.equal(await same(ORDERED, "NULL = 'NULL'"), true);
  assert.equal(await same(ORDERED, "NULL = '1'"), true, 'a NULL text that digits can spell');
  assert.equal(await same(ORDERED, "NULL = '0' DELIMIT = ALWAYS"), true);
  assert.equal(await same('XF.T'), true, 'a table source');
});

test('separators, delimiters and row separators: names, hex, several characters, characters numbers and dates hold', async () => {
  const options = [
    "COLUMN SEPARATOR = ';' COLUMN DELIMITER = ''''",
    "DELIMIT = ALWAYS ROW SEPARATOR = 'CRLF'",
    "DELIMIT = NEVER ROW SEPARATOR = 'CR'",
    "COLUMN SEPARATOR = '0' COLUMN DELIMITER = '1'",
    "COLUMN SEPARATOR = 'TAB' COLUMN DELIMITER = ''",
    "COLUMN SEPARATOR = '||' COLUMN DELIMITER = '\"\"'",
    "COLUMN SEPARATOR = 'NUL' COLUMN DELIMITER = ':'",
    "COLUMN SEPARATOR = '0x09' COLUMN DELIMITER = '-'",
    "COLUMN SEPARATOR = '0xC3A4' COLUMN DELIMITER = 'E'",
    "COLUMN SEPARATOR = ' ' COLUMN DELIMITER = '.'",
    "COLUMN SEPARATOR = '-' COLUMN DELIMITER = 'N' NULL = '+'",
  ];
  for (const o of options) assert.equal(await same(ORDERED, o), true, o);
});

test('gzip, many rows, queries with DuckDB-derived types, values outside Exasol\'s ranges; several files keep the JavaScript path', async () => {
  assert.equal(await same(ORDERED, '', ['000.gz']), true);
  // several files are dealt DuckDB's chunks: the JavaScript path's
  assert.equal(await same('(SELECT * FROM XF.BIG ORDER BY ID)', '', ['000.csv', '001.csv', '002.csv']), false);
  assert.equal(await same('(SELECT * FROM XF.BIG ORDER BY ID)', 'WITH COLUMN NAMES', ['000.gz']), true);
  assert.equal(await same('(SELECT * FROM XF.BIG ORDER BY ID)'), true);
  assert.equal(await same('(SELECT ID + 1, D * 2, B, E / 3, -E, CAST(ID AS DOUBLE) / 3, COUNT(*) OVER (), SUM(D) OVER (), CAST(ID AS INTEGER) FROM XF.T ORDER BY ID)'), true);
  assert.equal(await same('(SELECT * FROM XF.T WHERE ID < 0)'), true, 'no rows');
  // values outside Exasol's ranges that DuckDB still holds: years before 1 and after 9999, infinities
  const outside =
    "(SELECT CAST(DATE '0001-01-01' - 400 AS DATE) AS D1, CAST(DATE '0001-01-01' - 1100000 AS DATE) AS D2, CAST('infinity' AS DATE) AS D3, CAST('-infinity' AS DATE) AS D4, " +
    "CAST(TIMESTAMP '0001-01-01 00:00:00' - INTERVAL '400' DAY AS TIMESTAMP) AS T1, CAST('infinity' AS TIMESTAMP) AS T2, CAST('-infinity' AS TIMESTAMP) AS T3, " +
    "CAST(TIMESTAMP '9999-12-31 23:59:59.5' + INTERVAL '1' DAY AS TIMESTAMP) AS T4, CAST(DATE '9999-12-31' + 400 AS DATE) AS D5)";
  assert.equal(await same(outside), true, 'outside the ranges');
  // a division of DECIMALs is typed and computed as a SELECT does it (exact DECIMAL(p,6)): the fast path takes it
  assert.equal(await same('(SELECT ID, ID / 7 FROM XF.T ORDER BY ID)'), true, 'ID / 7 as exact DECIMAL');
});

test('a file many read buffers long, read slowly: the same bytes (the fast path reuses its read buffers once the tunnel is done with them)', async () => {
  // about 11 MB (more than the loopback socket buffers hold): the two 256 KiB read buffers are reused many times while the client holds the tunnel back
  const many = '(SELECT B.*, R.I FROM XF.BIG B, (SELECT * FROM range(20)) R(I) ORDER BY R.I, B.ID)';
  assert.equal(await same(many, '', ['000.csv'], true), true);
  assert.equal(await same(many, '', ['000.gz'], true), true);
});

test('what the fast path leaves to the JavaScript path: other encodings, HASHTYPE, GEOMETRY, local time zones', async () => {
  assert.equal(await same(ORDERED, "ENCODING = 'UTF8'"), true, 'UTF8 is UTF-8');
  assert.equal(await same('(SELECT ID, A, F FROM XF.T ORDER BY ID)', "ENCODING = 'ASCII'"), false);
  await c.ok({ command: 'execute', sqlText: 'CREATE TABLE XF.H (ID DECIMAL(9,0), H HASHTYPE(16 BYTE), G GEOMETRY)' });
  await c.ok({ command: 'execute', sqlText: "INSERT INTO XF.H VALUES (1, '0123456789ABCDEF0123456789abcdef', 'POINT (1 2)'), (2, NULL, NULL)" });
  assert.equal(await same('(SELECT ID, H FROM XF.H ORDER BY ID)'), false);
  assert.equal(await same('(SELECT ID, G FROM XF.H ORDER BY ID)'), false);
  await c.ok({ command: 'execute', sqlText: "ALTER SESSION SET TIME_ZONE = 'EUROPE/BERLIN'" });
  try {
    assert.equal(await same('(SELECT ID, Q FROM XF.T ORDER BY ID)'), false);
    assert.equal(await same('(SELECT ID, J FROM XF.T ORDER BY ID)'), true, 'TIMESTAMP does not depend on the time zone');
  } finally {
    await c.ok({ command: 'execute', sqlText: "ALTER SESSION SET TIME_ZONE = 'UTC'" });
  }
});

test('no temp file is left behind, also after a failed or aborted transfer', async () => {
  const mine = () => readdirSync(tmpdir()).filter((f) => f.startsWith(`exa-export-${process.pid}-`));
  assert.deepEqual(mine(), []);
  // the client answers 500 at once: the statement fails with ETL-5106
  const { raw: raw, address: address } = await openTunnel(emu.port);
  raw.once('data', () => raw.end('HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n'));
  const r = await c.request({ command: 'execute', sqlText: `EXPORT (SELECT * FROM XF.BIG) INTO CSV AT 'http://${address}' FILE '000.csv'` });
  assert.equal(r.status, 'error');
  assert.match(r.exception.text, /ETL-5106/);
  assert.deepEqual(mine(), []);
  const again = await c.ok({ command: 'execute', sqlText: 'SELECT COUNT(*) FROM XF.BIG' });
  assert.equal(again.responseData.results[0].resultSet.data[0][0], 10000);
  // an EXPORT the client stops reading, then aborted: R0003, the temp file removed, the session goes on
  await c.ok({ command: 'execute', sqlText: 'CREATE TABLE XF.HUGE AS SELECT * FROM XF.BIG, (SELECT * FROM range(30)) r' });
  const { raw: raw2, address: address2 } = await openTunnel(emu.port);
  const before = exportFastPath.exports;
  const pending = c.request({ command: 'execute', sqlText: `EXPORT XF.HUGE INTO CSV AT 'http://${address2}' FILE '000.csv'` });
  await once(raw2, 'data');
  raw2.pause();
  await new Promise((r) => setTimeout(r, 300));
  c.send({ command: 'abortQuery' });
  const r2 = await pending;
  assert.equal(r2.status, 'error');
  assert.equal(r2.exception.sqlCode, 'R0003');
  assert.equal(exportFastPath.exports, before + 1);
  raw2.destroy();
  assert.deepEqual(mine(), []);
  const after = await c.ok({ command: 'execute', sqlText: 'SELECT COUNT(*) FROM XF.HUGE' });
  assert.equal(after.responseData.results[0].resultSet.data[0][0], 300000);
});
