// Slice and SplitV on wasm copy heap to heap: every block shape, rank and dtype equal to cpu,
// gradients through them equal to cpu, and no array is read out of the heap on the way.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { copyBlock } from '../src/kernels/slice';
import { useBackend } from '../src/index';

/** Every (begin, size) of a small shape's blocks along each axis, with some whole and some partial dims. */
const CASES: Array<{ shape: number[]; begin: number[]; size: number[] }> = [
  { shape: [7], begin: [2], size: [4] },
  { shape: [7], begin: [0], size: [7] },
  { shape: [4, 5], begin: [1, 0], size: [2, 5] }, // whole rows: one run
  { shape: [4, 5], begin: [1, 2], size: [3, 2] }, // strided
  { shape: [4, 5], begin: [0, 4], size: [4, 1] }, // a column
  { shape: [3, 4, 5], begin: [1, 0, 2], size: [2, 4, 3] },
  { shape: [3, 4, 5], begin: [0, 1, 0], size: [3, 2, 5] }, // inner dim whole, middle partial
  { shape: [3, 4, 5], begin: [1, 0, 0], size: [1, 4, 5] },
  { shape: [2, 3, 4, 5], begin: [1, 1, 1, 1], size: [1, 2, 3, 4] },
  { shape: [2, 3, 2, 3, 2], begin: [0, 1, 0, 1, 1], size: [2, 2, 2, 2, 1] },
  { shape: [4, 5], begin: [2, 1], size: [0, 3] }, // empty
];

const values = (n: number) => Array.from({ length: n }, (_, i) => ((i * 37) % 101) - 50 + i / 8);

async function on<T>(backend: 'cpu' | 'wasm', f: () => T): Promise<T> {
  await useBackend(backend);
  return f();
}

/** `f()` and how often it read an array out of the active backend (`readSync`; `dataSync` calls it). */
function countReads<T>(f: () => T): { value: T; reads: number } {
  const backend = tf.backend() as unknown as { readSync: (...a: unknown[]) => unknown };
  const readSync = backend.readSync;
  let reads = 0;
  backend.readSync = (...a: unknown[]) => (reads++, readSync.apply(backend, a));
  try {
    return { value: f(), reads };
  } finally {
    backend.readSync = readSync;
  }
}

describe('Slice and SplitV on wasm', () => {
  it('copyBlock matches an element-by-element slice', () => {
    for (const c of CASES) {
      const n = c.shape.reduce((a, b) => a * b, 1);
      const x = Float32Array.from(values(n));
      const out = new Float32Array(c.size.reduce((a, b) => a * b, 1));
      copyBlock(x, c.shape, c.begin, c.size, out);
      // the reference: walk every output index
      const expected: number[] = [];
      const strides = c.shape.map((_, d) => c.shape.slice(d + 1).reduce((a, b) => a * b, 1));
      const walk = (d: number, offset: number) => {
        if (d === c.shape.length) return void expected.push(x[offset]);
        for (let i = 0; i < c.size[d]; i++) walk(d + 1, offset + (c.begin[d] + i) * strides[d]);
      };
      walk(0, 0);
      expect(Array.from(out)).toEqual(expected);
    }
  });

  it('slices of every rank and dtype equal cpu, reading nothing out of the heap', async () => {
    for (const dtype of ['float32', 'int32', 'bool'] as const) {
      for (const c of CASES) {
        const n = c.shape.reduce((a, b) => a * b, 1);
        const data = dtype === 'bool' ? values(n).map((v) => (v > 0 ? 1 : 0)) : values(n).map((v) => (dtype === 'int32' ? Math.round(v) : v));
        const run = () => tf.tidy(() => Array.from(tf.slice(tf.tensor(data, c.shape, dtype), c.begin, c.size).dataSync()));
        const cpu = await on('cpu', run);
        const wasm = await on('wasm', () => {
          const x = tf.tensor(data, c.shape, dtype);
          const { value: y, reads } = countReads(() => tf.slice(x, c.begin, c.size));
          expect(reads, `${dtype} ${JSON.stringify(c)}`).toBe(0);
          expect(y.dtype).toBe(dtype);
          expect(y.shape).toEqual(c.size);
          const out = Array.from(y.dataSync());
          tf.dispose([x, y]);
          return out;
        });
        expect(wasm, `${dtype} ${JSON.stringify(c)}`).toEqual(cpu);
      }
    }
  });

  it('split along every axis equals cpu, and the gradient of concat (a split) too', async () => {
    const pieces = () => {
      const x = tf.tensor(values(3 * 4 * 6), [3, 4, 6]);
      return [0, 1, 2].flatMap((axis) => tf.split(x, axis === 2 ? [1, 3, 2] : axis === 1 ? 2 : [2, 1], axis));
    };
    const concatGrads = () => {
      const a = tf.tensor(values(12).map((v) => v / 10), [3, 4]);
      const b = tf.tensor(values(8).map((v) => v / 7), [2, 4]);
      // concat's gradient splits dy back into its inputs' shapes
      const [ga, gb] = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.mul(tf.concat([p, q], 0), tf.tensor(values(20), [5, 4]))))([a, b]);
      return [ga, gb];
    };
    const run = () => tf.tidy(() => {
      const { value, reads } = countReads(() => [...pieces(), ...concatGrads()]);
      return { reads, tensors: value.map((t) => ({ shape: t.shape, values: Array.from(t.dataSync()) })) };
    });
    const [cpu, wasm] = [await on('cpu', run), await on('wasm', run)];
    expect(wasm.tensors).toEqual(cpu.tensors);
    expect(wasm.reads).toBe(0);
  });

  it('frees what it makes: no tensor or heap buffer left over many slices', async () => {
    await useBackend('wasm');
    const x = tf.tensor(values(6 * 8), [6, 8]);
    const before = { tensors: tf.memory().numTensors, ids: tf.engine().backend.numDataIds() };
    for (let i = 0; i < 50; i++) tf.tidy(() => [tf.slice(x, [1, 2], [3, 4]), ...tf.split(x, [2, 4], 0)].forEach((t) => t.dataSync()));
    expect(tf.memory().numTensors).toBe(before.tensors);
    expect(tf.engine().backend.numDataIds()).toBe(before.ids);
    x.dispose();
  });
});
