/**
 * Step 2 of the typed rewrites (division.ts, multiplication.ts, datetime-arithmetic.ts): every marker call
 * `NAME(a, b)` that step 1 put into a DuckDB text is replaced, innermost first, by what its operands' types call for.
 * The types come from binding the text with the call swapped for `bit_count(a, b)`, which has no such overload:
 * DuckDB's error names the argument types.
 */
import { keyword, significant, tokenize } from '../lexer';
import type { Tok } from '../rewrite/tokens';
import { findCalls } from './calls';

/**
 * Binds a statement text without running it; resolves with the binder's error message, or undefined
 * when it binds.
 */
export type Binder = (sql: string) => Promise<string | undefined>;

/** The two argument types in DuckDB's "No function matches ... 'bit_count(T1, T2)'" message. */
export function probedTypes(message: string): [string, string] | undefined {
  const m = /'bit_count\((.*)\)'/.exec(message);
  const parts = m?.[1]!.split(/,(?![^(]*\))/);
  return parts?.length === 2 ? [parts[0]!.trim(), parts[1]!.trim()] : undefined;
}

/** The text that replaces one call: given its name (upper case), its operand texts and their DuckDB types (undefined when the binder did not tell). */
export type CallRewrite = (name: string, a: string, b: string, types: [string, string] | undefined) => string;

/**
 * Replaces every two-argument call of `names` in `sql` by what `rewrite` makes of it, innermost call first, every
 * occurrence of the same call text at once (`SELECT a/b ... GROUP BY a/b` must stay one expression).
 */
export async function resolveCalls(sql: string, names: ReadonlySet<string>, bind: Binder, rewrite: CallRewrite): Promise<string> {
  const marked = (s: string): boolean => [...names].some((n) => s.includes(`${n}(`));
  for (let guard = 0; guard < 1000 && marked(sql); guard++) {
    const sig = significant(tokenize(sql)) as Tok[];
    const call = findCalls(sig, names)
      .filter((c) => c.args.length === 2)
      .find((c) => !sig.slice(c.open, c.close).some((t) => names.has(keyword(t))));
    if (call === undefined) break;
    const text = (a: number, b: number): string => sql.slice(sig[a]!.offset, sig[b - 1]!.offset + sig[b - 1]!.text.length);
    const a = text(...call.args[0]!);
    const b = text(...call.args[1]!);
    const callText = sql.slice(sig[call.name]!.offset, sig[call.close]!.offset + 1);
    const message = await bind(sql.split(callText).join(`bit_count(${a}, ${b})`));
    const types = message === undefined ? undefined : probedTypes(message);
    sql = sql.split(callText).join(rewrite(keyword(sig[call.name]), a, b, types));
  }
  return sql;
}

/** DuckDB's numeric type names (probed operand types). */
export const NUMERIC_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|DECIMAL|DOUBLE|FLOAT)/;

/** A string operand of `+`, `-`, `*`, `/` (DuckDB's type names): Exasol converts it to a number. */
export const TEXT_TYPE = /^(VARCHAR|STRING_LITERAL)$/;

/** Whether probed operand types are a string and a number, or two strings (arithmetic on text read as numbers). */
export const textArithmetic = (types: [string, string] | undefined): boolean =>
  types !== undefined && types.some((t) => TEXT_TYPE.test(t)) && types.every((t) => TEXT_TYPE.test(t) || NUMERIC_TYPE.test(t));

/** An operand as a DOUBLE (a string operand trimmed first). */
export const asDouble = (x: string, type: string): string => (TEXT_TYPE.test(type) ? `CAST(trim(${x}) AS DOUBLE)` : `CAST(${x} AS DOUBLE)`);
