// Shared by lstm-cell.test.ts, gru-cell.test.ts and rnn-cell.test.ts: the checks the fused steps go
// through alike on cpu (registration and the switch, central differences, stacks with the kernels
// on and off, a flat tensor count).
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { disposeStackWeights, initStackWeights, stackForward, stackSpec } from '../src';
import { maxAbsDiff } from './util';

/** The cell's kernel is registered for cpu once the step is asked about, and the switch turns the step off. */
export function expectRegisteredAndSwitchable(kernel: string, active: () => boolean, setFused: (on: boolean) => void): void {
  expect(active()).toBe(true); // registers core's cpu kernels
  expect(tf.getKernel(kernel, 'cpu')).toBeDefined();
  setFused(false);
  expect(active()).toBe(false);
}

/** The gradients of `loss` w.r.t. each of `ins` equal central differences (element by element); disposes `ins` and `others`. */
export function expectCentralDifferences(ins: tf.Tensor2D[], names: string[], loss: (...xs: tf.Tensor[]) => tf.Scalar, others: tf.Tensor[]): void {
  const grads = tf.grads(loss)(ins).map((g) => g.dataSync());
  const EPS = 1e-2;
  ins.forEach((x, which) => {
    const base = x.dataSync();
    for (let k = 0; k < base.length; k++) {
      const at = (delta: number) => {
        const moved = base.slice();
        moved[k] += delta;
        const t = tf.tensor(moved, x.shape);
        const v = loss(...ins.map((y, j) => (j === which ? t : y)));
        const val = v.dataSync()[0];
        tf.dispose([t, v]);
        return val;
      };
      const fd = (at(EPS) - at(-EPS)) / (2 * EPS);
      expect(Math.abs(fd - grads[which][k]), `${names[which]}[${k}]`).toBeLessThan(1e-3 + 1e-2 * Math.abs(grads[which][k]));
    }
  });
  tf.dispose([...ins, ...others]);
}

/** Outputs, final states (c for the LSTM, h for the GRU) and every pool/bias gradient of a 2-layer stack. */
function runStack(cell: 'lstm' | 'gru' | 'rnn', rate: number, fused: boolean, setFused: (on: boolean) => void) {
  setFused(fused);
  return tf.tidy(() => {
    const spec = stackSpec({ cell, inputSize: 5, hiddenSize: 7, numLayers: 2, sharingRates: [rate, rate], outputSize: 4 });
    const w = initStackWeights(spec, { seed: 9 });
    const x = tf.randomNormal([5, 6, 5], 0, 1, 'float32', 10) as tf.Tensor3D; // batch 5, 6 steps
    const proj = tf.randomUniform([5, 6, 4], -1, 1, 'float32', 11);
    const vars = w.layers.flatMap((l) => [l.pool, l.bias]);
    const state = (r: ReturnType<typeof stackForward>) => (cell === 'lstm' ? r.final.c! : r.final.h);
    const r0 = stackForward(w, x);
    const { grads } = tf.variableGrads(() => {
      const r = stackForward(w, x);
      return tf.add(tf.sum(tf.mul(r.outputs, proj)), tf.sum(tf.square(state(r)[0]))) as tf.Scalar;
    }, vars);
    const res = { outputs: r0.outputs.arraySync(), states: state(r0).map((t) => t.arraySync()), grads: vars.map((v) => grads[v.name].arraySync() as number[][]) };
    disposeStackWeights(w);
    return res;
  });
}

/** A 2-layer stack of `cell` at sharing rate `rate` gives the same outputs, final states and gradients with the kernels on and off. */
export function expectStackOnOffAgree(cell: 'lstm' | 'gru' | 'rnn', rate: number, setFused: (on: boolean) => void): void {
  const on = runStack(cell, rate, true, setFused);
  const off = runStack(cell, rate, false, setFused);
  expect(maxAbsDiff(on.outputs, off.outputs)).toBeLessThan(1e-5);
  expect(maxAbsDiff(on.states, off.states)).toBeLessThan(1e-5);
  expect(maxAbsDiff(on.grads, off.grads)).toBeLessThan(1e-5);
}

/**
 * The tensor count stays flat: three times, `unrolled` (a long unrolled step with its gradients, in
 * a tidy) leaves nothing, and `once` (one step outside any tidy) leaves only the tensors it returns.
 */
export function expectFlatTensorCount(unrolled: () => void, once: () => tf.Tensor[]): void {
  const before = tf.memory().numTensors;
  for (let k = 0; k < 3; k++) {
    tf.tidy(unrolled);
    const kept = once();
    expect(tf.memory().numTensors).toBe(before + kept.length);
    tf.dispose(kept);
    expect(tf.memory().numTensors).toBe(before);
  }
}
