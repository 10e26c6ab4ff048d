// The bench's paired reading of the matMul share: each burst against the probe next to it, the median over bursts.
import { describe, expect, it } from 'vitest';
import { pairedUtilization } from '../src/bench/paired';

describe('pairedUtilization', () => {
  // 100 tokens of 1e7 FLOP each per step: a step of 0.1 s runs at 10 GFLOP/s
  const share = (seconds: number[], probes: number[], burst: number, threads = 1) => pairedUtilization(seconds, probes, burst, 100, 1e7, threads);

  it("holds each burst's fastest step against its own probe and takes the median", () => {
    // bursts of 3: [0.2, 0.1, 0.15] at probe 20 -> 0.5; [0.1, 0.1, 0.1] at probe 40 -> 0.25; [0.05] at probe 25 -> 0.8
    expect(share([0.2, 0.1, 0.15, 0.1, 0.1, 0.1, 0.05], [20, 40, 25], 3)).toBeCloseTo(0.5, 12);
    // an even count: the mean of the middle two (0.25 and 0.5)
    expect(share([0.2, 0.1, 0.15, 0.1, 0.1, 0.1, 0.1, 0.05, 0.08, 0.1], [20, 40, 100, 10], 3)).toBeCloseTo((0.25 + 0.5) / 2, 12);
  });

  it('holds a row on n threads against n probes, so a slow machine and a slow row read alike', () => {
    expect(share([0.1], [10], 1, 2)).toBeCloseTo(0.5, 12);
    // the same code on a machine half as fast: steps twice as long, probe half the rate, the same share
    expect(share([0.2, 0.4], [5, 2.5], 1)).toBeCloseTo(share([0.1, 0.2], [10, 5], 1), 12);
  });

  it('refuses probes that do not match the bursts', () => {
    expect(() => share([0.1, 0.1, 0.1], [10], 2)).toThrow('pairedUtilization: 3 steps in bursts of 2 are 2 bursts, but 1 probes were given');
  });
});
