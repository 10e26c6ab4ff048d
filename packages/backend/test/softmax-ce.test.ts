// Core's fused softmax cross-entropy kernels on wasm (our SIMD module, and with the native addon
// its AVX2 passes and the decoder's transpose-free products) against the cpu backend, which has no
// such kernels and runs core's plain ops: loss, gradients w.r.t. logits, hidden state, decoder and
// bias, on shapes that are and are not multiples of the 4- and 8-lane vectors.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { FREE_TRANSPOSE_FLAG, SOFTMAX_CE, SOFTMAX_CE_GRAD, decoderCrossEntropy, softmaxCrossEntropy } from '@rrnn/core';
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

/** wasm's two routes: the SIMD module (`blas: off`) and the native addon's passes with OpenBLAS's products. */
const ROUTES = ['off', 'openblas'] as const;

async function run(backend: 'cpu' | 'wasm', [n, H, V]: [number, number, number], blas: (typeof ROUTES)[number] = 'off') {
  if (backend === 'cpu') await useBackend('cpu');
  else await useBackend('wasm', { blas });
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

  it.each(ROUTES.flatMap((blas) => SHAPES.map((s) => [blas, ...s] as const)))('blas %s: equal the ops on cpu: n=%i H=%i V=%i (loss, dlogits, dh, ddecoder, dbias); tensor count flat', async (blas, ...shape) => {
    const cpu = await run('cpu', shape);
    const wasm = await run('wasm', shape, blas);
    expect(tf.env().getBool(FREE_TRANSPOSE_FLAG)).toBe(blas === 'openblas'); // the decoder's transpose-free products ran
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

  it.each(ROUTES)('blas %s: column sums alone equal those beside the transpose; a NaN logit makes its row NaN', async (blas) => {
    await useBackend('wasm', { blas });
    const before = tf.memory().numTensors;
    const [n, V] = [6, 21];
    const logits = random([n, V], 9, 4);
    const t = ids(n, V, 3);
    const dy = tf.scalar(0.5);
    const [lse, rows] = tf.engine().runKernel(SOFTMAX_CE, { logits, targets: t }) as tf.Tensor[];
    const full = tf.engine().runKernel(SOFTMAX_CE_GRAD, { logits, targets: t, lse, dy }, { transposed: true }) as tf.Tensor[];
    const sums = tf.engine().runKernel(SOFTMAX_CE_GRAD, { logits, targets: t, lse, dy }, { transposed: false, columnSums: true }) as tf.Tensor[];
    expect(sums.length).toBe(2);
    expect(maxAbs(sums[0].dataSync(), full[0].dataSync())).toBeLessThan(1e-7);
    expect(maxAbs(sums[1].dataSync(), full[2].dataSync())).toBeLessThan(1e-7);
    const x = logits.dataSync().slice();
    x[2 * V + 5] = NaN;
    const withNaN = tf.tensor2d(x, [n, V]);
    const [lse2, rows2] = tf.engine().runKernel(SOFTMAX_CE, { logits: withNaN, targets: t }) as tf.Tensor[];
    expect(Array.from(rows2.dataSync()).map(Number.isNaN)).toEqual([false, false, true, false, false, false]);
    tf.dispose([logits, t, dy, lse, rows, ...full, ...sums, withNaN, lse2, rows2]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('native passes: right when the kernel\'s own outputs grow the heap', async () => {
    const grads = async (blas: 'off' | 'openblas', values: Float32Array, targets: Int32Array, n: number, V: number) => {
      await useBackend('wasm', { blas });
      return tf.tidy(() => {
        const t = tf.tensor1d(targets, 'int32');
        const { value, grads: [g] } = tf.valueAndGrads((x: tf.Tensor) => softmaxCrossEntropy(x as tf.Tensor2D, t))([tf.tensor2d(values, [n, V])]);
        return { loss: value.dataSync()[0], g: g.dataSync().slice() };
      });
    };
    await useBackend('wasm', { blas: 'openblas' });
    const heap = (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.byteLength;
    const n = 16;
    const V = Math.ceil(heap / 4 / n / 2) + 8; // logits over half the heap: g cannot fit beside them without growing it
    const values = Float32Array.from({ length: n * V }, (_, i) => ((i * 2654435761) % 4001) / 1000 - 2); // a quick spread in [-2, 2]
    const targets = Int32Array.from({ length: n }, (_, i) => (i * 7919) % V);
    const native = await grads('openblas', values, targets, n, V);
    const grown = (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.byteLength;
    expect(grown).toBeGreaterThan(heap);
    const module = await grads('off', values, targets, n, V);
    expect(Math.abs(native.loss - module.loss)).toBeLessThan(1e-5 * module.loss);
    expect(maxAbs(native.g, module.g)).toBeLessThan(1e-7);
    await useBackend('wasm');
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
