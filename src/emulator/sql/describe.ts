/**
 * `DESC[RIBE] [FULL] [schema.]object`: Exasol's statement printing the columns of a table or view
 * (docs.exasol.com, "DESC[RIBE]"): COLUMN_NAME, SQL_TYPE (the declared type, with the character set of
 * string types), NULLABLE, DISTRIBUTION_KEY and PARTITION_KEY (NULL for views), and COLUMN_COMMENT with
 * FULL. DuckDB has a DESCRIBE of its own with other columns, so the statement is answered from the
 * emulator's EXA_ALL_COLUMNS view instead. The emulator has no distribution or partition keys: FALSE.
 */
import { identifierName, quoteString, significant, tokenize } from './lexer';

/** A DESCRIBE statement read from its text. */
export interface DescribeStatement {
  /** Schema named in the statement, or undefined for the current schema. */
  readonly schema: string | undefined;
  /** Table or view name. */
  readonly object: string;
  /** Offset of the object name in the text (for `object ... not found [line, column]`). */
  readonly offset: number;
  /** Whether FULL was given (adds COLUMN_COMMENT). */
  readonly full: boolean;
}

/** Reads `DESC[RIBE] [FULL] [schema.]object [;]`, or returns undefined for any other text. */
export function parseDescribe(sql: string): DescribeStatement | undefined {
  const sig = significant(tokenize(sql)).filter((t) => t.text !== ';');
  const verb = sig[0]?.kind === 'word' ? sig[0].text.toUpperCase() : '';
  if (verb !== 'DESC' && verb !== 'DESCRIBE') return undefined;
  let i = 1;
  const full = sig[i]?.kind === 'word' && sig[i]!.text.toUpperCase() === 'FULL' && sig.length > 2;
  if (full) i++;
  const isName = (k: number): boolean => sig[k]?.kind === 'word' || sig[k]?.kind === 'quoted';
  if (!isName(i)) return undefined;
  if (sig[i + 1]?.text === '.' && isName(i + 2) && sig.length === i + 3) {
    return { schema: identifierName(sig[i]!), object: identifierName(sig[i + 2]!), offset: sig[i]!.offset, full };
  }
  if (sig.length !== i + 1) return undefined;
  return { schema: undefined, object: identifierName(sig[i]!), offset: sig[i]!.offset, full };
}

/** The query (against main.EXA_ALL_COLUMNS) that answers a DESCRIBE of `schema.object`. */
export function describeQuery(d: DescribeStatement, schema: string): string {
  const view = `"COLUMN_OBJECT_TYPE" = 'VIEW'`;
  const cols = [
    `"COLUMN_NAME"`,
    `"COLUMN_TYPE" AS "SQL_TYPE"`,
    `"COLUMN_IS_NULLABLE" AS "NULLABLE"`,
    `CASE WHEN ${view} THEN NULL ELSE FALSE END AS "DISTRIBUTION_KEY"`,
    `CASE WHEN ${view} THEN NULL ELSE FALSE END AS "PARTITION_KEY"`,
  ];
  if (d.full) cols.push(`"COLUMN_COMMENT"`);
  return (
    `SELECT ${cols.join(', ')} FROM main."EXA_ALL_COLUMNS" ` +
    `WHERE "COLUMN_SCHEMA" = ${quoteString(schema)} AND "COLUMN_TABLE" = ${quoteString(d.object)} ORDER BY "COLUMN_ORDINAL_POSITION"`
  );
}
