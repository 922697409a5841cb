// Functions of Exasol's SQL reference the emulator added later (bit functions, hashes, POSIX time, intervals, type
// checks, text functions, logical aggregates, cluster functions): each test runs the example of the function's
// docs.exasol.com page (cited) and checks its documented result and result data type; where a page shows no
// result, values that follow from its usage notes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Engine, SqlSession } from '../src/emulator/sql/contract';
import { createEngine } from '../src/emulator/sql/engine';
import { parseJson, type DataType } from '../src/protocol';
import { failsWith, firstRow, statementContext } from './support/engine-probe';

const ctx = statementContext;
const DOCS = 'https://docs.exasol.com/sql_references/functions/alphabeticallistfunctions/';
const dec = (precision: number, scale: number): DataType => ({ type: 'DECIMAL', precision, scale });

describe('emulator-sql reference functions', () => {
  let engine: Engine;
  let s: SqlSession;
  before(async () => {
    engine = await createEngine({});
    s = await engine.openSession({ sessionId: '31', userName: 'SYS' });
  });
  after(async () => {
    await s.close();
    await engine.close();
  });

  /** The first row of a query as name -> value (v), and the column types (t). */
  async function row(sql: string): Promise<{ v: Record<string, unknown>; t: Record<string, DataType> }> {
    const r = await firstRow(s, sql);
    return { v: r.values, t: r.types };
  }
  const fails = (sql: string, code: string, text: RegExp): Promise<void> => failsWith(s, sql, code, text);

  it('BIT_AND / BIT_OR / BIT_XOR / BIT_NOT on two numbers: DECIMAL(20,0), 64 bits unsigned', async () => {
    // ${DOCS}bit_and.htm, bit_or.htm, bit_xor.htm, bit_not.htm: "limited to 64 bits", result DECIMAL(20,0)
    const { v, t } = await row('SELECT BIT_AND(9, 3) A, BIT_OR(9, 3) O, BIT_XOR(9, 3) X, BIT_NOT(0) N, BIT_NOT(18446744073709551615) N2, BIT_AND(NULL, 3) Z');
    // DECIMAL(20,0) values travel as strings (more than 18 digits)
    assert.deepEqual(v, { A: '1', O: '11', X: '10', N: '18446744073709551615', N2: '0', Z: null });
    for (const c of ['A', 'O', 'X', 'N']) assert.deepEqual(t[c], dec(20, 0));
    await fails('SELECT BIT_AND(-1, 3)', '22002', /numeric value out of range/);
    await fails('SELECT BIT_OR(18446744073709551616, 1)', '22002', /numeric value out of range/);
  });

  it('BIT_CHECK: bit positions from 0 (the lowest), BOOLEAN', async () => {
    // ${DOCS}bit_check.htm: B0 TRUE, B1 TRUE, B2 FALSE, B3 FALSE
    const { v, t } = await row('SELECT BIT_CHECK(3,0) B0, BIT_CHECK(3,1) B1, BIT_CHECK(3,2) B2, BIT_CHECK(3,3) B3');
    assert.deepEqual(v, { B0: true, B1: true, B2: false, B3: false });
    assert.deepEqual(t.B0, { type: 'BOOLEAN' });
    await fails('SELECT BIT_CHECK(3, 64)', '22002', /numeric value out of range/);
  });

  it('BIT_LSHIFT / BIT_RSHIFT / BIT_LROTATE / BIT_RROTATE / BIT_SET / BIT_TO_NUM', async () => {
    // ${DOCS}bit_lshift.htm (1,10), bit_rshift.htm (1024,10), bit_lrotate.htm / bit_rrotate.htm (1024,63),
    // bit_set.htm (8,0), bit_to_num.htm (1,1,0,0): shifts lose the bits pushed out, rotations bring them back
    const { v, t } = await row(
      'SELECT BIT_LSHIFT(1,10) L, BIT_RSHIFT(1024,10) R, BIT_LROTATE(1024,63) LR, BIT_RROTATE(1024,63) RR, BIT_SET(8,0) S, BIT_TO_NUM(1,1,0,0) N, ' +
        'BIT_LSHIFT(3,63) L63, BIT_LROTATE(3,63) LR63, BIT_RROTATE(3,0) RR0',
    );
    assert.deepEqual(v, { L: '1024', R: '1', LR: '512', RR: '2048', S: '9', N: '12', L63: '9223372036854775808', LR63: '9223372036854775809', RR0: '3' });
    for (const c of ['L', 'R', 'LR', 'RR', 'S', 'N']) assert.deepEqual(t[c], dec(20, 0));
    await fails('SELECT BIT_LSHIFT(1, 64)', '22002', /numeric value out of range/);
    await fails('SELECT BIT_TO_NUM(1, 2)', '22002', /numeric value out of range/);
    assert.equal((await row('SELECT BIT_TO_NUM(1, NULL) N')).v.N, null);
  });
  it('HASH_* give CHAR(n) ASCII hex digests, HASHTYPE_* HASHTYPE(n BYTE); several arguments hash as one text', async () => {
    // ${DOCS}hash_sha512.htm ("CHAR(128)", example HASH_SHA512('abc')), hashtype_sha512.htm ("HASHTYPE(64 byte)"),
    // hash_md5.htm, hash_sha1.htm, hash_sha256.htm, hashtype_md5.htm ...: "NULL if all input expressions are NULL"
    const { v, t } = await row("SELECT HASH_MD5('abc') M, HASH_SHA1('abc') S1, HASH_SHA256('abc') S2, HASH_SHA512('abc') S5, HASHTYPE_MD5('abc') HM, HASHTYPE_SHA512('abc') H5");
    assert.equal(v.M, '900150983cd24fb0d6963f7d28e17f72');
    assert.equal(v.S1, 'a9993e364706816aba3e25717850c26c9cd0d89d');
    assert.equal(v.S2, 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(v.S5, 'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f');
    assert.equal(v.HM, v.M);
    assert.equal(v.H5, v.S5);
    assert.deepEqual(t.M, { type: 'CHAR', size: 32, characterSet: 'ASCII' });
    assert.deepEqual(t.S5, { type: 'CHAR', size: 128, characterSet: 'ASCII' });
    assert.deepEqual(t.HM, { type: 'HASHTYPE', size: 32 });
    assert.deepEqual(t.H5, { type: 'HASHTYPE', size: 128 });
    const many = await row("SELECT HASH_MD5('a', 'bc') M2, HASH_MD5(NULL, NULL) N2, HASH_SHA512(NULL) N1, HASHTYPE_SHA1('a', NULL) H");
    assert.deepEqual(many.v, { M2: v.M, N2: null, N1: null, H: '86f7e437faa5a7fce15d1ddcb9eaeaea377667b8' });
  });

  it('HASH_TIGER / HASHTYPE_TIGER: Tiger/192, CHAR(48) / HASHTYPE(24 BYTE)', async () => {
    // ${DOCS}hash_tiger.htm ("CHAR(48)", example HASH_TIGER('abc')), hashtype_tiger.htm ("HASHTYPE(24 byte)");
    // values: the algorithm's published test vectors ('', 'abc', 'Tiger', a two-block message)
    const { v, t } = await row(
      "SELECT HASH_TIGER('abc') A, HASH_TIGER('Tiger') B, HASH_TIGER('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq') C, HASHTYPE_TIGER('abc') H, HASH_TIGER(NULL) N",
    );
    assert.deepEqual(v, {
      A: '2aab1484e8c158f2bfb8c5ff41b57a525129131c957b5f93',
      B: 'dd00230799f5009fec6debc838bb6a27df2b9d6f110c7937',
      C: '0f7bf9a19b9c58f2b7610df7e84f0ac3a71c631e7b53f78e',
      H: '2aab1484e8c158f2bfb8c5ff41b57a525129131c957b5f93',
      N: null,
    });
    assert.deepEqual(t.A, { type: 'CHAR', size: 48, characterSet: 'ASCII' });
    assert.deepEqual(t.H, { type: 'HASHTYPE', size: 48 });
  });

  it('SOUNDEX: a letter and three digits (Knuth); COLOGNE_PHONETIC: Kölner Phonetik digits', async () => {
    // https://docs.exasol.com/db/7.1/sql_references/functions/alphabeticallistfunctions/soundex.htm: S530, S530
    const sx = await row("SELECT SOUNDEX('smythe') A, SOUNDEX('Smith') B, SOUNDEX('Pfister') C, SOUNDEX('Ashcraft') D, SOUNDEX('Lee') E, SOUNDEX(NULL) N");
    assert.deepEqual(sx.v, { A: 'S530', B: 'S530', C: 'P236', D: 'A261', E: 'L000', N: null });
    assert.deepEqual(sx.t.A, { type: 'CHAR', size: 4, characterSet: 'ASCII' });
    // ${DOCS}cologne_phonetic.htm; codes as the algorithm defines them (Postel 1969)
    const kp = await row("SELECT COLOGNE_PHONETIC('schmitt') A, COLOGNE_PHONETIC('Schmidt') B, COLOGNE_PHONETIC('Müller-Lüdenscheidt') C, COLOGNE_PHONETIC('Wikipedia') D, COLOGNE_PHONETIC('Meier') E, COLOGNE_PHONETIC('Mayr') F");
    assert.deepEqual(kp.v, { A: '862', B: '862', C: '65752682', D: '3412', E: '67', F: '67' });
  });

  it('INSERT(string, position, length, new_string) and UNICODECHR', async () => {
    // ${DOCS}insert.htm: axxx, abCDef; position 0 or outside: unchanged; negative: from the end; length < 0: the rest
    const { v } = await row("SELECT INSERT('abc',2,2,'xxx') A, INSERT('abcdef',3,2,'CD') B, INSERT('abc',0,1,'x') C, INSERT('abc',-1,1,'x') D, INSERT('abc',2,-1,'x') E, INSERT('abc',2,0,'x') F, INSERT('abc',2,1,NULL) N");
    assert.deepEqual(v, { A: 'axxx', B: 'abCDef', C: 'abc', D: 'abx', E: 'ax', F: 'axbc', N: null });
    // ${DOCS}unicodechr.htm: the character of a code point
    assert.deepEqual((await row('SELECT UNICODECHR(252) U, UNICODECHR(NULL) N')).v, { U: 'ü', N: null });
    await fails('SELECT UNICODECHR(-1)', '22002', /numeric value out of range/);
  });
  it('POSIX_TIME / FROM_POSIX_TIME: seconds since 1970-01-01 00:00:00 UTC and back', async () => {
    // ${DOCS}posix_time.htm: PT1 1.000, PT2 1234567890.000 (TIME_ZONE 'UTC'); before 1970: negative
    const p = await row("SELECT POSIX_TIME('1970-01-01 00:00:01') PT1, POSIX_TIME('2009-02-13 23:31:30') PT2, POSIX_TIME(TIMESTAMP '1969-12-31 23:59:59.5') PT3, POSIX_TIME(NULL) N");
    assert.deepEqual(p.v, { PT1: '1', PT2: '1234567890', PT3: '-0.5', N: null });
    assert.deepEqual(p.t.PT1, dec(18, 3));
    assert.equal((await row('SELECT POSIX_TIME() > 1700000000 NOW_')).v.NOW_, true);
    // ${DOCS}from_posix_time.htm: FPT1 1970-01-01 00:00:01.000000, FPT2 2009-02-13 23:31:30.000000
    const f = await row('SELECT FROM_POSIX_TIME(1) FPT1, FROM_POSIX_TIME(1234567890) FPT2, FROM_POSIX_TIME(-1.5) F3, FROM_POSIX_TIME(NULL) N');
    assert.deepEqual(f.v, { FPT1: '1970-01-01 00:00:01.000000', FPT2: '2009-02-13 23:31:30.000000', F3: '1969-12-31 23:59:58.500000', N: null });
    assert.equal(f.t.FPT1!.type, 'TIMESTAMP');
  });

  it('YEARS_BETWEEN: only the dates count; whole years when month and day are equal', async () => {
    // ${DOCS}years_between.htm (usage notes; the example YB2 compares 2001-01-01 12:00 with 2000-01-01 00:00)
    const { v, t } = await row("SELECT YEARS_BETWEEN(DATE '2001-01-01', DATE '2000-06-15') YB1, YEARS_BETWEEN(TIMESTAMP '2001-01-01 12:00:00', TIMESTAMP '2000-01-01 00:00:00') YB2, YEARS_BETWEEN(DATE '2000-01-01', DATE '2002-01-01') YB3");
    assert.equal(v.YB2, 1);
    assert.equal(v.YB3, -2);
    assert.ok(Math.abs((v.YB1 as number) - (6 + 17 / 31) / 12) < 1e-12, String(v.YB1));
    assert.deepEqual(t.YB1, { type: 'DOUBLE' });
  });

  it('SESSIONTIMEZONE, DBTIMEZONE, CURRENT_STATEMENT, SCOPE_USER', async () => {
    // ${DOCS}sessiontimezone.htm (the zone ALTER SESSION set), dbtimezone.htm, current_statement.htm (numbered
    // serially within the session), scope_user.htm (outside a script or view: the current user)
    const a = await row('SELECT SESSIONTIMEZONE, DBTIMEZONE, CURRENT_STATEMENT, SCOPE_USER');
    assert.deepEqual({ ...a.v, CURRENT_STATEMENT: undefined }, { SESSIONTIMEZONE: 'UNIVERSAL', DBTIMEZONE: 'UNIVERSAL', CURRENT_STATEMENT: undefined, SCOPE_USER: 'SYS' });
    await s.execute("ALTER SESSION SET TIME_ZONE = 'EUROPE/BERLIN'", ctx());
    const b = await row('SELECT SESSIONTIMEZONE, CURRENT_STATEMENT');
    assert.equal(b.v.SESSIONTIMEZONE, 'EUROPE/BERLIN');
    // autocommit: each statement is followed by its COMMIT, numbered too (SELECT, COMMIT, ALTER SESSION, COMMIT)
    assert.equal(b.v.CURRENT_STATEMENT, (a.v.CURRENT_STATEMENT as number) + 4);
    await s.execute("ALTER SESSION SET TIME_ZONE = 'UTC'", ctx());
  });
  it('interval literals of every documented form, typed YEAR(p) TO MONTH / DAY(p) TO SECOND(fp)', async () => {
    // https://docs.exasol.com/sql_references/literals.htm (interval literals)
    const ym = await row("SELECT INTERVAL '5' MONTH A, INTERVAL '130' MONTH (3) B, INTERVAL '27' YEAR C, INTERVAL '2-1' YEAR TO MONTH D, INTERVAL '100-1' YEAR(3) TO MONTH E, INTERVAL '-5-3' YEAR TO MONTH F");
    assert.deepEqual(ym.v, { A: '+00-05', B: '+010-10', C: '+27-00', D: '+02-01', E: '+100-01', F: '-05-03' });
    assert.deepEqual(ym.t.A, { type: 'INTERVAL YEAR TO MONTH', precision: 2 });
    assert.deepEqual(ym.t.E, { type: 'INTERVAL YEAR TO MONTH', precision: 3 });
    const ds = await row(
      "SELECT INTERVAL '5' DAY A, INTERVAL '100' HOUR(3) B, INTERVAL '6' MINUTE C, INTERVAL '1.99999' SECOND(2,2) D, INTERVAL '10:20' HOUR TO MINUTE E, " +
        "INTERVAL '2 23:10:59' DAY TO SECOND F, INTERVAL '23:10:59.123' HOUR(2) TO SECOND(3) G",
    );
    assert.deepEqual(ds.v, { A: '+05 00:00:00.000', B: '+004 04:00:00.000', C: '+00 00:06:00.000', D: '+00 00:00:02.00', E: '+00 10:20:00.000', F: '+02 23:10:59.000', G: '+00 23:10:59.123' });
    assert.deepEqual(ds.t.A, { type: 'INTERVAL DAY TO SECOND', precision: 2, fraction: 3 });
    assert.deepEqual(ds.t.D, { type: 'INTERVAL DAY TO SECOND', precision: 2, fraction: 2 });
    const sum = await row("SELECT TIMESTAMP '2000-01-01 00:00:00' + INTERVAL '1:30' HOUR TO MINUTE X, DATE '2000-01-31' + INTERVAL '1' MONTH Y");
    assert.deepEqual(sum.v, { X: '2000-01-01 01:30:00.000000', Y: '2000-02-29' });
    await fails("SELECT INTERVAL '1:xx' HOUR TO MINUTE", '22007', /invalid interval format/);
  });

  it('NUMTODSINTERVAL / NUMTOYMINTERVAL / TO_DSINTERVAL / TO_YMINTERVAL', async () => {
    // ${DOCS}numtodsinterval.htm, numtoyminterval.htm, to_dsinterval.htm, to_yminterval.htm
    const { v, t } = await row(
      "SELECT NUMTODSINTERVAL(3.2,'HOUR') A, NUMTOYMINTERVAL(3.5,'YEAR') B, TO_DSINTERVAL('3 10:59:59.123') C, TO_YMINTERVAL('3-11') D, " +
        "TO_DSINTERVAL('-2 00:00:01') E, NUMTODSINTERVAL(NULL, 'DAY') N",
    );
    assert.deepEqual(v, { A: '+000000000 03:12:00.000000000', B: '+000000003-06', C: '+000000003 10:59:59.123000000', D: '+000000003-11', E: '-000000002 00:00:01.000000000', N: null });
    assert.deepEqual(t.A, { type: 'INTERVAL DAY TO SECOND', precision: 9, fraction: 9 });
    assert.deepEqual(t.B, { type: 'INTERVAL YEAR TO MONTH', precision: 9 });
    // a DATE plus a year-month interval stays a DATE (as with a literal)
    const sum = await row("SELECT DATE '2000-01-31' + TO_YMINTERVAL('0-1') X, DATE '2000-01-01' - NUMTOYMINTERVAL(1, 'YEAR') Y");
    assert.deepEqual(sum.v, { X: '2000-02-29', Y: '1999-01-01' });
    assert.equal(sum.t.X!.type, 'DATE');
    await fails("SELECT NUMTODSINTERVAL(1, 'WEEK')", '22023', /invalid interval unit WEEK/);
    await fails("SELECT TO_YMINTERVAL('3-13')", '22018', /invalid character value for cast/);
  });
  it('IS_NUMBER / IS_DATE / IS_TIMESTAMP / IS_BOOLEAN / IS_DSINTERVAL / IS_YMINTERVAL', async () => {
    // ${DOCS}is_boolean.htm (IS_[type]): IS_BOOLEAN('xyz') FALSE, IS_NUMBER('+12.34') TRUE, IS_DATE('12.13.2011', 'DD.MM.YYYY') FALSE
    const doc = await row("SELECT IS_BOOLEAN('xyz') IS_BOOLEAN, IS_NUMBER('+12.34') IS_NUMBER, IS_DATE('12.13.2011', 'DD.MM.YYYY') IS_DATE");
    assert.deepEqual(doc.v, { IS_BOOLEAN: false, IS_NUMBER: true, IS_DATE: false });
    assert.deepEqual(doc.t.IS_NUMBER, { type: 'BOOLEAN' });
    const more = await row(
      "SELECT IS_NUMBER('abc') A, IS_NUMBER(NULL) B, IS_DATE('2011-12-13') C, IS_DATE('13.12.2011', 'DD.MM.YYYY') D, IS_TIMESTAMP('2011-12-13 10:00:00') E, " +
        "IS_BOOLEAN('f') F, IS_DSINTERVAL('2 10:00:00') G, IS_DSINTERVAL('2 25:00:00') H, IS_YMINTERVAL('3-11') I, IS_YMINTERVAL('3-12') J, IS_NUMBER('nan') K",
    );
    assert.deepEqual(more.v, { A: false, B: null, C: true, D: true, E: true, F: true, G: true, H: false, I: true, J: false, K: false });
  });
  it('CONVERT(type, x) is CAST(x AS type); CHAR(n) values are blank-padded to n', async () => {
    // ${DOCS}convert.htm (CONVERT(data_type, expr)); https://docs.exasol.com/sql_references/data_types/datatypedetails.htm:
    // "CHAR(n) has a fixed and pre-defined length n ... space characters are automatically added (padding)"
    const c = await row("SELECT CONVERT(VARCHAR(10), 5) A, CONVERT(DECIMAL(5,2), '1.5') B, CONVERT(DATE, '2000-01-02') C, CONVERT(CHAR(5), 'ab') || '|' D");
    assert.deepEqual(c.v, { A: '5', B: '1.5', C: '2000-01-02', D: 'ab   |' });
    assert.deepEqual(c.t.A, { type: 'VARCHAR', size: 10, characterSet: 'UTF8' });
    assert.deepEqual(c.t.B, dec(5, 2));
    const p = await row("SELECT CAST('abc' AS CHAR(5)) || '|' X, LENGTH(CAST('abc' AS CHAR(5))) L, CAST('abc' AS CHAR(5)) C, CAST(NULL AS CHAR(3)) N");
    assert.deepEqual(p.v, { X: 'abc  |', L: 5, C: 'abc  ', N: null });
    assert.deepEqual(p.t.C, { type: 'CHAR', size: 5, characterSet: 'UTF8' });
    // as a value (compared, stored) it stays unpadded, like stored CHAR values (the wire pads it)
    assert.deepEqual((await row("SELECT CAST('abc' AS CHAR(5)) = 'abc' EQ")).v, { EQ: true });
  });
  it('EVERY / SOME / ANY / MUL / APPROXIMATE_COUNT_DISTINCT as set and analytic functions', async () => {
    // ${DOCS}every.htm, some.htm (ANY is its synonym), mul.htm ("always DOUBLE PRECISION"), approximate_count_distinct.htm
    const data = 'FROM (VALUES (1),(2),(3),(4)) t(x)';
    const { v, t } = await row(`SELECT EVERY(x > 0) A, SOME(x > 3) B, ANY(x > 4) C, MUL(x) D, APPROXIMATE_COUNT_DISTINCT(x) E ${data}`);
    assert.deepEqual(v, { A: true, B: true, C: false, D: 24, E: 4 });
    assert.deepEqual(t.A, { type: 'BOOLEAN' });
    assert.deepEqual(t.D, { type: 'DOUBLE' });
    const w = await row(`SELECT EVERY(x > 1) OVER (ORDER BY x) E, MUL(DISTINCT x) OVER () M ${data} ORDER BY x`);
    assert.deepEqual(w.v, { E: false, M: 24 });
    // the quantified comparison keeps its meaning
    assert.deepEqual((await row('SELECT COUNT(*) N FROM (VALUES (1),(2)) t(x) WHERE x = ANY (SELECT 2)')).v, { N: 1 });
  });

  it('DIV: the integer quotient; SYS_GUID: 48 hex digits', async () => {
    // ${DOCS}div.htm: DIV(15,6) = 2
    const { v } = await row('SELECT DIV(15,6) DIV, DIV(-15, 6) N, DIV(NULL, 2) Z');
    assert.deepEqual(v, { DIV: 2, N: -2, Z: null });
    await fails('SELECT DIV(1, 0)', '22012', /division by zero/);
    // ${DOCS}sys_guid.htm: CHAR(48)
    const g = await row('SELECT SYS_GUID() G, SYS_GUID() = SYS_GUID() SAME');
    assert.match(g.v.G as string, /^[0-9a-f]{48}$/);
    assert.equal(g.v.SAME, false);
    assert.deepEqual(g.t.G, { type: 'CHAR', size: 48, characterSet: 'ASCII' });
  });

  it('NPROC / IPROC / VALUE2PROC on the emulated cluster', async () => {
    // ${DOCS}nproc.htm, iproc.htm, value2proc.htm: the number of nodes, the node of the row, the node of a value
    const cluster = await createEngine({ nodes: 4 });
    try {
      const c = await cluster.openSession({ sessionId: '32', userName: 'SYS' });
      const o = await c.execute('SELECT NPROC() N, IPROC() I, VALUE2PROC(42) V, VALUE2PROC(NULL) Z', ctx());
      if (o.kind !== 'resultSet') throw new Error('expected rows');
      const cols = parseJson((await o.rows.read(0, 1 << 20, 10)).json) as unknown[][];
      await o.rows.close();
      assert.deepEqual(cols.map((col) => col[0]), [4, 0, cols[2]![0], null]);
      assert.ok((cols[2]![0] as number) >= 0 && (cols[2]![0] as number) < 4);
      await c.close();
    } finally {
      await cluster.close();
    }
  });
  it('VALUES without parentheses: a row per value', async () => {
    // https://docs.exasol.com/sql/select.htm (VALUES in the FROM clause): SELECT * FROM (VALUES 1,2,3) t(x)
    const o = await s.execute('SELECT * FROM (VALUES 1,2,3) t(x)', ctx());
    if (o.kind !== 'resultSet') throw new Error('expected rows');
    const cols = parseJson((await o.rows.read(0, 1 << 20, 10)).json) as unknown[][];
    await o.rows.close();
    assert.deepEqual(cols, [[1, 2, 3]]);
    assert.deepEqual((await row("SELECT COUNT(*) N, MAX(y) M FROM (VALUES (1, 'a'), (2, 'b')) t(x, y)")).v, { N: 2, M: 'b' });
    assert.deepEqual((await row('SELECT SUM(x) S FROM VALUES 1+1, 2*3, (4) AS t(x)')).v, { S: '12' });
  });
  it('DUMP: byte length, character set and the bytes of the selected characters', async () => {
    // ${DOCS}dump.htm: DUMP('123abc'), DUMP('üäö45',16); format 8/10/16/17, start and length select characters,
    // NULL gives the text 'NULL'
    const { v } = await row("SELECT DUMP('123abc') A, DUMP('üäö45',16) B, DUMP(NULL) N, DUMP('abcdef', 10, 2, 2) P, DUMP('abcdef', 10, -2) R, DUMP('aü', 17) C, DUMP('ab', 10, 5) Z");
    assert.deepEqual(v, {
      A: 'Len=6 CharacterSet=UTF8: 49,50,51,97,98,99',
      B: 'Len=8 CharacterSet=UTF8: c3,bc,c3,a4,c3,b6,34,35',
      N: 'NULL',
      P: 'Len=6 CharacterSet=UTF8: 98,99',
      R: 'Len=6 CharacterSet=UTF8: 101,102',
      C: 'Len=3 CharacterSet=UTF8: a,c3,bc',
      Z: null,
    });
    await fails("SELECT DUMP('a', 3)", '22023', /DUMP: invalid format 3/);
  });
  it('CONNECT BY: LEVEL, PRIOR, CONNECT_BY_ROOT, SYS_CONNECT_BY_PATH, CONNECT_BY_ISLEAF, depth-first order', async () => {
    await s.execute('CREATE SCHEMA HIER', ctx());
    await s.execute('CREATE TABLE HIER.EMPLOYEES(employee_id INT, last_name VARCHAR(20), manager_id INT)', ctx());
    await s.execute("INSERT INTO HIER.EMPLOYEES VALUES (1, 'Clark', NULL), (2, 'Smith', 1), (3, 'Brown', 2), (4, 'Jones', 2), (5, 'Other', NULL), (6, 'Loop', 7), (7, 'Pool', 6)", ctx());
    const rows = async (sql: string): Promise<unknown[][]> => {
      const o = await s.execute(sql, ctx());
      if (o.kind !== 'resultSet') throw new Error('expected rows');
      const cols = parseJson((await o.rows.read(0, 1 << 20, 100)).json) as unknown[][];
      await o.rows.close();
      return cols[0]!.map((_, r) => cols.map((c) => c[r]));
    };
    // ${DOCS}connect_by_isleaf.htm: Clark 0 /Clark, Smith 0 /Clark/Smith, Brown 1 /Clark/Smith/Brown, Jones 1 /Clark/Smith/Jones
    assert.deepEqual(
      await rows("SELECT last_name, CONNECT_BY_ISLEAF, SYS_CONNECT_BY_PATH(last_name, '/') \"PATH\" FROM HIER.employees CONNECT BY PRIOR employee_id = manager_id START WITH last_name = 'Clark'"),
      [['Clark', 0, '/Clark'], ['Smith', 0, '/Clark/Smith'], ['Brown', 1, '/Clark/Smith/Brown'], ['Jones', 1, '/Clark/Smith/Jones']],
    );
    assert.deepEqual(
      await rows('SELECT last_name, LEVEL, PRIOR last_name, CONNECT_BY_ROOT last_name FROM HIER.employees e START WITH manager_id IS NULL CONNECT BY PRIOR e.employee_id = e.manager_id ORDER BY LEVEL, last_name'),
      [['Clark', 1, null, 'Clark'], ['Other', 1, null, 'Other'], ['Smith', 2, 'Clark', 'Clark'], ['Brown', 3, 'Smith', 'Clark'], ['Jones', 3, 'Smith', 'Clark']],
    );
    // WHERE filters the finished hierarchy
    assert.deepEqual(await rows('SELECT last_name FROM HIER.employees WHERE LEVEL > 1 START WITH manager_id IS NULL CONNECT BY NOCYCLE PRIOR employee_id = manager_id'), [['Smith'], ['Brown'], ['Jones']]);
    // a row repeating an ancestor ends its branch: with NOCYCLE shown once with CONNECT_BY_ISCYCLE 1 (${DOCS}connect_by_iscycle.htm:
    // 0 /Clark, 1 /Clark/Jackson/Johnson/Clark), without NOCYCLE an error; never a hang
    assert.deepEqual(
      await rows("SELECT CONNECT_BY_ISCYCLE, SYS_CONNECT_BY_PATH(last_name, '/') \"PATH\" FROM HIER.employees WHERE last_name = 'Loop' CONNECT BY NOCYCLE PRIOR employee_id = manager_id START WITH employee_id = 6"),
      [[0, '/Loop'], [1, '/Loop/Pool/Loop']],
    );
    await assert.rejects(s.execute('SELECT last_name FROM HIER.employees START WITH employee_id = 6 CONNECT BY PRIOR employee_id = manager_id', ctx()), /CONNECT BY loop/);
    assert.deepEqual(await rows('SELECT * FROM HIER.employees START WITH employee_id = 2 CONNECT BY PRIOR employee_id = manager_id'), [[2, 'Smith', 1], [3, 'Brown', 2], [4, 'Jones', 2]]);
    // in a subquery too
    assert.deepEqual(await rows('SELECT COUNT(*), MAX(l) FROM (SELECT LEVEL l FROM HIER.employees START WITH manager_id IS NULL CONNECT BY PRIOR employee_id = manager_id) x'), [[5, 3]]);
    await assert.rejects(s.execute('SELECT last_name FROM HIER.employees a, HIER.employees b CONNECT BY PRIOR a.employee_id = b.manager_id', ctx()), /CONNECT BY: a FROM that is not one table is not emulated/);
  });
});
