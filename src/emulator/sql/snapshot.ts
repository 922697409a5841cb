/**
 * The seed state of an engine and how to return to it ({@link Engine.reset}). At creation the engine
 * records what exists (schemas; tables with their DDL; views; sequences with their next value; the
 * type catalog's rows). Table data is copied lazily: just before the first statement that may write a
 * table of the seed (judged conservatively from the statement's text: any write keyword plus the
 * table's, its schema's or its sequence's name), the table is copied into a hidden schema, once.
 * A reset then drops what was created since, and recreates only the objects marked as touched, so
 * a reset after tests that only used their own tables takes a few milliseconds.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { CATALOG_SCHEMA, SNAPSHOT_SCHEMA } from './catalog';
import { quoteIdent } from './lexer';

/** An object of the seed. */
interface SeedObject {
  kind: 'table' | 'view' | 'sequence';
  schema: string;
  name: string;
  /** The statement that recreates it (tables: without data; sequences: starting at the recorded next value). */
  create: string;
  /** Tables: the data copy is in the snapshot schema (or being made). */
  saved?: Promise<void>;
}

/** Words that make a statement a possible writer (its names are then looked at). */
const WRITE_WORDS = new Set([
  'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'TRUNCATE', 'DROP', 'ALTER', 'CREATE', 'RENAME', 'COPY', 'IMPORT', 'REPLACE',
  'COMMENT', 'ATTACH', 'DETACH', 'LOAD', 'CALL', 'PRAGMA', 'EXECUTE', 'PREPARE', 'NEXTVAL', 'SETVAL', 'USE', 'VACUUM', 'SET',
]);
/** Words after which anything may have changed (nothing to look at names for). */
const ANYTHING_WORDS = new Set(['IMPORT', 'ATTACH', 'CALL', 'PRAGMA', 'LOAD']);
/** Schemas that are no user's: never recorded, dropped or restored. */
const SYSTEM = new Set(['information_schema', 'pg_catalog', 'SYS', CATALOG_SCHEMA, SNAPSHOT_SCHEMA]);

const q = quoteIdent;
const key = (schema: string, name: string): string => `${schema}\u0000${name}`;
const copyName = (o: SeedObject): string => `${q(SNAPSHOT_SCHEMA)}.${q(`${o.schema}.${o.name}`)}`;
const qualified = (schema: string, name: string): string => `${q(schema)}.${q(name)}`;

async function rows(con: DuckDBConnection, sql: string): Promise<unknown[][]> {
  return (await con.runAndReadAll(sql)).getRows() as unknown[][];
}

/** Objects of the user's schemas (and `main`) as DuckDB lists them, by key. */
async function listObjects(con: DuckDBConnection): Promise<{ schemas: Set<string>; objects: Map<string, SeedObject> }> {
  const db = `database_name = current_database()`;
  const schemaOk = (col: string) => `${col} NOT IN (${[...SYSTEM].map((s) => `'${s}'`).join(', ')})`;
  const schemas = new Set((await rows(con, `SELECT schema_name FROM duckdb_schemas() WHERE ${db} AND NOT internal AND ${schemaOk('schema_name')}`)).map((r) => String(r[0])));
  const objects = new Map<string, SeedObject>();
  for (const [schema, name, sql] of await rows(con, `SELECT schema_name, table_name, sql FROM duckdb_tables() WHERE ${db} AND NOT internal AND ${schemaOk('schema_name')} ORDER BY table_oid`)) {
    objects.set(key(String(schema), String(name)), { kind: 'table', schema: String(schema), name: String(name), create: String(sql) });
  }
  for (const [schema, name, sql] of await rows(con, `SELECT schema_name, view_name, sql FROM duckdb_views() WHERE ${db} AND NOT internal AND ${schemaOk('schema_name')} ORDER BY view_oid`)) {
    objects.set(key(String(schema), String(name)), { kind: 'view', schema: String(schema), name: String(name), create: String(sql) });
  }
  // DuckDB's own CREATE text starts at the next value (last_value is not reliable after a database file is reopened)
  const seqs = await rows(con, `SELECT schema_name, sequence_name, sql FROM duckdb_sequences() WHERE ${db} AND NOT temporary AND ${schemaOk('schema_name')}`);
  for (const [schema, name, sql] of seqs) {
    const create = String(sql).replace(/^CREATE SEQUENCE ("(?:[^"]|"")*"|\S+)/, `CREATE SEQUENCE ${qualified(String(schema), String(name))}`);
    objects.set(key(String(schema), String(name)), { kind: 'sequence', schema: String(schema), name: String(name), create });
  }
  // (macros are left out: listing them costs ~100 ms, and Exasol SQL cannot create them)
  return { schemas, objects };
}

