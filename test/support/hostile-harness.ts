// Shared checks of the hostile and fuzz tests: leaked secrets in errors, unhandled rejections,
// handles left open, time bounds, and the sanity of returned values.
import { setTimeout as sleep } from 'node:timers/promises';

/** Finds `secrets` anywhere in an error: message, stack, String(), cause chain, enumerable properties. */
export function findSecret(err: unknown, secrets: readonly string[]): string | undefined {
  const seen = new Set<unknown>();
  const visit = (v: unknown, path: string, depth: number): string | undefined => {
    if (depth > 6 || v === null || v === undefined) return undefined;
    if (typeof v === 'string') return secrets.some((s) => v.includes(s)) ? path : undefined;
    if (typeof v !== 'object' && typeof v !== 'function') return undefined;
    if (seen.has(v)) return undefined;
    seen.add(v);
    if (v instanceof Error) {
      for (const [k, s] of [['message', v.message], ['stack', v.stack], ['String()', safeString(v)]] as const) {
        const hit = visit(s, `${path}.${k}`, depth + 1);
        if (hit !== undefined) return hit;
      }
      const hit = visit((v as { cause?: unknown }).cause, `${path}.cause`, depth + 1);
      if (hit !== undefined) return hit;
    }
    for (const k of Object.keys(v)) {
      let x: unknown;
      try {
        x = (v as Record<string, unknown>)[k];
      } catch {
        continue;
      }
      const hit = visit(x, `${path}.${k}`, depth + 1);
      if (hit !== undefined) return hit;
    }
    return undefined;
  };
  return visit(err, 'error', 0);
}

function safeString(v: unknown): string {
  try {
    return String(v);
  } catch {
    return '';
  }
}

/** Collects unhandled rejections (and uncaught exceptions) until `stop()` is called. */
export function watchUnhandled(): { list: unknown[]; stop(): void } {
  const list: unknown[] = [];
  const onRejection = (reason: unknown) => list.push(reason);
  const onException = (err: unknown) => list.push(err);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return {
    list,
    stop() {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    },
  };
}

/** Counts of `process.getActiveResourcesInfo()` by resource type. */
export function resourceCounts(): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of process.getActiveResourcesInfo()) m.set(r, (m.get(r) ?? 0) + 1);
  return m;
}

/** Waits up to `ms` for the active resources to drop back to `baseline`; returns what is left over. */
export async function leftoverResources(baseline: Map<string, number>, ms = 1500): Promise<string[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const extra: string[] = [];
    for (const [k, n] of resourceCounts()) {
      const b = baseline.get(k) ?? 0;
      if (n > b) extra.push(`${k} x${n - b}`);
    }
    if (extra.length === 0 || Date.now() >= deadline) return extra;
    await sleep(20);
  }
}

/** Settles `p` or reports a hang after `ms`. */
export async function settleWithin<T>(p: Promise<T>, ms: number): Promise<{ ok: true; value: T } | { ok: false; error: unknown } | { hang: true }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const guard = new Promise<{ hang: true }>((r) => {
    timer = setTimeout(() => r({ hang: true }), ms);
  });
  try {
    return await Promise.race([p.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error })), guard]);
  } finally {
    clearTimeout(timer);
  }
}

/** Why a decoded value is not sane (NaN, infinite, an unsafe integer number, an odd type), or undefined. */
export function insaneValue(v: unknown, isDouble: boolean): string | undefined {
  if (v === null || typeof v === 'string' || typeof v === 'boolean' || typeof v === 'bigint') return undefined;
  if (typeof v !== 'number') return `value of type ${typeof v}`;
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return String(v);
  if (!isDouble && Math.abs(v) > Number.MAX_SAFE_INTEGER) return `unsafe number ${v}`;
  return undefined;
}
