// splitRows / stackRows: the same values and gradients as tf.split / tf.stack, on cpu and on wasm
// (where they replace a Slice kernel that copies the whole input per piece), and nothing left behind.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import './grad-setup';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { concatRows, splitRows, stackRows } from '../src/split-rows';
import { maxAbsDiff } from './util';

describe.each(['cpu', 'wasm'])('splitRows / stackRows on %s', (backend) => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('split equals tf.split along axis 0, values and gradient', async () => {
    await tf.setBackend(backend);
    const x = tf.randomNormal([9, 4], 0, 1, 'float32', 3) as tf.Tensor2D;
    const w = tf.randomNormal([9, 4], 0, 1, 'float32', 4) as tf.Tensor2D;
    const loss = (split: (t: tf.Tensor2D) => tf.Tensor2D[]) => (t: tf.Tensor) => {
      const [a, b, c] = split(tf.mul(t, w) as tf.Tensor2D);
      return tf.add(tf.sum(tf.square(a)), tf.add(tf.sum(tf.mul(b, 3)), tf.sum(tf.tanh(c)))) as tf.Scalar;
    };
    const ours = (t: tf.Tensor2D) => splitRows(t, [2, 3, 4]);
    const theirs = (t: tf.Tensor2D) => tf.split(t, [2, 3, 4], 0) as tf.Tensor2D[];
    expect(maxAbsDiff(ours(x).map((p) => p.arraySync()), theirs(x).map((p) => p.arraySync()))).toBe(0);
    const g1 = tf.grad(loss(ours))(x).arraySync();
    const g2 = tf.grad(loss(theirs))(x).arraySync();
    expect(maxAbsDiff(g1, g2)).toBeLessThan(1e-6);
    expect(splitRows(tf.tensor2d([[1, 2], [3, 4]], [2, 2], 'int32'), [1, 1]).map((p) => p.arraySync())).toEqual([[[1, 2]], [[3, 4]]]);
    tf.dispose([x, w]);
  });

  it('stack gradient equals tf.stack\'s; tensor count flat', async () => {
    await tf.setBackend(backend);
    const xs = [0, 1, 2].map((i) => tf.randomNormal([3, 2], 0, 1, 'float32', i) as tf.Tensor2D);
    const w = tf.randomNormal([3, 3, 2], 0, 1, 'float32', 7);
    const f = (stack: (ts: tf.Tensor[]) => tf.Tensor) => (...ts: tf.Tensor[]) => tf.sum(tf.square(tf.mul(stack(ts), w))) as tf.Scalar;
    const before = tf.memory().numTensors;
    for (let k = 0; k < 5; k++) {
      tf.tidy(() => {
        expect(maxAbsDiff(stackRows(xs).arraySync(), tf.stack(xs).arraySync())).toBe(0);
        const a = tf.grads(f(stackRows))(xs).map((g) => g.arraySync());
        const b = tf.grads(f((ts) => tf.stack(ts)))(xs).map((g) => g.arraySync());
        expect(maxAbsDiff(a, b)).toBeLessThan(1e-6);
      });
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([...xs, w]);
  });

  it('concatRows equals tf.concat along axis 0, values and gradient', async () => {
    await tf.setBackend(backend);
    const xs = [2, 1, 3].map((n, i) => tf.randomNormal([n, 2], 0, 1, 'float32', 10 + i) as tf.Tensor2D);
    const w = tf.randomNormal([6, 2], 0, 1, 'float32', 9);
    const f = (cat: (ts: tf.Tensor[]) => tf.Tensor) => (...ts: tf.Tensor[]) => tf.sum(tf.tanh(tf.mul(cat(ts), w))) as tf.Scalar;
    expect(maxAbsDiff(concatRows(xs).arraySync() as number[][], tf.concat(xs, 0).arraySync())).toBe(0);
    const a = tf.grads(f(concatRows))(xs).map((g) => g.arraySync());
    const b = tf.grads(f((ts) => tf.concat(ts, 0)))(xs).map((g) => g.arraySync());
    expect(maxAbsDiff(a, b)).toBeLessThan(1e-6);
    tf.dispose([...xs, w]);
  });

  it('names the mismatch when the sizes do not add up', () => {
    expect(() => splitRows(tf.zeros([4, 2]), [1, 2])).toThrow('splitRows: sizes add up to 3, but the tensor has 4 rows');
  });
});
