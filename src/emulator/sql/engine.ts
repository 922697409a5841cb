/**
 * The emulator's SQL engine: one DuckDB database (in memory or a file) shared by all sessions,
 * each session on its own DuckDB connection. Implements {@link CreateEngine} of contract.ts.
 */
import { loadDuckDB } from '../peers';
import { Catalog, ensureCatalog } from './catalog';
import { ensureScriptsTable } from './scripts';
import { ensureProfileTable } from './profile';
import { ensureSessionRegistry, registerSession, type ClientInfo } from './session-registry';
import type { Engine, EngineOptions, SqlSession } from './contract';
import { loadDemoSeed } from './seed';
import { Session } from './session';
import { TrackedConnection, type EngineShared } from './shared';
import { createSystemObjects, createTempMacros } from './sysviews';
import { registerUdfs } from './functions/udfs';
import { clusterMacros } from './functions/cluster';
import { SeedSnapshot } from './snapshot';

/** Creates an engine: opens DuckDB, prepares the catalog and system views, loads the seed. */
export async function createEngine(options: EngineOptions = {}): Promise<Engine> {
  const duck = await loadDuckDB();
  const { DuckDBInstance } = duck;
  // a new database file gets a storage version that keeps typed macros (functions/dates.ts)
  const database = options.database ?? ':memory:';
  // NULL is Exasol's largest value: last in ascending order, first in descending (DuckDB puts it last in both)
  const order = { default_null_order: 'nulls_last_on_asc_first_on_desc' };
  const instance = await DuckDBInstance.create(database, database === ':memory:' ? order : { ...order, storage_compatibility_version: 'v1.4.0' });
  const shared: EngineShared = { instance, catalog: new Catalog() };
  const setup = await instance.connect();
  try {
    registerUdfs(duck, setup);
    await ensureCatalog(setup);
    await ensureScriptsTable(setup);
    await ensureSessionRegistry(setup);
    await ensureProfileTable(setup);
    if (!(await createSystemObjects(setup))) shared.prepareConnection = createTempMacros;
    for (const sql of clusterMacros(options.nodes ?? 1)) await setup.run(sql);
  } catch (e) {
    setup.closeSync();
    instance.closeSync();
    throw e;
  }
  const sessions = new Set<Session>();
  let resetting: Promise<void> | undefined;
  const engine: Engine = {
    async openSession(info: { sessionId: string; userName: string; client?: ClientInfo }): Promise<SqlSession> {
      // a reset in progress: wait for it (its failure is the resetter's to report)
      while (resetting !== undefined) await resetting.catch(() => undefined);
      const con = await instance.connect();
      try {
        await shared.prepareConnection?.(con);
        await registerSession(con, info.sessionId, info.userName, info.client);
      } catch (e) {
        con.closeSync();
        throw e;
      }
      const s = new Session(shared, new TrackedConnection(con), info);
      const close = s.close.bind(s);
      s.close = async () => {
        sessions.delete(s);
        await close();
      };
      sessions.add(s);
      return s;
    },
    reset(endSessions?: () => Promise<void>): Promise<void> {
      resetting ??= (async () => {
        try {
          if (endSessions) await endSessions();
          await Promise.all([...sessions].map((s) => s.close()));
          const snapshot = shared.snapshot;
          if (snapshot === undefined) throw new Error('the engine is closed');
          await snapshot.restore();
          shared.catalog.invalidate();
        } finally {
          resetting = undefined;
        }
      })();
      return resetting;
    },
    async close(): Promise<void> {
      if (resetting !== undefined) await resetting.catch(() => undefined);
      // each session close is bounded (a statement ignoring its interrupt is left behind), so this never hangs
      await Promise.all([...sessions].map((s) => s.close()));
      const snapshot = shared.snapshot;
      shared.snapshot = undefined;
      await snapshot?.close();
      const parser = shared.parser;
      shared.parser = undefined;
      if (parser !== undefined) await parser.then((c) => c.closeSync(), () => undefined);
      instance.closeSync();
    },
  };
  if (options.seed === 'demo') {
    const s = (await engine.openSession({ sessionId: '0', userName: 'SYS' })) as Session;
    try {
      await loadDemoSeed(s);
    } finally {
      await s.close();
    }
  }
  setup.closeSync();
  try {
    shared.snapshot = await SeedSnapshot.record(await instance.connect());
  } catch (e) {
    await engine.close();
    throw e;
  }
  return engine;
}

export type { Engine, EngineOptions };
