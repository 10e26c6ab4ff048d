/**
 * A tiny seeded pseudo-random generator (mulberry32) whose whole state is one
 * 32-bit integer, so a training run can save it in a checkpoint and resume
 * with exactly the same random stream (window lengths, dropout masks, sampling).
 * Period 2^32; deterministic for a given seed on every platform.
 */

/** Generator state: one unsigned 32-bit integer. Mutated in place by the draw functions. */
export interface Rng {
  state: number;
}

/** A generator seeded with `seed` (any finite number; reduced to 32 bits). */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new Error(`createRng: seed must be a finite number, got ${seed}`);
  return { state: Math.trunc(seed) >>> 0 };
}

/** Next unsigned 32-bit integer in [0, 2^32). */
export function nextUint32(rng: Rng): number {
  rng.state = (rng.state + 0x6d2b79f5) >>> 0;
  let t = rng.state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

/** Next float, uniform in [0, 1). */
export function nextFloat(rng: Rng): number {
  return nextUint32(rng) / 4294967296;
}

/**
 * The same generator as a closure, for callers that only draw.
 * @returns a function giving uniform floats in [0, 1).
 */
export function mulberry32(seed: number): () => number {
  const rng: Rng = { state: seed >>> 0 };
  return () => nextFloat(rng);
}

/** One N(mean, std^2) draw by Box-Muller from a uniform source. */
export function normal(uniform: () => number, mean: number, std: number): number {
  const u1 = 1 - uniform(); // (0, 1]: log is finite
  const u2 = uniform();
  return mean + std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
