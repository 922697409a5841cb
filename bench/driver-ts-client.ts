/**
 * The official `@exasol/exasol-driver-ts` 0.8.0 as a benchmark client, loaded through its CommonJS
 * entry (its ESM entry cannot do a password login under native Node ESM, see toolchain.md), with a
 * `ws` socket factory. It buffers the whole result, then `getRows()` builds row objects; the bench
 * touches every value of every row like the other clients (./tally.ts).
 */
import { createRequire } from 'node:module';
import WebSocket from 'ws';
import type { QueryMeasurement } from './floor-client';
import { Tally } from './tally';

type DriverModule = typeof import('@exasol/exasol-driver-ts');
type ExaWebsocket = import('@exasol/exasol-driver-ts').ExaWebsocket;

const require = createRequire(import.meta.url);

/** The driver's default fetch size in bytes (its `Config.fetchSize` default). */
export const DRIVER_TS_DEFAULT_FETCH_BYTES = 1024 * 1024;

/**
 * Connects with the official driver (login not timed), then measures `SELECT * FROM <table>`:
 * `query()` (execute + every fetch + close) and `getRows()`, touching every value of every row.
 * `fetchBytes` undefined keeps the driver's default.
 */
export async function driverTsQuery(url: string, table: string, fetchBytes?: number): Promise<QueryMeasurement> {
  const { ExasolDriver } = require('@exasol/exasol-driver-ts') as DriverModule;
  const factory = (u: string) => new WebSocket(u, { perMessageDeflate: false, maxPayload: 1 << 30 }) as unknown as ExaWebsocket;
  const driver = new ExasolDriver(factory, {
    url,
    user: 'sys',
    password: 'exasol',
    autocommit: true,
    ...(fetchBytes === undefined ? {} : { fetchSize: fetchBytes }),
  });
  await driver.connect();
  try {
    const t0 = performance.now();
    const result = await driver.query(`SELECT * FROM ${table}`);
    const rows = result.getRows();
    const tally = new Tally();
    for (const row of rows) tally.row(row.ID, row.NAME, row.AMOUNT, row.CREATED_AT);
    const ms = performance.now() - t0;
    const t = tally.result();
    return { rows: rows.length, ms, checksum: t.checksum, tally: t };
  } finally {
    await driver.close();
  }
}
