import { describe, expect, it } from 'vitest';
import { batchify, bpttWindows, mulberry32, scoredTokens, streamSteps, variableLength, MAX_SEQ_LEN_DELTA } from '../src/index';

const range = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

describe('batchify', () => {
  it('cuts contiguous streams, remainder dropped', () => {
    const b = batchify(range(11), 3);
    expect([b.batch, b.steps]).toEqual([3, 3]);
    expect(Array.from(b.streams)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });
  it('errors when a split is smaller than one batch, naming it', () => {
    expect(() => batchify(range(5), 3, 'ptb.valid.txt')).toThrow(/ptb.valid.txt has 5 tokens, fewer than one batch of 3 streams x 2 steps needs \(6\)/);
    expect(() => batchify(range(5), 0)).toThrow(/batch must be a positive integer/);
  });
});

describe('streamSteps and scoredTokens', () => {
  it('count the steps batchify cuts and the targets its windows score, fixed and variable', () => {
    for (const [n, batch, bptt] of [[11, 3, 2], [100, 7, 5], [929_589, 80, 35], [73_760, 10, 35]]) {
      expect(streamSteps(n, batch)).toBe(batchify(range(n), batch).steps);
      for (const variable of [false, true]) {
        let targets = 0;
        for (const w of bpttWindows(batchify(range(n), batch), bptt, { variable })) targets += w.targets.length;
        expect(scoredTokens(n, batch)).toBe(targets);
      }
    }
  });
});

describe('bpttWindows', () => {
  it('fixed windows: inputs and next-token targets, last window shorter', () => {
    const b = batchify(range(20), 2); // streams 0..9 and 10..19
    const ws = [...bpttWindows(b, 4)];
    expect(ws.map((w) => [w.start, w.len])).toEqual([[0, 4], [4, 4], [8, 1]]);
    expect(Array.from(ws[0].inputs)).toEqual([0, 1, 2, 3, 10, 11, 12, 13]);
    expect(Array.from(ws[0].targets)).toEqual([1, 2, 3, 4, 11, 12, 13, 14]);
    expect(Array.from(ws[2].inputs)).toEqual([8, 18]);
    expect(Array.from(ws[2].targets)).toEqual([9, 19]);
  });

  it('variable windows: deterministic per seed, cover every step once, AWD-LSTM lengths', () => {
    const b = batchify(range(2 * 5001), 2);
    const lens = (seed: number) => [...bpttWindows(b, 70, { variable: true, seed })].map((w) => w.len);
    const a = lens(1);
    expect(lens(1)).toEqual(a);
    expect(lens(2)).not.toEqual(a);
    expect(a.reduce((s, x) => s + x, 0)).toBe(b.steps - 1);
    const windows = [...bpttWindows(b, 70, { variable: true, seed: 1 })];
    for (let k = 1; k < windows.length; k++) expect(windows[k].start).toBe(windows[k - 1].start + windows[k - 1].len);
    // Distribution of the draw: mostly ~N(70, 5), ~5% ~N(35, 5), floor 5, cap bptt + 40.
    const u = mulberry32(7);
    const draws = Array.from({ length: 20000 }, () => variableLength(u, 70));
    const short = draws.filter((l) => l < 52).length / draws.length;
    expect(short).toBeGreaterThan(0.04);
    expect(short).toBeLessThan(0.06);
    const long = draws.filter((l) => l >= 52);
    const mean = long.reduce((s, x) => s + x, 0) / long.length;
    expect(mean).toBeGreaterThan(69); // trunc lowers the mean by ~0.5
    expect(mean).toBeLessThan(70);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...draws)).toBeLessThanOrEqual(70 + MAX_SEQ_LEN_DELTA);
    const tiny = Array.from({ length: 2000 }, () => variableLength(u, 4));
    expect(Math.min(...tiny)).toBe(5);
  });
});

describe('mulberry32', () => {
  it('is deterministic and uniform-ish', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 10000 }, () => a());
    expect(Array.from({ length: 10000 }, () => b())).toEqual(xs);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
  });
});
