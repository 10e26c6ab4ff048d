// Core's fused LSTM step kernels on wasm (our SIMD module) against the tfjs ops: one step's values
// and gradients on wasm and cpu, whole stacks with the kernels on and off, the activations far into
// their tails and near 0, and a flat tensor count.
import * as tf from '@tensorflow/tfjs-core';
import {
  LSTM_CELL, LSTM_CELL_GRAD, fusedLstmCellActive, lstmStep, lstmStepOps, setFusedLstmCell, type Dims,
} from '@rrnn/core';
import { afterEach, describe, expect, it } from 'vitest';
import { counted, expectFlat, expectSameAsOps, expectGoldenReplay, expectRegistered, expectStackOnOffAgree, goldenCases, goldenPath, maxAbs, stack, values } from './fused-cell-helpers';

const golden = goldenCases('LSTM');

/**
 * [s, p, batch]: r = 0, r = 1, r = 0.5, odd s and p, batches 1, 3, 4, 5, 7, 9, 80; runs of s·batch and
 * p·batch elements with every remainder mod 4 (the module's overlapping last vector), exactly 4, and
 * under 4 (core's loops on the wasm memory instead of the module).
 */
const DIMS: Array<[number, number, number]> = [
  [0, 5, 7], [6, 0, 5], [4, 4, 9], [3, 2, 5], [1, 2, 4], [2, 3, 1], [1, 1, 3], [7, 6, 80], [100, 100, 80],
];

/** h, c', d/dpre and d/dc of `sum(h·wh) + sum(c'·wc)` through `step` on `backend`; `scale` spreads the pre-activations. */
async function step(backend: 'cpu' | 'wasm', fn: typeof lstmStep, [s, p, b]: [number, number, number], scale = 3) {
  return counted(backend, () => {
    const d: Dims = { s, p, gates: 4, axis: 0 };
    const H = s + p;
    const pre = tf.tensor2d(values((s + 4 * p) * b, 1, scale), [s + 4 * p, b]);
    const c = tf.tensor2d(values(H * b, 2, 2), [H, b]);
    const wh = tf.tensor2d(values(H * b, 3, 1), [H, b]);
    const wc = tf.tensor2d(values(H * b, 4, 1), [H, b]);
    const f = (x: tf.Tensor, y: tf.Tensor) => {
      const r = fn(x as tf.Tensor2D, y as tf.Tensor2D, d);
      return tf.add(tf.sum(tf.mul(r.h, wh)), tf.sum(tf.mul(r.c, wc)));
    };
    const r = fn(pre, c, d);
    const { grads } = tf.valueAndGrads(f)([pre, c]);
    return [r.h, r.c, ...grads].map((t) => t.dataSync().slice());
  });
}

describe('fused LSTM step kernels on wasm', () => {
  afterEach(() => setFusedLstmCell(true));

  it('are registered for wasm, and used', () => expectRegistered([LSTM_CELL, LSTM_CELL_GRAD], fusedLstmCellActive, setFusedLstmCell));

  it.each(DIMS)('s=%i p=%i batch=%i: h, c and both gradients equal the ops (wasm and cpu) within 1e-5; no tensor leaks', async (...dims) => {
    const fused = await step('wasm', lstmStep, dims);
    const opsWasm = await step('wasm', lstmStepOps, dims);
    const opsCpu = await step('cpu', lstmStepOps, dims);
    expectSameAsOps(fused, opsWasm, opsCpu, 4, 1e-5);
  });

  it('sigmoid and tanh hold far into their tails and near 0 (pre-activations up to ±40 and down to 1e-6)', async () => {
    for (const scale of [40, 1e-3, 1e-6]) {
      const fused = await step('wasm', lstmStep, [3, 2, 7], scale);
      const ops = await step('cpu', lstmStepOps, [3, 2, 7], scale);
      for (let k = 0; k < 4; k++) expect(maxAbs(fused.out[k], ops.out[k]), `scale ${scale} output ${k}`).toBeLessThan(1e-6);
    }
  });

  it.each([0, 0.5, 1])('r=%s: a 3-layer stack gives the same outputs, states and gradients with the kernels on and off', (rate) => expectStackOnOffAgree('lstm', rate, setFusedLstmCell));

  it.each(golden.map((c) => [c.hiddenSize, c.sharingRate, c] as const))(`golden reference LSTM (${goldenPath}) H=%i r=%s: outputs and final states within 1e-4`, (_h, _r, c) => expectGoldenReplay('lstm', c, fusedLstmCellActive));

  it('stays flat over many steps', () => expectFlat(() => step('wasm', lstmStep, [3, 2, 5]), () => stack('lstm', 0.5, true, setFusedLstmCell)));
});
