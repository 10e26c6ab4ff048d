// The fused GRU step (RrnnGruCell + its gradient, core's loops on cpu) against the tfjs ops path:
// one step's values and gradients, whole stacks with the kernels on and off, finite differences,
// and a flat tensor count.
import '@tensorflow/tfjs-backend-cpu';
import './grad-setup';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  GRU_CELL, fusedGruCellActive, gruStep, gruStepOps, setFusedGruCell, type Dims,
} from '../src';
import { expectCentralDifferences, expectFlatTensorCount, expectRegisteredAndSwitchable, expectStackOnOffAgree } from './fused-cell-helpers';
import { maxAbsDiff } from './util';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterEach(() => setFusedGruCell(true));

/** [s, p, batch]: r = 0 (s = 0), r = 1 (p = 0), odd s and p, batches that are not multiples of 4, a batch of one. */
const DIMS: Array<[number, number, number]> = [[0, 5, 7], [6, 0, 5], [3, 2, 5], [2, 3, 1], [4, 4, 9], [1, 1, 3], [5, 3, 80]];

/** h' and the gradients (w.r.t. ax, ah, h) of `sum(h'·w)` with random weights, through `step`. */
function stepAndGrads(step: typeof gruStep, [s, p, b]: [number, number, number]) {
  return tf.tidy(() => {
    const d: Dims = { s, p, gates: 3, axis: 0 };
    const ax = tf.randomNormal([s + 3 * p, b], 0, 2, 'float32', 1) as tf.Tensor2D;
    const ah = tf.randomNormal([s + 3 * p, b], 0, 2, 'float32', 2) as tf.Tensor2D;
    const h = tf.randomNormal([s + p, b], 0, 1, 'float32', 3) as tf.Tensor2D;
    const w = tf.randomUniform([s + p, b], -1, 1, 'float32', 4);
    const f = (x: tf.Tensor, a: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(step(x as tf.Tensor2D, a as tf.Tensor2D, y as tf.Tensor2D, d), w));
    const hn = step(ax, ah, h, d);
    const { value, grads } = tf.valueAndGrads(f)([ax, ah, h]);
    return { h: hn.arraySync(), value: value.dataSync()[0], grads: grads.map((g) => g.arraySync() as number[][]) };
  });
}

describe('fused GRU step on cpu', () => {
  it('is registered for cpu and can be turned off', () => expectRegisteredAndSwitchable(GRU_CELL, fusedGruCellActive, setFusedGruCell));

  it.each(DIMS)('s=%i p=%i batch=%i: h and the three gradients equal the ops within 1e-5', (s, p, b) => {
    const fused = stepAndGrads(gruStep, [s, p, b]);
    const ops = stepAndGrads(gruStepOps, [s, p, b]);
    expect(maxAbsDiff(fused.h, ops.h)).toBeLessThan(1e-5);
    expect(Math.abs(fused.value - ops.value)).toBeLessThan(1e-5 * Math.max(1, Math.abs(ops.value)));
    for (let k = 0; k < 3; k++) {
      expect(maxAbsDiff(fused.grads[k], ops.grads[k]), `gradient ${k}`).toBeLessThan(1e-5);
      // not trivially zero
      expect(maxAbsDiff(fused.grads[k], fused.grads[k].map((r) => r.map(() => 0))), `gradient ${k}`).toBeGreaterThan(1e-2);
    }
  });

  it.each([[0, 3, 2], [3, 0, 2], [2, 1, 3]] as Array<[number, number, number]>)('s=%i p=%i batch=%i: gradients equal central differences', (s, p, b) => {
    const d: Dims = { s, p, gates: 3, axis: 0 };
    const ins = [
      tf.randomNormal([s + 3 * p, b], 0, 1, 'float32', 5), tf.randomNormal([s + 3 * p, b], 0, 1, 'float32', 6),
      tf.randomNormal([s + p, b], 0, 1, 'float32', 7),
    ] as tf.Tensor2D[];
    const w = tf.randomUniform([s + p, b], -1, 1, 'float32', 8);
    const loss = (...xs: tf.Tensor[]) => tf.tidy(() => tf.sum(tf.mul(gruStep(xs[0] as tf.Tensor2D, xs[1] as tf.Tensor2D, xs[2] as tf.Tensor2D, d), w)) as tf.Scalar);
    expectCentralDifferences(ins, ['input 0 ', 'input 1 ', 'input 2 '], loss, [w]);
  });

  it('names a wrong shape', () => {
    const ax = tf.zeros([8, 2]) as tf.Tensor2D;
    const ah = tf.zeros([7, 2]) as tf.Tensor2D;
    const h = tf.zeros([3, 2]) as tf.Tensor2D;
    const h3 = tf.zeros([3, 3]) as tf.Tensor2D;
    expect(() => gruStep(ax, ah, h, { s: 1, p: 2, gates: 3, axis: 0 })).toThrow('RrnnGruCell: ax must be float32 [7, batch] (s = 1, p = 2), got float32 [8,2]');
    expect(() => gruStep(ah, ah, h3, { s: 1, p: 2, gates: 3, axis: 0 })).toThrow('RrnnGruCell: h must be float32 [3, batch] (s = 1, p = 2), got float32 [3,3]');
    tf.dispose([ax, ah, h, h3]);
  });
});

describe('GRU stacks with the fused step on and off (cpu)', () => {
  it.each([0, 0.5, 1])('r=%s: outputs, final h and gradients within 1e-5', (rate) => expectStackOnOffAgree('gru', rate, setFusedGruCell));

  it('keeps the tensor count flat over many steps', () => {
    const d: Dims = { s: 3, p: 2, gates: 3, axis: 0 };
    const ax = tf.randomNormal([9, 5], 0, 1, 'float32', 12) as tf.Tensor2D;
    const ah = tf.randomNormal([9, 5], 0, 1, 'float32', 13) as tf.Tensor2D;
    const h0 = tf.zeros([5, 5]) as tf.Tensor2D;
    expectFlatTensorCount(() => {
      const g = tf.grads((x: tf.Tensor, a: tf.Tensor) => {
        let h = h0;
        for (let t = 0; t < 40; t++) h = gruStep(x as tf.Tensor2D, tf.add(a, tf.mul(0.01, tf.sum(h))) as tf.Tensor2D, h, d);
        return tf.sum(h);
      })([ax, ah]);
      expect(g.map((t) => t.shape)).toEqual([[9, 5], [9, 5]]);
    }, () => [gruStep(ax, ah, h0, d)]); // outside any tidy: only h' stays
    tf.dispose([ax, ah, h0]);
  });
});
