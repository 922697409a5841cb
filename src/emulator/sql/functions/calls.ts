/**
 * Finding and replacing Exasol function calls in a token stream: `NAME ( arg, arg ... )` with its
 * top-level arguments, and the DuckDB text of a token range (as rewritten so far).
 */
import { EngineError } from '../contract';
import { position } from '../errors';
import { keyword } from '../lexer';
import type { Tok } from '../rewrite/tokens';

/** One call: indices into `sig` of its name, `(` and `)`, and each argument's [from, to). */
export interface Call {
  name: number;
  open: number;
  close: number;
  args: [number, number][];
}

/** Index of the `)` matching the `(` at sig[open], or -1. */
export function closing(sig: Tok[], open: number): number {
  let depth = 0;
  for (let k = open; k < sig.length; k++) {
    if (sig[k]!.text === '(') depth++;
    else if (sig[k]!.text === ')' && --depth === 0) return k;
  }
  return -1;
}

/** Every call of a function named one of `names` (not qualified by a schema), innermost last-to-first safe order. */
export function findCalls(sig: Tok[], names: ReadonlySet<string>): Call[] {
  const out: Call[] = [];
  for (let i = 0; i + 1 < sig.length; i++) {
    if (sig[i]!.kind !== 'word' || !names.has(keyword(sig[i])) || sig[i + 1]!.text !== '(' || sig[i - 1]?.text === '.') continue;
    const close = closing(sig, i + 1);
    if (close < 0) continue;
    const args: [number, number][] = [];
    let depth = 0;
    let from = i + 2;
    for (let k = i + 2; k < close; k++) {
      const t = sig[k]!.text;
      if (t === '(') depth++;
      else if (t === ')') depth--;
      else if (t === ',' && depth === 0) {
        args.push([from, k]);
        from = k + 1;
      }
    }
    if (close > i + 2) args.push([from, close]);
    out.push({ name: i, open: i + 1, close, args });
  }
  // inner calls first (they start later), so an outer rewrite reads the inner one's output
  return out.sort((a, b) => b.name - a.name);
}

/** What a token wrote before any rewrite (words upper-cased). */
const original = (t: Tok): string => (t.kind === 'word' ? t.text.toUpperCase() : t.text);

/**
 * Text that earlier passes put around a span (`CONCAT(` of a `||` chain before its first token, `)`
 * after its last): kept when the span is replaced, left out of the span's own text.
 */
function wrapping(first: Tok, last: Tok): { prefix: string; suffix: string } {
  const o1 = original(first);
  const o2 = original(last);
  const prefix = first.out.length > o1.length && first.out.endsWith(o1) ? first.out.slice(0, -o1.length) : '';
  const suffix = last.out.length > o2.length && last.out.startsWith(o2) ? last.out.slice(o2.length) : '';
  return { prefix, suffix };
}

/** The DuckDB text of sig[from..to) with the whitespace between, as rewritten so far (without text wrapped around it). */
export function textOf(sig: Tok[], all: Tok[], from: number, to: number): string {
  if (to <= from) return '';
  const a = all.indexOf(sig[from]!);
  const b = all.indexOf(sig[to - 1]!);
  const { prefix, suffix } = wrapping(sig[from]!, sig[to - 1]!);
  let s = '';
  for (let k = a; k <= b; k++) s += all[k]!.out;
  // What looks wrapped around the span may belong to it: a whole `x || y` chain inside the span
  // starts with `CONCAT(` and ends with its `)`. Text is dropped only where that leaves the span's
  // parentheses balanced ('a' || 'b' as a DECODE argument is `CONCAT('a', 'b')`, not `'a', 'b'`).
  const candidates = [s, s.slice(prefix.length, s.length - suffix.length), s.slice(prefix.length), s.slice(0, s.length - suffix.length)];
  return (candidates.find((c) => parenBalance(c) === 0) ?? candidates[1]!).trim();
}

/** Open minus closed parentheses of DuckDB text, outside string literals and quoted identifiers; -1 once a `)` closes nothing. */
function parenBalance(text: string): number {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote !== '') {
      if (ch === quote) quote = '';
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return -1;
  }
  return quote === '' ? depth : -1;
}

/** Replaces sig[from..to) (and the whitespace between) by `text`, keeping what earlier passes wrapped around it. */
export function replaceTokens(sig: Tok[], all: Tok[], from: number, to: number, text: string): void {
  const a = all.indexOf(sig[from]!);
  const b = all.indexOf(sig[to - 1]!);
  const { prefix, suffix } = wrapping(sig[from]!, sig[to - 1]!);
  for (let k = a; k <= b; k++) all[k]!.out = '';
  sig[from]!.out = prefix + text + suffix;
}

/** The value of a string-literal argument (quotes removed, `''` unescaped), or undefined when it is not one. */
export function literalArg(sig: Tok[], arg: [number, number] | undefined): string | undefined {
  if (arg === undefined || arg[1] !== arg[0] + 1) return undefined;
  const t = sig[arg[0]]!;
  return t.kind === 'string' ? t.text.slice(1, -1).replace(/''/g, "'") : undefined;
}

/** A 42000 error pointing at a token: what Exasol reports for SQL it cannot compile. */
export function compileError(sqlText: string, at: Tok, text: string): EngineError {
  return new EngineError('42000', `${text} ${position(sqlText, at.offset)}`);
}
