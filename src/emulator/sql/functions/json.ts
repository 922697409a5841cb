/**
 * JSON_VALUE(json, path [RETURNING type] [NULL | ERROR | DEFAULT x ON EMPTY] [NULL | ERROR | DEFAULT x ON ERROR])
 * as docs.exasol.com describes it: the SQL value at the path (a JSON string without its quotes, a number or
 * boolean as written, JSON null as NULL), VARCHAR(2000000) unless RETURNING names a type. A path that finds
 * nothing is EMPTY; invalid JSON, an object or array at the path, or a value the RETURNING type cannot hold is an
 * ERROR; both give NULL by default (ERROR: 22002, the emulator's texts). Paths are DuckDB's JSON paths ('$.a', '$[1]', '$."first name"'), with
 * Exasol's `lax` prefix dropped (Exasol supports only lax paths; the prefix has no effect).
 */
import type { DataType } from '../../../protocol';
import { keyword } from '../lexer';
import type { Tok } from '../rewrite/tokens';
import { parseExaType, storageType } from '../types';
import { compileError, findCalls, replaceTokens, textOf } from './calls';

/** What an ON EMPTY / ON ERROR clause asks for: NULL, an error, or a default expression's DuckDB text. */
type Behaviour = { kind: 'NULL' } | { kind: 'ERROR' } | { kind: 'DEFAULT'; text: string };

/** The parts of one JSON_VALUE call's second argument: the path's token range and the clauses after it. */
interface Clauses {
  pathEnd: number;
  returning?: DataType;
  onEmpty: Behaviour;
  onError: Behaviour;
}

const STARTS_CLAUSE = (sig: Tok[], i: number): boolean => {
  const k = keyword(sig[i]);
  return k === 'RETURNING' || k === 'ERROR' || k === 'DEFAULT' || (k === 'NULL' && keyword(sig[i + 1]) === 'ON');
};

/** Reads the clauses of sig[from..to) (the second argument); throws a message on anything else. */
function readClauses(sig: Tok[], all: Tok[], from: number, to: number): Clauses {
  let i = from;
  let depth = 0;
  for (; i < to; i++) {
    if (sig[i]!.text === '(') depth++;
    else if (sig[i]!.text === ')') depth--;
    else if (depth === 0 && i > from && STARTS_CLAUSE(sig, i)) break;
  }
  const out: Clauses = { pathEnd: i, onEmpty: { kind: 'NULL' }, onError: { kind: 'NULL' } };
  if (keyword(sig[i]) === 'RETURNING') {
    const t = parseExaType(sig, i + 1);
    if (t === undefined || t.end > to) throw new Error('RETURNING needs a data type');
    out.returning = t.type;
    i = t.end;
  }
  while (i < to) {
    const k = keyword(sig[i]);
    let b: Behaviour;
    if (k === 'NULL' || k === 'ERROR') {
      b = { kind: k };
      i++;
    } else if (k === 'DEFAULT') {
      let j = i + 1;
      for (depth = 0; j < to && !(depth === 0 && keyword(sig[j]) === 'ON'); j++) {
        if (sig[j]!.text === '(') depth++;
        else if (sig[j]!.text === ')') depth--;
      }
      if (j === i + 1) throw new Error('DEFAULT needs an expression');
      b = { kind: 'DEFAULT', text: textOf(sig, all, i + 1, j) };
      i = j;
    } else throw new Error(`unexpected ${sig[i]!.text}`);
    const on = keyword(sig[i + 1]);
    if (keyword(sig[i]) !== 'ON' || (on !== 'EMPTY' && on !== 'ERROR')) throw new Error('expected ON EMPTY or ON ERROR');
    if (on === 'EMPTY') out.onEmpty = b;
    else out.onError = b;
    i += 2;
  }
  return out;
}

const q = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** The DuckDB text of a behaviour, typed `type`. */
function behaviour(b: Behaviour, type: string, message: string): string {
  if (b.kind === 'NULL') return `CAST(NULL AS ${type})`;
  if (b.kind === 'ERROR') return `CAST(error(${q(`EXA[22002] ${message}`)}) AS ${type})`;
  return `CAST(${b.text} AS ${type})`;
}

/** The DuckDB expression of one JSON_VALUE call. */
function jsonValue(json: string, path: string, c: Clauses): string {
  const type = c.returning ? storageType(c.returning) : 'VARCHAR';
  const empty = behaviour(c.onEmpty, type, 'data exception - JSON_VALUE: the path does not identify an SQL value');
  const error = behaviour(c.onError, type, 'data exception - invalid JSON text or a non-scalar value at the path');
  const p = `regexp_replace(CAST(${path} AS VARCHAR), '^\\s*lax\\s+', '', 'i')`;
  // __j: the JSON text, __v: the JSON value at the path (NULL when the path finds nothing)
  const text = `CASE json_type(__v) WHEN 'VARCHAR' THEN CAST(__v ->> '$' AS VARCHAR) ELSE CAST(__v AS VARCHAR) END`;
  const value = c.returning ? `TRY_CAST(${text} AS ${type})` : text;
  return (
    `list_transform([CAST(${json} AS VARCHAR)], lambda __j: CASE WHEN __j IS NULL THEN CAST(NULL AS ${type}) WHEN NOT json_valid(__j) THEN ${error} ` +
    `ELSE list_transform([json_extract(__j, ${p})], lambda __v: CASE WHEN __v IS NULL THEN ${empty} ` +
    `WHEN json_type(__v) IN ('OBJECT', 'ARRAY') THEN ${error} WHEN json_type(__v) = 'NULL' THEN CAST(NULL AS ${type}) ` +
    `WHEN ${value} IS NULL THEN ${error} ELSE ${value} END)[1] END)[1]`
  );
}

/** Rewrites every JSON_VALUE call (innermost first); throws a 42000 error on clauses it cannot read. */
export function rewriteJsonValue(sig: Tok[], all: Tok[], sqlText: string): void {
  for (const call of findCalls(sig, new Set(['JSON_VALUE']))) {
    if (call.args.length !== 2) throw compileError(sqlText, sig[call.name]!, 'JSON_VALUE takes a JSON string and a path');
    const [from, to] = call.args[1]!;
    let c: Clauses;
    try {
      c = readClauses(sig, all, from, to);
    } catch (e) {
      throw compileError(sqlText, sig[call.name]!, `JSON_VALUE: ${(e as Error).message}`);
    }
    const out = jsonValue(textOf(sig, all, ...call.args[0]!), textOf(sig, all, from, c.pathEnd), c);
    replaceTokens(sig, all, call.name, call.close + 1, out);
  }
}

/** The result type of a select item that is one JSON_VALUE call: its RETURNING type, else VARCHAR(2000000) UTF8. */
export function jsonValueType(expr: Tok[]): DataType | undefined {
  if (keyword(expr[0]) !== 'JSON_VALUE' || expr[1]?.text !== '(') return undefined;
  let depth = 0;
  for (let i = 1; i < expr.length; i++) {
    const t = expr[i]!;
    if (t.text === '(') depth++;
    else if (t.text === ')' && --depth === 0) {
      if (i !== expr.length - 1) return undefined;
      break;
    } else if (depth === 1 && keyword(t) === 'RETURNING') return parseExaType(expr, i + 1)?.type;
  }
  return { type: 'VARCHAR', size: 2000000, characterSet: 'UTF8' };
}
