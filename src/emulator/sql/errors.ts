/**
 * DuckDB error messages -> EngineError with the codes and texts real Exasol servers use
 * (wire-quirks.md §10). The server appends " (Session: <id>)"; texts here end with the position.
 */
import { ErrorText, SqlCode } from '../../protocol';
import { EngineError } from './contract';
import { lineColumn } from './lexer';

/** `[line L, column C]` of an offset in the SQL text. */
export function position(sql: string, offset: number): string {
  const { line, column } = lineColumn(sql, offset);
  return `[line ${line}, column ${column}]`;
}

/** Offset of the `^` marker DuckDB prints under `LINE n: ...`, mapped to the original SQL when possible. */
function caretOffset(message: string, sql: string): number | undefined {
  const m = /LINE (\d+): (.*)\n( *)\^/.exec(message);
  if (!m) return undefined;
  const shown = m[2]!;
  const col = m[3]!.length - (`LINE ${m[1]}: `.length);
  // DuckDB prints a window of the (rewritten) line; find the identifier under the caret in the original
  const rest = shown.slice(col);
  const quoted = /^"(?:[^"]|"")*"/.exec(rest)?.[0];
  if (quoted) {
    const idx = sql.indexOf(quoted);
    if (idx >= 0) return idx;
  }
  const word = /^[A-Za-z_0-9]+/.exec(rest)?.[0];
  if (word) {
    const idx = findWord(sql, word);
    if (idx >= 0) return idx;
  }
  return undefined;
}

/** Offset of `word` as a whole word (case-insensitive), or -1. */
function findWord(sql: string, word: string): number {
  const esc = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`(^|[^A-Za-z0-9_])(${esc})(?![A-Za-z0-9_])`, 'i').exec(sql);
  return m ? m.index + m[1]!.length : -1;
}

/** Offset of an identifier: its quoted spelling (exact case) first, else the bare word. */
function findName(sql: string, name: string): number {
  const quoted = sql.indexOf(`"${name.replace(/"/g, '""')}"`);
  if (quoted >= 0) return quoted;
  const idx = findWord(sql, name);
  return idx >= 0 ? idx : 0;
}

