/**
 * Taking the tunnels a statement names (each `AT` address once) and letting them go afterwards: closed politely
 * after a transfer that succeeded, destroyed after one that failed (the client then sees its connection drop).
 */
import type { Duplex } from 'node:stream';
import type { StatementContext } from '../contract';
import type { EtlFile } from './statement';
import { etlTransferError, noTunnel } from './tunnel-http';

/** Longest a finished tunnel is kept open for the client to close it first, ms. */
const LINGER_MS = 1000;

/** The tunnel of every file, in order; a missing one fails the statement (ETL-5105/5106, curl code 7). */
export function takeTunnels(files: EtlFile[], ctx: StatementContext, kind: 'import' | 'export'): Duplex[] {
  const out: Duplex[] = [];
  for (const f of files) {
    const t = ctx.tunnel?.(f.address);
    if (t === undefined) {
      for (const taken of out) taken.destroy();
      throw etlTransferError(kind, f, 0, noTunnel(f));
    }
    t.on('error', () => undefined);
    out.push(t);
  }
  return out;
}

/** Ends a tunnel after its transfer (destroyed at once when the transfer failed, else after a short linger). */
export function releaseTunnel(t: Duplex, ok: boolean): void {
  if (!ok) {
    t.destroy();
    return;
  }
  t.end();
  if (t.destroyed) return;
  const timer = setTimeout(() => t.destroy(), LINGER_MS);
  timer.unref?.();
  t.once('close', () => clearTimeout(timer));
}
