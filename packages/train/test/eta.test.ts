import { describe, expect, test } from 'vitest';
import { remainingSeconds, type EtaInputs } from '../src/eta';

// 3 epochs of 10 steps; 2 s per step; a validation pass of 5 s
const base: EtaInputs = { step: 0, maxSteps: 30, stepsPerEpoch: 10, secondsPerStep: 2, validSeconds: 5, validTokens: 600, stepTokens: 100 };

describe('remainingSeconds', () => {
  test('steps left at the latest step time, plus one validation pass per epoch end ahead', () => {
    expect(remainingSeconds({ ...base, step: 1 })).toBe(29 * 2 + 3 * 5);
    expect(remainingSeconds({ ...base, step: 15 })).toBe(15 * 2 + 2 * 5);
  });

  test("at an epoch's last step its own validation is still ahead; after the run's last step, only the last pass", () => {
    expect(remainingSeconds({ ...base, step: 10 })).toBe(20 * 2 + 3 * 5);
    expect(remainingSeconds({ ...base, step: 11 })).toBe(19 * 2 + 2 * 5);
    expect(remainingSeconds({ ...base, step: 30 })).toBe(5);
  });

  test('a maxSteps cut inside an epoch has no validation at its end', () => {
    expect(remainingSeconds({ ...base, maxSteps: 25, step: 21 })).toBe(4 * 2);
    expect(remainingSeconds({ ...base, maxSteps: 25, step: 12 })).toBe(13 * 2 + 1 * 5);
  });

  test('before the first measured pass, a pass is estimated as a third of training on as many tokens', () => {
    // 600 validation tokens = 6 steps' tokens = 12 s of training; a third: 4 s a pass
    expect(remainingSeconds({ ...base, validSeconds: undefined, step: 29 })).toBe(1 * 2 + 1 * 4);
  });

  test('the estimate follows the latest step time, not an average over the run', () => {
    expect(remainingSeconds({ ...base, step: 21, secondsPerStep: 0.5 })).toBe(9 * 0.5 + 1 * 5);
  });
});
