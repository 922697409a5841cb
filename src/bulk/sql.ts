/** The IMPORT/EXPORT text the SDK sends: one `AT ... FILE` line per tunnel and every CSV option spelled out. */
import { columnsSql, literal, tableSql, type TableName } from './identifiers';
import type { Dialect } from './options';

/** One tunnel as the SQL names it. */
export interface FileRef {
  /** `http://ip:port` or `https://ip:port` (the tunnel's internal address). */
  url: string;
  /** `sha256//...` pin of this side's certificate (https on 8.32+). */
  pin?: string;
  /** `000.csv`, `001.gz`, ... */
  name: string;
}

/** What an EXPORT reads: a table (optionally some columns) or a query. */
export type ExportSource = TableName | { table: TableName; columns?: readonly string[] } | { query: string };

const files = (fs: readonly FileRef[]) => fs.map((f) => `AT ${literal(f.url)}${f.pin === undefined ? '' : ` PUBLIC KEY ${literal(f.pin)}`} FILE ${literal(f.name)}`);

const formatLines = (d: Dialect) => [
  `ENCODING = ${literal(d.encoding)}`,
  `ROW SEPARATOR = ${literal(d.rowSepName)}`,
  `COLUMN SEPARATOR = ${literal(d.sep)}`,
  `COLUMN DELIMITER = ${literal(d.delim)}`,
  ...(d.null === undefined ? [] : [`NULL = ${literal(d.null)}`]),
];

/** `IMPORT INTO "S"."T" ("A", ...) FROM CSV AT ... FILE ... <options>`. */
export function importSql(table: TableName, columns: readonly string[] | undefined, fs: readonly FileRef[], d: Dialect, extra: { skip?: number; trim?: string }): string {
  return [
    `IMPORT INTO ${tableSql(table)}${columns === undefined ? '' : ' ' + columnsSql(columns)} FROM CSV`,
    ...files(fs),
    ...formatLines(d),
    ...(extra.skip ? [`SKIP = ${extra.skip}`] : []),
    ...(extra.trim ? [extra.trim] : []),
  ].join('\n');
}

/** `EXPORT "S"."T" (...) | (<query>) INTO CSV AT ... FILE ... <options>`. */
export function exportSql(source: ExportSource, fs: readonly FileRef[], d: Dialect, withColumnNames: boolean): string {
  let from: string;
  if (typeof source === 'object' && source !== null && 'query' in source) from = `(\n${source.query.replace(/^[\s]+|[\s;]+$/g, '')}\n)`;
  else if (typeof source === 'object' && source !== null && 'table' in source) from = tableSql(source.table) + (source.columns === undefined ? '' : ' ' + columnsSql(source.columns));
  else from = tableSql(source as TableName);
  return [`EXPORT ${from} INTO CSV`, ...files(fs), 'DELIMIT = AUTO', ...formatLines(d), ...(withColumnNames ? ['WITH COLUMN NAMES'] : [])].join('\n');
}
