import '@tensorflow/tfjs-backend-cpu';
import './grad-setup';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeStackWeights, initStackWeights, stackForward, stackSpec, type CellType } from '../src';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Central differences in float32: eps = 1e-2 keeps rounding error (~1e-7 * |loss| / eps) small while the
// truncation error (eps^2 / 6 * f''') stays ~1e-5; the tolerance is relative with an absolute floor.
const EPS = 1e-2;

describe('gradients of the fast path agree with finite differences', () => {
  // r = [1, 1]: fully shared layers, which the RNN and LSTM run as one product S (x + h) (x padded from 3 to 4 in layer 0)
  const cases = (['rnn', 'gru', 'lstm'] as CellType[]).flatMap((cell) => [[0.5, 0.3], [1, 1]].map((rates) => ({ cell, rates })));
  for (const { cell, rates } of cases) {
    it(`${cell}: 2 layers (3 -> 4 -> 4), r = [${rates.join(', ')}]`, () => {
      const spec = stackSpec({ cell, inputSize: 3, hiddenSize: 4, numLayers: 2, sharingRates: rates });
      const w = initStackWeights(spec, { seed: 3 });
      const x = tf.randomNormal([2, 3, 3], 0, 1, 'float32', 4) as tf.Tensor3D;
      const proj = tf.randomUniform([2, 3, 4], -1, 1, 'float32', 5);
      const loss = () => tf.tidy(() => {
        const { outputs, final } = stackForward(w, x);
        return tf.add(tf.sum(tf.mul(outputs, proj)), tf.sum(tf.square(final.h[0]))) as tf.Scalar;
      });
      const vars = w.layers.flatMap((l) => [l.pool, l.bias]);
      const { grads } = tf.variableGrads(loss, vars);
      let checked = 0;
      for (const v of vars) {
        const g = grads[v.name].dataSync();
        const base = v.dataSync().slice();
        // every entry: shared rows, both branches' private rows, the biases
        for (let k = 0; k < base.length; k++) {
          const at = (d: number) => {
            const p = base.slice();
            p[k] += d;
            v.assign(tf.tensor(p, v.shape));
            const l = loss();
            const val = l.dataSync()[0];
            l.dispose();
            return val;
          };
          const fd = (at(EPS) - at(-EPS)) / (2 * EPS);
          expect(Math.abs(fd - g[k]), `${v.name}[${k}] fd ${fd} vs analytic ${g[k]}`).toBeLessThan(2e-3 + 2e-2 * Math.abs(g[k]));
          checked++;
        }
        v.assign(tf.tensor(base, v.shape));
      }
      expect(checked).toBe(vars.reduce((n, v) => n + v.size, 0));
      tf.dispose([x, proj, Object.values(grads)]);
      disposeStackWeights(w);
    });
  }
});
