import * as tf from '@tensorflow/tfjs-core';
import { crossEntropyRows, softmaxCrossEntropy } from '@rrnn/core';

/**
 * Mean cross-entropy per token: -mean_{b,t} log softmax(logits[b, t])[targets[b, t]].
 * Uses core's `softmaxCrossEntropy`, whose gradient (softmax - onehot) / n is written
 * out: about half the passes over the [batch*steps, vocab] tensors of autodiff.
 */
export function crossEntropy(logits: tf.Tensor3D /* [batch, steps, vocab] */, targets: tf.Tensor2D /* int32 [batch, steps] */): tf.Scalar {
  return tf.tidy(() => {
    const vocab = logits.shape[2];
    return softmaxCrossEntropy(tf.reshape(logits, [-1, vocab]) as tf.Tensor2D, tf.reshape(targets, [-1]) as tf.Tensor1D);
  });
}

/** Cross-entropy of every token, shape [batch, steps] (for evaluation and per-token reports). */
export function tokenCrossEntropy(logits: tf.Tensor3D, targets: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const [batch, steps, vocab] = logits.shape;
    const { rows } = crossEntropyRows(tf.reshape(logits, [-1, vocab]) as tf.Tensor2D, tf.reshape(targets, [-1]) as tf.Tensor1D);
    return tf.reshape(rows, [batch, steps]) as tf.Tensor2D;
  });
}
