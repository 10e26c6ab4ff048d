import { batchify } from '@rrnn/data';
import { describe, expect, test } from 'vitest';
import { plannedSteps } from '../src';
import { trainingWindows } from '../src/windows';

const range = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

describe('plannedSteps', () => {
  test('counts the windows trainingWindows yields, a final one-step window merged, times the epochs', () => {
    // 2 x 37 steps, bptt 35: windows of 35 and 1 -> one merged window of 36
    for (const [tokens, batchSize, bptt] of [[74, 2, 35], [929_589, 80, 35], [1_000, 3, 7], [1_000, 3, 10]]) {
      const windows = [...trainingWindows(batchify(range(tokens), batchSize), bptt)];
      expect(plannedSteps({ epochs: 3, batchSize, bptt }, tokens)).toBe(3 * windows.length);
    }
    expect([...trainingWindows(batchify(range(74), 2), 35)].map((w) => w.len)).toEqual([36]);
  });
  test('is capped by maxSteps', () => {
    expect(plannedSteps({ epochs: 30, batchSize: 80, bptt: 35, maxSteps: 100 }, 929_589)).toBe(100);
    expect(plannedSteps({ epochs: 8, batchSize: 80, bptt: 35 }, 929_589)).toBe(2656); // the paper runs' 8 epochs
  });
});
