// softmaxCrossEntropy: the same loss and gradient as logSoftmax + one-hot product, on cpu and wasm.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import './grad-setup';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { softmaxCrossEntropy } from '../src/softmax-ce';
import { maxAbsDiff } from './util';

const reference = (x: tf.Tensor2D, t: tf.Tensor1D) =>
  tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(x), tf.oneHot(t, x.shape[1])), -1))) as tf.Scalar;

describe.each(['cpu', 'wasm'])('softmaxCrossEntropy on %s', (backend) => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('equals logSoftmax + one-hot in value and gradient; tensor count flat', async () => {
    await tf.setBackend(backend);
    const x = tf.mul(tf.randomNormal([7, 11], 0, 1, 'float32', 5), 4) as tf.Tensor2D; // large logits: stability
    const t = tf.tensor1d([0, 10, 3, 3, 7, 1, 5], 'int32');
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      expect(Math.abs(softmaxCrossEntropy(x, t).dataSync()[0] - reference(x, t).dataSync()[0])).toBeLessThan(1e-5);
      const w = tf.randomNormal([7, 11], 0, 1, 'float32', 6);
      const ours = tf.grad((v: tf.Tensor) => softmaxCrossEntropy(tf.mul(v, w) as tf.Tensor2D, t))(x).arraySync();
      const theirs = tf.grad((v: tf.Tensor) => reference(tf.mul(v, w) as tf.Tensor2D, t))(x).arraySync();
      expect(maxAbsDiff(ours, theirs)).toBeLessThan(1e-6);
    });
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, t]);
  });

  it('names wrong shapes and dtypes', async () => {
    await tf.setBackend(backend);
    expect(() => softmaxCrossEntropy(tf.zeros([2, 3]), tf.tensor1d([0], 'int32'))).toThrow('logits must be [n, vocab] and targets [n], got [2,3] and [1]');
    expect(() => softmaxCrossEntropy(tf.zeros([1, 3]), tf.tensor1d([0]))).toThrow('targets must be int32 ids, got float32');
  });
});
