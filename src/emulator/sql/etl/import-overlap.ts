/**
 * Loading the segments of spooled IMPORT files (import-fast.ts) while the rest of the files arrives, one DuckDB
 * statement at a time on the session's connection, in the order the segments were finished.
 *
 * - `direct` (the IMPORT runs in its own transaction): each segment is inserted at once, a record that fails the
 *   checks failing the INSERT (`error()`), a value whose cast fails too. When anything goes wrong (a refused or
 *   malformed record, a file the byte scan finds unclean, a failed statement), the caller rolls the own transaction
 *   back and lets the JavaScript path replay every file, which reports the exact error or loads the rows.
 * - `checked` (inside the user's transaction, which a failed statement would end): each segment is only checked
 *   (TRY casts, no failing statement) while the rest arrives; the INSERTs run once every segment passed.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { DataType } from '../../../protocol';
import { importFastPath, loadSql, readCsv, type LoadSql, type Segment } from './import-fast';
import type { CsvOptions } from './statement';

let rejectsCounter = 0;

/** Loads segments as they come; see the file comment. */
export class SegmentLoader {
  readonly #con: DuckDBConnection;
  readonly #width: number;
  readonly #o: CsvOptions;
  readonly #insertHead: string;
  readonly #bump: () => void;
  readonly #direct: boolean;
  readonly #sql: LoadSql;
  readonly #rejects = `__exa_rejects_${++rejectsCounter}`;
  #queue: Promise<void> = Promise.resolve();
  #refused = false;
  #touched = false;
  #total = 0;
  #checked: Segment[] = [];

  constructor(con: DuckDBConnection, types: DataType[], o: CsvOptions, insertHead: string, bump: () => void, direct: boolean) {
    this.#con = con;
    this.#width = types.length;
    this.#o = o;
    this.#insertHead = insertHead;
    this.#bump = bump;
    this.#direct = direct;
    this.#sql = loadSql(types);
  }

  /** Whether a statement changed (or, failing, ended) the transaction: the caller must roll it back before the JavaScript path. */
  get touched(): boolean {
    return this.#touched;
  }

  /** Queues a finished segment; `clean`: the byte scan of its file found nothing so far that the readers treat differently. */
  add(seg: Segment, clean: boolean): void {
    if (!clean) this.#refused = true;
    this.#queue = this.#queue.then(async () => {
      if (this.#refused) return;
      try {
        if (!(await this.#load(seg))) this.#refused = true;
      } catch {
        // a failed statement: the JavaScript path reports the real error
        this.#refused = true;
      }
    });
  }

  /** Marks the load as refused (a file turned out unclean or failed). */
  refuse(): void {
    this.#refused = true;
  }

  /** Waits for the queued statements; never rejects. */
  async settle(): Promise<void> {
    await this.#queue;
  }

  /** After every segment was added: the rows loaded, or undefined when the JavaScript path must decide (see {@link touched}). */
  async finish(): Promise<number | undefined> {
    await this.#queue;
    try {
      if (this.#refused) return undefined;
      if (!this.#direct) {
        for (const seg of this.#checked) {
          this.#bump();
          this.#touched = true;
          const res = await this.#con.run(`${this.#insertHead} SELECT ${this.#sql.select} FROM ${readCsv(seg, this.#width, this.#o, this.#rejects)}`);
          this.#total += Number(res.rowsChanged);
        }
      }
      importFastPath.loads++;
      return this.#total;
    } finally {
      await this.drop();
    }
  }

  /** Drops the rejects tables (after a failed statement they went with the rolled back transaction). */
  async drop(): Promise<void> {
    try {
      this.#bump();
      await this.#con.run(`DROP TABLE IF EXISTS temp.main."${this.#rejects}"; DROP TABLE IF EXISTS temp.main."${this.#rejects}_scan"`);
    } catch {
      /* the transaction is rolled back by the caller */
    }
  }

  /** Loads (direct) or checks one segment; false when a record was refused. */
  async #load(seg: Segment): Promise<boolean> {
    const src = readCsv(seg, this.#width, this.#o, this.#rejects);
    this.#bump();
    if (this.#direct) {
      this.#touched = true;
      const res = await this.#con.run(`${this.#insertHead} SELECT ${this.#sql.select} FROM ${src} WHERE CASE WHEN ${this.#sql.shape(seg)} THEN true ELSE error('refused') END`);
      this.#total += Number(res.rowsChanged);
    } else {
      const bad = await this.#con.runAndReadAll(`SELECT count(*) FILTER (WHERE NOT (${this.#sql.ok(seg)})) FROM ${src}`);
      if (Number(bad.getRows()[0]![0]) > 0) return false;
      this.#checked.push(seg);
    }
    this.#bump();
    const rejected = await this.#con.runAndReadAll(`SELECT count(*) FROM temp.main."${this.#rejects}"`);
    return Number(rejected.getRows()[0]![0]) === 0;
  }
}
