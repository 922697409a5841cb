// The completion schema of the editor, read through the SDK's metadata calls (schemas(), tables(), columns()),
// cached per session and read again after DDL.
import { pickField, quoteIdent, rowsOf } from './schema-browser.js';

/** Most tables whose columns are read for completion (the rest complete by name only). */
const MAX_TABLES_WITH_COLUMNS = 300;

/** True when `sql` changes the catalogue (so the schema tree and completion must be read again). */
export function isDdl(sql) {
  return /^\s*(?:--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*(CREATE|DROP|ALTER|RENAME|COMMENT)\b/i.test(sql);
}

/** A completion for a catalogue name: inserted bare when it is a plain upper-case name, else double-quoted. */
function nameCompletion(name, type) {
  const quoted = quoteIdent(name);
  return quoted === name ? { label: name, type } : { label: name, type, apply: quoted };
}

/**
 * Reads the editor's completion namespace (@codemirror/lang-sql's SQLNamespace): schema -> table -> columns. Failures of single tables are skipped
 * (completion is a convenience); a failure to list schemas rejects.
 */
export async function loadCompletionSchema(session) {
  const out = {};
  let withColumns = 0;
  for (const s of rowsOf(await session.schemas())) {
    const schema = pickField(s, 'NAME', 'SCHEMA_NAME', 'name');
    const children = {};
    out[schema] = { self: nameCompletion(schema, 'namespace'), children };
    let tables = [];
    try {
      tables = rowsOf(await session.tables(schema));
    } catch {
      continue;
    }
    for (const t of tables) {
      const table = pickField(t, 'NAME', 'TABLE_NAME', 'name');
      let columns = [];
      if (withColumns < MAX_TABLES_WITH_COLUMNS) {
        withColumns++;
        try {
          columns = rowsOf(await session.columns(schema, table)).map((c) => nameCompletion(pickField(c, 'NAME', 'COLUMN_NAME', 'name'), 'property'));
        } catch {
          columns = [];
        }
      }
      children[table] = { self: nameCompletion(table, 'type'), children: columns };
    }
  }
  return out;
}
