// softmaxCrossEntropy and decoderCrossEntropy: the same loss and gradients as logSoftmax + one-hot
// product (and autodiff of the decoder's matMul + add), on cpu and wasm.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import './grad-setup';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { decoderCrossEntropy } from '../src/decoder-ce';
import { FREE_TRANSPOSE_FLAG } from '../src/kernels';
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

  // free transposes only on cpu: stock wasm's fused product adds the bias wrongly under transposeB
  // (@rrnn/backend's wasm kernels fix it, and only that backend sets the flag; its tests cover it)
  it.each(backend === 'cpu' ? [false, true] : [false])('decoderCrossEntropy (free transposes: %s) equals matMul + add + logSoftmax in value and every gradient; tensor count flat', async (free) => {
    await tf.setBackend(backend);
    tf.env().set(FREE_TRANSPOSE_FLAG, free); // true: transposeB / transposeA products and the column sums alone
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const [n, H, V] = [6, 5, 13];
      const h = tf.randomNormal([n, H], 0, 1, 'float32', 7) as tf.Tensor2D;
      const d = tf.randomNormal([V, H], 0, 2, 'float32', 8) as tf.Tensor2D;
      const b = tf.randomNormal([V], 0, 1, 'float32', 9) as tf.Tensor1D;
      const t = tf.tensor1d([12, 0, 4, 4, 9, 1], 'int32');
      const f = (x: tf.Tensor, w: tf.Tensor, c: tf.Tensor) => tf.mul(decoderCrossEntropy(x as tf.Tensor2D, w as tf.Tensor2D, c as tf.Tensor1D, t), 0.3);
      const g = (x: tf.Tensor, w: tf.Tensor, c: tf.Tensor) =>
        tf.mul(reference(tf.add(tf.matMul(x, w, false, true), c) as tf.Tensor2D, t), 0.3);
      const ours = tf.valueAndGrads(f)([h, d, b]);
      const theirs = tf.valueAndGrads(g)([h, d, b]);
      expect(Math.abs(ours.value.dataSync()[0] - theirs.value.dataSync()[0])).toBeLessThan(1e-5);
      ours.grads.forEach((x, i) => expect(maxAbsDiff(x.arraySync(), theirs.grads[i].arraySync())).toBeLessThan(1e-5));
    });
    tf.env().set(FREE_TRANSPOSE_FLAG, false);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names wrong shapes and dtypes', async () => {
    await tf.setBackend(backend);
    expect(() => softmaxCrossEntropy(tf.zeros([2, 3]), tf.tensor1d([0], 'int32'))).toThrow('logits must be [n, vocab] and targets [n], got [2,3] and [1]');
    expect(() => softmaxCrossEntropy(tf.zeros([1, 3]), tf.tensor1d([0]))).toThrow('targets must be int32 ids, got float32');
    expect(() => decoderCrossEntropy(tf.zeros([2, 4]), tf.zeros([9, 3]), tf.zeros([9]), tf.tensor1d([0, 1], 'int32'))).toThrow(
      'decoderCrossEntropy: needs h [n, H], decoder [V, H], bias [V] and targets [n]; got h [2,4], decoder [9,3], bias [9], targets [2]',
    );
    expect(() => decoderCrossEntropy(tf.zeros([2, 3]), tf.zeros([9, 3]), tf.zeros([9]), tf.tensor1d([0, 1]))).toThrow('decoderCrossEntropy: targets must be int32 ids, got float32');
  });
});
