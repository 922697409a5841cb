/**
 * TO_CHAR / TO_DATE / TO_TIMESTAMP / TO_NUMBER with a format model: rewritten into DuckDB expressions
 * (format-models.ts). The format model must be a string literal (as analysts write it); TO_CHAR's
 * optional third argument may name English or German (`'NLS_DATE_LANGUAGE=ENG'` / `'NLS_DATE_LANGUAGE=DEU'`) for the names of
 * months and days.
 */
import { keyword } from '../lexer';
import type { Tok } from '../rewrite/tokens';
import { compileError, findCalls, literalArg, replaceTokens, textOf } from './calls';
import { datetimeToChar, strptimePattern, type DateLanguage } from './format-models';
import { isNumberFormat, numberFormat, numberToChar } from './number-formats';

const NAMES = new Set(['TO_CHAR', 'TO_DATE', 'TO_TIMESTAMP', 'TO_NUMBER']);
const q = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** Rewrites the format-model forms of the conversion functions; throws a 42000 EngineError on what is not emulated. */
export function rewriteConversions(sig: Tok[], all: Tok[], sqlText: string): void {
  for (const call of findCalls(sig, NAMES)) {
    const name = keyword(sig[call.name]);
    const at = sig[call.name]!;
    const n = call.args.length;
    if (n < 2) {
      if (name === 'TO_NUMBER' && n === 1) {
        // no format model: a DOUBLE, as Exasol gives (docs.exasol.com, TO_NUMBER)
        replaceTokens(sig, all, call.name, call.close + 1, `CAST(trim(CAST(${textOf(sig, all, ...call.args[0]!)} AS VARCHAR)) AS DOUBLE)`);
      }
      continue; // one argument: the macros (default formats)
    }
    if (n > 3 || (n === 3 && name !== 'TO_CHAR')) throw compileError(sqlText, at, `function ${name} has too many arguments`);
    const fmt = literalArg(sig, call.args[1]);
    if (fmt === undefined) throw compileError(sqlText, at, `the emulator needs a string literal as format model of ${name}`);
    let lang: DateLanguage = 'ENG';
    if (n === 3) {
      const nls = (literalArg(sig, call.args[2]) ?? '').replace(/\s+/g, '').toUpperCase();
      const m = /^NLS_DATE_LANGUAGE=(ENG|ENGLISH|DEU|GERMAN)$/.exec(nls);
      if (!m) throw compileError(sqlText, at, `${name}: only NLS_DATE_LANGUAGE=ENG or DEU is emulated`);
      lang = m[1]!.startsWith('E') ? 'ENG' : 'DEU';
    }
    const x = textOf(sig, all, ...call.args[0]!);
    let out: string;
    try {
      if (name === 'TO_CHAR') out = isNumberFormat(fmt) ? numberToChar(x, fmt) : datetimeToChar(x, fmt, lang);
      else if (name === 'TO_DATE') out = `CAST(strptime(trim(CAST(${x} AS VARCHAR)), ${q(strptimePattern(fmt))}) AS DATE)`;
      else if (name === 'TO_TIMESTAMP') out = `CAST(strptime(trim(CAST(${x} AS VARCHAR)), ${q(strptimePattern(fmt))}) AS TIMESTAMP)`;
      else {
        const f = numberFormat(fmt);
        // the string may carry group separators (commas) and a sign at its end (MI, S at the end: '123-'); the format
        // decides precision and scale
        const t = `replace(trim(CAST(${x} AS VARCHAR)), ',', '')`;
        const signed = `list_transform([${t}], lambda __n: CASE WHEN __n LIKE '%-' THEN '-' || rtrim(left(__n, -1)) WHEN __n LIKE '%+' THEN rtrim(left(__n, -1)) ELSE __n END)[1]`;
        out = `CAST(${signed} AS DECIMAL(${Math.max(1, f.int + f.frac)}, ${f.frac}))`;
      }
    } catch (e) {
      throw compileError(sqlText, at, `${name}: ${(e as Error).message}`);
    }
    replaceTokens(sig, all, call.name, call.close + 1, out);
  }
}
