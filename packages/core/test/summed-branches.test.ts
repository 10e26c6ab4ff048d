import '@tensorflow/tfjs-backend-cpu';
import './grad-setup';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { layerSequence, sharingLayout, sumsBranches, type CellType } from '../src';
import { maxAbsDiff } from './util';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const sig = (x: tf.Tensor) => tf.sigmoid(x);

/**
 * The spec's two branches written out for a fully shared layer (every gate and branch uses the pool's
 * rows [0, H)): pre = pool[:, :I] x + b + pool[:, :H] (m_h * h) + b, then the cell, then the step mask.
 * Feature-major [units, batch], like layerSequence.
 */
function twoBranches(cell: 'rnn' | 'lstm', pool: tf.Tensor2D, bias: tf.Tensor1D, xs: tf.Tensor3D /* [steps, batch, I] */, h0: tf.Tensor2D, c0: tf.Tensor2D, stepMask: number[][], hiddenMask: tf.Tensor2D) {
  const [steps, , I] = xs.shape;
  const H = h0.shape[0];
  const wx = tf.slice(pool, [0, 0], [H, I]);
  const wh = tf.slice(pool, [0, 0], [H, H]);
  const b = tf.reshape(bias, [H, 1]);
  let h = h0;
  let c = c0;
  const hs: tf.Tensor2D[] = [];
  for (let t = 0; t < steps; t++) {
    const x = tf.transpose(tf.squeeze(tf.slice(xs, [t, 0, 0], [1, -1, -1]), [0])) as tf.Tensor2D; // [I, batch]
    const pre = tf.add(tf.add(tf.add(tf.matMul(wx, x), b), tf.matMul(wh, tf.mul(hiddenMask, h) as tf.Tensor2D)), b) as tf.Tensor2D;
    let hNext: tf.Tensor2D;
    let cNext = c;
    if (cell === 'rnn') hNext = tf.tanh(pre);
    else {
      cNext = tf.add(tf.mul(sig(pre), c), tf.mul(sig(pre), tf.tanh(pre))) as tf.Tensor2D; // f c + i g
      hNext = tf.mul(sig(pre), tf.tanh(cNext)) as tf.Tensor2D; // o tanh(c)
    }
    const m = tf.tensor2d([stepMask[t]]);
    h = tf.add(tf.mul(m, hNext), tf.mul(tf.sub(1, m), h)) as tf.Tensor2D;
    c = tf.add(tf.mul(m, cNext), tf.mul(tf.sub(1, m), c)) as tf.Tensor2D;
    hs.push(h);
  }
  return { hs, h, c };
}

describe('a fully shared RNN or LSTM layer runs as one product S (x + h)', () => {
  it('is chosen exactly for p = 0, RNN or LSTM, I <= H', () => {
    expect(sumsBranches(sharingLayout('lstm', 4, 4, 1))).toBe(true);
    expect(sumsBranches(sharingLayout('rnn', 3, 4, 1))).toBe(true);
    expect(sumsBranches(sharingLayout('lstm', 5, 4, 1))).toBe(false);
    expect(sumsBranches(sharingLayout('gru', 4, 4, 1))).toBe(false);
    expect(sumsBranches(sharingLayout('lstm', 4, 4, 0.75))).toBe(false);
  });

  for (const cell of ['rnn', 'lstm'] as const satisfies CellType[]) {
    for (const I of [3, 4]) {
      it(`${cell}, I = ${I}, H = 4: outputs, state and gradients equal the two branches, with step and hidden masks`, () => {
        const H = 4;
        const steps = 5;
        const batch = 3;
        const l = sharingLayout(cell, I, H, 1);
        expect(l.poolRows).toBe(H);
        const pool = tf.variable(tf.randomUniform([H, H], -0.5, 0.5, 'float32', 1)) as tf.Variable<tf.Rank.R2>;
        const bias = tf.variable(tf.randomUniform([H], -0.5, 0.5, 'float32', 2)) as tf.Variable<tf.Rank.R1>;
        const xs = tf.randomNormal([steps, batch, I], 0, 1, 'float32', 3) as tf.Tensor3D;
        const h0 = tf.randomNormal([H, batch], 0, 0.5, 'float32', 4) as tf.Tensor2D;
        const c0 = tf.randomNormal([H, batch], 0, 0.5, 'float32', 5) as tf.Tensor2D;
        const stepMask = [[1, 1, 1], [1, 0, 1], [1, 0, 1], [0, 1, 1], [1, 1, 0]];
        const hiddenMask = tf.randomUniform([H, batch], 0, 2, 'float32', 6) as tf.Tensor2D;
        const proj = tf.randomUniform([steps, H, batch], -1, 1, 'float32', 7);
        const ours = () => {
          const r = layerSequence(l, pool, bias, tf.reshape(xs, [steps * batch, I]) as tf.Tensor2D, steps, h0, cell === 'lstm' ? c0 : undefined, {
            steps: stepMask.map((m) => tf.tensor2d([m])),
            hidden: hiddenMask,
          });
          return { hs: tf.unstack(tf.reshape(r.seq, [steps, H, batch])) as tf.Tensor2D[], h: r.h, c: r.c ?? c0 };
        };
        const theirs = () => twoBranches(cell, pool, bias, xs, h0, c0, stepMask, hiddenMask);
        const loss = (f: typeof ours) => () => {
          const r = f();
          return tf.addN([tf.sum(tf.mul(tf.stack(r.hs), proj)), tf.sum(tf.square(r.c))]) as tf.Scalar;
        };
        const a = tf.tidy(() => tf.stack(ours().hs).arraySync() as number[][][]);
        const b = tf.tidy(() => tf.stack(theirs().hs).arraySync() as number[][][]);
        expect(maxAbsDiff(a, b)).toBeLessThan(1e-6);
        const ga = tf.variableGrads(loss(ours), [pool, bias]);
        const gb = tf.variableGrads(loss(theirs), [pool, bias]);
        for (const v of [pool, bias]) {
          const x = ga.grads[v.name].arraySync() as number[];
          const y = gb.grads[v.name].arraySync() as number[];
          expect(maxAbsDiff(x, y), v.name).toBeLessThan(1e-5);
          expect(maxAbsDiff(x, tf.zerosLike(ga.grads[v.name]).arraySync() as number[])).toBeGreaterThan(1e-2);
        }
        tf.dispose([pool, bias, xs, h0, c0, hiddenMask, proj, ga.value, gb.value, Object.values(ga.grads), Object.values(gb.grads)]);
      });
    }
  }
});
