import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJson, parseJsonExact, stringifyJson, RawNumber } from '../src/protocol';

test('parseJson keeps integers beyond 2^53 exact, as digit strings', () => {
  const v = parseJson('{"sessionId":1750902846820319232,"n":[-9007199254740993,9007199254740991,42]}') as any;
  assert.equal(v.sessionId, '1750902846820319232');
  assert.deepEqual(v.n, ['-9007199254740993', 9007199254740991, 42]);
});

test('parseJson leaves strings, fractions and exponents alone', () => {
  const text = '{"s":"12345678901234567890 \\" 99999999999999999","d":1.12345678901234567890,"e":12345678901234567e3}';
  const v = parseJson(text) as any;
  assert.equal(v.s, '12345678901234567890 " 99999999999999999');
  assert.equal(v.d, 1.1234567890123457);
  assert.equal(v.e, 12345678901234567e3);
});

test('parseJson rejects invalid JSON like JSON.parse', () => {
  assert.throws(() => parseJson('{"a":12345678901234567890'), SyntaxError);
  assert.throws(() => parseJson('{"a":'), SyntaxError);
});

test('parseJsonExact keeps number tokens as written', () => {
  const v = parseJsonExact('{"data":[[1.0,1,-2e5]],"__proto__":{"x":1}}') as any;
  assert.ok(v.data[0][0] instanceof RawNumber);
  assert.equal(v.data[0][0].text, '1.0');
  assert.equal(v.data[0][0].isInteger, false);
  assert.equal(v.data[0][1].isInteger, true);
  assert.equal(Object.getPrototypeOf(v), Object.prototype);
  assert.deepEqual(Object.keys(v), ['data', '__proto__']);
  assert.throws(() => parseJsonExact('[1,]'), SyntaxError);
  assert.throws(() => parseJsonExact('[1] x'), SyntaxError);
});

test('stringifyJson writes bigint and RawNumber as bare tokens', () => {
  assert.equal(stringifyJson({ a: 12345678901234567890n, b: new RawNumber('1.0'), c: [undefined, 'x"'], d: undefined }), '{"a":12345678901234567890,"b":1.0,"c":[null,"x\\""]}');
  assert.throws(() => stringifyJson({ a: NaN }), TypeError);
  const cyc: any = {};
  cyc.self = cyc;
  assert.throws(() => stringifyJson(cyc), TypeError);
});

test('parseJson stays linear on digit-heavy column data (a regression guard on correctness, not speed)', () => {
  // Many full-precision doubles before the next quote, and one unsafe integer after them.
  const doubles = Array.from({ length: 2000 }, (_, i) => (i + 0.1234567890123456).toString());
  const text = `{"data":[[${doubles.join(',')}],["x"],[12345678901234567890]]}`;
  const v = parseJson(text) as any;
  assert.equal(v.data[0].length, 2000);
  assert.equal(v.data[0][1999], 1999.1234567890124);
  assert.equal(v.data[2][0], '12345678901234567890');
});

test('parseJson: a large double written with an exponent stays a number', () => {
  const v = parseJson('{"d":1e300,"i":9007199254740993}') as any;
  assert.equal(v.d, 1e300);
  assert.equal(v.i, '9007199254740993');
});
