/**
 * The measured cases of `npm run bench`: which client, how it reads, over which session
 * (compression, added latency), in which runtime; the ratios the report derives from them, and the
 * targets the project aims for.
 */
import type { SdkMode } from './sdk-cases';

/** The floor's fetch size: 1 MiB, one fetch at a time. */
export const FLOOR_FETCH_BYTES = 1024 * 1024;
/** The official driver's larger fetch size case: 5 MiB. */
export const DRIVER_BIG_FETCH_BYTES = 5 * 1024 * 1024;

/** One measured case; each measurement of it runs in a fresh process (Node) or a fresh browser (Chromium). */
export interface CaseSpec {
  /** Unique key, e.g. `node-rows`, `node-zlib-floor`, `chromium-rows`, `driver-ts-5m`. */
  id: string;
  /** Short label for the table. */
  label: string;
  runtime: 'node' | 'chromium';
  client: 'floor' | 'sdk' | 'driver-ts';
  /** How the SDK reads (SDK clients only). */
  mode?: SdkMode;
  /** zlib-compressed session. */
  compression?: boolean;
  /** Reply latency added by the replay server, ms (0 or absent: none). */
  latencyMs?: number;
  /** Fetch size in bytes; absent: the client's default (floor: {@link FLOOR_FETCH_BYTES}). */
  fetchBytes?: number;
}

/** Which case groups a run includes. */
export interface CaseSelection {
  quick: boolean;
  browser: boolean;
  driver: boolean;
  latencyMs: number;
}

/** The cases of a run, in their interleaving order. */
export function selectCases(o: CaseSelection): CaseSpec[] {
  const cases: CaseSpec[] = [
    { id: 'node-floor', label: 'floor (ws + JSON.parse)', runtime: 'node', client: 'floor', fetchBytes: FLOOR_FETCH_BYTES },
    { id: 'node-rows', label: 'sdk rows()', runtime: 'node', client: 'sdk', mode: 'rows' },
    { id: 'node-chunks', label: 'sdk chunks()', runtime: 'node', client: 'sdk', mode: 'chunks' },
    { id: 'node-query$', label: 'sdk query$', runtime: 'node', client: 'sdk', mode: 'query$' },
    { id: 'node-columnar', label: 'sdk chunk.data', runtime: 'node', client: 'sdk', mode: 'columnar' },
    { id: 'node-zlib-floor', label: 'floor zlib (inflateSync)', runtime: 'node', client: 'floor', compression: true, fetchBytes: FLOOR_FETCH_BYTES },
    { id: 'node-zlib-rows', label: 'sdk rows() zlib', runtime: 'node', client: 'sdk', mode: 'rows', compression: true },
  ];
  if (!o.quick) {
    cases.push(
      { id: 'node-zlib-query$', label: 'sdk query$ zlib', runtime: 'node', client: 'sdk', mode: 'query$', compression: true },
      // the other public ways: the whole result in memory, and the sql tag with a value (a prepared statement)
      { id: 'node-query', label: 'sdk await query()', runtime: 'node', client: 'sdk', mode: 'query' },
      { id: 'node-sql-rows', label: 'sdk sql`${v}`.rows()', runtime: 'node', client: 'sdk', mode: 'sql-rows' },
    );
  }
  if (o.latencyMs > 0) {
    const lat = o.latencyMs;
    cases.push(
      { id: 'node-lat-floor', label: `floor +${lat} ms`, runtime: 'node', client: 'floor', latencyMs: lat, fetchBytes: FLOOR_FETCH_BYTES },
      { id: 'node-lat-rows', label: `sdk rows() +${lat} ms`, runtime: 'node', client: 'sdk', mode: 'rows', latencyMs: lat },
    );
    if (!o.quick) cases.push({ id: 'node-lat-query$', label: `sdk query$ +${lat} ms`, runtime: 'node', client: 'sdk', mode: 'query$', latencyMs: lat });
  }
  if (o.browser) {
    cases.push(
      { id: 'chromium-floor', label: 'browser floor (WebSocket + JSON.parse)', runtime: 'chromium', client: 'floor', fetchBytes: FLOOR_FETCH_BYTES },
      { id: 'chromium-rows', label: 'browser sdk rows()', runtime: 'chromium', client: 'sdk', mode: 'rows' },
      { id: 'chromium-zlib-floor', label: 'browser floor zlib (DecompressionStream)', runtime: 'chromium', client: 'floor', compression: true, fetchBytes: FLOOR_FETCH_BYTES },
      { id: 'chromium-zlib-rows', label: 'browser sdk rows() zlib', runtime: 'chromium', client: 'sdk', mode: 'rows', compression: true },
    );
    if (!o.quick) cases.push({ id: 'chromium-query$', label: 'browser sdk query$', runtime: 'chromium', client: 'sdk', mode: 'query$' });
  }
  if (o.driver) {
    cases.push({ id: 'driver-ts-1m', label: 'exasol-driver-ts (default 1 MiB)', runtime: 'node', client: 'driver-ts' });
    if (!o.quick) cases.push({ id: 'driver-ts-5m', label: 'exasol-driver-ts 5 MiB', runtime: 'node', client: 'driver-ts', fetchBytes: DRIVER_BIG_FETCH_BYTES });
  }
  return cases;
}

