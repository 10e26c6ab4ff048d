// Core's fused RNN step kernels on wasm (in lstm_cell.wat's module) against tf.tanh: one step's
// value and gradient on wasm and cpu, tanh far into its tails and near 0, whole stacks with the
// kernels on and off, the golden reference RNN cases, and a flat tensor count.
import * as tf from '@tensorflow/tfjs-core';
import { RNN_CELL, RNN_CELL_GRAD, fusedRnnCellActive, rnnStep, setFusedRnnCell } from '@rrnn/core';
import { afterEach, describe, expect, it } from 'vitest';
import { counted, expectFlat, expectSameAsOps, expectGoldenReplay, expectRegistered, expectStackOnOffAgree, goldenCases, goldenPath, maxAbs, stack, values } from './fused-cell-helpers';

const golden = goldenCases('RNN');

/** h and d/dpre of `sum(h·w)` with the fused step on or off, on `backend`; `scale` spreads the pre-activations. */
async function step(backend: 'cpu' | 'wasm', fused: boolean, [rows, b]: [number, number], scale = 3) {
  setFusedRnnCell(fused);
  const r = await counted(backend, () => {
    const pre = tf.tensor2d(values(rows * b, 1, scale), [rows, b]);
    const w = tf.tensor2d(values(rows * b, 2, 1), [rows, b]);
    const { value, grad } = tf.valueAndGrad((x: tf.Tensor) => tf.sum(tf.mul(rnnStep(x as tf.Tensor2D), w)))(pre);
    return [rnnStep(pre), grad, value].map((t) => t.dataSync().slice());
  });
  setFusedRnnCell(true);
  return r;
}

/** [rows, batch]: every remainder mod 4 (the module's overlapping last vector), exactly 4, under 4 (core's loops), the paper's [200, 40] and [200, 80]. */
const SHAPES: Array<[number, number]> = [[1, 1], [3, 1], [2, 2], [5, 1], [3, 2], [7, 5], [9, 3], [200, 40], [200, 80]];

describe('fused RNN step kernels on wasm', () => {
  afterEach(() => setFusedRnnCell(true));

  it('are registered for wasm, and used', () => expectRegistered([RNN_CELL, RNN_CELL_GRAD], fusedRnnCellActive, setFusedRnnCell, async () => {
    const { kernels } = await tf.profile(() => void tf.dispose(tf.grad((x: tf.Tensor) => tf.sum(rnnStep(x as tf.Tensor2D)))(tf.ones([5, 4]))));
    const names = kernels.map((k) => k.name);
    expect(names).toContain(RNN_CELL);
    expect(names).toContain(RNN_CELL_GRAD);
    expect(names).not.toContain('Tanh');
  }));

  it.each(SHAPES)('[%i, %i]: h and the gradient equal tf.tanh (wasm and cpu) within 1e-6; no tensor leaks', async (...shape) => {
    const fused = await step('wasm', true, shape);
    const opsWasm = await step('wasm', false, shape);
    const opsCpu = await step('cpu', false, shape);
    expectSameAsOps(fused, opsWasm, opsCpu, 2, 1e-6);
  });

  it('tanh holds far into its tails and near 0 (pre-activations up to ±40 and down to 1e-6), relative to its size', async () => {
    for (const scale of [40, 1e-3, 1e-6]) {
      const fused = await step('wasm', true, [7, 5], scale);
      const ops = await step('cpu', false, [7, 5], scale);
      for (let k = 0; k < 2; k++) {
        const size = Math.max(...Array.from(ops.out[k], Math.abs));
        expect(maxAbs(fused.out[k], ops.out[k]) / size, `scale ${scale} output ${k}`).toBeLessThan(1e-6);
      }
    }
  });

  it.each([0, 0.5, 1])('r=%s: a 3-layer stack gives the same outputs, states and gradients with the kernels on and off', (rate) => expectStackOnOffAgree('rnn', rate, setFusedRnnCell));

  it('has golden RNN cases to replay', () => expect(golden.length).toBeGreaterThan(0));

  it.each(golden.map((c) => [c.hiddenSize, c.sharingRate, c] as const))(`golden reference RNN (${goldenPath}) H=%i r=%s: outputs and final states within 1e-4`, (_h, _r, c) => expectGoldenReplay('rnn', c, fusedRnnCellActive));

  it('stays flat over many steps', () => expectFlat(() => step('wasm', true, [7, 5]), () => stack('rnn', 0.5, true, setFusedRnnCell)));
});
