/**
 * One bulk transfer: tunnels opened (one per stream), TLS layered on them, the IMPORT/EXPORT statement
 * run over the session while every tunnel is served, and the outcome combined. Whichever side fails
 * first ends the other (the tunnels destroyed, the statement aborted with `abortQuery`); the caller gets
 * one BulkError with both sides' errors. Every wait is bounded; nothing stays open afterwards.
 */
import type { Duplex } from 'node:stream';
import { TLSSocket } from 'node:tls';
import { AbortError, ConnectionError, TimeoutError } from '../errors';
import { sharedSessionContext } from '../client/shared-context';
import { adHocCredentials } from './certificate';
import { endpoints } from './endpoints';
import { BulkError, TransferError } from './errors';
import { Guard } from './guard';
import type { BulkOptions } from './options';
import type { FileRef } from './sql';
import { openTunnel, type Tunnel } from './tunnel';

/** What a session offers a transfer (the public `Session` API is enough). */
export interface BulkSession {
  readonly info: { releaseVersion: string };
  execute(sql: string, options?: { signal?: AbortSignal }): Promise<number>;
}

/** The direction-specific part of a transfer. */
export interface TransferPlan {
  direction: 'import' | 'export';
  /** The statement naming these files. */
  sql(files: FileRef[]): string;
  /** Serves tunnel `index` (its stream after TLS) for the file `name`. Errors thrown by the user's own streams should be marked with {@link markUser}. */
  serve(index: number, g: Guard, name: string): Promise<void>;
  /** CSV bytes moved so far (for the error). */
  bytes(): number;
  /** Called when the transfer is over either way (stops feeding, releases the user's streams). */
  stop?(error?: Error): void;
}

/** Errors of the user's own source or target (reported as they are, at once). */
const userErrors = new WeakSet<object>();

/** Marks an error as coming from the user's source or target stream. */
export function markUser(e: unknown): unknown {
  if (typeof e === 'object' && e !== null) userErrors.add(e);
  return e;
}

/** Our own cancellation of a tunnel (never reported as a cause). */
class Cancelled extends Error {}

/** Wait for the database's own error after the tunnel dropped, before blaming the transfer, ms. */
const BLAME_GRACE_MS = 1000;

/** Whether `v` (a release version) is at least 8.32.0, where `PUBLIC KEY` exists. */
export function supportsPublicKey(v: string): boolean {
  const m = /^(\d+)\.(\d+)/.exec(v ?? '');
  if (m === null) return false;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  return major > 8 || (major === 8 && minor >= 32);
}

