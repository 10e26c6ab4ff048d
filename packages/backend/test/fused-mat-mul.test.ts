// tf.fused.matMul on wasm (stock kernel where it is right, ours where it is
// not) against cpu: every transpose, bias shape and activation.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { registerWasmKernels, useBackend } from '../src/index';

type Act = 'linear' | 'relu' | 'relu6' | 'elu' | 'sigmoid' | 'leakyrelu' | 'prelu';
interface Case { ta: boolean; tb: boolean; bias: 'none' | 'row' | 'column' | 'full'; act: Act; batch?: number; bBatch?: number }

const M = 5, K = 4, N = 3;
const R = (shape: number[], seed: number) => tf.randomUniform(shape, -1, 1, 'float32', seed);

function fused(c: Case): tf.Tensor {
  const lead = c.batch ? [c.batch] : [];
  const a = R([...lead, ...(c.ta ? [K, M] : [M, K])], 1);
  const b = R([...(c.bBatch ? [c.bBatch] : lead), ...(c.tb ? [N, K] : [K, N])], 2);
  const bias = c.bias === 'none' ? undefined : R(c.bias === 'row' ? [N] : c.bias === 'column' ? [M, 1] : [M, N], 3);
  const preluActivationWeights = c.act === 'prelu' ? R([N], 4) : undefined;
  return tf.fused.matMul({ a, b, transposeA: c.ta, transposeB: c.tb, bias, activation: c.act, preluActivationWeights, leakyreluAlpha: 0.3 });
}

async function on(backend: 'cpu' | 'wasm', c: Case): Promise<{ shape: number[]; values: number[] }> {
  await useBackend(backend);
  return tf.tidy(() => {
    const y = fused(c);
    return { shape: y.shape, values: Array.from(y.dataSync()) };
  });
}

const CASES: Case[] = [];
for (const ta of [false, true]) for (const tb of [false, true]) for (const bias of ['none', 'row', 'column', 'full'] as const) CASES.push({ ta, tb, bias, act: 'linear' });
for (const act of ['relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu', 'prelu'] as const) CASES.push({ ta: false, tb: true, bias: 'row', act }, { ta: false, tb: false, bias: 'row', act });
CASES.push(
  { ta: true, tb: true, bias: 'row', act: 'sigmoid', batch: 2 },
  { ta: false, tb: false, bias: 'row', act: 'relu', batch: 3 },
  { ta: false, tb: false, bias: 'column', act: 'linear', batch: 3 },
  { ta: false, tb: false, bias: 'none', act: 'relu', batch: 3 },
  { ta: true, tb: false, bias: 'none', act: 'sigmoid', batch: 2 },
  { ta: false, tb: false, bias: 'row', act: 'linear', batch: 3, bBatch: 1 },
  { ta: false, tb: true, bias: 'none', act: 'linear', batch: 3, bBatch: 1 },
);

describe('_FusedMatMul on wasm', () => {
  it('replacing it is idempotent', async () => {
    await useBackend('wasm');
    expect(registerWasmKernels()).toEqual([]);
  });

  it.each(CASES)('equals cpu: transposeA=$ta transposeB=$tb bias=$bias activation=$act batch=$batch/$bBatch', async (c) => {
    const cpu = await on('cpu', c);
    const wasm = await on('wasm', c);
    expect(wasm.shape).toEqual(cpu.shape);
    wasm.values.forEach((v, i) => expect(Math.abs(v - cpu.values[i])).toBeLessThan(1e-5));
  });

  it('equals matMul + add on wasm for the rnn input projection (x . Wᵀ + b), and its gradients match cpu', async () => {
    const run = async (backend: 'cpu' | 'wasm') => {
      await useBackend(backend);
      return tf.tidy(() => {
        const x = R([12, 6], 5), w = R([8, 6], 6), b = R([8], 7);
        const f = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.sigmoid(tf.fused.matMul({ a: xx as tf.Tensor2D, b: ww as tf.Tensor2D, transposeB: true, bias: bb })));
        const fused = tf.fused.matMul({ a: x, b: w, transposeB: true, bias: b }).dataSync();
        const plain = tf.add(tf.matMul(x, w, false, true), b).dataSync();
        const grads = tf.grads(f)([x, w, b]).map((g) => Array.from(g.dataSync()));
        return { fused: Array.from(fused), plain: Array.from(plain), grads };
      });
    };
    const cpu = await run('cpu');
    const wasm = await run('wasm');
    wasm.fused.forEach((v, i) => expect(Math.abs(v - wasm.plain[i])).toBeLessThan(1e-5));
    wasm.grads.forEach((g, j) => g.forEach((v, i) => expect(Math.abs(v - cpu.grads[j][i])).toBeLessThan(1e-5)));
  });

  it('keeps the tensor count flat', async () => {
    await useBackend('wasm');
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) tf.tidy(() => fused({ ta: true, tb: true, bias: 'column', act: 'sigmoid' }).dataSync());
    expect(tf.memory().numTensors).toBe(before);
  });
});
