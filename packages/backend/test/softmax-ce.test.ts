// Core's fused softmax cross-entropy kernels on wasm (our SIMD module) against the cpu backend,
// which has no such kernels and runs core's plain ops: loss, gradients w.r.t. logits, hidden
// state, decoder and bias, on shapes that are and are not multiples of the 4-lane vectors.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { SOFTMAX_CE, SOFTMAX_CE_GRAD, decoderCrossEntropy, softmaxCrossEntropy } from '@rrnn/core';
import { describe, expect, it } from 'vitest';
import { useBackend } from '../src/index';
import { rng } from './lm';

const random = (shape: number[], seed: number, scale = 1) => {
  const r = rng(seed);
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (r() * 2 - 1) * scale), shape, 'float32');
};
const ids = (n: number, V: number, seed: number) => {
  const r = rng(seed);
  return tf.tensor1d(Int32Array.from({ length: n }, () => Math.floor(r() * V)), 'int32');
};
const maxAbs = (a: Float32Array | Int32Array | Uint8Array, b: Float32Array | Int32Array | Uint8Array) => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

/** [n, H, V]: lane remainders 0-3 in n and V, one row, and a 10,000-class vocabulary. */
const SHAPES: Array<[number, number, number]> = [[8, 4, 12], [7, 5, 11], [5, 3, 13], [1, 2, 6], [37, 16, 1003], [9, 8, 10_000]];

async function run(backend: 'cpu' | 'wasm', [n, H, V]: [number, number, number]) {
  await useBackend(backend);
  const before = tf.memory().numTensors;
  const out = tf.tidy(() => {
    const h = random([n, H], 1) as tf.Tensor2D, d = random([V, H], 2, 3) as tf.Tensor2D, b = random([V], 3) as tf.Tensor1D;
    const t = ids(n, V, 4) as tf.Tensor1D;
    const logits = random([n, V], 5, 8) as tf.Tensor2D; // large logits: the max shift matters
    const dy = 0.7; // an upstream gradient that is not 1
    const { value: ce, grads: [gLogits] } = tf.valueAndGrads((x: tf.Tensor) => tf.mul(softmaxCrossEntropy(x as tf.Tensor2D, t), dy))([logits]);
    const { value: dce, grads: [gh, gd, gb] } = tf.valueAndGrads((x: tf.Tensor, w: tf.Tensor, c: tf.Tensor) =>
      tf.mul(decoderCrossEntropy(x as tf.Tensor2D, w as tf.Tensor2D, c as tf.Tensor1D, t), dy))([h, d, b]);
    return [ce, gLogits, dce, gh, gd, gb].map((x) => x.dataSync().slice());
  });
  return { out, leaked: tf.memory().numTensors - before };
}

describe('softmax cross-entropy kernels on wasm', () => {
  it('are registered for wasm only', async () => {
    await useBackend('wasm');
    expect(tf.getKernel(SOFTMAX_CE, 'wasm')).toBeDefined();
    expect(tf.getKernel(SOFTMAX_CE_GRAD, 'wasm')).toBeDefined();
    expect(tf.getKernel(SOFTMAX_CE, 'cpu')).toBeUndefined();
  });

  it.each(SHAPES)('equal the ops on cpu: n=%i H=%i V=%i (loss, dlogits, dh, ddecoder, dbias); tensor count flat', async (...shape) => {
    const cpu = await run('cpu', shape);
    const wasm = await run('wasm', shape);
    expect(wasm.leaked).toBe(0);
    expect(cpu.leaked).toBe(0);
    const [ce, gLogits, dce, gh, gd, gb] = wasm.out.map((w, i) => maxAbs(w, cpu.out[i]));
    expect(ce).toBeLessThan(1e-5 * Math.abs(cpu.out[0][0]));
    expect(dce).toBeLessThan(1e-5 * Math.abs(cpu.out[2][0]));
    // float32 sums in another order: within 1e-5 of each gradient's largest entry
    const scale = (i: number) => Array.from(cpu.out[i]).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    [gLogits, gh, gd, gb].forEach((g, k) => expect(g).toBeLessThan(1e-5 * scale([1, 3, 4, 5][k])));
  });

  it('stays flat over many steps', async () => {
    await run('wasm', [7, 5, 11]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) await run('wasm', [7, 5, 11]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names a target outside the vocabulary', async () => {
    await useBackend('wasm');
    const before = tf.memory().numTensors;
    const logits = tf.zeros([3, 5]) as tf.Tensor2D;
    for (const bad of [5, -1]) {
      const t = tf.tensor1d([0, bad, 2], 'int32');
      expect(() => softmaxCrossEntropy(logits, t)).toThrow(`RrnnSoftmaxCE: target ${bad} at row 1 is not a class id in [0, 5); check the vocabulary size`);
      t.dispose();
    }
    logits.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('ships modules assembled from every committed .wat (softmax_ce, lstm_cell)', () => {
    const script = fileURLToPath(new URL('../scripts/build-wasm.mjs', import.meta.url));
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});
