/**
 * The language model's output layer and loss as one op: mean cross-entropy of
 * `logits = h · Dᵀ + b` against int32 targets, with the backward written out:
 *
 *   G  = (softmax(logits) - onehot(t)) · dy / n          [n, V]
 *   dh = G · D                                            [n, H]
 *   dD = Gᵀ · h                                           [V, H]
 *   db = Σ_rows G                                         [V]
 *
 * Why one op: autodiff of `matMul` + `add` + the loss computes the decoder's weight gradient as
 * `hᵀ · G` ([H, n] · [n, V]), whose right operand is the whole [2,800 × 10,000] gradient. On wasm,
 * XNNPACK packs that operand and then streams it once per few output rows: 2.3-2.6x slower than the
 * same FLOPs as `Gᵀ · h`, whose right operand (h, [n, H]) fits in cache. Here G is transposed once
 * instead (by the gradient kernel when the backend has one, see kernels.ts), unless the backend
 * says its products read transposed operands for free (`FREE_TRANSPOSE_FLAG`, a native BLAS):
 * then `dD = matMul(G, h, transposeA)` and nothing is transposed.
 */
import * as tf from '@tensorflow/tfjs-core';
import { FREE_TRANSPOSE_FLAG } from './kernels';
import { crossEntropyRows, crossEntropyGradient } from './softmax-ce';

/**
 * Mean cross-entropy of `h [n, H] · decoderᵀ + bias` against `targets` int32 `[n]`, where
 * `decoder` is `[V, H]` (the tied embedding, or the decoder weight). Differentiable w.r.t. `h`,
 * `decoder` and `bias`.
 */
export function decoderCrossEntropy(h: tf.Tensor2D, decoder: tf.Tensor2D, bias: tf.Tensor1D, targets: tf.Tensor1D): tf.Scalar {
  const [n, H] = h.shape;
  const [V] = decoder.shape;
  if (h.rank !== 2 || decoder.rank !== 2 || decoder.shape[1] !== H || bias.rank !== 1 || bias.shape[0] !== V || targets.rank !== 1 || targets.shape[0] !== n) {
    throw new Error(
      `decoderCrossEntropy: needs h [n, H], decoder [V, H], bias [V] and targets [n]; got h [${h.shape}], decoder [${decoder.shape}], bias [${bias.shape}], targets [${targets.shape}]`,
    );
  }
  if (targets.dtype !== 'int32') throw new Error(`decoderCrossEntropy: targets must be int32 ids, got ${targets.dtype}`);
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, d, b, t, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
    // transposes the backend's products read for free (a native BLAS): none materialized (kernels.ts)
    const freeTranspose = tf.env().getBool(FREE_TRANSPOSE_FLAG);
    // the bias added in the product's output stage (XNNPACK on wasm): no separate pass over [n, V]
    const logits = (freeTranspose ? tf.fused.matMul({ a: x, b: d, transposeB: true, bias: b }) : tf.fused.matMul({ a: x, b: tf.transpose(d) as tf.Tensor2D, bias: b })) as tf.Tensor2D; // [n, V]
    const { rows, saved } = crossEntropyRows(logits, t);
    save([x, d, t, ...saved]);
    return {
      value: tf.mean(rows) as tf.Scalar,
      gradFunc: (dy: tf.Tensor, s: tf.Tensor[]) => {
        const [sx, sd, st, ...rest] = s as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, ...tf.Tensor[]];
        const { g, gT, colSum } = crossEntropyGradient(rest, st, dy as tf.Scalar, freeTranspose ? { columnSums: true } : { transposed: true });
        const dD = freeTranspose ? tf.matMul(g, sx, true, false) : tf.matMul(gT as tf.Tensor2D, sx);
        return [tf.matMul(g, sd), dD, colSum as tf.Tensor1D, tf.zerosLike(st)];
      },
    };
  });
  return op(h, decoder, bias, targets) as tf.Scalar;
}
