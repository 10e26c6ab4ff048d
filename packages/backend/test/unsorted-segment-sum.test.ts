// UnsortedSegmentSum on wasm (our JS kernel) against the cpu backend's, on
// random data: several shapes, out-of-range and negative ids, int32 and float32.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { registerWasmKernels, useBackend } from '../src/index';
import { rng } from './lm';

interface Case { name: string; xShape: number[]; numSegments: number; dtype: 'float32' | 'int32'; idRange: [number, number] }

const CASES: Case[] = [
  { name: 'rows of an embedding gradient', xShape: [20, 16], numSegments: 9, dtype: 'float32', idRange: [0, 9] },
  { name: 'a vector', xShape: [13], numSegments: 5, dtype: 'float32', idRange: [0, 5] },
  { name: 'rank 3, 1-D ids', xShape: [7, 3, 4], numSegments: 4, dtype: 'float32', idRange: [0, 4] },
  { name: 'negative and too-large ids are dropped', xShape: [30, 3], numSegments: 4, dtype: 'float32', idRange: [-3, 7] },
  { name: 'more segments than ids', xShape: [4, 2], numSegments: 10, dtype: 'float32', idRange: [0, 3] },
  { name: 'int32 values', xShape: [25, 4], numSegments: 6, dtype: 'int32', idRange: [-1, 7] },
];

function data(c: Case, seed: number): { x: Float32Array | Int32Array; ids: Int32Array } {
  const r = rng(seed);
  const n = c.xShape.reduce((a, b) => a * b, 1);
  const m = c.xShape[0];
  const x = c.dtype === 'int32' ? Int32Array.from({ length: n }, () => Math.floor(r() * 200) - 100) : Float32Array.from({ length: n }, () => r() * 4 - 2);
  const ids = Int32Array.from({ length: m }, () => c.idRange[0] + Math.floor(r() * (c.idRange[1] - c.idRange[0])));
  return { x, ids };
}

async function segmentSum(backend: 'cpu' | 'wasm', c: Case, seed: number) {
  await useBackend(backend);
  const { x, ids } = data(c, seed);
  const out = tf.tidy(() => tf.unsortedSegmentSum(tf.tensor(x, c.xShape, c.dtype), tf.tensor1d(ids, 'int32'), c.numSegments));
  const result = { shape: out.shape, dtype: out.dtype, values: Array.from(out.dataSync()) };
  out.dispose();
  return result;
}

describe('UnsortedSegmentSum on wasm', () => {
  it('registration is idempotent', async () => {
    await useBackend('wasm'); // registers it
    expect(registerWasmKernels()).toEqual([]);
    expect(tf.getKernel('UnsortedSegmentSum', 'wasm')).toBeDefined();
  });

  for (const c of CASES) {
    it(`equals cpu: ${c.name}`, async () => {
      for (const seed of [1, 2, 3]) {
        const cpu = await segmentSum('cpu', c, seed);
        const wasm = await segmentSum('wasm', c, seed);
        expect(wasm.shape).toEqual([c.numSegments, ...c.xShape.slice(1)]);
        expect(wasm.shape).toEqual(cpu.shape);
        // cpu returns float32 even for int32 input; wasm keeps int32, as webgl and TensorFlow do.
        expect(wasm.dtype).toBe(c.dtype);
        expect(wasm.values.length).toBe(cpu.values.length);
        wasm.values.forEach((v, i) => expect(v).toBeCloseTo(cpu.values[i], 4));
        if (c.idRange[0] < 0 || c.idRange[1] > c.numSegments) {
          // Out-of-range ids occur, and exactly their rows are left out of the total.
          const { x, ids } = data(c, seed);
          const rowSize = x.length / ids.length;
          const kept = (s: number) => s >= 0 && s < c.numSegments;
          expect(Array.from(ids).some((s) => !kept(s))).toBe(true);
          const expected = Array.from(x).reduce((acc, v, i) => acc + (kept(ids[Math.floor(i / rowSize)]) ? v : 0), 0);
          expect(wasm.values.reduce((acc, v) => acc + v, 0)).toBeCloseTo(expected, 3);
        }
      }
    });
  }

  it('rejects ids that are not one per row of x, saying how to fix it', async () => {
    await useBackend('wasm');
    const x = tf.ones([5, 3, 2]);
    expect(() => tf.unsortedSegmentSum(x, tf.zeros([5, 3], 'int32') as unknown as tf.Tensor1D, 2)).toThrow(
      'segmentIds must be 1-D with one id per row of x (x [5,3,2], segmentIds [5,3])',
    );
    expect(() => tf.unsortedSegmentSum(x, tf.zeros([4], 'int32'), 2)).toThrow('one id per row of x');
    x.dispose();
  });

  it('makes the gradient of gather equal on cpu and wasm (repeated and unused rows)', async () => {
    const grad = async (backend: 'cpu' | 'wasm') => {
      await useBackend(backend);
      return tf.tidy(() => {
        const table = tf.tensor2d(Float32Array.from({ length: 8 * 3 }, (_, i) => Math.sin(i)), [8, 3]);
        const idx = tf.tensor2d([[1, 1, 4], [7, 1, 0]], [2, 3], 'int32');
        const w = tf.tensor3d(Float32Array.from({ length: 18 }, (_, i) => i - 9), [2, 3, 3]);
        return Array.from(tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, idx), w)))(table).dataSync());
      });
    };
    const cpu = await grad('cpu');
    const wasm = await grad('wasm');
    expect(wasm).toEqual(cpu);
    // Row 1 is picked three times: its gradient is the sum of those three rows of w.
    expect(wasm.slice(3, 6)).toEqual([-9 + -6 + 3, -8 + -5 + 4, -7 + -4 + 5]);
    expect(wasm.slice(6, 9)).toEqual([0, 0, 0]);
  });
});