/** An identifier as Exasol names it: unquoted upper-case, quoted as written. */
const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_]*)`;
function identName(text: string): string {
  return text.startsWith('"') ? text.slice(1, -1).replace(/""/g, '"') : text.toUpperCase();
}

/**
 * An unknown object named as the statement names it (wire-quirks.md §10: `object S.T not found [line 1,
 * column 15]`): when the SQL at `off` spells `schema.name` (or `off` points at the name after `schema.`),
 * the qualified name and the offset of the schema; otherwise `name` and `off` unchanged.
 */
function qualifiedAt(sql: string, off: number, name: string): { name: string; off: number } {
  const plain = name.toUpperCase();
  const at = new RegExp(String.raw`^(${IDENT})\s*\.\s*(${IDENT})`).exec(sql.slice(off));
  if (at && identName(at[2]!).toUpperCase() === plain) return { name: `${identName(at[1]!)}.${identName(at[2]!)}`, off };
  const before = new RegExp(String.raw`(${IDENT})\s*\.\s*$`).exec(sql.slice(0, off));
  if (before && identName(new RegExp(String.raw`^${IDENT}`).exec(sql.slice(off))?.[0] ?? '').toUpperCase() === plain) {
    return { name: `${identName(before[1]!)}.${name}`, off: before.index };
  }
  return { name, off };
}

/**
 * The name of a function as the user wrote it, Exasol-style: unquoted names upper-case, the emulator's
 * EXA_ macro names mapped back to the Exasol function they stand for.
 */
/** EXA_ macros that stand for an Exasol function of another name. */
const MACRO_FUNCTIONS: Record<string, string> = {
  EXA_TRUNC1: 'TRUNC', EXA_ROUND1: 'ROUND', EXA_DT_TRUNC: 'TRUNC', EXA_DT_ROUND: 'ROUND', EXA_TS_TRUNC: 'TRUNC', EXA_TS_ROUND: 'ROUND',
  EXA_DIV: '/', EXA_DDIV: '/', EXA_Q64: '/', EXA_Q128: '/', EXA_MUL: '*',
  EXA_RANDOM: 'RANDOM', EXA_CONVERT_TZ: 'CONVERT_TZ', EXA_DT_ARG: 'date/time function',
  EXA_EXTRACT_YEAR: 'EXTRACT', EXA_EXTRACT_MONTH: 'EXTRACT', EXA_EXTRACT_DAY: 'EXTRACT', EXA_EXTRACT_HOUR: 'EXTRACT', EXA_EXTRACT_MINUTE: 'EXTRACT', EXA_EXTRACT_SECOND: 'EXTRACT',
};

function functionName(sql: string, duckName: string): string {
  const mapped = MACRO_FUNCTIONS[duckName.toUpperCase()];
  if (mapped !== undefined) return mapped;
  const plain = duckName.replace(/^EXA_/i, '');
  const quoted = sql.indexOf(`"${plain}"`);
  return quoted >= 0 ? plain : plain.toUpperCase();
}

/** Converts anything thrown by DuckDB into an EngineError (EngineErrors pass through). */
export function mapError(err: unknown, sql: string, signal?: AbortSignal): EngineError {
  if (err instanceof EngineError) return err;
  if (signal?.aborted) {
    return signal.reason === 'timeout'
      ? new EngineError(SqlCode.queryTimeout, ErrorText.queryTimeout)
      : new EngineError(SqlCode.aborted, ErrorText.aborted);
  }
  const msg = (err instanceof Error ? err.message : String(err)).replace(/^Failed to extract statements: /, '');
  const first = msg.split('\n')[0] ?? msg;
  const at = (off: number | undefined): string => position(sql, off ?? 0);
  let m: RegExpExecArray | null;
  if (/^INTERRUPT Error/i.test(first)) return new EngineError(SqlCode.aborted, ErrorText.aborted);
  if ((m = /^Parser Error: syntax error at or near "(.*)"/.exec(first))) {
    const off = caretOffset(msg, sql) ?? findName(sql, m[1]!);
    return new EngineError(SqlCode.syntaxOrAccess, `syntax error, unexpected ${m[1]!.toUpperCase()} ${at(off)}`);
  }
  if (/^Parser Error: syntax error at end of input/.test(first)) {
    return new EngineError(SqlCode.syntaxOrAccess, `syntax error, unexpected ';' ${at(sql.trimEnd().length)}`);
  }
  if (/SELECT clause without selection list/.test(first)) {
    return new EngineError(SqlCode.syntaxOrAccess, `syntax error, unexpected ';' ${at(sql.trimEnd().length)}`);
  }
  if (/^Parser Error/.test(first)) {
    return new EngineError(SqlCode.syntaxOrAccess, `syntax error, ${first.replace(/^Parser Error: /, '')} ${at(caretOffset(msg, sql))}`);
  }
  if ((m = /^Catalog Error: (?:Table|View|Table Function|Schema|Macro Function|Scalar Function|Aggregate Function|Function|Sequence|Type) with name "?([^"!]+?)"? (?:does not exist|is not in the catalog)/.exec(first))) {
    // DuckDB names objects as the rewritten SQL spells them: unquoted ones are upper-case already, quoted ones keep their case
    const isFn = /Function|Macro/.test(first);
    const name = isFn ? functionName(sql, m[1]!) : m[1]!;
    const off = caretOffset(msg, sql) ?? findName(sql, name.split('.').pop()!);
    if (isFn) return new EngineError(SqlCode.syntaxOrAccess, `function or script ${name} not found ${at(off)}`);
    const q = name.includes('.') ? { name, off } : qualifiedAt(sql, off, name);
    return new EngineError(SqlCode.syntaxOrAccess, `object ${q.name} not found ${at(q.off)}`);
  }
  // an Exasol function called with arguments it does not take (DuckDB's overload resolution)
  if ((m = /^Binder Error: (?:No function matches the given name and argument types '([A-Za-z_][A-Za-z0-9_]*)\((.*?)\)'|Macro ([A-Za-z_][A-Za-z0-9_]*)\(\) does not support the supplied arguments)/.exec(first))) {
    const name = functionName(sql, m[1] ?? m[3]!);
    const types = m[2] === undefined ? '' : ` (${m[2].replace(/_LITERAL/g, '')})`;
    return new EngineError(SqlCode.syntaxOrAccess, `function ${name} cannot be called with these arguments${types} ${at(findWord(sql, name))}`);
  }
  // no single best overload (a string literal where a number or date is needed, ...)
  if ((m = /^Binder Error: Could not choose a best candidate function for the function call "([^"(]+)\((.*?)\)"/.exec(first))) {
    const name = functionName(sql, m[1]!);
    const types = ` (${m[2]!.replace(/_LITERAL/g, '')})`;
    const operator = !/^[A-Za-z_]/.test(name);
    const off = operator ? sql.indexOf(name) : findWord(sql, name);
    return new EngineError(SqlCode.syntaxOrAccess, `${operator ? 'operator' : 'function'} ${name} cannot be called with these arguments${types} ${at(off)}`);
  }
  if ((m = /^Conversion Error: Unimplemented type for cast \((.+) -> (.+)\)/.exec(first))) {
    return new EngineError(SqlCode.syntaxOrAccess, `data type mismatch: ${m[1]!.replace(/_LITERAL/g, '')} cannot be converted to ${m[2]!} ${at(caretOffset(msg, sql))}`);
  }
  if ((m = /^Catalog Error: (?:Table|View|Schema|Type|Index|Sequence|Macro) with name "?([^"!]+?)"? already exists/.exec(first))) {
    return new EngineError(SqlCode.privilege, `object ${m[1]!} already exists`);
  }
  if ((m = /^Binder Error: Table "[^"]+" does not have a column with name "([^"]+)"/.exec(first))) {
    return new EngineError(SqlCode.syntaxOrAccess, `object ${m[1]!} not found ${at(findName(sql, m[1]!))}`);
  }
  if ((m = /^Binder Error: Referenced update column "?([^" ]+)"? not found in table/.exec(first))) {
    return new EngineError(SqlCode.syntaxOrAccess, `object ${m[1]!} not found ${at(findName(sql, m[1]!))}`);
  }
  if ((m = /^Binder Error: Referenced (?:column|table) "([^"]+)" not found/.exec(first))) {
    const off = caretOffset(msg, sql) ?? findName(sql, m[1]!);
    return new EngineError(SqlCode.syntaxOrAccess, `object ${m[1]!} not found ${at(off)}`);
  }
  if (/^Constraint Error: NOT NULL constraint failed/.test(first)) {
    const col = /failed: (\S+)/.exec(first)?.[1] ?? '';
    return new EngineError(SqlCode.notNull, `constraint violation - not null (column ${col.split('.').pop()})`);
  }
  if (/^Constraint Error: CHECK constraint failed.*length\(/.test(first)) {
    return new EngineError('22001', 'data exception - string data, right truncation');
  }
  if (/^Constraint Error: .*(primary key|unique)/i.test(first)) {
    return new EngineError(SqlCode.keyViolation, `constraint violation - primary key (${first.replace(/^Constraint Error: /, '')})`);
  }
  if (/^Constraint Error: .*foreign key/i.test(first)) {
    return new EngineError(SqlCode.keyViolation, `constraint violation - foreign key (${first.replace(/^Constraint Error: /, '')})`);
  }
  // a macro's own error (functions/*.ts: error('EXA[22002] data exception - ...')): its SQL state and text
  if ((m = /EXA\[([0-9A-Z]{5})\] (.*)$/.exec(first))) return new EngineError(m[1]!, m[2]!);
  if (/Division by zero|division by zero/.test(first)) return new EngineError(SqlCode.divisionByZero, 'data exception - division by zero');
  if ((m = /^Conversion Error: Could not convert string ['"](.*)['"] to (DECIMAL|INT|BIGINT|HUGEINT|SMALLINT|TINYINT)/.exec(first)) && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(m[1]!)) {
    return new EngineError(SqlCode.numericOutOfRange, 'data exception - numeric value out of range');
  }
  if ((m = /^Invalid Input Error: Could not parse string "(.*)" according to format specifier/.exec(first))) {
    // TO_DATE / TO_TIMESTAMP with a string that does not fit the format model
    return new EngineError(SqlCode.invalidCast, `data exception - invalid character value for cast; Value: '${m[1]}'`);
  }
  if ((m = /^Conversion Error: Could not convert string ['"](\s*\d{1,4}-\d{1,2}-\d{1,2}[ T][^'"]*)['"] to INT64/.exec(first))) {
    // a timestamp outside DuckDB's TIMESTAMP_NS range, the storage of TIMESTAMP(7..9)
    return new EngineError(SqlCode.invalidCast, `data exception - invalid character value for cast; Value: '${m[1]}' (the emulator keeps TIMESTAMP(7..9) between 1677-09-22 and 2262-04-11)`);
  }
  if ((m = /^Conversion Error: Could not convert string ['"](.*)['"] to/.exec(first)) || (m = /^Conversion Error: (?:invalid|Could not parse).*?[“"'](.*?)[”"']/.exec(first))) {
    return new EngineError(SqlCode.invalidCast, `data exception - invalid character value for cast; Value: '${m[1]}'`);
  }
  if (/^(Conversion Error: (Could not cast value|Type .* with value .* can't be cast)|Out of Range Error|Conversion Error: .*out of range|.*overflow)/i.test(first)) {
    return new EngineError(SqlCode.numericOutOfRange, 'data exception - numeric value out of range');
  }
  if (/^Conversion Error/.test(first)) {
    return new EngineError(SqlCode.invalidCast, `data exception - invalid character value for cast; ${first.replace(/^Conversion Error: /, '')}`);
  }
  if (/^TransactionContext Error: .*[Cc]onflict/.test(first)) {
    return new EngineError(SqlCode.transactionCollision, 'GlobalTransactionRollback msg: Transaction collision: automatic transaction rollback.');
  }
  if (/WHERE clause cannot contain window functions/.test(first) && /\bROWNUM\b/i.test(sql)) {
    return new EngineError(SqlCode.syntaxOrAccess, `ROWNUM in WHERE is not emulated (use LIMIT) ${at(findWord(sql, 'ROWNUM'))}`);
  }
  if (/^Binder Error|^Catalog Error|^Not implemented Error|^Invalid Input Error/.test(first)) {
    return new EngineError(SqlCode.syntaxOrAccess, `${first.replace(/^[A-Za-z ]+ Error: /, '')} ${at(caretOffset(msg, sql))}`);
  }
  return new EngineError(SqlCode.syntaxOrAccess, first.replace(/^[A-Za-z ]+ Error: /, ''));
}
