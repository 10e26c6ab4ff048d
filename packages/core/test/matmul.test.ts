import '@tensorflow/tfjs-backend-cpu';
import './grad-setup';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { matMulPlain } from '../src';
import { maxAbsDiff } from './util';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

it('matMulPlain equals tf.matMul in value and gradients, with or without known transposes', () => {
  const a = tf.randomNormal([4, 3], 0, 1, 'float32', 1) as tf.Tensor2D;
  const b = tf.randomNormal([3, 5], 0, 1, 'float32', 2) as tf.Tensor2D;
  const r = tf.randomNormal([4, 5], 0, 1, 'float32', 3);
  const loss = (f: (x: tf.Tensor2D, y: tf.Tensor2D) => tf.Tensor) => (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.square(f(x as tf.Tensor2D, y as tf.Tensor2D)), r));
  const want = tf.grads(loss((x, y) => tf.matMul(x, y)))([a, b]).map((t) => t.arraySync() as number[][]);
  for (const known of [{}, { aT: tf.transpose(a) }, { bT: tf.transpose(b) }, { aT: tf.transpose(a), bT: tf.transpose(b) }]) {
    expect(maxAbsDiff(matMulPlain(a, b, known).arraySync(), tf.matMul(a, b).arraySync())).toBe(0);
    const got = tf.grads(loss((x, y) => matMulPlain(x, y, known)))([a, b]).map((t) => t.arraySync() as number[][]);
    expect(maxAbsDiff(got, want)).toBeLessThan(1e-5);
  }
});
