// Core's fused GRU step kernels on wasm (our SIMD module) against the tfjs ops: one step's values
// and gradients on wasm and cpu, whole stacks with the kernels on and off, the activations far into
// their tails and near 0, the golden reference GRU cases, and a flat tensor count.
import * as tf from '@tensorflow/tfjs-core';
import {
  GRU_CELL, GRU_CELL_GRAD, fusedGruCellActive, gruStep, gruStepOps, setFusedGruCell, type Dims,
} from '@rrnn/core';
import { afterEach, describe, expect, it } from 'vitest';
import { counted, expectFlat, expectSameAsOps, expectGoldenReplay, expectRegistered, expectStackOnOffAgree, goldenCases, goldenPath, maxAbs, stack, values } from './fused-cell-helpers';

const golden = goldenCases('GRU');

/**
 * [s, p, batch]: r = 0, r = 1, r = 0.5, odd s and p, batches 1, 3, 4, 5, 7, 9, 80; runs of s·batch and
 * p·batch elements with every remainder mod 4 (the module's overlapping last vector), exactly 4, and
 * under 4 (core's loops on the wasm memory instead of the module).
 */
const DIMS: Array<[number, number, number]> = [
  [0, 5, 7], [6, 0, 5], [4, 4, 9], [3, 2, 5], [1, 2, 4], [2, 3, 1], [1, 1, 3], [7, 6, 80], [100, 100, 80], [0, 200, 80], [200, 0, 80],
];

/** h', d/dax, d/dah and d/dh of `sum(h'·w)` through `step` on `backend`; `scale` spreads the pre-activations. */
async function step(backend: 'cpu' | 'wasm', fn: typeof gruStep, [s, p, b]: [number, number, number], scale = 3) {
  return counted(backend, () => {
    const d: Dims = { s, p, gates: 3, axis: 0 };
    const H = s + p;
    const ax = tf.tensor2d(values((s + 3 * p) * b, 1, scale), [s + 3 * p, b]);
    const ah = tf.tensor2d(values((s + 3 * p) * b, 2, scale), [s + 3 * p, b]);
    const h = tf.tensor2d(values(H * b, 3, 1), [H, b]);
    const w = tf.tensor2d(values(H * b, 4, 1), [H, b]);
    const f = (x: tf.Tensor, a: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(fn(x as tf.Tensor2D, a as tf.Tensor2D, y as tf.Tensor2D, d), w));
    const r = fn(ax, ah, h, d);
    const { grads } = tf.valueAndGrads(f)([ax, ah, h]);
    return [r, ...grads].map((t) => t.dataSync().slice());
  });
}

describe('fused GRU step kernels on wasm', () => {
  afterEach(() => setFusedGruCell(true));

  it('are registered for wasm, and used', () => expectRegistered([GRU_CELL, GRU_CELL_GRAD], fusedGruCellActive, setFusedGruCell, async () => {
    const { kernels } = await tf.profile(() => void tf.dispose(gruStep(tf.ones([9, 4]), tf.ones([9, 4]), tf.ones([5, 4]), { s: 3, p: 2, gates: 3, axis: 0 })));
    expect(kernels.map((k) => k.name)).toContain(GRU_CELL);
  }));

  it.each(DIMS)('s=%i p=%i batch=%i: h and the three gradients equal the ops (wasm and cpu) within 1e-5; no tensor leaks', async (...dims) => {
    const fused = await step('wasm', gruStep, dims);
    const opsWasm = await step('wasm', gruStepOps, dims);
    const opsCpu = await step('cpu', gruStepOps, dims);
    expectSameAsOps(fused, opsWasm, opsCpu, 4, 1e-5);
  });

  it('sigmoid and tanh hold far into their tails and near 0 (pre-activations up to ±40 and down to 1e-6)', async () => {
    for (const scale of [40, 1e-3, 1e-6]) {
      const fused = await step('wasm', gruStep, [3, 2, 7], scale);
      const ops = await step('cpu', gruStepOps, [3, 2, 7], scale);
      for (let k = 0; k < 4; k++) expect(maxAbs(fused.out[k], ops.out[k]), `scale ${scale} output ${k}`).toBeLessThan(1e-6);
    }
  });

  it.each([0, 0.5, 1])('r=%s: a 3-layer stack gives the same outputs, states and gradients with the kernels on and off', (rate) => expectStackOnOffAgree('gru', rate, setFusedGruCell));

  it('has golden GRU cases to replay', () => expect(golden.length).toBeGreaterThan(0));

  it.each(golden.map((c) => [c.hiddenSize, c.sharingRate, c] as const))(`golden reference GRU (${goldenPath}) H=%i r=%s: outputs and final states within 1e-4`, (_h, _r, c) => expectGoldenReplay('gru', c, fusedGruCellActive));

  it('stays flat over many steps', () => expectFlat(() => step('wasm', gruStep, [3, 2, 5]), () => stack('gru', 0.5, true, setFusedGruCell)));
});
