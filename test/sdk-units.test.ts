// Server-free parts of the SDK: errors, host lists, script splitting, value decoding, binding, fingerprints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { constants, generateKeyPairSync, privateDecrypt, randomBytes } from 'node:crypto';
import { AbortError, AuthError, ConnectionError, errorFromServer, ExasolError, InputError, ProtocolError, SqlError, TimeoutError, parseHosts, shuffleHosts, splitScript } from '../src/node';
import { rowDecoder, type RowDecoder } from '../src/client/decode';
import type { Row } from '../src/values';
import { bindRows } from '../src/client/bind';
import { normalizeFingerprint } from '../src/platform/fingerprint';
import { ATTRIBUTE_SPECS, DEFAULT_ATTRIBUTES, parseJson, RawNumber, stringifyJson } from '../src/protocol';

test('error classes: instanceof by brand, server codes mapped to classes', () => {
  const e = errorFromServer({ text: 'object X not found', sqlCode: '42000' }, 'SELECT * FROM X');
  assert.ok(e instanceof SqlError && e instanceof ExasolError && e instanceof Error);
  assert.equal(e.sqlCode, '42000');
  assert.equal((e as SqlError).serverText, 'object X not found');
  assert.equal(e.sql, 'SELECT * FROM X');
  assert.ok(!(e instanceof AuthError));
  assert.ok(errorFromServer({ text: 'Client requested execution abort.', sqlCode: 'R0003' }) instanceof AbortError);
  assert.ok(errorFromServer({ text: 'Query terminated because timeout has been reached.', sqlCode: 'R0001' }) instanceof TimeoutError);
  assert.ok(errorFromServer({ text: 'Connection exception - authentication failed.', sqlCode: '08004' }) instanceof AuthError);
  // A foreign copy of the class (as a second bundle would have) is recognised by its brand.
  const foreign = Object.assign(new Error('x'), { [Symbol.for('exasol-ws.error-kinds')]: ['ConnectionError', 'ExasolError'] });
  assert.ok(foreign instanceof ConnectionError && foreign instanceof ExasolError);
  assert.ok(!(foreign instanceof ProtocolError));
  assert.ok(!(new Error('plain') instanceof ExasolError));
  assert.equal(new TimeoutError('t').name, 'TimeoutError');
});

test('host lists: ranges, padding, ports, fingerprints, shuffle', () => {
  assert.deepEqual(
    parseHosts('exa1..3:8564,other:9000'),
    [
      { host: 'exa1', port: 8564 },
      { host: 'exa2', port: 8564 },
      { host: 'exa3', port: 8564 },
      { host: 'other', port: 9000 },
    ],
  );
  assert.deepEqual(parseHosts('127.0.0.1..2').map((h) => `${h.host}:${h.port}`), ['127.0.0.1:8563', '127.0.0.2:8563']);
  assert.deepEqual(parseHosts('n08..10:1').map((h) => h.host), ['n08', 'n09', 'n10']);
  assert.deepEqual(parseHosts('a,b,c:7000').map((h) => h.port), [7000, 7000, 7000]);
  const fp = 'ab'.repeat(32);
  assert.deepEqual(parseHosts(`h/${fp}:8563`), [{ host: 'h', port: 8563, fingerprint: fp }]);
  assert.throws(() => parseHosts(''), InputError);
  assert.throws(() => parseHosts('h3..1'), InputError);
  assert.throws(() => parseHosts('h:99999'), InputError);
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const shuffled = shuffleHosts([1, 2, 3, 4, 5, 6], rnd);
  assert.deepEqual([...shuffled].sort(), [1, 2, 3, 4, 5, 6]);
  assert.notDeepEqual(shuffled, [1, 2, 3, 4, 5, 6]);
});

test('script splitting respects quotes, identifiers and comments', () => {
  const script = `
    -- leading comment; not a statement
    CREATE TABLE "a;b" (x VARCHAR(10));
    INSERT INTO "a;b" VALUES ('it''s; fine'); /* block ; comment */
    SELECT 1 /* ; */ FROM dual;;
    -- trailing only comment;
    SELECT ';' -- end
  `;
  assert.deepEqual(splitScript(script), [
    'CREATE TABLE "a;b" (x VARCHAR(10))',
    "INSERT INTO \"a;b\" VALUES ('it''s; fine')",
    'SELECT 1 /* ; */ FROM dual',
    "SELECT ';' -- end",
  ]);
  assert.deepEqual(splitScript(' ; -- nothing\n ; '), []);
});

