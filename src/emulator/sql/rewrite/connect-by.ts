/**
 * Hierarchical queries (docs.exasol.com, SELECT: CONNECT BY) on one table, as a DuckDB recursive CTE:
 * `SELECT ... FROM t [alias] [WHERE w] [START WITH s] CONNECT BY [NOCYCLE] cond [ORDER BY ...]` (START WITH and
 * CONNECT BY in either order; without START WITH every row is a root). In the select list, WHERE and ORDER BY:
 * LEVEL, PRIOR expr, CONNECT_BY_ROOT expr, SYS_CONNECT_BY_PATH(expr, sep), CONNECT_BY_ISLEAF (0/1) and
 * CONNECT_BY_ISCYCLE. In `cond`, `PRIOR x` names the parent row's x, other names the child's. WHERE filters the
 * rows of the finished hierarchy. Without ORDER BY the rows come depth first, children in table order (Exasol's
 * order). A row that repeats one of its ancestors ends its branch: with NOCYCLE it is shown with CONNECT_BY_ISCYCLE 1
 * (as docs.exasol.com's example shows /Clark/Jackson/Johnson/Clark), without NOCYCLE the query fails (22000).
 * Also in a subquery `(SELECT ... CONNECT BY ...)` (the CTE goes inside the parentheses). GROUP BY, ORDER SIBLINGS BY
 * and several tables are not emulated (42000).
 * Runs after every other rewrite (it reads their output).
 */
import { keyword, quoteIdent } from '../lexer';
import { compileError, findCalls, replaceTokens, textOf } from '../functions/calls';
import { primaryEnd, type Tok } from './tokens';

const CLAUSES = new Set(['FROM', 'WHERE', 'START', 'CONNECT', 'ORDER', 'GROUP', 'HAVING', 'LIMIT', 'QUALIFY', 'UNION', 'EXCEPT', 'INTERSECT', 'MINUS']);
/** Words in a condition that are no column names. */
const NOT_NAMES = new Set(['AND', 'OR', 'NOT', 'IS', 'NULL', 'TRUE', 'FALSE', 'LIKE', 'IN', 'BETWEEN', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'PRIOR', 'ESCAPE', 'DATE', 'TIMESTAMP', 'INTERVAL']);

/** Top-level (depth 0) positions of the clause keywords of the statement's first query block. */
function clauses(sig: Tok[], from: number, end: number): Map<string, number> {
  const at = new Map<string, number>();
  let depth = 0;
  for (let k = from; k < end; k++) {
    const t = sig[k]!;
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (depth === 0 && t.kind === 'word' && CLAUSES.has(keyword(t)) && !at.has(keyword(t))) {
      const w = keyword(t);
      if (w === 'START' && keyword(sig[k + 1]) !== 'WITH') continue;
      if ((w === 'CONNECT' || w === 'GROUP') && keyword(sig[k + 1]) !== 'BY') continue;
      at.set(w, k);
    }
  }
  return at;
}

/** Rewrites a hierarchical query; a statement without CONNECT BY is left alone. */
export function rewriteConnectBy(sig: Tok[], all: Tok[], sqlText: string): void {
  // each query block with a CONNECT BY of its own, innermost (last) first: the statement or a `(SELECT ...)`
  const blocks: [number, number][] = [];
  const opens: number[] = [];
  for (let k = 0; k < sig.length; k++) {
    const t = sig[k]!;
    if (t.text === '(') opens.push(k);
    else if (t.text === ')') opens.pop();
    else if (keyword(t) === 'CONNECT' && keyword(sig[k + 1]) === 'BY') {
      const open = opens.length > 0 ? opens[opens.length - 1]! : -1;
      let close = sig.length;
      if (open >= 0) {
        let depth = 0;
        for (let q = open; q < sig.length; q++) {
          if (sig[q]!.text === '(') depth++;
          else if (sig[q]!.text === ')' && --depth === 0) {
            close = q;
            break;
          }
        }
      }
      const select = sig.findIndex((x, q) => q > open && q < k && keyword(x) === 'SELECT');
      if (select >= 0 && !blocks.some(([a]) => a === select)) blocks.push([select, close]);
    }
  }
  for (const [select, end] of blocks.sort((a, b) => b[0] - a[0])) rewriteBlock(sig, all, sqlText, select, end);
}