/** A ratio of two cases' median rows/s, with its JSON key and (optionally) the target it should meet. */
export interface RatioSpec {
  key: string;
  num: string;
  den: string;
  /** The ratio should be at least this. */
  atLeast?: number;
}

/** Every ratio the report computes (those whose cases did not run are null); `latN` in a key becomes `lat<ms>`. */
export const RATIOS: readonly RatioSpec[] = [
  { key: 'rowsVsFloor', num: 'node-rows', den: 'node-floor', atLeast: 0.75 },
  { key: 'chunksVsFloor', num: 'node-chunks', den: 'node-floor' },
  { key: 'query$VsFloor', num: 'node-query$', den: 'node-floor', atLeast: 0.9 },
  { key: 'columnarVsFloor', num: 'node-columnar', den: 'node-floor', atLeast: 0.9 },
  { key: 'sdkVsFloor', num: 'node-query$', den: 'node-floor' },
  // no targets: query() holds every row in memory (the floor keeps nothing); the sql tag adds a prepare round trip
  { key: 'queryVsFloor', num: 'node-query', den: 'node-floor' },
  { key: 'sqlRowsVsFloor', num: 'node-sql-rows', den: 'node-floor' },
  { key: 'zlibRowsVsFloor', num: 'node-zlib-rows', den: 'node-zlib-floor', atLeast: 0.85 },
  { key: 'zlibQuery$VsFloor', num: 'node-zlib-query$', den: 'node-zlib-floor', atLeast: 0.85 },
  { key: 'lat0RowsVsFloor', num: 'node-rows', den: 'node-floor' },
  { key: 'lat0Query$VsFloor', num: 'node-query$', den: 'node-floor' },
  { key: 'latNRowsVsFloor', num: 'node-lat-rows', den: 'node-lat-floor', atLeast: 1.5 },
  { key: 'latNQuery$VsFloor', num: 'node-lat-query$', den: 'node-lat-floor', atLeast: 1.5 },
  { key: 'chromiumRowsVsFloor', num: 'chromium-rows', den: 'chromium-floor', atLeast: 0.85 },
  { key: 'chromiumQuery$VsFloor', num: 'chromium-query$', den: 'chromium-floor' },
  { key: 'chromiumZlibVsFloor', num: 'chromium-zlib-rows', den: 'chromium-zlib-floor', atLeast: 0.85 },
  { key: 'rowsVsDriverTs', num: 'node-rows', den: 'driver-ts-1m' },
  { key: 'rowsVsDriverTs5m', num: 'node-rows', den: 'driver-ts-5m', atLeast: 3 },
  { key: 'sdkVsDriverTs', num: 'node-query$', den: 'driver-ts-1m' },
];

/** Peak-RSS target of streaming 10M rows through rows(), MB. */
export const STREAM_RSS_TARGET_MB = 150;

/** The URL of the replay server with the case's added latency (the server reads it from the path `/latency/N`). */
export function caseUrl(url: string, spec: CaseSpec): string {
  return spec.latencyMs ? `${url}/latency/${spec.latencyMs}` : url;
}
