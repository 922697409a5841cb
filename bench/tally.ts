/**
 * What every benchmark client does with the rows: it touches every value of every row the same way
 * (ID, NAME, AMOUNT, CREATED_AT) and keeps a tally, so the work cannot be optimized away and the
 * clients can be checked against each other and against the data set's digit text:
 * - `idSum`: sum of the IDs mod a prime, exact for `bigint` IDs (the SDK) and as rounded by
 *   `JSON.parse` for number IDs beyond 2^53 (the floor, the official driver);
 * - `bigIds`: IDs beyond 2^53 seen (as `bigint`, or as unsafe numbers);
 * - the other fields digest NAME, AMOUNT and CREATED_AT and must be equal for every client.
 * No Node imports: the browser page bundles this file too.
 */

/** The prime of `idSum`. */
export const ID_PRIME = 1_000_000_007;
const ID_PRIME_BIG = 1_000_000_007n;

/** The digest of all values a client touched (JSON-serializable). */
export interface TallyResult {
  /** Rows touched. */
  rows: number;
  /** Sum of (ID mod 1000) mod 1e9+7: the checksum earlier versions of the bench reported. */
  checksum: number;
  /** Sum of the IDs mod {@link ID_PRIME}. */
  idSum: number;
  /** IDs beyond 2^53 (bigint, or a number that is not a safe integer). */
  bigIds: number;
  /** Of those, how many arrived as `bigint` (exact). */
  bigintIds: number;
  /** NULLs in NAME, AMOUNT and CREATED_AT together. */
  nulls: number;
  /** Sum of NAME lengths (UTF-16 code units). */
  nameChars: number;
  /** Sum of AMOUNT in row order (bit-identical for equal inputs). */
  amountSum: number;
  /** Sum over CREATED_AT of its length plus the char code of its last fraction digit. */
  tsDigest: number;
}

/** The running tally of one client; feed it every row with {@link Tally.row}. */
export class Tally {
  rows = 0;
  checksum = 0;
  idSum = 0;
  bigIds = 0;
  bigintIds = 0;
  nulls = 0;
  nameChars = 0;
  amountSum = 0;
  tsDigest = 0;

  /** Touches one row's four values. */
  row(id: unknown, name: unknown, amount: unknown, ts: unknown): void {
    this.rows++;
    if (typeof id === 'number') {
      this.checksum = (this.checksum + (id % 1000)) % 1_000_000_007;
      this.idSum = (this.idSum + (id % ID_PRIME)) % ID_PRIME;
      if (id > Number.MAX_SAFE_INTEGER) this.bigIds++;
    } else if (typeof id === 'bigint') {
      this.checksum = (this.checksum + Number(id % 1000n)) % 1_000_000_007;
      this.idSum = (this.idSum + Number(id % ID_PRIME_BIG)) % ID_PRIME;
      this.bigIds++;
      this.bigintIds++;
    } else {
      throw new TypeError(`ID of row ${this.rows} is ${typeof id}`);
    }
    if (name === null) this.nulls++;
    else this.nameChars += (name as string).length;
    if (amount === null) this.nulls++;
    else this.amountSum += amount as number;
    if (ts === null) this.nulls++;
    else this.tsDigest += (ts as string).length + (ts as string).charCodeAt(25);
  }

  /** The tally as a plain object. */
  result(): TallyResult {
    const { rows, checksum, idSum, bigIds, bigintIds, nulls, nameChars, amountSum, tsDigest } = this;
    return { rows, checksum, idSum, bigIds, bigintIds, nulls, nameChars, amountSum, tsDigest };
  }
}

/** Fields every client must agree on (everything except the ID sums, which depend on exactness). */
export const VALUE_FIELDS = ['rows', 'bigIds', 'nulls', 'nameChars', 'amountSum', 'tsDigest'] as const;

/**
 * Compares a client's tally with the reference: the value fields always; `idSum`/`checksum`
 * against the exact reference when `exact` (every big ID must have come as bigint), else against
 * the reference as rounded by `JSON.parse`. Returns the mismatches (empty when all is well).
 */
export function checkTally(got: TallyResult, ref: { exact: TallyResult; rounded: TallyResult }, exact: boolean): string[] {
  const want = exact ? ref.exact : ref.rounded;
  const bad: string[] = [];
  for (const f of [...VALUE_FIELDS, 'idSum', 'checksum'] as const) {
    if (got[f] !== want[f]) bad.push(`${f} ${got[f]} != ${want[f]}`);
  }
  if (exact && got.bigintIds !== want.bigIds) bad.push(`bigint IDs ${got.bigintIds} != ${want.bigIds}`);
  return bad;
}
