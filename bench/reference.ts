/**
 * The expected tallies of a benchmark table, computed from the data set's digit text (not from any
 * client): `exact` is what a lossless client must report (IDs beyond 2^53 as exact bigints),
 * `rounded` what `JSON.parse` makes of the same tokens (the floor, the official driver).
 */
import { BENCH_SEED, rowTokens } from './dataset';
import { Tally, type TallyResult } from './tally';

/** Both reference tallies of the first `totalRows` rows of the data set made with `seed`. */
export function referenceTallies(totalRows: number, seed = BENCH_SEED): { exact: TallyResult; rounded: TallyResult } {
  const exact = new Tally();
  const rounded = new Tally();
  for (let i = 0; i < totalRows; i++) {
    const [idTok, nameTok, amountTok, tsTok] = rowTokens(i, seed) as [string, string, string, string];
    const name: unknown = JSON.parse(nameTok);
    const amount: unknown = JSON.parse(amountTok);
    const ts: unknown = JSON.parse(tsTok);
    const approx = Number(idTok);
    exact.row(Number.isSafeInteger(approx) ? approx : BigInt(idTok), name, amount, ts);
    rounded.row(approx, name, amount, ts);
  }
  return { exact: exact.result(), rounded: rounded.result() };
}
