/**
 * `"$SLEEP"(n)`: an undocumented function of real Exasol servers that waits n seconds. The official
 * drivers' own integration tests run `SELECT "$SLEEP"(5)` to have a statement that is still running
 * when they test abortQuery, connection loss and the pool (exasol-driver-ts `basic.spec.ts`,
 * `connection-lifecycle.spec.ts`). The emulator waits once per call whose argument is a number
 * literal, before the statement runs (an abort or query timeout ends the wait with R0003 / R0001), and
 * the call itself returns NULL: its result type is not documented anywhere (an assumption).
 */
import { identifierName, significant, tokenize } from '../lexer';

/** The DuckDB macro behind the call: NULL for any argument (the wait happens before the statement). */
export const SLEEP_MACROS: string[] = ['CREATE OR REPLACE MACRO main."$SLEEP"(s) AS NULL'];

/** Longest wait one statement may ask for, in seconds (about 24.8 days: what a Node timer holds). */
const MAX_SECONDS = 2_147_483;

/** Seconds the `"$SLEEP"(<number>)` calls of a statement text ask for in total (0 when there is none). */
export function sleepSeconds(sql: string): number {
  if (!sql.includes('"$SLEEP"')) return 0;
  const sig = significant(tokenize(sql));
  let total = 0;
  for (let i = 0; i + 3 < sig.length; i++) {
    const t = sig[i]!;
    if (t.kind !== 'quoted' || identifierName(t) !== '$SLEEP') continue;
    if (sig[i + 1]!.text !== '(' || sig[i + 2]!.kind !== 'number' || sig[i + 3]!.text !== ')') continue;
    const n = Number(sig[i + 2]!.text);
    if (Number.isFinite(n) && n > 0) total += n;
  }
  return Math.min(total, MAX_SECONDS);
}

/** Waits `seconds`, or rejects with the signal's reason as soon as it aborts (the timer is cleared). */
export function sleepUnlessAborted(seconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new Error('aborted'));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, seconds * 1000);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
