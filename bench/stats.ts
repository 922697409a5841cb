/** Small statistics for repeated measurements: median and spread. */

/** Median of a non-empty list (mean of the two middle values for an even count). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError('median of an empty list');
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Min, max and (max - min) / median of a non-empty list. */
export function spread(xs: readonly number[]): { min: number; max: number; relative: number } {
  const min = Math.min(...xs);
  const max = Math.max(...xs);
  return { min, max, relative: (max - min) / median(xs) };
}

/** Rounds to `digits` decimals (for printing and the JSON summary). */
export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
