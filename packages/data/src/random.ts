/**
 * A tiny seeded PRNG (mulberry32): 32-bit state, period 2^32, good enough for
 * shuffling window lengths. Deterministic for a given seed on every platform.
 * @returns a function giving uniform floats in [0, 1).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One N(mean, std^2) draw by Box-Muller from a uniform source. */
export function normal(uniform: () => number, mean: number, std: number): number {
  const u1 = 1 - uniform(); // (0, 1]: log is finite
  const u2 = uniform();
  return mean + std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
