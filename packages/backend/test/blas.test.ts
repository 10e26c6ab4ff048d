// The native BLAS route of the wasm backend (src/blas.ts, kernels/blas_mat_mul.ts, native/blas.c):
// every product shape tfjs hands BatchMatMul and _FusedMatMul, against wasm's own kernels, plus
// gradients, tensor hygiene, switching off and on, and the errors for bad choices and operands.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { blasChoiceInUse, blasStatus, describeBackend, loadBlas, parseBlasChoice, useBackend, useBlas } from '../src/index';

const R = (shape: number[], seed: number) => tf.randomUniform(shape, -1, 1, 'float32', seed);

/** `f` computed with OpenBLAS and with wasm's own kernels, as flat arrays with their shapes. */
async function both(f: () => tf.Tensor): Promise<{ blas: { shape: number[]; values: Float32Array }; wasm: { shape: number[]; values: Float32Array } }> {
  const run = () => tf.tidy(() => {
    const y = f();
    return { shape: y.shape, values: y.dataSync() as Float32Array };
  });
  await useBackend('wasm', { blas: 'openblas' });
  const blas = run();
  await useBackend('wasm', { blas: 'off' });
  const wasm = run();
  return { blas, wasm };
}

function expectClose(a: Float32Array, b: Float32Array, tol = 1e-5): void {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  expect(worst).toBeLessThan(tol);
}

afterAll(async () => {
  await useBackend('wasm');
});

