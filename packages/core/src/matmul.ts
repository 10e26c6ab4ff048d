/**
 * `a · b` whose forward and backward never set tfjs's transpose flags.
 *
 * tfjs's own MatMul gradient computes `dy · bᵀ` and `aᵀ · dy` with `transposeA/B`. On the wasm
 * backend a flagged product was 5-17x slower than the same product on explicitly transposed operands
 * (measured here: `[700,200]·[800,200]ᵀ` 425 ms flagged vs 25 ms with `transpose` first; per-step
 * `[800,20]·[200,20]ᵀ` 11.6 ms vs 1.5 ms). So the backward uses plain products on transposes that are
 * either known already (`known.aT`, `known.bT`, e.g. the hidden weight's transpose built once per call)
 * or made explicitly. On the cpu backend the flags cost about the same as plain products, so this
 * only adds a few transposes there.
 */
import * as tf from '@tensorflow/tfjs-core';

/** `a [m, k] · b [k, n]`, differentiable w.r.t. both; `known` gives transposes already at hand. */
export function matMulPlain(a: tf.Tensor2D, b: tf.Tensor2D, known: { aT?: tf.Tensor2D; bT?: tf.Tensor2D } = {}): tf.Tensor2D {
  // Saves only what the backward reads (tfjs clones every saved tensor, a full copy on wasm).
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, y, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    save([known.aT ?? x, known.bT ?? y]);
    return {
      value: tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sy] = saved as tf.Tensor2D[];
        const xT = known.aT ? sx : tf.transpose(sx);
        const yT = known.bT ? sy : tf.transpose(sy);
        return [tf.matMul(dy as tf.Tensor2D, yT), tf.matMul(xT, dy as tf.Tensor2D)];
      },
    };
  });
  return op(a, b) as tf.Tensor2D;
}
