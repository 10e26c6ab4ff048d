/**
 * The share of the matMul rate an lm row reached, each burst of its steps held against the rate
 * measured right next to it.
 *
 * The row's `utilization` divides its fastest step by the best matMul probe of the whole run: the
 * stricter reading, but this machine's speed swings by a third within minutes (in
 * apps/docs/results/bench-20261202-4 the probes of [2800,200]x[200,800] read 25.5-34.2 GFLOP/s and
 * LSTM r = 0.5's one-thread steps took 1.58-2.18 s), so a row whose bursts all fell in slow seconds
 * reads low against a probe taken in fast ones. Here every burst is held against the better
 * of the two short probes taken just before and just after it (same shapes, one thread), and the
 * row's figure is the median over its bursts, so one lucky burst does not decide it either. Where a
 * row reads low against the run's best probe but not here, the machine was slow while it ran; where
 * it reads low here too, the row itself was (for a two-thread row, possibly the second core, which a
 * one-thread probe does not see).
 */

/**
 * Per burst: its fastest step's FLOP rate over `probeGflops[i] x threadsHeld`; returns the median
 * over bursts. `trainSeconds` are the timed steps in round order, `burst` per round (the last round
 * may be shorter), so burst `i` is `trainSeconds.slice(i * burst, (i + 1) * burst)`.
 */
export function pairedUtilization(
  trainSeconds: number[], probeGflops: number[], burst: number, tokensPerStep: number, flopsPerToken: number, threadsHeld: number,
): number {
  const bursts = Math.ceil(trainSeconds.length / burst);
  if (bursts !== probeGflops.length) {
    throw new Error(`pairedUtilization: ${trainSeconds.length} steps in bursts of ${burst} are ${bursts} bursts, but ${probeGflops.length} probes were given`);
  }
  const shares = probeGflops.map((g, i) => {
    const fastest = Math.min(...trainSeconds.slice(i * burst, (i + 1) * burst));
    return (tokensPerStep * flopsPerToken) / fastest / (g * 1e9 * threadsHeld);
  });
  return median(shares);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