describe('the OpenBLAS route of the wasm backend', () => {
  it('opens the system OpenBLAS and says so', async () => {
    await useBackend('wasm', { blas: 'openblas' });
    const status = blasStatus();
    expect(status).toEqual({ active: true, library: 'libopenblas.so.0', kernels: expect.any(String) });
    const kernels = (status as { kernels: string }).kernels;
    expect((await describeBackend()).blas).toBe(`libopenblas.so.0, ${kernels} kernels`);
    expect(blasChoiceInUse()).toBe('libopenblas.so.0');
    await useBackend('wasm', { blas: 'off' });
    expect(blasStatus().active).toBe(false);
    expect((await describeBackend()).blas).toBeNull();
    expect(blasChoiceInUse()).toBe('off');
  });

  const M = 7, K = 5, N = 6;
  const products: Array<[string, () => tf.Tensor]> = [
    ['[M,K] x [K,N]', () => tf.matMul(R([M, K], 1), R([K, N], 2))],
    ['transposeA', () => tf.matMul(R([K, M], 1), R([K, N], 2), true, false)],
    ['transposeB', () => tf.matMul(R([M, K], 1), R([N, K], 2), false, true)],
    ['both transposed', () => tf.matMul(R([K, M], 1), R([N, K], 2), true, true)],
    ['batched [3,M,K] x [3,K,N]', () => tf.matMul(R([3, M, K], 1), R([3, K, N], 2))],
    ['batched, transposed', () => tf.matMul(R([3, K, M], 1), R([3, N, K], 2), true, true)],
    ['b broadcast over a batch', () => tf.matMul(R([3, M, K], 1), R([K, N], 2))],
    ['a broadcast over b batch', () => tf.matMul(R([M, K], 1), R([4, K, N], 2))],
    ['rank 4 [2,3,M,K] x [2,3,K,N]', () => tf.matMul(R([2, 3, M, K], 1), R([2, 3, K, N], 2))],
    ['broadcast batch dims [2,1] x [3] (wasm runs it)', () => tf.matMul(R([2, 1, M, K], 1), R([3, K, N], 2))],
    ['the decoder [280,200] x [1000,200]^T', () => tf.matMul(R([280, 200], 1), R([1000, 200], 2), false, true)],
    ['empty rows', () => tf.matMul(R([0, K], 1), R([K, N], 2))],
    ['empty inner dimension', () => tf.matMul(tf.zeros([M, 0]), tf.zeros([0, N]))],
    ['fused, row bias', () => tf.fused.matMul({ a: R([M, K], 1), b: R([K, N], 2), bias: R([N], 3) })],
    ['fused, row bias, transposed', () => tf.fused.matMul({ a: R([K, M], 1), b: R([N, K], 2), bias: R([N], 3), transposeA: true, transposeB: true })],
    ['fused, column bias', () => tf.fused.matMul({ a: R([M, K], 1), b: R([K, N], 2), bias: R([M, 1], 3) })],
    ['fused, full bias, batched', () => tf.fused.matMul({ a: R([2, M, K], 1), b: R([2, K, N], 2), bias: R([M, N], 3) })],
    ['fused, relu (wasm activation after the product)', () => tf.fused.matMul({ a: R([M, K], 1), b: R([K, N], 2), bias: R([N], 3), activation: 'relu' })],
  ];
  it.each(products)('%s equals wasm\'s own product', async (_name, f) => {
    const { blas, wasm } = await both(f);
    expect(blas.shape).toEqual(wasm.shape);
    expectClose(blas.values, wasm.values);
  });

  it('gradients through matMul and the fused product equal wasm\'s own', async () => {
    const { blas, wasm } = await both(() => {
      const a = R([4, M, K], 1), b = R([K, N], 2), bias = R([N], 3);
      const loss = (x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) => tf.sum(tf.square(tf.fused.matMul({ a: tf.reshape(x, [4 * M, K]), b: y, bias: z }))) as tf.Scalar;
      const g = tf.grads(loss)([a, b, bias]);
      return tf.concat(g.map((t) => tf.reshape(t, [-1])));
    });
    expectClose(blas.values, wasm.values, 1e-4);
  });

  it('leaves no tensors behind over many products', async () => {
    await useBackend('wasm', { blas: 'openblas' });
    const a = R([20, 30], 1), b = R([30, 10], 2), bias = R([10], 3);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) tf.tidy(() => tf.sum(tf.fused.matMul({ a, b, bias })).dataSync());
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([a, b, bias]);
  });

  it('switching on twice wraps wasm\'s kernels once, and off puts them back', async () => {
    const first = await both(() => tf.matMul(R([M, K], 1), R([K, N], 2)));
    useBlas('openblas');
    useBlas('openblas');
    await useBackend('wasm', { blas: 'off' });
    const again = await both(() => tf.matMul(R([M, K], 1), R([K, N], 2)));
    expect(Array.from(again.wasm.values)).toEqual(Array.from(first.wasm.values));
    expect(Array.from(again.blas.values)).toEqual(Array.from(first.blas.values));
  });

  it('a library that does not load is an error naming it and the fix', () => {
    expect(() => useBlas('/nonexistent/libnothing.so')).toThrow(/\/nonexistent\/libnothing\.so.*install OpenBLAS \(apt-get install libopenblas0-pthread\) or use blas: off/);
    expect(() => useBlas('/lib/x86_64-linux-gnu/libc.so.6')).toThrow(/no cblas_sgemm/);
  });

  it('bad choices name the choices, and RRNN_BLAS names itself', async () => {
    expect(() => parseBlasChoice('fast')).toThrow(/unknown BLAS choice 'fast': use auto, off, openblas/);
    expect(parseBlasChoice(' off ')).toBe('off');
    expect(parseBlasChoice('libopenblas.so.0')).toBe('libopenblas.so.0');
    process.env.RRNN_BLAS = 'fast';
    try {
      await expect(useBackend('wasm')).rejects.toThrow(/RRNN_BLAS=fast: unknown BLAS choice/);
    } finally {
      delete process.env.RRNN_BLAS;
    }
  });

  // OpenBLAS reads OPENBLAS_CORETYPE once, as it loads: each case needs a fresh process
  const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
  const kernelsWith = (core: string) => execFileSync(process.execPath, ['--input-type=module', '-e',
    `const b = await import(${JSON.stringify(dist)}); console.log(b.loadBlas('openblas').status.kernels)`],
  { env: { ...process.env, OPENBLAS_CORETYPE: core }, encoding: 'utf8' }).trim();
  it('names the kernels OpenBLAS runs', () => {
    expect(kernelsWith('Haswell')).toBe('Haswell');
    expect(kernelsWith('Sandybridge')).toBe('Sandybridge');
  });

  it('the addon refuses operands outside the heap', () => {
    const { addon } = loadBlas('openblas');
    if (!addon) throw new Error('addon missing');
    const heap = new ArrayBuffer(64);
    expect(() => addon.sgemm(heap, false, false, 4, 4, 4, 0, 0, 64, 1, 0, 0, 0, -1)).toThrow(/outside the heap/);
    expect(() => addon.sgemm(heap, false, false, 2, 2, 2, 2, 0, 32, 1, 0, 0, 0, -1)).toThrow(/outside the heap/); // unaligned
    // the softmax cross-entropy passes: 4 x 4 logits (64 bytes) fill the heap; outputs past its end
    expect(() => addon.rowMaxSumExp(heap, 0, 4, 4, 56, 0)).toThrow(/softmax cross-entropy operands lie outside the heap/);
    expect(() => addon.softmaxGrad(heap, 0, 4, 4, 0, 1, 64, -1)).toThrow(/outside the heap/);
    expect(() => addon.softmaxGrad(heap, 0, 2, 2, 16, 1, 32, 62)).toThrow(/outside the heap/); // colSum unaligned
    const ok = new Float32Array(16); // x [2, 2] at 0, max at 16, sum at 24
    ok.set([0, Math.log(3)], 0);
    ok.set([1, 1], 2);
    addon.rowMaxSumExp(ok.buffer, 0, 2, 2, 16, 24);
    expect(Array.from(ok.subarray(4, 8)).map((v) => Number(v.toFixed(5)))).toEqual([1.09861, 1, 1.33333, 2]);
    const f = new Float32Array(heap);
    f.set([1, 2, 3, 4], 0); // A = [[1,2],[3,4]]
    f.set([1, 0, 0, 1], 4); // B = I
    addon.sgemm(heap, false, false, 2, 2, 2, 0, 16, 32, 1, 0, 0, 0, -1);
    expect(Array.from(f.slice(8, 12))).toEqual([1, 2, 3, 4]);
  });
});
