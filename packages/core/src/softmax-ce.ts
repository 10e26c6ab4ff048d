/**
 * Mean softmax cross-entropy `mean_i [logsumexp(x_i) - x_i[t_i]]` of logits `[n, V]` against int32
 * targets `[n]`, with the gradient written out: `(softmax(x) - onehot(t)) / n`.
 *
 * The language model's loss at the paper's sizes (n = 80 * 35, V = 10,000) works on 28M-element
 * tensors, so every pass over them counts. `logSoftmax` + a one-hot product + autodiff makes about
 * fifteen such passes and clones three of them for the backward (a copy each on wasm); this makes
 * about eight and saves one. wasm, n = 2,800, V = 10,000, forward + backward: ~0.6-0.7 s vs ~1.3-1.4 s, equal
 * values and gradients (test/softmax-ce.test.ts).
 */
import * as tf from '@tensorflow/tfjs-core';

/** Mean cross-entropy of `logits [n, V]` against `targets` int32 `[n]` (differentiable w.r.t. the logits). */
export function softmaxCrossEntropy(logits: tf.Tensor2D, targets: tf.Tensor1D): tf.Scalar {
  const [n, V] = logits.shape;
  if (logits.rank !== 2 || targets.rank !== 1 || targets.shape[0] !== n) {
    throw new Error(`softmaxCrossEntropy: logits must be [n, vocab] and targets [n], got [${logits.shape}] and [${targets.shape}]`);
  }
  if (targets.dtype !== 'int32') throw new Error(`softmaxCrossEntropy: targets must be int32 ids, got ${targets.dtype}`);
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, t, save] = args as [tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    const m = tf.max(x, -1, true); // [n, 1]
    const e = tf.exp(tf.sub(x, m)); // [n, V]
    const s = tf.sum(e, -1, true); // [n, 1]
    const lse = tf.add(tf.log(s), m); // [n, 1]
    // the target logit of each row: one gather of n values from the flat logits
    const picked = tf.gather(tf.reshape(x, [n * V]), tf.add(tf.mul(tf.range(0, n, 1, 'int32'), tf.scalar(V, 'int32')), t)); // [n]
    save([e, s, t]);
    return {
      value: tf.mean(tf.sub(tf.reshape(lse, [n]), picked)) as tf.Scalar,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [se, ss, st] = saved;
        const g = tf.mul(tf.sub(tf.div(se, ss), tf.oneHot(st as tf.Tensor1D, V)), tf.div(dy, n));
        return [g, tf.zerosLike(st)];
      },
    };
  });
  return op(logits, targets) as tf.Scalar;
}
