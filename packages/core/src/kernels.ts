/**
 * Two kernels a backend may register to fuse the softmax cross-entropy (@rrnn/backend registers
 * them for wasm). When the active backend has both, `softmaxCrossEntropy` and `decoderCrossEntropy`
 * run them instead of the tfjs ops; otherwise the ops compute the same values.
 *
 * `RrnnSoftmaxCE`: inputs `{ logits: float32 [n, V], targets: int32 [n] }`; outputs
 * `[lse, rows]`, both float32 `[n]`: `lse_i = log Σ_j exp(logits_ij)` and
 * `rows_i = lse_i - logits_i,targets_i`.
 *
 * `RrnnSoftmaxCEGrad`: inputs `{ logits [n, V], targets [n], lse [n], dy: float32 scalar }`,
 * attrs {@link SoftmaxCEGradAttrs}; outputs `[g]` with `g = (exp(logits - lse) - onehot(targets)) · dy / n`
 * `[n, V]`, or with `transposed` `[g, gᵀ [V, n], Σ_rows g [V]]`.
 */

/** Kernel name: per-row log-sum-exp and cross-entropy of logits `[n, V]`. */
export const SOFTMAX_CE = 'RrnnSoftmaxCE';
/** Kernel name: the gradient of the mean cross-entropy w.r.t. the logits (and its transpose and column sums). */
export const SOFTMAX_CE_GRAD = 'RrnnSoftmaxCEGrad';

/** Attributes of `RrnnSoftmaxCEGrad`. */
export interface SoftmaxCEGradAttrs {
  /** Also return `gᵀ [V, n]` and the column sums of `g` `[V]`. */
  transposed: boolean;
}
