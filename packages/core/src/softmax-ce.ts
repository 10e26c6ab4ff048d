/**
 * Mean softmax cross-entropy `mean_i [logsumexp(x_i) - x_i[t_i]]` of logits `[n, V]` against int32
 * targets `[n]`, with the gradient written out: `(softmax(x) - onehot(t)) / n`.
 *
 * The language model's loss at the paper's sizes (n = 80 * 35, V = 10,000) works on 28M-element
 * tensors, so every pass over them counts. `logSoftmax` + a one-hot product + autodiff makes about
 * fifteen such passes and clones three of them for the backward (a copy each on wasm); the ops below
 * make about eight and save one. wasm, n = 2,800, V = 10,000, forward + backward: ~0.6-0.7 s vs
 * ~1.3-1.4 s, equal values and gradients (test/softmax-ce.test.ts).
 *
 * A backend may do better with the two kernels of kernels.ts (rrnn's wasm backend registers
 * fused ones); when the active backend has them, they are used instead of the ops.
 */
import * as tf from '@tensorflow/tfjs-core';
import { SOFTMAX_CE, SOFTMAX_CE_GRAD, type SoftmaxCEGradAttrs } from './kernels';

const hasKernels = () => {
  const backend = tf.getBackend();
  return tf.getKernel(SOFTMAX_CE, backend) != null && tf.getKernel(SOFTMAX_CE_GRAD, backend) != null;
};

function checkLogitsTargets(caller: string, logits: tf.Tensor, targets: tf.Tensor): void {
  if (logits.rank !== 2 || targets.rank !== 1 || targets.shape[0] !== logits.shape[0]) {
    throw new Error(`${caller}: logits must be [n, vocab] and targets [n], got [${logits.shape}] and [${targets.shape}]`);
  }
  if (targets.dtype !== 'int32') throw new Error(`${caller}: targets must be int32 ids, got ${targets.dtype}`);
}

/**
 * Per-row cross-entropy `logsumexp(x_i) - x_i[t_i]` of `logits [n, V]` against int32 `targets [n]`,
 * and the tensors its gradient needs (to pass to `save`, then to {@link crossEntropyGradient}).
 * Not differentiable itself: {@link softmaxCrossEntropy} is.
 */
export function crossEntropyRows(logits: tf.Tensor2D, targets: tf.Tensor1D): { rows: tf.Tensor1D; saved: tf.Tensor[] } {
  checkLogitsTargets('crossEntropyRows', logits, targets);
  const [n, V] = logits.shape;
  if (hasKernels()) {
    const [lse, rows] = tf.engine().runKernel(SOFTMAX_CE, { logits, targets }) as tf.Tensor[];
    return { rows: rows as tf.Tensor1D, saved: [logits, lse] };
  }
  const m = tf.max(logits, -1, true); // [n, 1]
  const e = tf.exp(tf.sub(logits, m)); // [n, V]
  const s = tf.sum(e, -1, true); // [n, 1]
  const lse = tf.add(tf.log(s), m); // [n, 1]
  // the target logit of each row: one gather of n values from the flat logits
  const picked = tf.gather(tf.reshape(logits, [n * V]), tf.add(tf.mul(tf.range(0, n, 1, 'int32'), tf.scalar(V, 'int32')), targets)); // [n]
  return { rows: tf.sub(tf.reshape(lse, [n]), picked) as tf.Tensor1D, saved: [e, s] };
}

/**
 * Gradient of `dy · mean_i rows_i` w.r.t. the logits: `g = (softmax(x) - onehot(t)) · dy / n`, from
 * what {@link crossEntropyRows} saved. With `transposed`, also `gᵀ [V, n]` and the column sums of
 * `g` `[V]` (what a decoder's weight and bias gradients need); with `columnSums` the sums alone.
 */
export function crossEntropyGradient(
  saved: tf.Tensor[],
  targets: tf.Tensor1D,
  dy: tf.Scalar,
  o: { transposed?: boolean; columnSums?: boolean } = {},
): { g: tf.Tensor2D; gT?: tf.Tensor2D; colSum?: tf.Tensor1D } {
  const transposed = o.transposed ?? false;
  const columnSums = !transposed && (o.columnSums ?? false);
  if (hasKernels()) {
    const [logits, lse] = saved;
    const attrs: SoftmaxCEGradAttrs = { transposed, columnSums };
    const out = tf.engine().runKernel(SOFTMAX_CE_GRAD, { logits, targets, lse, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
    if (transposed) return { g: out[0] as tf.Tensor2D, gT: out[1] as tf.Tensor2D, colSum: out[2] as tf.Tensor1D };
    return columnSums ? { g: out[0] as tf.Tensor2D, colSum: out[1] as tf.Tensor1D } : { g: out[0] as tf.Tensor2D };
  }
  const [e, s] = saved;
  const [n, V] = e.shape;
  const g = tf.mul(tf.sub(tf.div(e, s), tf.oneHot(targets, V)), tf.div(dy, n)) as tf.Tensor2D;
  if (transposed) return { g, gT: tf.transpose(g), colSum: tf.sum(g, 0) as tf.Tensor1D };
  return columnSums ? { g, colSum: tf.sum(g, 0) as tf.Tensor1D } : { g };
}

/** Mean cross-entropy of `logits [n, V]` against `targets` int32 `[n]` (differentiable w.r.t. the logits). */
export function softmaxCrossEntropy(logits: tf.Tensor2D, targets: tf.Tensor1D): tf.Scalar {
  checkLogitsTargets('softmaxCrossEntropy', logits, targets);
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, t, save] = args as [tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    const { rows, saved } = crossEntropyRows(x, t);
    save([t, ...saved]);
    return {
      value: tf.mean(rows) as tf.Scalar,
      gradFunc: (dy: tf.Tensor, s: tf.Tensor[]) => {
        const [st, ...rest] = s as [tf.Tensor1D, ...tf.Tensor[]];
        return [crossEntropyGradient(rest, st, dy as tf.Scalar).g, tf.zerosLike(st)];
      },
    };
  });
  return op(logits, targets) as tf.Scalar;
}
