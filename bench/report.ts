/**
 * The end of `npm run bench`: the human-readable tables (cases, ratios with their targets, the 10M
 * streams) and the JSON summary object that run.ts prints as its last stdout line.
 */
import { RATIOS, STREAM_RSS_TARGET_MB, type CaseSpec } from './cases';
import type { ClientResult } from './client-child';
import { median, round, spread } from './stats';

/** What the run collected for one case. */
export interface CaseOutcome {
  spec: CaseSpec;
  results: ClientResult[];
  /** Why the case did not run (SDK API missing) or stopped (an error). */
  skipped?: string;
  failed?: string;
  /** Tally mismatches against the reference (empty: every measurement verified). */
  mismatches: string[];
}

/** One 10M-row stream measurement (peak RSS). */
export interface StreamOutcome {
  mode: 'rows' | 'query$';
  rows?: number;
  rowsPerSec?: number;
  peakRssMb?: number;
  sampledPeakRssMb?: number;
  baselineRssMb?: number;
  failed?: string;
}

function fmtRate(x: number): string {
  return `${(x / 1e6).toFixed(3)}M`;
}

function verdict(value: number | null, ok: (v: number) => boolean): string {
  return value === null ? 'n/a' : ok(value) ? 'PASS' : 'MISS';
}

/**
 * Prints the tables and returns the JSON summary: median rows/s per case (`rowsPerSec`), every
 * ratio of {@link RATIOS}, the stream figures, the targets' verdicts and the checks.
 */
export function report(outcomes: CaseOutcome[], streams: StreamOutcome[], latencyMs: number, reps: number, log: (s: string) => void): Record<string, unknown> {
  const medians = new Map<string, number>();
  log(`\ncase                                        median rows/s   spread (min..max, rel)        peak RSS   n   check`);
  for (const o of outcomes) {
    const head = `${o.spec.id.padEnd(20)} ${o.spec.label.slice(0, 22).padEnd(22)}`;
    if (o.results.length === 0) {
      log(`${head}  ${o.skipped ? `skipped: ${o.skipped}` : `no result: ${o.failed ?? '?'}`}`);
      continue;
    }
    const rates = o.results.map((r) => r.rowsPerSec);
    const s = spread(rates);
    const m = median(rates);
    medians.set(o.spec.id, m);
    const rss = o.results.map((r) => r.peakRssMb).filter((x): x is number => x !== null);
    log(
      `${head}  ${fmtRate(m).padStart(10)}   ${`${fmtRate(s.min)}..${fmtRate(s.max)}, ${round(s.relative * 100, 0)}%`.padEnd(26)}  ` +
        `${(rss.length ? `${round(median(rss), 0)} MB` : '-').padStart(8)}  ${String(o.results.length).padStart(2)}   ` +
        `${o.mismatches.length ? `MISMATCH ${o.mismatches[0]}` : 'ok'}${o.failed ? ` (then failed: ${o.failed})` : ''}`,
    );
  }
  const out: Record<string, unknown> = {
    date: new Date().toISOString().slice(0, 10),
    reps,
    latencyMs,
    floorRowsPerSec: medians.has('node-floor') ? Math.round(medians.get('node-floor')!) : null,
    sdkRowsPerSec: medians.has('node-query$') ? Math.round(medians.get('node-query$')!) : null,
    driverTsRowsPerSec: medians.has('driver-ts-1m') ? Math.round(medians.get('driver-ts-1m')!) : null,
    rowsPerSec: Object.fromEntries([...medians].map(([k, v]) => [k, Math.round(v)])),
  };
  const verdicts: Record<string, string> = {};
  log(`\nratio (SDK / reference, medians)   value   target   verdict`);
  for (const r of RATIOS) {
    const key = r.key.replace('latN', `lat${latencyMs}`);
    const a = medians.get(r.num);
    const b = medians.get(r.den);
    const v = a !== undefined && b !== undefined ? round(a / b, 3) : null;
    out[key] = v;
    if (r.atLeast !== undefined) verdicts[key] = verdict(v, (x) => x >= r.atLeast!);
    log(`${key.padEnd(34)} ${(v === null ? '-' : v.toFixed(3)).padStart(6)}   ${(r.atLeast === undefined ? '' : `>= ${r.atLeast}`).padEnd(7)}  ${r.atLeast === undefined ? '' : verdicts[key]}`);
  }
  const byMode = new Map(streams.map((s) => [s.mode, s]));
  for (const s of streams) {
    const line = s.failed
      ? `FAILED ${s.failed}`
      : `${s.rows} rows, ${fmtRate(s.rowsPerSec!)} rows/s, peak RSS ${round(s.peakRssMb!, 1)} MB (sampled ${round(s.sampledPeakRssMb!, 1)} MB, after connect ${round(s.baselineRssMb!, 1)} MB)`;
    log(`stream BENCH_10M through ${s.mode === 'rows' ? 'rows()' : 'query$'}: ${line}`);
  }
  const rssOf = (m: 'rows' | 'query$') => (byMode.get(m)?.peakRssMb === undefined ? null : round(byMode.get(m)!.peakRssMb!, 1));
  out.stream10mRowsPeakRssMb = rssOf('rows');
  out['stream10mQuery$PeakRssMb'] = rssOf('query$');
  out.stream10mPeakRssMb = rssOf('query$');
  verdicts.stream10mRowsPeakRssMb = verdict(rssOf('rows'), (x) => x <= STREAM_RSS_TARGET_MB);
  log(`stream10mRowsPeakRssMb <= ${STREAM_RSS_TARGET_MB}: ${verdicts.stream10mRowsPeakRssMb}`);
  out.targets = verdicts;
  out.missed = Object.entries(verdicts)
    .filter(([, v]) => v === 'MISS')
    .map(([k]) => k);
  out.skipped = Object.fromEntries(outcomes.filter((o) => o.skipped).map((o) => [o.spec.id, o.skipped]));
  out.failed = Object.fromEntries(outcomes.filter((o) => o.failed).map((o) => [o.spec.id, o.failed]));
  out.verified = outcomes.every((o) => o.mismatches.length === 0);
  return out;
}
