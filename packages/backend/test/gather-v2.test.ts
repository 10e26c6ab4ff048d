// GatherV2 on wasm against a plain-JS reference and the cpu backend: batchDims > 0 (the stock
// kernel reads wrong indices after the first batch) and plain gathers (block copies of slices).
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useBackend } from '../src/index';
import { rng } from './lm';

interface Case { name: string; xShape: number[]; idxShape: number[]; axis: number; batchDims: number }

const CASES: Case[] = [
  { name: 'pick one target per row (NLL): x [6, 9], targets [6, 1]', xShape: [6, 9], idxShape: [6, 1], axis: 1, batchDims: 1 },
  { name: 'rows of each batch: x [3, 10, 4], idx [3, 5]', xShape: [3, 10, 4], idxShape: [3, 5], axis: 1, batchDims: 1 },
  { name: 'axis past the batch dims: x [2, 5, 3], idx [2, 4], axis 2', xShape: [2, 5, 3], idxShape: [2, 4], axis: 2, batchDims: 1 },
  { name: 'two batch dims: x [2, 3, 6, 2], idx [2, 3, 4]', xShape: [2, 3, 6, 2], idxShape: [2, 3, 4], axis: 2, batchDims: 2 },
  { name: 'plain gather of short slices: x [10, 4], idx [7], batchDims 0', xShape: [10, 4], idxShape: [7], axis: 0, batchDims: 0 },
  { name: 'embedding lookup by block copies: x [50, 24], idx [3, 7]', xShape: [50, 24], idxShape: [3, 7], axis: 0, batchDims: 0 },
  { name: 'block copies below an outer axis: x [3, 10, 16], idx [2, 5], axis 1', xShape: [3, 10, 16], idxShape: [2, 5], axis: 1, batchDims: 0 },
  { name: 'slices of one element: x [12], idx [3, 4]', xShape: [12], idxShape: [3, 4], axis: 0, batchDims: 0 },
  { name: 'no indices: x [5, 3], idx [0]', xShape: [5, 3], idxShape: [0], axis: 0, batchDims: 0 },
];

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

function data(c: Case) {
  const r = rng(size(c.xShape) + c.axis);
  const x = Float32Array.from({ length: size(c.xShape) }, () => r() * 2 - 1);
  const idx = Int32Array.from({ length: size(c.idxShape) }, () => Math.floor(r() * c.xShape[c.axis]));
  return { x, idx };
}

/** out[b, o, i, s] = x[b, o, idx[b, i], s], written out with plain loops. */
function reference(c: Case, x: Float32Array, idx: Int32Array): number[] {
  const batch = size(c.xShape.slice(0, c.batchDims));
  const outer = size(c.xShape.slice(c.batchDims, c.axis));
  const dim = c.xShape[c.axis];
  const slice = size(c.xShape.slice(c.axis + 1));
  const n = idx.length / batch;
  const out: number[] = [];
  for (let b = 0; b < batch; b++) for (let o = 0; o < outer; o++) for (let i = 0; i < n; i++) for (let s = 0; s < slice; s++) {
    out.push(x[((b * outer + o) * dim + idx[b * n + i]) * slice + s]);
  }
  return out;
}

async function gatherOn(backend: 'cpu' | 'wasm', c: Case) {
  await useBackend(backend);
  const { x, idx } = data(c);
  return tf.tidy(() => {
    const y = tf.gather(tf.tensor(x, c.xShape), tf.tensor(idx, c.idxShape, 'int32'), c.axis, c.batchDims);
    return { shape: y.shape, values: Array.from(y.dataSync()) };
  });
}

describe('GatherV2 on wasm', () => {
  it.each(CASES)('equals the loop reference and cpu: $name', async (c) => {
    const { x, idx } = data(c);
    const expected = reference(c, x, idx);
    const cpu = await gatherOn('cpu', c);
    const wasm = await gatherOn('wasm', c);
    expect(cpu.values).toEqual(expected);
    expect(wasm.values).toEqual(expected);
    expect(wasm.shape).toEqual(cpu.shape);
  });

  it('has the same gradient on wasm as on cpu for batchDims 1 (UnsortedSegmentSum per batch)', async () => {
    const grad = async (backend: 'cpu' | 'wasm') => {
      await useBackend(backend);
      return tf.tidy(() => {
        const x = tf.tensor3d(Float32Array.from({ length: 3 * 6 * 2 }, (_, i) => Math.cos(i)), [3, 6, 2]);
        const idx = tf.tensor2d([[0, 5, 5], [2, 2, 2], [1, 4, 0]], [3, 3], 'int32');
        const w = tf.tensor3d(Float32Array.from({ length: 18 }, (_, i) => i + 1), [3, 3, 2]);
        return Array.from(tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, idx, 1, 1), w)))(x).dataSync());
      });
    };
    const cpu = await grad('cpu');
    const wasm = await grad('wasm');
    expect(wasm).toEqual(cpu);
    // batch 1 picks row 2 three times: its gradient is w[1] summed over picks.
    expect(wasm.slice(12 + 4, 12 + 6)).toEqual([7 + 9 + 11, 8 + 10 + 12]);
  });

  it('copies int32 and bool slices bit for bit', async () => {
    await useBackend('wasm');
    tf.tidy(() => {
      const ints = Int32Array.from({ length: 5 * 20 }, (_, i) => (i * 2654435761) | 0);
      const idx = tf.tensor1d([4, 0, 4, 2], 'int32');
      const y = tf.gather(tf.tensor2d(ints, [5, 20], 'int32'), idx);
      expect(Array.from(y.dataSync())).toEqual([4, 0, 4, 2].flatMap((r) => Array.from(ints.subarray(r * 20, r * 20 + 20))));
      const flags = Array.from({ length: 5 * 20 }, (_, i) => i % 3 === 0);
      const b = tf.gather(tf.tensor2d(flags, [5, 20], 'bool'), idx);
      expect(b.dtype).toBe('bool');
      expect(Array.from(b.dataSync())).toEqual([4, 0, 4, 2].flatMap((r) => flags.slice(r * 20, r * 20 + 20).map(Number)));
    });
  });

  it('rejects an index outside the gathered axis of a plain gather, naming it', async () => {
    await useBackend('wasm');
    const x = tf.zeros([4, 32]);
    const idx = tf.tensor1d([1, 4], 'int32');
    expect(() => tf.gather(x, idx)).toThrow('GatherV2: the index value 4 is not in [0, 3]');
    tf.dispose([x, idx]);
  });

  it('rejects an index outside the gathered axis, naming it', async () => {
    await useBackend('wasm');
    const x = tf.zeros([2, 3]);
    const idx = tf.tensor2d([[0], [3]], [2, 1], 'int32');
    expect(() => tf.gather(x, idx, 1, 1)).toThrow('GatherV2: the index value 3 is not in [0, 2]');
    tf.dispose([x, idx]);
  });

  it('keeps the tensor count flat', async () => {
    await useBackend('wasm');
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) tf.tidy(() => tf.gather(tf.ones([4, 6]), tf.zeros([4, 2], 'int32'), 1, 1).dataSync());
    expect(tf.memory().numTensors).toBe(before);
  });
});
