/**
 * A tiny seeded pseudo-random generator, so every benchmark run sees exactly the same data.
 * Row `i` gets its own generator derived from (seed, i): rows can be produced in any order and
 * any chunking, and always come out identical.
 */

/** Returns a generator of floats in [0, 1) (mulberry32) started from a 32-bit state. */
export function mulberry32(state: number): () => number {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes a seed and a row index into a well-spread 32-bit state (a splitmix32-style finalizer). */
export function mixSeed(seed: number, index: number): number {
  let z = (seed ^ Math.imul(index, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/** The generator for row `index` of a data set created with `seed`. */
export function rowRandom(seed: number, index: number): () => number {
  return mulberry32(mixSeed(seed, index));
}
