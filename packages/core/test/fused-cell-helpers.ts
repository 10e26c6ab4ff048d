// Shared by lstm-cell.test.ts, gru-cell.test.ts and rnn-cell.test.ts: the checks the fused steps go
// through alike on cpu (registration and the switch, central differences, stacks with the kernels
// on and off, a flat tensor count).
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { disposeStackWeights, initStackWeights, stackForward, stackSpec, type CellType } from '../src';
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

/** A stack for `stackResults`: one sharing rate per layer, hidden size 7 unless given, an output projection if `outputSize`. */
export interface StackCase {
  cell: CellType;
  rates: number[];
  inputSize: number;
  hiddenSize?: number;
  outputSize?: number;
}

/**
 * A seeded stack's outputs, final states (h per layer, then c for the LSTM) and the gradients w.r.t.
 * every pool and bias, the inputs and the initial states (batch 3, 5 steps), as flat arrays in that
 * order, on the current backend; it leaves no tensor behind.
 */
export function stackResults({ cell, rates, inputSize, hiddenSize = 7, outputSize }: StackCase): Float32Array[] {
  return tf.tidy(() => {
    const [batch, steps, L] = [3, 5, rates.length]; // an output projection is the last layer's hidden size
    const spec = stackSpec({ cell, inputSize, hiddenSize, numLayers: L, sharingRates: rates, outputSize });
    const w = initStackWeights(spec, { seed: 21 });
    const x = tf.variable(tf.randomNormal([batch, steps, inputSize], 0, 1, 'float32', 22));
    const init = (k: number) => spec.layers.map((layer, l) => tf.variable(tf.randomNormal([batch, layer.hiddenSize], 0, 0.5, 'float32', 30 + L * k + l)) as tf.Variable<tf.Rank.R2>);
    const h0 = init(0);
    const c0 = cell === 'lstm' ? init(1) : undefined;
    const proj = tf.randomUniform([batch, steps, outputSize ?? hiddenSize], -1, 1, 'float32', 23);
    const inputs = [x, ...h0, ...(c0 ?? [])];
    const vars = [...w.layers.flatMap((l) => [l.pool, l.bias]), ...inputs];
    const run = () => stackForward(w, x as tf.Tensor3D, { initialState: { h: h0, c: c0 } });
    const states = (r: ReturnType<typeof stackForward>) => [...r.final.h, ...(r.final.c ?? [])];
    const r0 = run();
    const { grads } = tf.variableGrads(() => {
      const r = run();
      return tf.addN([tf.sum(tf.mul(r.outputs, proj)), ...states(r).map((s, i) => tf.sum(tf.mul(s, i + 1)))]) as tf.Scalar;
    }, vars);
    const res = [r0.outputs, ...states(r0), ...vars.map((v) => grads[v.name])].map((t) => t.dataSync().slice() as Float32Array);
    disposeStackWeights(w);
    tf.dispose(inputs);
    return res;
  });
}

/** Two `stackResults` agree within 1e-5 array by array, and none of them is all zeros. */
export function expectSameResults(a: Float32Array[], b: Float32Array[]): void {
  expect(a.length).toBe(b.length);
  a.forEach((x, k) => {
    expect(maxAbsDiff(Array.from(x), Array.from(b[k])), `array ${k}`).toBeLessThan(1e-5);
    expect(Math.max(...x.map(Math.abs)), `array ${k} is not all zeros`).toBeGreaterThan(1e-3);
  });
}

/** A 2-layer stack of `cell` at sharing rate `rate` gives the same outputs, final states and gradients with `setFused` on and off. */
export function expectStackOnOffAgree(cell: CellType, rate: number, setFused: (on: boolean) => void): void {
  const run = (on: boolean) => {
    setFused(on);
    return stackResults({ cell, rates: [rate, rate], inputSize: 5 });
  };
  expectSameResults(run(true), run(false));
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
