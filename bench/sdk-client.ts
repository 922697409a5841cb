/**
 * The SDK's Node clients: this SDK through its Node entry (src/node.ts), with default options
 * except `compression`, reading the benchmark table in one of the ways of ./sdk-cases.ts, or
 * streaming a huge table for the peak-RSS measurement.
 */
import { connect, DEFAULT_FETCH_SIZE, type Session } from '../src/node';
import type { QueryMeasurement } from './floor-client';
import { runSdkMode, type BenchSession, type SdkMode } from './sdk-cases';

/** A session of the SDK. */
export type SdkSession = Session;

/** The SDK's default fetch size in bytes (what the SDK clients fetch with; the replay server prepares it). */
export const BENCH_FETCH_BYTES = DEFAULT_FETCH_SIZE;

/** Options of the SDK clients. */
export interface SdkClientOptions {
  /** zlib-compressed session (default false). */
  compression?: boolean;
  /** Fetch size in bytes; default: the SDK's default. */
  fetchBytes?: number;
}

/** Opens an SDK session to the replay server with default options except those given. */
export async function sdkConnect(url: string, o: SdkClientOptions = {}): Promise<SdkSession> {
  return connect({
    url,
    user: 'sys',
    password: 'exasol',
    ...(o.compression ? { compression: true } : {}),
    ...(o.fetchBytes !== undefined ? { fetchSize: o.fetchBytes } : {}),
  });
}

/** Connects (not timed), then measures `SELECT * FROM <table>` read the way `mode` says, touching every value. */
export async function sdkQuery(url: string, table: string, mode: SdkMode, o: SdkClientOptions = {}): Promise<QueryMeasurement> {
  const session = await sdkConnect(url, o);
  try {
    const r = await runSdkMode(session as unknown as BenchSession, mode, `SELECT * FROM ${table}`);
    return { rows: r.tally.rows, ms: r.ms, checksum: r.tally.checksum, tally: r.tally };
  } finally {
    await session.close();
  }
}