/** Runs a transfer; resolves with the statement's row count. */
export async function runTransfer(session: BulkSession, plan: TransferPlan, o: BulkOptions, streams: number, timeout: number, ext: string): Promise<number> {
  const ctx = sharedSessionContext(session);
  if (ctx.transport.closed) throw new ConnectionError('the session is closed');
  const signal = o.signal;
  if (signal?.aborted) throw new AbortError('aborted before the transfer started');
  const useTls = o.tls ?? new URL(ctx.url).protocol === 'wss:';
  const credsP = useTls ? adHocCredentials() : undefined;
  credsP?.catch(() => undefined);
  const fail = (e: unknown): never => {
    if (e instanceof AbortError) throw e;
    throw new BulkError(plan.direction, 'transfer', { transferError: e instanceof Error ? e : new Error(String(e)) }, 0);
  };
  const where = await endpoints(ctx, streams, o.hosts, signal).catch(fail);
  const opened = await Promise.allSettled(where.map((e) => openTunnel(e.host, e.port, timeout, signal)));
  const tunnels = opened.filter((r): r is PromiseFulfilledResult<Tunnel> => r.status === 'fulfilled').map((r) => r.value);
  const bad = opened.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  let creds;
  try {
    if (bad !== undefined) throw bad.reason;
    creds = credsP === undefined ? undefined : await credsP;
  } catch (e) {
    for (const t of tunnels) t.socket.destroy();
    plan.stop?.(e as Error);
    return fail(e);
  }
  const pin = creds !== undefined && supportsPublicKey(session.info.releaseVersion) ? creds.pin : undefined;
  const files: FileRef[] = tunnels.map((t, i) => ({
    url: `${useTls ? 'https' : 'http'}://${t.address}`,
    ...(pin === undefined ? {} : { pin }),
    name: `${String(i).padStart(3, '0')}.${ext}`,
  }));
  const guards = tunnels.map((t, i) => {
    const s: Duplex = creds === undefined ? t.socket : new TLSSocket(t.socket, { isServer: true, key: creds.key, cert: creds.cert });
    s.on('error', () => undefined);
    const g = new Guard(s, timeout, `tunnel ${files[i]!.name} (${where[i]!.host}:${where[i]!.port})`);
    // closed while the other tunnels were opened: its 'close' is over, no wait on the stream would end
    if (t.socket.destroyed || t.socket.readableEnded) g.fail(new TransferError(`${g.what}: the database closed the tunnel right after the handshake`));
    return g;
  });
  let sql: string;
  try {
    sql = plan.sql(files);
  } catch (e) {
    for (const g of guards) g.fail(new Cancelled());
    plan.stop?.(e as Error);
    throw e;
  }

  const ac = new AbortController();
  let first: 'sql' | 'transfer' | 'abort' | undefined;
  let sqlError: Error | undefined;
  let transferError: Error | undefined;
  let rowCount: number | undefined;
  let served = 0;
  let decide!: () => void;
  const decided = new Promise<void>((r) => (decide = r));
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const later = (ms: number, f: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      f();
    }, ms);
    timers.add(t);
  };
  const cancelTunnels = () => {
    for (const g of guards) if (!g.stream.destroyed) g.fail(new Cancelled('transfer cancelled'));
  };
  const end = (side: 'sql' | 'transfer' | 'abort') => {
    if (first !== undefined) return;
    first = side;
    cancelTunnels();
    plan.stop?.(side === 'sql' ? sqlError : transferError);
    if (side === 'abort') ac.abort();
    // the statement fails by itself once its tunnel is gone; abort it if it does not
    else if (rowCount === undefined && sqlError === undefined) later(side === 'transfer' ? BLAME_GRACE_MS : 0, () => ac.abort());
    decide();
  };
  const onAbort = () => end('abort');
  signal?.addEventListener('abort', onAbort, { once: true });

  const sqlP = session.execute(sql, { signal: ac.signal }).then(
    (n) => {
      rowCount = n;
      if (served === guards.length) decide();
      else later(timeout, () => {
        transferError ??= new TransferError('the statement finished but a tunnel did not');
        end('transfer');
      });
    },
    (e: unknown) => {
      sqlError = e instanceof Error ? e : new Error(String(e));
      end('sql');
    },
  );
  const serveP = guards.map((g, i) =>
    plan.serve(i, g, files[i]!.name).then(
      () => {
        g.done();
        served++;
        if (served < guards.length) return;
        if (rowCount !== undefined) decide();
        // every byte is over: the statement's reply is due
        else later(timeout, () => {
          transferError ??= new TimeoutError(`the statement did not finish within ${timeout} ms after the last byte`);
          end('transfer');
        });
      },
      (e: unknown) => {
        g.done();
        if (!g.stream.destroyed) g.stream.destroy();
        if (e instanceof Cancelled || first !== undefined) return;
        const err = e instanceof Error ? e : new Error(String(e));
        transferError ??= err;
        cancelTunnels();
        if (userErrors.has(err) || !(err instanceof TransferError || err instanceof ConnectionError || (err as { code?: string }).code !== undefined)) end('transfer');
        // the database dropped the tunnel: its own error is the real cause, if it comes soon
        else later(BLAME_GRACE_MS, () => end('transfer'));
      },
    ),
  );

  try {
    await decided;
    if (first === undefined && rowCount !== undefined) return rowCount;
    // collect the other side's error, bounded
    const bound = new Promise<void>((r) => later(first === 'sql' ? BLAME_GRACE_MS : timeout + BLAME_GRACE_MS, r));
    await Promise.race([first === 'sql' ? Promise.allSettled(serveP) : sqlP, bound]);
    if (first === 'abort') throw new AbortError('the transfer was aborted', { cause: signal?.reason });
    throw new BulkError(plan.direction, first!, { ...(sqlError === undefined ? {} : { sqlError }), ...(transferError === undefined ? {} : { transferError }) }, plan.bytes(), sql);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    for (const t of timers) clearTimeout(t);
    timers.clear();
    for (const g of guards) {
      g.done();
      if (!g.stream.destroyed) g.stream.destroy();
    }
    for (const t of tunnels) if (!t.socket.destroyed) t.socket.destroy(); // the raw sockets under TLS too
    sqlP.catch(() => undefined);
  }
}
