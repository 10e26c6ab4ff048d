// The fused LSTM step (RrnnLstmCell + its gradient, core's loops on cpu) against the tfjs ops path:
// one step's values and gradients, whole stacks with the kernels on and off, finite differences,
// and a flat tensor count.
import '@tensorflow/tfjs-backend-cpu';
import './grad-setup';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  LSTM_CELL, fusedLstmCellActive, lstmStep, lstmStepOps, setFusedLstmCell, type Dims,
} from '../src';
import { expectCentralDifferences, expectFlatTensorCount, expectRegisteredAndSwitchable, expectStackOnOffAgree } from './fused-cell-helpers';
import { maxAbsDiff } from './util';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterEach(() => setFusedLstmCell(true));

/** [s, p, batch]: r = 0 (s = 0), r = 1 (p = 0), odd s and p, batches that are not multiples of 4, a batch of one. */
const DIMS: Array<[number, number, number]> = [[0, 5, 7], [6, 0, 5], [3, 2, 5], [2, 3, 1], [4, 4, 9], [1, 1, 3]];

/** Value and gradients (w.r.t. pre and c) of a scalar touching h and cNext with random weights, through `step`. */
function stepAndGrads(step: typeof lstmStep, [s, p, b]: [number, number, number], onlyH = false) {
  return tf.tidy(() => {
    const d: Dims = { s, p, gates: 4, axis: 0 };
    const pre = tf.randomNormal([s + 4 * p, b], 0, 2, 'float32', 1) as tf.Tensor2D;
    const c = tf.randomNormal([s + p, b], 0, 1, 'float32', 2) as tf.Tensor2D;
    const wh = tf.randomUniform([s + p, b], -1, 1, 'float32', 3);
    const wc = tf.randomUniform([s + p, b], -1, 1, 'float32', 4);
    const f = (x: tf.Tensor, y: tf.Tensor) => {
      const r = step(x as tf.Tensor2D, y as tf.Tensor2D, d);
      return onlyH ? tf.sum(tf.mul(r.h, wh)) : tf.add(tf.sum(tf.mul(r.h, wh)), tf.sum(tf.mul(r.c, wc)));
    };
    const { h, c: cNext } = step(pre, c, d);
    const { value, grads } = tf.valueAndGrads(f)([pre, c]);
    return { h: h.arraySync(), c: cNext.arraySync(), value: value.dataSync()[0], grads: grads.map((g) => g.arraySync() as number[][]) };
  });
}

describe('fused LSTM step on cpu', () => {
  it('is registered for cpu and can be turned off', () => expectRegisteredAndSwitchable(LSTM_CELL, fusedLstmCellActive, setFusedLstmCell));

  it.each(DIMS)('s=%i p=%i batch=%i: h, c and both gradients equal the ops within 1e-5', (s, p, b) => {
    const fused = stepAndGrads(lstmStep, [s, p, b]);
    const ops = stepAndGrads(lstmStepOps, [s, p, b]);
    expect(maxAbsDiff(fused.h, ops.h)).toBeLessThan(1e-5);
    expect(maxAbsDiff(fused.c, ops.c)).toBeLessThan(1e-5);
    expect(Math.abs(fused.value - ops.value)).toBeLessThan(1e-5 * Math.max(1, Math.abs(ops.value)));
    expect(maxAbsDiff(fused.grads, ops.grads)).toBeLessThan(1e-5);
    // the gradient is not trivially zero
    expect(maxAbsDiff(fused.grads[0], fused.grads[0].map((r) => r.map(() => 0)))).toBeGreaterThan(1e-2);
  });

  it('without a gradient flowing into cNext (zeros stand in for it)', () => {
    const fused = stepAndGrads(lstmStep, [3, 2, 5], true);
    const ops = stepAndGrads(lstmStepOps, [3, 2, 5], true);
    expect(maxAbsDiff(fused.grads, ops.grads)).toBeLessThan(1e-5);
  });

  it.each([[0, 3, 2], [3, 0, 2], [2, 1, 3]] as Array<[number, number, number]>)('s=%i p=%i batch=%i: gradients equal central differences', (s, p, b) => {
    const d: Dims = { s, p, gates: 4, axis: 0 };
    const pre = tf.randomNormal([s + 4 * p, b], 0, 1, 'float32', 5) as tf.Tensor2D;
    const c = tf.randomNormal([s + p, b], 0, 1, 'float32', 6) as tf.Tensor2D;
    const wh = tf.randomUniform([s + p, b], -1, 1, 'float32', 7);
    const wc = tf.randomUniform([s + p, b], -1, 1, 'float32', 8);
    const loss = (...[x, y]: tf.Tensor[]) => tf.tidy(() => {
      const r = lstmStep(x as tf.Tensor2D, y as tf.Tensor2D, d);
      return tf.add(tf.sum(tf.mul(r.h, wh)), tf.sum(tf.mul(r.c, wc))) as tf.Scalar;
    });
    expectCentralDifferences([pre, c], ['pre', 'c'], loss, [wh, wc]);
  });

  it('names a wrong shape', () => {
    const pre = tf.zeros([8, 2]) as tf.Tensor2D;
    const c = tf.zeros([3, 2]) as tf.Tensor2D;
    const c3 = tf.zeros([3, 3]) as tf.Tensor2D;
    expect(() => lstmStep(pre, c, { s: 1, p: 2, gates: 4, axis: 0 })).toThrow('RrnnLstmCell: pre must be float32 [9, batch] (s = 1, p = 2), got float32 [8,2]');
    expect(() => lstmStep(pre, c3, { s: 0, p: 2, gates: 4, axis: 0 })).toThrow('RrnnLstmCell: c must be float32 [2, batch] (s = 0, p = 2), got float32 [3,3]');
    tf.dispose([pre, c, c3]);
  });
});

describe('stacks with the fused step on and off (cpu)', () => {
  it.each([0, 0.5, 1])('r=%s: outputs, final c and gradients within 1e-5', (rate) => expectStackOnOffAgree('lstm', rate, setFusedLstmCell));

  it('keeps the tensor count flat over many steps', () => {
    const d: Dims = { s: 3, p: 2, gates: 4, axis: 0 };
    const pre = tf.randomNormal([11, 5], 0, 1, 'float32', 12) as tf.Tensor2D;
    const c0 = tf.zeros([5, 5]) as tf.Tensor2D;
    expectFlatTensorCount(() => {
      const g = tf.grads((x: tf.Tensor) => {
        let c = c0;
        let h: tf.Tensor2D = c0;
        for (let t = 0; t < 40; t++) ({ h, c } = lstmStep(tf.add(x, tf.mul(0.01, tf.sum(h))) as tf.Tensor2D, c, d));
        return tf.sum(h);
      })([pre]);
      expect(g[0].shape).toEqual([11, 5]);
    }, () => {
      // outside any tidy: only h and c stay
      const r = lstmStep(pre, c0, d);
      return [r.h, r.c];
    });
    tf.dispose([pre, c0]);
  });
});
