/** Wall-clock timing of a repeated step: warm-up runs first, then the best (least disturbed) of `reps`. */

/** How many runs to time. */
export interface TimingOptions {
  /** Untimed runs first (compilation, allocation). Default 1. */
  warmup?: number;
  /** Timed runs; the fastest counts (the least disturbed by other load). Default 3. */
  reps?: number;
}

/** Seconds of the fastest of `reps` runs of `step` after `warmup` untimed ones. */
export async function bestSeconds(step: () => void | Promise<void>, o: TimingOptions = {}): Promise<number> {
  const warmup = o.warmup ?? 1;
  const reps = o.reps ?? 3;
  if (!(Number.isInteger(warmup) && warmup >= 0)) throw new Error(`warmup must be a non-negative integer, got ${warmup}`);
  if (!(Number.isInteger(reps) && reps >= 1)) throw new Error(`reps (steps) must be a positive integer, got ${reps}`);
  for (let i = 0; i < warmup; i++) await step();
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await step();
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return best;
}
