// Core's fused GRU step kernels on wasm (our SIMD module) against the tfjs ops: one step's values
// and gradients on wasm and cpu, whole stacks with the kernels on and off, the activations far into
// their tails and near 0, the golden reference GRU cases, and a flat tensor count.
import * as tf from '@tensorflow/tfjs-core';
import {
  GRU_CELL, GRU_CELL_GRAD, disposeStackWeights, fusedGruCellActive, gruStep, gruStepOps, initStackWeights, setFusedGruCell,
  stackForward, stackFromReference, stackSpec, type Dims, type ReferenceLayer,
} from '@rrnn/core';
import { afterEach, describe, expect, it } from 'vitest';
import { useBackend } from '../src/index';
import { goldenFilePath, readGoldenCases } from '../../../tooling/golden-files';
import { rng } from './lm';

interface GoldenCase {
  cell: string; hiddenSize: number; sharingRate: number | number[]; layers: ReferenceLayer[];
  input: number[][][]; output: number[][][]; final: { h: number[][][] };
}
const goldenPath = goldenFilePath('RRNN_GOLDEN', 'reference-cells.json');
const golden = readGoldenCases<GoldenCase>(goldenPath, 'RRNN_GOLDEN', 'reference-cells.json').filter((c) => c.cell === 'GRU');

const values = (n: number, seed: number, scale: number) => {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => (r() * 2 - 1) * scale);
};
const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

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
  await useBackend(backend);
  const before = tf.memory().numTensors;
  const out = tf.tidy(() => {
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
  return { out, leaked: tf.memory().numTensors - before };
}

describe('fused GRU step kernels on wasm', () => {
  afterEach(() => setFusedGruCell(true));

  it('are registered for wasm, and used', async () => {
    await useBackend('wasm');
    expect(tf.getKernel(GRU_CELL, 'wasm')).toBeDefined();
    expect(tf.getKernel(GRU_CELL_GRAD, 'wasm')).toBeDefined();
    expect(fusedGruCellActive()).toBe(true);
    const { kernels } = await tf.profile(() => void tf.dispose(gruStep(tf.ones([9, 4]), tf.ones([9, 4]), tf.ones([5, 4]), { s: 3, p: 2, gates: 3, axis: 0 })));
    expect(kernels.map((k) => k.name)).toContain(GRU_CELL);
    setFusedGruCell(false);
    expect(fusedGruCellActive()).toBe(false);
  });

  it.each(DIMS)('s=%i p=%i batch=%i: h and the three gradients equal the ops (wasm and cpu) within 1e-5; no tensor leaks', async (...dims) => {
    const fused = await step('wasm', gruStep, dims);
    const opsWasm = await step('wasm', gruStepOps, dims);
    const opsCpu = await step('cpu', gruStepOps, dims);
    expect(fused.leaked).toBe(0);
    for (let k = 0; k < 4; k++) {
      expect(maxAbs(fused.out[k], opsWasm.out[k]), `output ${k} vs wasm ops`).toBeLessThan(1e-5);
      expect(maxAbs(fused.out[k], opsCpu.out[k]), `output ${k} vs cpu ops`).toBeLessThan(1e-5);
      expect(maxAbs(fused.out[k], new Float32Array(fused.out[k].length)), `output ${k} not zero`).toBeGreaterThan(1e-3);
    }
  });

  it('sigmoid and tanh hold far into their tails and near 0 (pre-activations up to ±40 and down to 1e-6)', async () => {
    for (const scale of [40, 1e-3, 1e-6]) {
      const fused = await step('wasm', gruStep, [3, 2, 7], scale);
      const ops = await step('cpu', gruStepOps, [3, 2, 7], scale);
      for (let k = 0; k < 4; k++) expect(maxAbs(fused.out[k], ops.out[k]), `scale ${scale} output ${k}`).toBeLessThan(1e-6);
    }
  });

  /** Outputs, final h and the pool/bias gradients of a 3-layer GRU stack (batch 6, 5 steps) on wasm. */
  async function stack(rate: number, fused: boolean) {
    await useBackend('wasm');
    setFusedGruCell(fused);
    const before = tf.memory().numTensors;
    const out = tf.tidy(() => {
      const spec = stackSpec({ cell: 'gru', inputSize: 6, hiddenSize: 9, numLayers: 3, sharingRates: [rate, rate, rate], outputSize: 5 });
      const w = initStackWeights(spec, { seed: 21 });
      const x = tf.tensor3d(values(6 * 5 * 6, 22, 1), [6, 5, 6]);
      const proj = tf.tensor3d(values(6 * 5 * 5, 23, 1), [6, 5, 5]);
      const vars = w.layers.flatMap((l) => [l.pool, l.bias]);
      const { grads } = tf.variableGrads(() => {
        const r = stackForward(w, x);
        return tf.add(tf.sum(tf.mul(r.outputs, proj)), tf.sum(tf.square(r.final.h[1]))) as tf.Scalar;
      }, vars);
      const r = stackForward(w, x);
      const res = [r.outputs, ...r.final.h, ...vars.map((v) => grads[v.name])].map((t) => t.dataSync().slice());
      disposeStackWeights(w);
      return res;
    });
    setFusedGruCell(true);
    return { out, leaked: tf.memory().numTensors - before };
  }

  it.each([0, 0.5, 1])('r=%s: a 3-layer stack gives the same outputs, states and gradients with the kernels on and off', async (rate) => {
    const on = await stack(rate, true);
    const off = await stack(rate, false);
    expect(on.leaked).toBe(0);
    on.out.forEach((x, k) => expect(maxAbs(x, off.out[k]), `tensor ${k}`).toBeLessThan(1e-5));
  });

  it('has golden GRU cases to replay', () => expect(golden.length).toBeGreaterThan(0));

  it.each(golden.map((c) => [c.hiddenSize, c.sharingRate, c] as const))(`golden reference GRU (${goldenPath}) H=%i r=%s: outputs and final states within 1e-4`, async (_h, _r, c) => {
    await useBackend('wasm');
    expect(fusedGruCellActive()).toBe(true);
    const rates = Array.isArray(c.sharingRate) ? c.sharingRate : c.layers.map(() => c.sharingRate as number);
    const flat = (x: number[][][]) => x.flat(2);
    const [outputs, h] = tf.tidy(() => {
      const w = stackFromReference('gru', rates, c.layers);
      const r = stackForward(w, tf.tensor3d(c.input));
      const res = [r.outputs.dataSync().slice(), r.final.h.flatMap((t) => [...t.dataSync()])];
      disposeStackWeights(w);
      return res;
    });
    expect(maxAbs(outputs, flat(c.output))).toBeLessThan(1e-4);
    expect(maxAbs(h, flat(c.final.h))).toBeLessThan(1e-4);
  });

  it('stays flat over many steps', async () => {
    await step('wasm', gruStep, [3, 2, 5]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) expect((await step('wasm', gruStep, [3, 2, 5])).leaked).toBe(0);
    expect((await stack(0.5, true)).leaked).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
  });
});
