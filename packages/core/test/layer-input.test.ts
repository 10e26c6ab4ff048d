// layerSequence's three input layouts (timeMajor, featureMajor, batchMajor) give the same outputs and
// gradients, for the summed (r = 1) and two-branch forms of every cell, on the fused path and the
// per-step one (step masks); inputs of the wrong shape get an error naming the layout and the shape.
import '@tensorflow/tfjs-backend-cpu';
import './grad-setup';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { layerSequence, sharingLayout, type CellType } from '../src';
import type { LayerInput } from '../src/sequence';
import { maxAbsDiff } from './util';

beforeAll(() => tf.setBackend('cpu'));

const [steps, batch, I, H] = [4, 3, 5, 6];

describe('layerSequence input layouts', () => {
  for (const cell of ['lstm', 'gru', 'rnn'] as CellType[]) {
    for (const rate of [0, 0.5, 1]) {
      it(`${cell} r = ${rate}: the same seq, state and input gradient from every layout`, () => {
        const l = sharingLayout(cell, I, H, rate);
        const pool = tf.randomUniform([l.poolRows, Math.max(I, H)], -0.5, 0.5, 'float32', 1) as tf.Tensor2D;
        const bias = tf.randomUniform([l.poolRows], -0.5, 0.5, 'float32', 2) as tf.Tensor1D;
        const x = tf.randomNormal([batch, steps, I], 0, 1, 'float32', 3) as tf.Tensor3D; // batch-major
        const h0 = tf.randomNormal([H, batch], 0, 0.5, 'float32', 4) as tf.Tensor2D;
        const c0 = cell === 'lstm' ? (tf.randomNormal([H, batch], 0, 0.5, 'float32', 5) as tf.Tensor2D) : undefined;
        const proj = tf.randomNormal([steps * H, batch], 0, 1, 'float32', 6);
        const layouts: Record<string, (t: tf.Tensor3D) => LayerInput> = {
          batchMajor: (t) => ({ batchMajor: t }),
          timeMajor: (t) => ({ timeMajor: tf.reshape(tf.transpose(t, [1, 0, 2]), [steps * batch, I]) as tf.Tensor2D }),
          featureMajor: (t) => ({ featureMajor: tf.reshape(tf.transpose(t, [1, 2, 0]), [steps * I, batch]) as tf.Tensor2D }),
        };
        for (const masked of [false, true]) {
          const masks = masked ? { steps: Array.from({ length: steps }, (_, t) => tf.tensor2d([[1, t % 2, 1]])) } : {};
          const run = (layout: string) => {
            const f = (t: tf.Tensor) => {
              const r = layerSequence(l, pool, bias, layouts[layout](t as tf.Tensor3D), steps, h0, c0, masks);
              expect(r.seq.shape).toEqual([steps * H, batch]);
              return tf.add(tf.sum(tf.mul(r.seq, proj)), tf.sum(tf.square(r.c ?? r.h))) as tf.Scalar;
            };
            const { value, grad } = tf.valueAndGrad(f)(x);
            const last = tf.tidy(() => {
              const r = layerSequence(l, pool, bias, layouts[layout](x), steps, h0, c0, masks);
              return { h: r.h, lastStep: tf.slice(r.seq, [(steps - 1) * H, 0], [H, batch]) };
            });
            const out = { value: value.dataSync()[0], grad: grad.arraySync(), h: last.h.arraySync(), lastStep: last.lastStep.arraySync() };
            tf.dispose([value, grad, last.h, last.lastStep]);
            return out;
          };
          const ref = run('batchMajor');
          expect(maxAbsDiff(ref.h, ref.lastStep), 'h is the last step of seq').toBe(0);
          for (const layout of ['timeMajor', 'featureMajor']) {
            const got = run(layout);
            expect(got.value, `${layout}${masked ? ', masked' : ''}`).toBe(ref.value);
            expect(maxAbsDiff(got.grad, ref.grad), `${layout} gradient`).toBe(0);
            expect(maxAbsDiff(got.h, ref.h)).toBe(0);
          }
          tf.dispose(masks.steps ?? []);
        }
        tf.dispose([pool, bias, x, h0, proj, ...(c0 ? [c0] : [])]);
      });
    }
  }

  it('names the layout and the shape it needs when an input does not fit', () => {
    const l = sharingLayout('lstm', I, H, 0.5);
    const pool = tf.zeros([l.poolRows, H]) as tf.Tensor2D;
    const bias = tf.zeros([l.poolRows]) as tf.Tensor1D;
    const h0 = tf.zeros([H, batch]) as tf.Tensor2D;
    const run = (x: LayerInput) => () => layerSequence(l, pool, bias, x, steps, h0, h0);
    expect(run({ featureMajor: tf.zeros([steps * H, batch]) as tf.Tensor2D })).toThrow(`layerSequence: a featureMajor input must be [${steps * I}, batch] (steps = ${steps}, inputSize = ${I}), got [${steps * H},${batch}]`);
    expect(run({ timeMajor: tf.zeros([steps * batch + 1, I]) as tf.Tensor2D })).toThrow(`layerSequence: a timeMajor input must be [steps*batch, ${I}] (steps = ${steps}, inputSize = ${I}), got [${steps * batch + 1},${I}]`);
    expect(run({ batchMajor: tf.zeros([batch, steps + 1, I]) as tf.Tensor3D })).toThrow(`layerSequence: a batchMajor input must be [batch, ${steps}, ${I}]`);
    expect(() => layerSequence(l, pool, bias, tf.zeros([steps * batch, H]) as tf.Tensor2D, steps, h0, h0)).toThrow('a timeMajor input must be');
  });
});
