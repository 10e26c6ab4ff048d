// The fused RNN step (RrnnRnnCell + its gradient, core's loops on cpu) against tf.tanh: values and
// gradients, central differences, whole stacks with the kernels on and off, a flat tensor count.
import '@tensorflow/tfjs-backend-cpu';
import './grad-setup';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RNN_CELL, fusedRnnCellActive, rnnStep, setFusedRnnCell } from '../src';
import { expectCentralDifferences, expectFlatTensorCount, expectRegisteredAndSwitchable, expectStackOnOffAgree } from './fused-cell-helpers';
import { maxAbsDiff } from './util';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterEach(() => setFusedRnnCell(true));

/** h and the gradient w.r.t. pre of `sum(h·w)`, with the fused step on or off. */
function stepAndGrad(fused: boolean, [rows, b]: [number, number]) {
  setFusedRnnCell(fused);
  return tf.tidy(() => {
    const pre = tf.randomNormal([rows, b], 0, 2, 'float32', 1) as tf.Tensor2D;
    const w = tf.randomUniform([rows, b], -1, 1, 'float32', 2);
    const { value, grad } = tf.valueAndGrad((x: tf.Tensor) => tf.sum(tf.mul(rnnStep(x as tf.Tensor2D), w)))(pre);
    return { h: rnnStep(pre).arraySync(), value: value.dataSync()[0], grad: grad.arraySync() as number[][] };
  });
}

describe('fused RNN step on cpu', () => {
  it('is registered for cpu and can be turned off', () => expectRegisteredAndSwitchable(RNN_CELL, fusedRnnCellActive, setFusedRnnCell));

  it.each([[7, 5], [1, 1], [200, 80], [3, 9]] as Array<[number, number]>)('[%i, %i]: h and the gradient equal tf.tanh within 1e-6', (rows, b) => {
    const fused = stepAndGrad(true, [rows, b]);
    const ops = stepAndGrad(false, [rows, b]);
    expect(maxAbsDiff(fused.h, ops.h)).toBeLessThan(1e-6);
    expect(Math.abs(fused.value - ops.value)).toBeLessThan(1e-5 * Math.max(1, Math.abs(ops.value)));
    expect(maxAbsDiff(fused.grad, ops.grad)).toBeLessThan(1e-6);
    expect(maxAbsDiff(fused.grad, fused.grad.map((r) => r.map(() => 0)))).toBeGreaterThan(1e-2); // not trivially zero
  });

  it('has gradients equal to central differences', () => {
    const pre = tf.randomNormal([4, 3], 0, 1, 'float32', 5) as tf.Tensor2D;
    const w = tf.randomUniform([4, 3], -1, 1, 'float32', 6);
    expectCentralDifferences([pre], ['pre '], (x) => tf.tidy(() => tf.sum(tf.mul(rnnStep(x as tf.Tensor2D), w)) as tf.Scalar), [w]);
  });

  it('names a wrong input', () => {
    const dh = tf.zeros([3, 2]);
    const act = tf.zeros([3, 3]);
    expect(() => tf.engine().runKernel('RrnnRnnCellGrad', { dh, act })).toThrow('RrnnRnnCellGrad: act must be float32 [3,2], got float32 [3,3]');
    const ints = tf.zeros([3, 2], 'int32');
    expect(() => tf.engine().runKernel('RrnnRnnCell', { pre: ints })).toThrow('RrnnRnnCell: pre must be float32 [rows, batch], got int32 [3,2]');
    tf.dispose([dh, act, ints]);
  });
});

describe('RNN stacks with the fused step on and off (cpu)', () => {
  it.each([0, 0.5, 1])('r=%s: outputs, final h and gradients within 1e-5', (rate) => expectStackOnOffAgree('rnn', rate, setFusedRnnCell));

  it('keeps the tensor count flat over many steps', () => {
    const a = tf.randomNormal([6, 5], 0, 1, 'float32', 12) as tf.Tensor2D;
    const h0 = tf.zeros([6, 5]) as tf.Tensor2D;
    expectFlatTensorCount(() => {
      const g = tf.grad((x: tf.Tensor) => {
        let h = h0;
        for (let t = 0; t < 40; t++) h = rnnStep(tf.add(x, tf.mul(0.5, h)) as tf.Tensor2D);
        return tf.sum(h);
      })(a);
      expect(g.shape).toEqual([6, 5]);
    }, () => [rnnStep(a)]); // outside any tidy: only h stays
    tf.dispose([a, h0]);
  });
});
