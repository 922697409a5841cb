/**
 * DuckDB's worker threads held at one while a fast EXPORT's COPY runs. A COPY that keeps the rows' order and runs
 * on several threads buffers each thread's formatted batch until the batches before it are written: on the bench
 * (2 cores shared with the client) that cost about 50% more CPU than one thread and a few hundred MB more RSS,
 * while the one client stream reading the CSV is no faster than one thread writing it. `threads` is a setting
 * of the whole DuckDB instance, so the lease is counted per instance: the first COPY lowers it, the last one puts
 * the value it found back (other sessions' statements meanwhile run on one thread: only slower, never different).
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

/** Leases held on one instance and the `threads` value found before the first. */
interface Lease {
  count: number;
  /** The value to put back; undefined when it was 1 already (nothing to restore). */
  saved: number | undefined;
  /** The SET of the first lease (later ones wait for it). */
  ready: Promise<void>;
}

const leases = new WeakMap<DuckDBInstance, Lease>();
/** The restoring SET of an instance's last lease, which a new first lease waits for (else it would read 1). */
const restoring = new WeakMap<DuckDBInstance, Promise<void>>();

/** Runs `fn` with the instance's DuckDB `threads` at 1 (counted lease, see the file comment); always released. */
export async function withOneThread<T>(instance: DuckDBInstance, con: DuckDBConnection, fn: () => Promise<T>): Promise<T> {
  let lease = leases.get(instance);
  if (lease === undefined) {
    const l: Lease = { count: 0, saved: undefined, ready: Promise.resolve() };
    const before = restoring.get(instance);
    l.ready = (async () => {
      await before;
      const r = await con.runAndReadAll("SELECT CAST(current_setting('threads') AS BIGINT)");
      const n = Number(r.getRows()[0]?.[0] ?? 1);
      if (n > 1) {
        await con.run('SET threads = 1');
        l.saved = n;
      }
    })();
    lease = l;
    leases.set(instance, l);
  }
  lease.count++;
  try {
    // a failed SET only costs speed: the statement goes on with the threads it has
    await lease.ready.catch(() => undefined);
    return await fn();
  } finally {
    if (--lease.count === 0) {
      leases.delete(instance);
      if (lease.saved !== undefined) {
        const set = `SET threads = ${lease.saved}`;
        // the statement's connection may be gone (session closed meanwhile): then on a connection of its own
        const done = con.run(set).then(
          () => undefined,
          async () => {
            const own = await instance.connect();
            try {
              await own.run(set);
            } finally {
              own.closeSync();
            }
          },
        ).catch(() => undefined);
        restoring.set(instance, done);
        await done;
      }
    }
  }
}