/** Rewrites the hierarchical query block sig[select..end). */
function rewriteBlock(sig: Tok[], all: Tok[], sqlText: string, select: number, end: number): void {
  const at = clauses(sig, select + 1, end);
  const connect = at.get('CONNECT');
  if (connect === undefined) return;
  const fail = (k: number, what: string): Error => compileError(sqlText, sig[k]!, `CONNECT BY: ${what} is not emulated`);
  for (const w of ['GROUP', 'HAVING', 'QUALIFY', 'UNION', 'EXCEPT', 'INTERSECT', 'MINUS']) if (at.has(w)) throw fail(at.get(w)!, w);
  const from = at.get('FROM');
  if (from === undefined) throw fail(connect, 'a query without FROM');
  const ends = [...at.values()].sort((a, b) => a - b);
  const endOf = (k: number): number => ends.find((e) => e > k) ?? end;
  const order = at.get('ORDER');
  if (order !== undefined && keyword(sig[order + 1]) === 'SIBLINGS') throw fail(order, 'ORDER SIBLINGS BY');

  // FROM [schema.]table [[AS] alias]
  const fromEnd = endOf(from);
  let k = from + 1;
  const tableFrom = k;
  if (!(sig[k]?.kind === 'word' || sig[k]?.kind === 'quoted')) throw fail(from, 'a FROM that is not one table');
  k++;
  while (sig[k]?.text === '.' && sig[k + 1]) k += 2;
  const tableText = textOf(sig, all, tableFrom, k);
  const nameOf = (t: Tok): string => (t.kind === 'quoted' ? t.text : quoteIdent(t.text.toUpperCase()));
  let alias = nameOf(sig[k - 1]!);
  if (keyword(sig[k]) === 'AS') k++;
  if (k < fromEnd && (sig[k]!.kind === 'word' || sig[k]!.kind === 'quoted')) alias = nameOf(sig[k++]!);
  if (k !== fromEnd) throw fail(from, 'a FROM that is not one table');
  const aliasName = alias.slice(1, -1).replace(/""/g, '"');

  // the connect condition: PRIOR x -> p.x, other names -> c.x
  let condFrom = connect + 2;
  const nocycle = keyword(sig[condFrom]) === 'NOCYCLE';
  if (nocycle) condFrom++;
  const condEnd = endOf(connect);
  const qualified = (prefix: (prior: boolean) => string, a: number, b: number): string => {
    const saved = sig.slice(a, b).map((t) => t.out);
    for (let j = a; j < b; j++) {
      const t = sig[j]!;
      if (keyword(t) === 'PRIOR') {
        t.out = '';
        const e = primaryEnd(sig, j + 1);
        for (let q = j + 1; q < e; q++) qualify(q, prefix(true));
        j = e - 1;
      } else qualify(j, prefix(false));
    }
    const text = textOf(sig, all, a, b);
    sig.slice(a, b).forEach((t, n) => (t.out = saved[n]!));
    return text;
  };
  const qualify = (j: number, p: string): void => {
    const t = sig[j]!;
    if (!(t.kind === 'word' || t.kind === 'quoted') || NOT_NAMES.has(keyword(t)) || sig[j - 1]?.text === '.' || sig[j + 1]?.text === '(') return;
    if (sig[j + 1]?.text === '.') {
      // alias.column: the alias names the row of its side
      const name = t.kind === 'quoted' ? t.text.slice(1, -1) : t.text.toUpperCase();
      if (name === aliasName) {
        t.out = p;
        sig[j + 1]!.out = '.';
      }
      return;
    }
    t.out = `${p}.${t.out}`;
  };
  const cond = qualified((prior) => (prior ? 'p' : 'c'), condFrom, condEnd);
  const start = at.get('START');
  const startCond = start === undefined ? undefined : textOf(sig, all, start + 2, endOf(start));

  // pseudo columns in the select list, WHERE and ORDER BY
  const paths: { e: string; sep: string }[] = [];
  const priors: string[] = [];
  const roots: string[] = [];
  const scopes: [number, number][] = [[select + 1, from]];
  if (at.has('WHERE')) scopes.push([at.get('WHERE')! + 1, endOf(at.get('WHERE')!)]);
  if (order !== undefined) scopes.push([order + 2, endOf(order)]);
  for (const [a, b] of scopes) {
    for (const c of findCalls(sig, new Set(['SYS_CONNECT_BY_PATH']))) {
      if (c.name < a || c.name >= b) continue;
      if (c.args.length !== 2) throw compileError(sqlText, sig[c.name]!, 'SYS_CONNECT_BY_PATH takes an expression and a separator');
      paths.push({ e: textOf(sig, all, ...c.args[0]!), sep: textOf(sig, all, ...c.args[1]!) });
      replaceTokens(sig, all, c.name, c.close + 1, `"__path${paths.length}"`);
    }
    for (let j = a; j < b; j++) {
      const w = sig[j]!.kind === 'word' && sig[j - 1]?.text !== '.' ? keyword(sig[j]) : '';
      if (w === 'PRIOR' || w === 'CONNECT_BY_ROOT') {
        const e = primaryEnd(sig, j + 1);
        const list = w === 'PRIOR' ? priors : roots;
        list.push(textOf(sig, all, j + 1, e));
        replaceTokens(sig, all, j, e, `"__${w === 'PRIOR' ? 'prior' : 'root'}${list.length}"`);
        j = e - 1;
      } else if (w === 'LEVEL') sig[j]!.out = 'CAST("__level" AS DECIMAL(18, 0))';
      else if (w === 'CONNECT_BY_ISCYCLE') sig[j]!.out = 'CAST(CASE WHEN "__cycle" THEN 1 ELSE 0 END AS DECIMAL(1, 0))';
      else if (w === 'CONNECT_BY_ISLEAF') {
        sig[j]!.out =
          `CAST(CASE WHEN EXISTS (SELECT 1 FROM "__cb" AS "__k" WHERE len("__k"."__ord") = len(${alias}."__ord") + 1 ` +
          `AND "__k"."__ord"[1:len(${alias}."__ord")] = ${alias}."__ord") THEN 0 ELSE 1 END AS DECIMAL(1, 0))`;
      }
    }
  }

  const base = `(SELECT *, row_number() OVER () AS "__rn" FROM ${tableText})`;
  const str = (e: string): string => `CAST((${e}) AS VARCHAR)`;
  const anchorCols = [
    '1 AS "__level"',
    `[${alias}."__rn"] AS "__ord"`,
    'FALSE AS "__cycle"',
    ...paths.map((p, n) => `${p.sep} || ${str(p.e)} AS "__path${n + 1}"`),
    ...priors.map((e, n) => `(${e}) AS "__self${n + 1}"`),
    ...priors.map((e, n) => `CASE WHEN FALSE THEN (${e}) END AS "__prior${n + 1}"`),
    ...roots.map((e, n) => `(${e}) AS "__root${n + 1}"`),
  ];
  const carried = [
    'p."__level" AS "__pl"',
    'p."__ord" AS "__po"',
    'list_contains(p."__ord", c."__rn") AS "__pcycle"',
    ...paths.map((_, n) => `p."__path${n + 1}" AS "__pp${n + 1}"`),
    ...priors.map((_, n) => `p."__self${n + 1}" AS "__pprior${n + 1}"`),
    ...roots.map((_, n) => `p."__root${n + 1}" AS "__proot${n + 1}"`),
  ];
  const carriedNames = carried.map((c) => c.slice(c.lastIndexOf(' AS ') + 4));
  const stepCols = [
    '"__pl" + 1',
    `list_append("__po", ${alias}."__rn")`,
    '"__pcycle"',
    ...paths.map((p, n) => `"__pp${n + 1}" || ${p.sep} || ${str(p.e)}`),
    ...priors.map((e) => `(${e})`),
    ...priors.map((_, n) => `"__pprior${n + 1}"`),
    ...roots.map((_, n) => `"__proot${n + 1}"`),
  ];
  const cte =
    `WITH RECURSIVE "__cb" AS (SELECT ${alias}.*, ${anchorCols.join(', ')} FROM ${base} AS ${alias}${startCond === undefined ? '' : ` WHERE ${startCond}`} ` +
    `UNION ALL SELECT ${alias}.* EXCLUDE (${carriedNames.join(', ')}), ${stepCols.join(', ')} FROM (SELECT c.*, ${carried.join(', ')} FROM ${base} AS c ` +
    `JOIN "__cb" AS p ON (${cond}) AND NOT p."__cycle") AS ${alias}) `;
  const internal = ['"__rn"', '"__level"', '"__ord"', '"__cycle"', ...paths.map((_, n) => `"__path${n + 1}"`), ...priors.map((_, n) => `"__self${n + 1}"`), ...priors.map((_, n) => `"__prior${n + 1}"`), ...roots.map((_, n) => `"__root${n + 1}"`)];
  // SELECT * shows the table's columns only
  for (let j = select + 1; j < from; j++) {
    const t = sig[j]!;
    if (t.text === '*' && (j === select + 1 || sig[j - 1]?.text === ',') && (sig[j + 1]?.text === ',' || j + 1 === from)) t.out = `${alias}.* EXCLUDE (${internal.join(', ')})`;
    if (t.text === '*' && sig[j - 1]?.text === '.' && (sig[j - 2]?.kind === 'quoted' ? sig[j - 2]!.text.slice(1, -1) : keyword(sig[j - 2])) === aliasName) t.out = `* EXCLUDE (${internal.join(', ')})`;
  }
  // a row that repeats one of its ancestors: shown once (CONNECT_BY_ISCYCLE 1) with NOCYCLE, an error without it
  const loop = nocycle ? [] : [`(CASE WHEN "__cycle" THEN error('EXA[22000] data exception - CONNECT BY loop in the data (add NOCYCLE)') ELSE TRUE END)`];
  const filters = [...loop, ...(at.has('WHERE') ? [`(${textOf(sig, all, at.get('WHERE')! + 1, endOf(at.get('WHERE')!))})`] : [])];
  const where = filters.length > 0 ? ` WHERE ${filters.join(' AND ')}` : '';
  const orderBy = order !== undefined ? ` ORDER BY ${textOf(sig, all, order + 2, endOf(order))}` : ` ORDER BY ${alias}."__ord"`;
  const limit = at.has('LIMIT') ? ' ' + textOf(sig, all, at.get('LIMIT')!, endOf(at.get('LIMIT')!)) : '';
  sig[select]!.out = cte + sig[select]!.out;
  replaceTokens(sig, all, from, end, `FROM "__cb" AS ${alias}${where}${orderBy}${limit}`);
}
