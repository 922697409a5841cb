/**
 * Lossless JSON for the Exasol wire protocol.
 *
 * Real servers send 19-digit session ids and DECIMAL(p<=18,0) values beyond 2^53 as bare JSON
 * numbers, which `JSON.parse` silently rounds. {@link parseJson} keeps every integer token that is
 * not a safe integer as a string of its exact digits; everything else is exactly `JSON.parse`.
 * {@link parseJsonExact} keeps every number token's source text (the emulator needs it to reject an
 * integer token for a DOUBLE parameter, as real servers do). {@link stringifyJson} writes `bigint`
 * and {@link RawNumber} values as bare number tokens.
 */

/** A JSON number token kept as its source text, e.g. `1.0` stays `"1.0"` and `12345678901234567890` stays exact. */
export class RawNumber {
  /** The token exactly as written in the JSON text. */
  readonly text: string;
  constructor(text: string) {
    if (!NUMBER_TOKEN.test(text)) throw new TypeError(`not a JSON number token: ${text}`);
    this.text = text;
  }
  /** True when the token has no fraction and no exponent (an "integer token"). */
  get isInteger(): boolean {
    return !/[.eE]/.test(this.text);
  }
  /** The token's value as a JS number (may round). */
  toNumber(): number {
    return Number(this.text);
  }
  toString(): string {
    return this.text;
  }
  toJSON(): string {
    return this.text;
  }
}

const NUMBER_TOKEN = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const LONG_DIGITS = /-?\d{16,}/;

function isEscaped(text: string, quote: number): boolean {
  let n = 0;
  for (let i = quote - 1; i >= 0 && text.charCodeAt(i) === 92 /* \ */; i--) n++;
  return (n & 1) === 1;
}

function isNumberContinuation(ch: string | undefined): boolean {
  return ch !== undefined && (ch === '.' || ch === 'e' || ch === 'E' || (ch >= '0' && ch <= '9') || ch === '+' || ch === '-');
}

/** Deepest nesting a reply may have (the protocol's deepest is about 6); deeper input is refused, not recursed into. */
export const MAX_JSON_DEPTH = 64;

/**
 * Walks a parsed value and tells whether it holds a number that cannot be an exact integer
 * (|n| > 2^53 - 1). The whole value is walked, so that nesting deeper than
 * {@link MAX_JSON_DEPTH} is always found.
 * @throws SyntaxError when the value nests deeper than {@link MAX_JSON_DEPTH}.
 */
function hasUnsafeNumber(v: unknown, depth = 0): boolean {
  if (typeof v === 'number') return v > Number.MAX_SAFE_INTEGER || v < -Number.MAX_SAFE_INTEGER;
  if (typeof v !== 'object' || v === null) return false;
  if (depth > MAX_JSON_DEPTH) throw new SyntaxError(`JSON nests deeper than ${MAX_JSON_DEPTH} levels`);
  let unsafe = false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x === 'number') {
        if (x > Number.MAX_SAFE_INTEGER || x < -Number.MAX_SAFE_INTEGER) unsafe = true;
      } else if (typeof x === 'object' && x !== null && hasUnsafeNumber(x, depth + 1)) unsafe = true;
    }
    return unsafe;
  }
  for (const k in v) if (hasUnsafeNumber((v as Record<string, unknown>)[k], depth + 1)) unsafe = true;
  return unsafe;
}

/**
 * Parses JSON text like `JSON.parse`, except that an integer token outside the safe integer range
 * (|n| > 2^53 - 1) becomes a string holding its exact digits (e.g. `"1750902846820319232"`).
 * Decoders that know the column type turn such strings into `bigint`.
 *
 * Cost: one `JSON.parse` plus a walk over the parsed numbers; only when a number of magnitude
 * >= 2^53 appears (any rounded integer lands there) is the text parsed again, losslessly, in
 * linear time.
 * @throws SyntaxError for invalid JSON, like `JSON.parse`, and for nesting deeper than {@link MAX_JSON_DEPTH}.
 */
export function parseJson(text: string): unknown {
  const fast = JSON.parse(text) as unknown;
  return hasUnsafeNumber(fast) ? parseJsonLossless(text) : fast;
}

/** One integer token of a JSON text: where it is and its digits. */
interface Token {
  start: number;
  end: number;
  digits: string;
}

