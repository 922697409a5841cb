/**
 * The benchmark's code inside the browser page (bundled by esbuild into an IIFE, loaded after the
 * SDK's UMD bundle, which defines the global `ExasolWS`). Exposes `globalThis.benchMeasure(spec,
 * url, table, warmupTable)`: an untimed warm-up query, then the measured one, with the same result
 * shape as the Node client children.
 */
import type { CaseSpec } from './cases';
import { caseUrl, FLOOR_FETCH_BYTES } from './cases';
import { browserFloorQuery } from './browser-floor';
import { runSdkMode, SkipCase, type BenchSession } from './sdk-cases';
import type { TallyResult } from './tally';

/** The SDK's UMD global, as far as the benchmark uses it. */
interface ExasolWSGlobal {
  connect(options: { url: string; user: string; password: string; compression?: boolean }): Promise<BenchSession & { close(): Promise<void> }>;
}

async function once(spec: CaseSpec, url: string, table: string): Promise<{ ms: number; tally: TallyResult }> {
  if (spec.client === 'floor') return browserFloorQuery(url, table, spec.fetchBytes ?? FLOOR_FETCH_BYTES, spec.compression === true);
  const sdk = (globalThis as unknown as { ExasolWS?: ExasolWSGlobal }).ExasolWS;
  if (!sdk) throw new Error('the UMD bundle did not define ExasolWS');
  const session = await sdk.connect({ url, user: 'sys', password: 'exasol', ...(spec.compression ? { compression: true } : {}) });
  try {
    return await runSdkMode(session, spec.mode ?? 'rows', `SELECT * FROM ${table}`);
  } finally {
    await session.close();
  }
}

async function benchMeasure(spec: CaseSpec, base: string, table: string, warmup: string): Promise<unknown> {
  const url = caseUrl(base, spec);
  try {
    await once(spec, url, warmup);
  } catch (e) {
    if (e instanceof SkipCase) return { id: spec.id, skipped: e.message };
    throw e;
  }
  const m = await once(spec, url, table);
  return { id: spec.id, rows: m.tally.rows, ms: m.ms, checksum: m.tally.checksum, tally: m.tally, rowsPerSec: m.tally.rows / (m.ms / 1000), peakRssMb: null };
}

(globalThis as unknown as { benchMeasure: typeof benchMeasure }).benchMeasure = benchMeasure;
