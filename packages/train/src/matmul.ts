import * as tf from '@tensorflow/tfjs-core';

/**
 * `a · b` for 2-D tensors whose backward pass uses only untransposed products
 * (dA = dy · transpose(b), dB = transpose(a) · dy). tfjs' own MatMul gradient
 * multiplies with transpose flags, which the wasm backend runs about 10x slower
 * than a plain product plus an explicit transpose (measured on the decoder,
 * [700, 200] x [200, 13845]).
 */
export const plainMatMul = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [a, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => [
      tf.matMul(dy, tf.transpose(saved[1]) as tf.Tensor2D),
      tf.matMul(tf.transpose(saved[0]) as tf.Tensor2D, dy),
    ],
  };
}) as (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;
