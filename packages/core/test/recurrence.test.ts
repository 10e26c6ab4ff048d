// The whole-sequence op (recurrence.ts) against the same layers recorded step by step (the same fused
// cell kernels, so only the op's own forward and backward loops differ): outputs, final states and the
// gradients w.r.t. pools, biases, inputs and initial states; a flat tensor count; the switch.
import '@tensorflow/tfjs-backend-cpu';
import './grad-setup';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { disposeStackWeights, fusedRecurrenceActive, initStackWeights, setFusedRecurrence, stackForward, stackLayouts, stackSpec, sumsBranches, type CellType } from '../src';
import { recurrence } from '../src/recurrence';
import { expectSameResults, stackResults } from './fused-cell-helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterEach(() => setFusedRecurrence(true));

describe('the whole-sequence op equals the step-by-step layers (cpu)', () => {
  // rates [0, 0]: plain; [0.5, 0.3]: shared and private rows; [1, 1]: fully shared. Input 5 < H = 7 pads x
  // (the RNN and LSTM then run S (x + h)); input 9 > H keeps two branches at r = 1.
  const cases = (['rnn', 'gru', 'lstm'] as CellType[]).flatMap((cell) =>
    [[0, 0], [0.5, 0.3], [1, 1]].map((rates) => ({ cell, rates, inputSize: 5 })).concat([{ cell, rates: [1, 1], inputSize: 9 }]));
  it.each(cases)('$cell, r = $rates, input $inputSize: outputs, final states and gradients within 1e-5', ({ cell, rates, inputSize }) => {
    const modes = stackLayouts(stackSpec({ cell, inputSize, hiddenSize: 7, numLayers: 2, sharingRates: rates })).map(sumsBranches);
    if (inputSize === 9) expect(modes).toEqual([false, cell !== 'gru']); // the first layer cannot sum its branches
    const run = (whole: boolean) => {
      setFusedRecurrence(whole);
      expect(fusedRecurrenceActive(cell)).toBe(whole);
      return stackResults({ cell, rates, inputSize });
    };
    expectSameResults(run(true), run(false));
  });

  it('keeps the tensor count flat over many training steps', () => {
    const spec = stackSpec({ cell: 'lstm', inputSize: 4, hiddenSize: 6, numLayers: 2, sharingRates: [0.5, 1] });
    const w = initStackWeights(spec, { seed: 5 });
    const vars = w.layers.flatMap((l) => [l.pool, l.bias]);
    const x = tf.randomNormal([2, 8, 4], 0, 1, 'float32', 6) as tf.Tensor3D;
    const step = () => {
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(stackForward(w, x).outputs)) as tf.Scalar, vars);
      tf.dispose([value, ...Object.values(grads)]);
    };
    step();
    const before = tf.memory().numTensors;
    for (let k = 0; k < 20; k++) step();
    expect(tf.memory().numTensors).toBe(before);
    disposeStackWeights(w);
    x.dispose();
  });

  it('names a missing bias or cell state', () => {
    const t = tf.zeros([2, 2]) as tf.Tensor2D;
    const dims = { cell: 'gru' as const, mode: 'gru' as const, s: 2, p: 0, steps: 1 };
    expect(() => recurrence(dims, { a: t, w: t, h0: t })).toThrow("recurrence: mode 'gru' needs the bias b");
    expect(() => recurrence({ ...dims, cell: 'lstm', mode: 'branch' }, { a: t, w: t, h0: t })).toThrow("recurrence: c0 is for the LSTM (and it needs one), cell 'lstm'");
    t.dispose();
  });
});