/**
 * Finds, in document order, the integer tokens outside strings whose value lies beyond 2^53
 * (a digit run of 16 or more found by a regular expression, strings skipped by following the
 * quotes from one to the next). Linear in the text, and it stops wherever its caller stops.
 */
class UnsafeIntegerTokens {
  readonly #text: string;
  readonly #re = new RegExp(LONG_DIGITS.source, 'g');
  #inString = false;
  #nextQuote: number;
  constructor(text: string) {
    this.#text = text;
    this.#nextQuote = text.indexOf('"');
  }
  next(): Token | undefined {
    const text = this.#text;
    for (let m = this.#re.exec(text); m !== null; m = this.#re.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      while (this.#nextQuote !== -1 && this.#nextQuote < start) {
        if (!isEscaped(text, this.#nextQuote)) this.#inString = !this.#inString;
        this.#nextQuote = text.indexOf('"', this.#nextQuote + 1);
      }
      if (this.#inString || isNumberContinuation(text[start - 1])) continue;
      const after = text[end];
      if (after === '.' || after === 'e' || after === 'E') continue;
      if (Math.abs(Number(m[0])) > Number.MAX_SAFE_INTEGER) return { start, end, digits: m[0] };
    }
    return undefined;
  }
}

/** The lossless path of {@link parseJson}: quotes unsafe integer tokens, then `JSON.parse`. Linear in the text. */
function parseJsonLossless(text: string): unknown {
  const tokens = new UnsafeIntegerTokens(text);
  let out = '';
  let copied = 0; // text[0..copied) is already in out
  for (let t = tokens.next(); t !== undefined; t = tokens.next()) {
    out += text.slice(copied, t.start) + '"' + t.digits + '"';
    copied = t.end;
  }
  return JSON.parse(copied === 0 ? text : out + text.slice(copied));
}

/**
 * Exact digits for the few values a `JSON.parse` rounded: asked in document order with the
 * rounded value, it returns the digits of the next integer token outside strings beyond 2^53,
 * when that token has this value. Strictly the next one: a token in between that nobody asked for
 * (an integer beyond 2^53 in a DOUBLE column, an unknown field) is never skipped, since a later
 * one of the same rounded value would lend its digits to the wrong value. The text is scanned only
 * as far as the last value asked for, so a reply with one 18-digit value costs a partial scan, not
 * a second parse. One instance serves every result of one reply (executeBatch), in order.
 */
export class ExactIntegers {
  readonly #text: string;
  #tokens: UnsafeIntegerTokens | undefined;
  /** The next token, read but not yet taken. */
  #next: Token | undefined;
  /** The reply parsed losslessly, once asked for. */
  #lossless: unknown;
  constructor(text: string) {
    this.#text = text;
  }

  /** The digits of the next unsafe integer token when its value is `rounded` (it is then taken), else undefined (nothing is taken). */
  digitsOf(rounded: number): string | undefined {
    const t = (this.#next ??= (this.#tokens ??= new UnsafeIntegerTokens(this.#text)).next());
    if (t === undefined || Number(t.digits) !== rounded) return undefined;
    this.#next = undefined;
    return t.digits;
  }

  /**
   * For a chunk whose tokens cannot be matched in order (an integer beyond 2^53 in a column that
   * does not ask for exact digits, or of a type unknown here): the value at `path` of the reply
   * parsed losslessly, where every integer token beyond 2^53 is a string of its exact digits.
   * Parsed once per reply.
   */
  losslessAt(path: readonly (string | number)[]): unknown {
    let v = (this.#lossless ??= parseJsonLossless(this.#text));
    for (const k of path) v = typeof v === 'object' && v !== null ? (v as Record<string | number, unknown>)[k] : undefined;
    return v;
  }

  /** Moves the in-order scan past `count` tokens (those of a chunk read through {@link losslessAt}). */
  skip(count: number): void {
    const tokens = (this.#tokens ??= new UnsafeIntegerTokens(this.#text));
    for (let i = 0; i < count; i++) {
      if (this.#next !== undefined) this.#next = undefined;
      else tokens.next();
    }
  }
}

const isUnsafe = (x: unknown): boolean => typeof x === 'number' && (x > Number.MAX_SAFE_INTEGER || x < -Number.MAX_SAFE_INTEGER);

/**
 * Checks nesting, skipping the values inside `data` columns (their decoders check each one is a
 * scalar); tells whether a number beyond 2^53 sits outside them.
 */
function checkDepth(v: unknown, depth: number): boolean {
  if (typeof v !== 'object' || v === null) return isUnsafe(v);
  if (depth > MAX_JSON_DEPTH) throw new SyntaxError(`JSON nests deeper than ${MAX_JSON_DEPTH} levels`);
  let unsafe = false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (checkDepth(v[i], depth + 1)) unsafe = true;
    return unsafe;
  }
  for (const k in v) {
    const x = (v as Record<string, unknown>)[k];
    if (k === 'data' && Array.isArray(x)) {
      for (let c = 0; c < x.length; c++) if (!Array.isArray(x[c]) && checkDepth(x[c], depth + 2)) unsafe = true;
    } else if (checkDepth(x, depth + 1)) unsafe = true;
  }
  return unsafe;
}

/**
 * Parses a reply that may carry result data: `JSON.parse` and a nesting check of everything but
 * the values of `data` columns. Integers beyond 2^53 stay rounded here; the column decoders,
 * which know which columns can hold them, get their exact digits from {@link ExactIntegers}.
 * When one sits outside the data (no field of the protocol holds one there), its token would be
 * taken for a value's: the reply is then parsed like {@link parseJson}, every such integer a string.
 * @throws SyntaxError for invalid JSON and for nesting deeper than {@link MAX_JSON_DEPTH}.
 */
export function parseDataReply(text: string): unknown {
  const v = JSON.parse(text) as unknown;
  return checkDepth(v, 0) ? parseJsonLossless(text) : v;
}

/**
 * Parses JSON text keeping every number token as a {@link RawNumber} (its exact source text).
 * Slower than {@link parseJson}; meant for requests whose number tokens matter (parameter data).
 * @throws SyntaxError for invalid JSON.
 */
export function parseJsonExact(text: string): unknown {
  let i = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} in JSON at position ${i}`);
  };
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else return;
    }
  };
  const value = (depth = 0): unknown => {
    if (depth > MAX_JSON_DEPTH) fail(`Nesting deeper than ${MAX_JSON_DEPTH} levels`);
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: Record<string, unknown> = {};
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('Expected property name');
        const key = str();
        ws();
        if (text[i] !== ':') fail("Expected ':'");
        i++;
        Object.defineProperty(obj, key, { value: value(depth + 1), enumerable: true, writable: true, configurable: true });
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return obj;
        }
        fail("Expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      const arr: unknown[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value(depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return arr;
        }
        fail("Expected ',' or ']'");
      }
    }
    if (c === '"') return str();
    if (text.startsWith('true', i)) {
      i += 4;
      return true;
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return false;
    }
    if (text.startsWith('null', i)) {
      i += 4;
      return null;
    }
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = i;
    const found = m.exec(text);
    if (found === null) return fail('Unexpected token');
    i += found[0].length;
    return new RawNumber(found[0]);
  };
  const str = (): string => {
    const start = i;
    i++;
    for (;;) {
      const q = text.indexOf('"', i);
      if (q === -1) fail('Unterminated string');
      i = q + 1;
      if (!isEscaped(text, q)) break;
    }
    return JSON.parse(text.slice(start, i)) as string;
  };
  const result = value();
  ws();
  if (i !== text.length) fail('Unexpected non-whitespace character after JSON');
  return result;
}

/** Brackets a raw number token inside the native serializer's output; the nonce keeps user strings from matching. */
const RAW_MARK = `\u0000exasol-ws-raw-${Math.random().toString(36).slice(2)}:`;
const RAW_TOKEN = new RegExp(`"${RAW_MARK.replace('\u0000', '\\\\u0000')}([^"]*)"`, 'g');

/**
 * Serializes a value to JSON text like `JSON.stringify`, except that `bigint` values and
 * {@link RawNumber} values are written as bare number tokens. Non-finite numbers throw, as the
 * protocol has no representation for them (`JSON.stringify` would silently write `null`).
 * @throws TypeError for NaN/Infinity, cycles, or a value with no JSON form.
 */
export function stringifyJson(value: unknown): string {
  let raw = false;
  const text = JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const original = this[key];
    if (typeof original === 'bigint' || original instanceof RawNumber) {
      raw = true;
      return RAW_MARK + String(original);
    }
    if (typeof v === 'number' && !Number.isFinite(v)) throw new TypeError(`cannot send ${v} in JSON`);
    return v;
  });
  if (text === undefined) throw new TypeError('value has no JSON representation');
  return raw ? text.replace(RAW_TOKEN, '$1') : text;
}
