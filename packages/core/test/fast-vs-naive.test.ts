import '@tensorflow/tfjs-backend-cpu';
import './grad-setup';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeStackWeights, initStackWeights, stackForward, stackSpec, zeroState, type CellType, type StackState } from '../src';
import { naiveForward } from './naive';
import { maxAbsDiff } from './util';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A scalar that touches every output and every final state with different weights. */
function lossOf(r: { outputs: tf.Tensor3D; final: StackState }, seed: number): tf.Scalar {
  const terms = [r.outputs, ...r.final.h, ...(r.final.c ?? [])].map((t, k) =>
    tf.sum(tf.mul(t, tf.randomUniform(t.shape, -1, 1, 'float32', seed + k))));
  return tf.addN(terms) as tf.Scalar;
}

const CELLS: CellType[] = ['rnn', 'gru', 'lstm'];
const RATES = [0, 0.3, 0.5, 1];

describe('fast path equals the naive gather-based path', () => {
  for (const cell of CELLS) {
    for (const rate of RATES) {
      it(`${cell} r=${rate}: outputs, final states and gradients within 1e-5`, () => {
        // 3 layers: 5 -> 7 -> 7 -> 4 (input and output sizes differ from the hidden size), mixed rates.
        const spec = stackSpec({ cell, inputSize: 5, hiddenSize: 7, numLayers: 3, sharingRates: [rate, 1 - rate, rate], outputSize: 4 });
        const w = initStackWeights(spec, { seed: 7 });
        const x = tf.randomNormal([3, 6, 5], 0, 1, 'float32', 11) as tf.Tensor3D;
        const init = zeroState(spec, 3);
        const initRand: StackState = {
          h: init.h.map((t, i) => tf.randomNormal(t.shape, 0, 0.5, 'float32', 20 + i) as tf.Tensor2D),
          c: init.c?.map((t, i) => tf.randomNormal(t.shape, 0, 0.5, 'float32', 30 + i) as tf.Tensor2D),
        };
        if (!init.c) delete initRand.c;
        const vars = w.layers.flatMap((l) => [l.pool, l.bias]);
        const run = (f: typeof naiveForward) => {
          const res = f(w, x, initRand);
          const out = { outputs: res.outputs.arraySync(), h: res.final.h.map((t) => t.arraySync()), c: res.final.c?.map((t) => t.arraySync()) };
          const { grads } = tf.variableGrads(() => lossOf(f(w, x, initRand), 5), vars);
          const g = vars.map((v) => grads[v.name].arraySync() as number[][]);
          tf.dispose([res.outputs, res.final.h, res.final.c ?? [], Object.values(grads)]);
          return { out, g };
        };
        const fast = run((ww, xx, s) => stackForward(ww, xx, { initialState: s }));
        const naive = run(naiveForward);
        expect(maxAbsDiff(fast.out.outputs, naive.out.outputs)).toBeLessThan(1e-5);
        expect(maxAbsDiff(fast.out.h, naive.out.h)).toBeLessThan(1e-5);
        if (cell === 'lstm') expect(maxAbsDiff(fast.out.c!, naive.out.c!)).toBeLessThan(1e-5);
        expect(maxAbsDiff(fast.g, naive.g)).toBeLessThan(1e-5);
        // the gradients are not trivially zero
        expect(maxAbsDiff(fast.g, fast.g.map((m) => (Array.isArray(m[0]) ? m.map((r) => r.map(() => 0)) : m.map(() => 0))))).toBeGreaterThan(1e-2);
        tf.dispose([x, init.h, init.c ?? [], initRand.h, initRand.c ?? []]);
        disposeStackWeights(w);
      });
    }
  }
});
