/**
 * `SELECT "$SLEEP"(n) [FROM DUAL]`: Exasol's internal function that keeps a statement busy for n seconds, which
 * drivers' tests use for a long-running query to abort or time out. The emulator waits (no CPU), ends early with
 * R0003 / R0001 when the statement is aborted or times out, and otherwise answers one row (NULL). Only this whole
 * statement form is recognised.
 */
import { mapError } from './errors';
import type { StatementContext } from './contract';

/** Longest wait, s (a Node timer's range is far larger; a test never needs more). */
const MAX_SECONDS = 86400;

/** The seconds of a `SELECT "$SLEEP"(n)` statement, or undefined for any other text. */
export function sleepSeconds(sql: string): number | undefined {
  const m = /^\s*SELECT\s+"\$SLEEP"\s*\(\s*(\d+(?:\.\d*)?)\s*\)\s*(?:FROM\s+DUAL\s*)?;?\s*$/i.exec(sql);
  return m ? Math.min(Number(m[1]), MAX_SECONDS) : undefined;
}

/** Waits `seconds`; rejects with the abort or timeout error when the statement's signal fires first. */
export function sleepStatement(seconds: number, sql: string, ctx: StatementContext): Promise<void> {
  const signal = ctx.signal;
  if (signal.aborted) return Promise.reject(mapError(new Error('aborted'), sql, signal));
  return new Promise((resolve, reject) => {
    const done = (): void => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    };
    const timer = setTimeout(done, seconds * 1000);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(mapError(new Error('aborted'), sql, signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