/** Upper-cased words and quoted names of a statement text (string contents included, on purpose). */
function wordsOf(sql: string): { words: Set<string>; qualifiers: Set<string> } {
  const words = new Set<string>();
  const qualifiers = new Set<string>();
  const re = /"((?:[^"]|"")*)"|([A-Za-z_][A-Za-z0-9_$#]*)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(sql))) {
    const w = (m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!).toUpperCase();
    if (sql[re.lastIndex] === '.') qualifiers.add(w);
    else words.add(w);
  }
  return { words, qualifiers };
}

/** The seed state of one engine; see the file comment. */
export class SeedSnapshot {
  private readonly con: DuckDBConnection;
  private readonly schemas: Set<string>;
  private readonly objects: Map<string, SeedObject>;
  private readonly byName = new Map<string, SeedObject[]>();
  private readonly bySchema = new Map<string, SeedObject[]>();
  private readonly dirty = new Set<SeedObject>();
  private copies = 0;
  /** Work on the connection, one piece at a time. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(con: DuckDBConnection, listed: Awaited<ReturnType<typeof listObjects>>) {
    this.con = con;
    this.schemas = listed.schemas;
    this.objects = listed.objects;
    for (const o of this.objects.values()) {
      const n = o.name.toUpperCase();
      this.byName.set(n, [...(this.byName.get(n) ?? []), o]);
      const s = o.schema.toUpperCase();
      this.bySchema.set(s, [...(this.bySchema.get(s) ?? []), o]);
    }
  }

  /**
   * Records the current state as the seed state, on a connection of its own (kept for the copies and
   * resets; closed by {@link close}). A snapshot schema left by an earlier run of a database file is dropped.
   */
  static async record(con: DuckDBConnection): Promise<SeedSnapshot> {
    await con.run(`DROP SCHEMA IF EXISTS ${q(SNAPSHOT_SCHEMA)} CASCADE`);
    await con.run(`CREATE SCHEMA ${q(SNAPSHOT_SCHEMA)}`);
    await con.run(`CREATE TABLE ${q(SNAPSHOT_SCHEMA)}.${q('catalog')} AS SELECT * FROM ${q(CATALOG_SCHEMA)}."COLUMNS"`);
    await con.run(`CREATE TABLE ${q(SNAPSHOT_SCHEMA)}.${q('scripts')} AS SELECT * FROM ${q(CATALOG_SCHEMA)}."SCRIPTS"`);
    return new SeedSnapshot(con, await listObjects(con));
  }

  /** Number of table copies made so far (tables written since start, each copied once). */
  get copiedTables(): number {
    return this.copies;
  }

  /** Names of the seed objects marked as touched, `schema.name` (for tests and diagnostics). */
  touched(): string[] {
    return [...this.dirty].map((o) => `${o.schema}.${o.name}`).sort();
  }

  /**
   * Call before a statement runs: marks the seed objects it may change and copies the data of such
   * tables first (once). Conservative: a false alarm costs one copy, a miss would break reset.
   */
  async beforeStatement(sql: string): Promise<void> {
    if (this.objects.size === 0) return;
    const { words, qualifiers } = wordsOf(sql);
    let writes = false;
    for (const w of words) if (WRITE_WORDS.has(w)) writes = true;
    if (!writes) return;
    const hit = new Set<SeedObject>();
    if ([...words].some((w) => ANYTHING_WORDS.has(w))) for (const o of this.objects.values()) hit.add(o);
    for (const w of words) {
      for (const o of this.byName.get(w) ?? []) hit.add(o);
      for (const o of this.bySchema.get(w) ?? []) hit.add(o);
    }
    for (const w of qualifiers) for (const o of this.byName.get(w) ?? []) hit.add(o); // "T".col
    for (const o of [...hit]) {
      // a table and the sequences its defaults draw from (IDENTITY) go together: an insert advances the
      // sequence without naming it, and DuckDB cannot drop a sequence a table still uses
      for (const other of this.objects.values()) {
        if (o.kind === 'sequence' && other.kind === 'table' && other.create.toUpperCase().includes(o.name.toUpperCase())) hit.add(other);
        if (o.kind === 'table' && other.kind === 'sequence' && o.create.toUpperCase().includes(other.name.toUpperCase())) hit.add(other);
      }
    }
    await Promise.all([...hit].filter((o) => o.kind === 'table').map((o) => this.save(o)));
    for (const o of hit) this.dirty.add(o);
  }

