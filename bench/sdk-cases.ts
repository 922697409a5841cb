/**
 * How the benchmark consumes a query through the SDK's public API, one function per way a user
 * reads rows; shared by the Node clients (./sdk-client.ts) and the browser page (./browser-page.ts),
 * so it imports nothing from Node and only types from the SDK. Every way touches the same values
 * as the floor (./tally.ts):
 * - `rows`: `for await (const row of session.rows(sql))`;
 * - `chunks`: `for await (const chunk of session.chunks(sql))` over `chunk.rows` (skipped when the
 *   session has no `chunks` method);
 * - `query$`: subscribe to `session.query$(sql)`, over `chunk.rows`;
 * - `columnar`: chunk iteration (`chunks`, else `query$`) reading only `chunk.data[col][row]`, never
 *   `chunk.rows` (skipped when chunks carry no `data`);
 * - `query`: `await session.query(sql)`, the whole result in memory, then over its rows;
 * - `sql-rows`: the tagged template with one value (`sql\`... WHERE ${1} = 1\``, a prepared statement),
 *   iterated with `.rows()` (skipped when the session has no `sql` tag).
 */
import { Tally, type TallyResult } from './tally';

/** The ways the benchmark reads a result through the SDK. */
export type SdkMode = 'rows' | 'chunks' | 'query$' | 'columnar' | 'query' | 'sql-rows';

/** Every {@link SdkMode}. */
export const SDK_MODES: readonly SdkMode[] = ['rows', 'chunks', 'query$', 'columnar', 'query', 'sql-rows'];

/** A row as the SDK hands it out in `'object'` mode. */
type BenchRow = Record<string, unknown>;
/** The part of a result chunk the benchmark reads (`data` only where the SDK has it). */
interface BenchChunk {
  rows: BenchRow[];
  data?: unknown[][];
}
/** The part of an SDK session the benchmark uses (typed loosely so that methods still being added can be feature-detected). */
export interface BenchSession {
  rows(sql: string): AsyncIterable<BenchRow>;
  query$(sql: string): { subscribe(o: { next(c: BenchChunk): void; error(e: unknown): void; complete(): void }): { unsubscribe(): void } };
  chunks?: (sql: string) => AsyncIterable<BenchChunk>;
  query?: (sql: string) => Promise<{ rows: BenchRow[] }>;
  sql?: (strings: TemplateStringsArray, ...values: unknown[]) => { rows(): AsyncIterable<BenchRow> };
}

/** Thrown when the SDK lacks the API a mode needs; the case is reported as skipped, not failed. */
export class SkipCase extends Error {
  override name = 'SkipCase';
}

/** Consumes every chunk of a query$ subscription; resolves on complete. */
function eachChunk$(s: BenchSession, sql: string, onChunk: (c: BenchChunk) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed = false;
    const sub = s.query$(sql).subscribe({
      next: (c) => {
        if (failed) return;
        try {
          onChunk(c);
        } catch (e) {
          failed = true;
          queueMicrotask(() => sub.unsubscribe());
          reject(e);
        }
      },
      error: reject,
      complete: resolve,
    });
  });
}

function touchRows(t: Tally, rows: BenchRow[]): void {
  for (const row of rows) t.row(row.ID, row.NAME, row.AMOUNT, row.CREATED_AT);
}

function touchColumns(t: Tally, c: BenchChunk): void {
  const data = c.data;
  if (!Array.isArray(data)) throw new SkipCase('ResultChunk has no `data` (columnar access) in this SDK build');
  if (data.length === 0) return; // a chunk without columns (no rows)
  const [ids, names, amounts, stamps] = data as [unknown[], unknown[], unknown[], unknown[]];
  const n = ids.length;
  for (let r = 0; r < n; r++) t.row(ids[r], names[r], amounts[r], stamps[r]);
}

/**
 * Runs `sql` through the SDK the way `mode` says, touching every value; resolves with the tally
 * and the milliseconds from the call until the result was consumed (and closed by the SDK).
 */
export async function runSdkMode(s: BenchSession, mode: SdkMode, sql: string): Promise<{ ms: number; tally: TallyResult }> {
  const t = new Tally();
  if (mode === 'chunks' && typeof s.chunks !== 'function') throw new SkipCase('Session.chunks() is not in this SDK build');
  if (mode === 'query' && typeof s.query !== 'function') throw new SkipCase('Session.query() is not in this SDK build');
  if (mode === 'sql-rows' && typeof s.sql !== 'function') throw new SkipCase('Session.sql is not in this SDK build');
  const t0 = performance.now();
  switch (mode) {
    case 'rows':
      for await (const row of s.rows(sql)) t.row(row.ID, row.NAME, row.AMOUNT, row.CREATED_AT);
      break;
    case 'chunks':
      for await (const c of s.chunks!(sql)) touchRows(t, c.rows);
      break;
    case 'query$':
      await eachChunk$(s, sql, (c) => touchRows(t, c.rows));
      break;
    case 'columnar':
      if (typeof s.chunks === 'function') for await (const c of s.chunks(sql)) touchColumns(t, c);
      else await eachChunk$(s, sql, (c) => touchColumns(t, c));
      break;
    case 'query':
      touchRows(t, (await s.query!(sql)).rows);
      break;
    case 'sql-rows': {
      // `sql` is `SELECT * FROM <table>`: its table name becomes part of the template's text
      const tag = s.sql!;
      const strings = Object.assign([`${sql} WHERE 1 = `, ''], { raw: [`${sql} WHERE 1 = `, ''] }) as unknown as TemplateStringsArray;
      for await (const row of tag(strings, 1).rows()) t.row(row.ID, row.NAME, row.AMOUNT, row.CREATED_AT);
      break;
    }
  }
  return { ms: performance.now() - t0, tally: t.result() };
}
