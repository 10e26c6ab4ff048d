import * as tf from '@tensorflow/tfjs-core';

/**
 * Global-norm gradient clipping, as `torch.nn.utils.clip_grad_norm_`:
 * norm = sqrt(sum_i ||g_i||^2); if norm > maxNorm every gradient is scaled by
 * maxNorm / (norm + 1e-6). `maxNorm <= 0` disables clipping.
 *
 * Call inside `tf.tidy`; returns new tensors (same keys) and the norm before clipping.
 */
export function clipByGlobalNorm(
  grads: tf.NamedTensorMap,
  maxNorm: number,
): { grads: tf.NamedTensorMap; norm: tf.Scalar } {
  const { scale, norm } = clipScale(grads, maxNorm);
  if (!scale) return { grads, norm };
  const clipped: tf.NamedTensorMap = {};
  for (const k of Object.keys(grads)) clipped[k] = tf.mul(grads[k], scale);
  return { grads: clipped, norm };
}

/**
 * The factor {@link clipByGlobalNorm} multiplies every gradient by, `min(1, maxNorm / (norm + 1e-6))`,
 * without applying it (none when `maxNorm <= 0`), for an optimizer step that folds it in. Call inside `tf.tidy`.
 */
export function clipScale(grads: tf.NamedTensorMap, maxNorm: number): { scale?: tf.Scalar; norm: tf.Scalar } {
  const squares = Object.keys(grads).map((k) => tf.sum(tf.square(grads[k])));
  const norm = tf.sqrt(tf.addN(squares)) as tf.Scalar;
  if (!(maxNorm > 0)) return { norm };
  return { scale: tf.minimum(tf.scalar(1), tf.div(tf.scalar(maxNorm), tf.add(norm, 1e-6))) as tf.Scalar, norm };
}
