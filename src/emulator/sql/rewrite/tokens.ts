/**
 * Token-level helpers of the Exasol -> DuckDB rewrite: a token with its output text, replacing a
 * range of tokens, finding where a primary expression (number, name, call, parenthesis) starts/ends,
 * and where a clause ends.
 */
import { keyword, type Token } from '../lexer';

/** A token and the text written for it (words upper-cased; rewrites change `out`). */
export interface Tok extends Token {
  out: string;
}

/** Replaces the tokens sig[from..to) (and the whitespace between them) by `text`. */
export function replaceRange(sig: Tok[], from: number, to: number, text: string, all: Tok[]): void {
  // clear every token (including whitespace) between sig[from] and sig[to-1]
  const a = all.indexOf(sig[from]!);
  const b = all.indexOf(sig[to - 1]!);
  for (let i = a; i <= b; i++) all[i]!.out = '';
  sig[from]!.out = text;
}

/** Keywords that make a typed literal of the string after them (`DATE '...'`, `TIMESTAMP '...'`): one primary. */
const TYPED_LITERAL = new Set(['DATE', 'TIMESTAMP']);

/** End index (exclusive) of the primary expression starting at sig[i] (number, name, call, parenthesis). */
export function primaryEnd(sig: Tok[], i: number): number {
  let j = i;
  if (sig[j]?.text === '-' || sig[j]?.text === '+') j++;
  const t = sig[j];
  if (!t) return i;
  const closeParen = (k: number): number => {
    let depth = 0;
    for (; k < sig.length; k++) {
      if (sig[k]!.text === '(') depth++;
      else if (sig[k]!.text === ')' && --depth === 0) return k + 1;
    }
    return sig.length;
  };
  if (t.text === '(') j = closeParen(j);
  else if (t.kind === 'number' || t.kind === 'string' || t.kind === 'param') j++;
  else if (t.kind === 'word' && TYPED_LITERAL.has(t.text.toUpperCase()) && sig[j + 1]?.kind === 'string') j += 2; // DATE '2024-01-31'
  else if (t.kind === 'word' || t.kind === 'quoted') {
    j++;
    while (sig[j]?.text === '.' && sig[j + 1] && (sig[j + 1]!.kind === 'word' || sig[j + 1]!.kind === 'quoted')) j += 2;
    if (sig[j]?.text === '(') {
      j = closeParen(j);
      // a call's own clauses belong to it: [IGNORE|RESPECT NULLS] [WITHIN GROUP (...)] [KEEP (...)] [OVER (...)]
      if (['IGNORE', 'RESPECT'].includes(keyword(sig[j])) && keyword(sig[j + 1]) === 'NULLS') j += 2;
      if (keyword(sig[j]) === 'WITHIN' && keyword(sig[j + 1]) === 'GROUP' && sig[j + 2]?.text === '(') j = closeParen(j + 2);
      if (keyword(sig[j]) === 'KEEP' && sig[j + 1]?.text === '(') j = closeParen(j + 1);
      if (keyword(sig[j]) === 'OVER' && sig[j + 1]?.text === '(') j = closeParen(j + 1);
    }
  } else return i;
  while (sig[j]?.text === '::' && sig[j + 1]) j += 2;
  return j;
}

/** Words that start a call's clause in parentheses (`OVER (...)`, `KEEP (...)`, `WITHIN GROUP (...)`). */
const CALL_CLAUSES = new Set(['OVER', 'KEEP', 'GROUP']);

/** Start index of the primary expression that ends at sig[end] (inclusive), or -1. */
export function primaryStart(sig: Tok[], end: number): number {
  let j = end;
  while (j >= 2 && sig[j - 1]?.text === '::') j -= 2; // x::TYPE
  const t = sig[j];
  if (!t) return -1;
  if (t.text === ')') {
    for (;;) {
      let depth = 0;
      for (; j >= 0; j--) {
        if (sig[j]!.text === ')') depth++;
        else if (sig[j]!.text === '(' && --depth === 0) break;
      }
      if (j < 0) return -1;
      if (sig[j - 1] && (sig[j - 1]!.kind === 'word' || sig[j - 1]!.kind === 'quoted')) j--;
      // `f(x) OVER (...)`, `f(x) IGNORE NULLS OVER (...)`, `f(x) WITHIN GROUP (...)`: go on to the call
      const k = keyword(sig[j]);
      if (!CALL_CLAUSES.has(k) || (k === 'GROUP' && keyword(sig[j - 1]) !== 'WITHIN')) break;
      let before = k === 'GROUP' ? j - 2 : j - 1;
      if (keyword(sig[before]) === 'NULLS' && ['IGNORE', 'RESPECT'].includes(keyword(sig[before - 1]))) before -= 2;
      if (sig[before]?.text !== ')') break;
      j = before;
    }
  } else if (t.kind === 'string' && sig[j - 1]?.kind === 'word' && TYPED_LITERAL.has(sig[j - 1]!.text.toUpperCase())) return j - 1; // DATE '2024-01-31'
  else if (t.kind !== 'number' && t.kind !== 'string' && t.kind !== 'word' && t.kind !== 'quoted' && t.kind !== 'param') return -1;
  while (j >= 2 && sig[j - 1]!.text === '.' && (sig[j - 2]!.kind === 'word' || sig[j - 2]!.kind === 'quoted')) j -= 2;
  return j;
}

/**
 * Where a clause starting at `start` ends: the first token outside the clause's own parentheses
 * that closes an enclosing one, ends the statement (`;`), or that `stop` stops at (it is asked
 * only about tokens outside parentheses, never about a parenthesis). `sig.length` when none does.
 */
export function clauseEnd(sig: Tok[], start: number, stop: (t: Tok, i: number) => boolean): number {
  let depth = 0;
  let i = start;
  for (; i < sig.length; i++) {
    const t = sig[i]!;
    if (t.text === '(') depth++;
    else if (t.text === ')') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && (t.text === ';' || stop(t, i))) break;
  }
  return i;
}