test('decoding: exact typed values by column type, raw mode, safe row keys', () => {
  const cols = [
    { name: 'SMALL', dataType: { type: 'DECIMAL', precision: 9, scale: 0 } },
    { name: 'INT', dataType: { type: 'DECIMAL', precision: 18, scale: 0 } },
    { name: 'BIG', dataType: { type: 'DECIMAL', precision: 36, scale: 0 } },
    { name: 'DEC', dataType: { type: 'DECIMAL', precision: 10, scale: 2 } },
    { name: 'D', dataType: { type: 'DOUBLE' } },
    { name: '__proto__', dataType: { type: 'VARCHAR', size: 10, characterSet: 'UTF8' } },
    { name: 'constructor', dataType: { type: 'BOOLEAN' } },
    { name: 'TS', dataType: { type: 'TIMESTAMP', withLocalTimeZone: false } },
  ] as const;
  const wire = '[[1,null],[999999999999999999,-5],["123456789012345678901234567890123456","-1"],["3.14","-0.01"],[1.5e300,null],["x",null],[true,false],["2024-02-29 23:59:59.123456",null]]';
  const data = parseJson(wire) as unknown[][];
  const dec = rowDecoder(cols as never, 'typed');
  const decodeRows = (d: RowDecoder, data: unknown[][], n: number) => {
    d.decode(data, n);
    return d.rows(data, n, 'object') as Row[];
  };
  const rows = decodeRows(dec, data, 2);
  assert.equal(rows[0]!.SMALL, 1);
  assert.equal(rows[0]!.INT, 999999999999999999n); // beyond 2^53: bigint, exact
  assert.equal(rows[1]!.INT, -5); // safe: number
  assert.equal(rows[0]!.BIG, 123456789012345678901234567890123456n);
  assert.equal(rows[0]!.DEC, '3.14');
  assert.equal(rows[1]!.DEC, '-0.01');
  assert.equal(rows[0]!.D, 1.5e300);
  assert.equal(rows[1]!.D, null);
  assert.equal(Object.getOwnPropertyDescriptor(rows[0], '__proto__')?.value, 'x');
  assert.equal(rows[0]!.constructor, true);
  assert.equal(rows[1]!.constructor, false);
  assert.equal(rows[0]!.TS, '2024-02-29 23:59:59.123456');
  assert.deepEqual(Object.keys(rows[0]!), ['SMALL', 'INT', 'BIG', 'DEC', 'D', '__proto__', 'constructor', 'TS']);
  assert.equal(Object.getPrototypeOf(Object.getPrototypeOf(rows[0])), null);
  assert.match(inspect(decodeRows(dec, parseJson(wire) as unknown[][], 2)[0]), /^Row \{\s+SMALL: 1,\s+INT: 999999999999999999n,/); // printed as a Row, not "Object <[Object: null prototype] {}>"
  assert.match(inspect(decodeRows(rowDecoder([cols[0]] as never, 'typed'), [[7]], 1)[0]), /^Row \{ SMALL: 7 \}$/);
  assert.equal(dec.columns[2]!.sqlType, 'DECIMAL(36,0)');
  const raw = decodeRows(rowDecoder(cols as never, 'raw'), parseJson(wire) as unknown[][], 2);
  assert.equal(raw[0]!.INT, '999999999999999999');
  assert.equal(raw[1]!.INT, -5);
  const asBigint = decodeRows(rowDecoder(cols as never, 'bigint'), parseJson(wire) as unknown[][], 2);
  assert.equal(asBigint[1]!.INT, -5n); // one JS type per column
  assert.equal(asBigint[1]!.BIG, -1n);
  assert.equal(asBigint[0]!.SMALL, 1);
  assert.equal(decodeRows(rowDecoder(cols as never, 'typed'), parseJson(wire) as unknown[][], 2)[1]!.BIG, -1); // a safe string-encoded integer becomes a number
  assert.throws(() => decodeRows(dec, [['x'], [1], ['1'], ['1'], [1], ['x'], [true], ['2024-01-01 00:00:00.000000']], 1), ProtocolError);
});

test('binding: coercion per parameter type, typed errors before sending', () => {
  const types = [
    { type: 'DOUBLE' },
    { type: 'DECIMAL', precision: 18, scale: 0 },
    { type: 'DECIMAL', precision: 36, scale: 0 },
    { type: 'DECIMAL', precision: 10, scale: 3 },
    { type: 'DATE' },
    { type: 'TIMESTAMP' },
    { type: 'BOOLEAN' },
    { type: 'VARCHAR', size: 3 },
  ] as const;
  const when = new Date(Date.UTC(2024, 1, 29, 23, 59, 58, 7));
  const cols = bindRows(types as never, [
    [1, 42, 123456789012345678901234567890n, '1.5', when, when, true, 'abc'],
    [2.5, '9007199254740993', '-7', 2.125, '2024-01-02', '2024-01-02 03:04:05.123456', false, '😀😀😀'],
    [null, undefined, null, null, null, null, null, null],
  ]);
  assert.equal(stringifyJson(cols), '[[1.0,2.5,null],[42,"9007199254740993",null],["123456789012345678901234567890","-7",null],["1.5","2.125",null],["2024-02-29","2024-01-02",null],["2024-02-29 23:59:58.007000","2024-01-02 03:04:05.123456",null],[true,false,null],["abc","😀😀😀",null]]');
  assert.ok(cols[0]![0] instanceof RawNumber);
  const bad = (t: object, v: unknown) => assert.throws(() => bindRows([t] as never, [[v]]), InputError);
  bad({ type: 'DOUBLE' }, 'abc');
  bad({ type: 'DOUBLE' }, Infinity);
  bad({ type: 'DECIMAL', precision: 18, scale: 0 }, 2 ** 60);
  bad({ type: 'DECIMAL', precision: 5, scale: 2 }, '1.234');
  bad({ type: 'DECIMAL', precision: 5, scale: 2 }, '1234');
  bad({ type: 'DATE' }, new Date(NaN));
  bad({ type: 'DATE' }, '2024/01/01');
  bad({ type: 'BOOLEAN' }, 1);
  bad({ type: 'VARCHAR', size: 2 }, 'abc');
  bad({ type: 'GEOMETRY' }, 5);
  assert.throws(() => bindRows([{ type: 'DOUBLE' }] as never, [[1, 2]]), (e: unknown) => e instanceof InputError && e.row === 0);
  try {
    bindRows([{ type: 'DOUBLE' }, { type: 'DATE' }] as never, [[1, '2024-01-01'], [2, 'x']]);
    assert.fail('expected InputError');
  } catch (e) {
    assert.ok(e instanceof InputError);
    assert.equal(e.row, 1);
    assert.equal(e.column, 1);
  }
});

test('fingerprint normalisation', () => {
  assert.equal(normalizeFingerprint('ab:'.repeat(31) + 'ab'), 'AB'.repeat(32));
  assert.throws(() => normalizeFingerprint('abc'), InputError);
});

test('lazy parts: a failed load rejects with ConnectionError naming the cause and is tried again; a good load is shared', async () => {
  const { lazy } = await import('../src/client/lazy');
  let calls = 0;
  const flaky = lazy(async () => {
    calls++;
    if (calls === 1) throw new TypeError('Failed to fetch dynamically imported module');
    return { value: calls };
  });
  await assert.rejects(flaky(), (e: unknown) => e instanceof ConnectionError && /cannot load a part of exasol-ws: Failed to fetch/.test((e as Error).message) && (e as Error).cause instanceof TypeError);
  const [a, b] = await Promise.all([flaky(), flaky()]);
  assert.equal(a, b);
  assert.deepEqual(a, { value: 2 });
  assert.equal(calls, 2);
});

test('attributes: every default has the JSON type the spec names (replies are checked against the defaults)', () => {
  assert.deepEqual(Object.keys(DEFAULT_ATTRIBUTES).sort(), Object.keys(ATTRIBUTE_SPECS).sort());
  for (const [k, spec] of Object.entries(ATTRIBUTE_SPECS)) assert.equal(typeof DEFAULT_ATTRIBUTES[k as keyof typeof DEFAULT_ATTRIBUTES], spec.json, k);
});