  /** Runs `fn` after everything queued before it on the snapshot connection. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private save(o: SeedObject): Promise<void> {
    o.saved ??= this.exclusive(async () => {
      this.copies++;
      await this.con.run(`CREATE TABLE ${copyName(o)} AS SELECT * FROM ${qualified(o.schema, o.name)}`);
    });
    return o.saved;
  }

  /**
   * Returns the database to the recorded state: drops schemas and objects created since, recreates
   * touched seed objects (tables refilled from their copies), restores the type catalog. Call with no
   * statement running (the engine closes every session first). One transaction: all or nothing.
   */
  restore(): Promise<void> {
    return this.exclusive(() => this.restoreNow());
  }

  private async restoreNow(): Promise<void> {
    const con = this.con;
    await con.run('BEGIN TRANSACTION');
    try {
      const now = await listObjects(con);
      for (const s of now.schemas) if (s !== 'main' && !this.schemas.has(s)) await con.run(`DROP SCHEMA ${q(s)} CASCADE`);
      for (const s of this.schemas) {
        if (now.schemas.has(s)) continue;
        await con.run(`CREATE SCHEMA ${q(s)}`);
        for (const o of this.objects.values()) if (o.schema === s) this.dirty.add(o);
      }
      const drop = async (o: { kind: string; schema: string; name: string }): Promise<void> => {
        await con.run(`DROP ${o.kind.toUpperCase()} IF EXISTS ${qualified(o.schema, o.name)}`);
      };
      const extra = [...now.objects.values()].filter((o) => this.schemas.has(o.schema) && !this.objects.has(key(o.schema, o.name)));
      const order = ['view', 'table', 'sequence'] as const;
      for (const kind of order) for (const o of extra) if (o.kind === kind) await drop(o);
      const touched = [...this.objects.values()].filter((o) => this.dirty.has(o));
      for (const kind of order) for (const o of touched) if (o.kind === kind) await drop(o);
      for (const o of touched) if (o.kind === 'sequence') await con.run(o.create);
      for (const o of touched) {
        if (o.kind !== 'table') continue;
        await con.run(o.create);
        await con.run(`INSERT INTO ${qualified(o.schema, o.name)} SELECT * FROM ${copyName(o)}`);
      }
      for (const o of touched) if (o.kind === 'view') await con.run(o.create);
      await con.run(`DELETE FROM ${q(CATALOG_SCHEMA)}."COLUMNS"`);
      await con.run(`INSERT INTO ${q(CATALOG_SCHEMA)}."COLUMNS" SELECT * FROM ${q(SNAPSHOT_SCHEMA)}.${q('catalog')}`);
      await con.run(`DELETE FROM ${q(CATALOG_SCHEMA)}."SCRIPTS"`);
      await con.run(`INSERT INTO ${q(CATALOG_SCHEMA)}."SCRIPTS" SELECT * FROM ${q(SNAPSHOT_SCHEMA)}.${q('scripts')}`);
      await con.run('COMMIT');
    } catch (e) {
      await con.run('ROLLBACK').catch(() => undefined);
      throw e;
    }
    this.dirty.clear();
  }

  /** Drops the snapshot schema (so a database file keeps no copies) and closes the connection. */
  async close(): Promise<void> {
    try {
      await this.exclusive(() => this.con.run(`DROP SCHEMA IF EXISTS ${q(SNAPSHOT_SCHEMA)} CASCADE`));
    } catch {
      /* the database is closing anyway */
    }
    this.con.closeSync();
  }
}
