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
 * `[n, V]`, or with `transposed` `[g, gᵀ [V, n], Σ_rows g [V]]`, or with `columnSums` `[g, Σ_rows g]`.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AleaState } from './dropout-mask-loops';

/** Kernel name: per-row log-sum-exp and cross-entropy of logits `[n, V]`. */
export const SOFTMAX_CE = 'RrnnSoftmaxCE';
/** Kernel name: the gradient of the mean cross-entropy w.r.t. the logits (and its transpose and column sums). */
export const SOFTMAX_CE_GRAD = 'RrnnSoftmaxCEGrad';

/** Attributes of `RrnnSoftmaxCEGrad`. */
export interface SoftmaxCEGradAttrs {
  /** Also return `gᵀ [V, n]` and the column sums of `g` `[V]`: outputs `[g, gᵀ, colSum]`. */
  transposed: boolean;
  /** Without `transposed`: also return the column sums of `g` `[V]`: outputs `[g, colSum]`. */
  columnSums?: boolean;
}

/**
 * A tfjs environment flag (boolean, default false) that a backend sets when its `matMul` reads a
 * transposed operand at no extra cost (rrnn's wasm backend multiplying with a native BLAS):
 * `decoderCrossEntropy` then multiplies by `Dᵀ` and `Gᵀ` through `transposeB` / `transposeA`
 * instead of materializing them. A performance hint only: either way computes the same values.
 */
export const FREE_TRANSPOSE_FLAG = 'RRNN_FREE_TRANSPOSE';
tf.env().registerFlag(FREE_TRANSPOSE_FLAG, () => false);

/**
 * Two kernels a backend may register to fuse one LSTM time step on the fast path's unit-major
 * layout (units on axis 0, `[units, batch]`). `lstmStep` runs them, with their gradient, when the
 * active backend has both; core registers plain-loop versions for `cpu` (lstm-cell-loops.ts) and
 * @rrnn/backend a wasm SIMD module for `wasm`. Otherwise tfjs ops compute the same values.
 *
 * Layout, with `H = s + p` and `b` the batch: `pre` `[s + 4p, b]` holds the shared units' rows
 * (one pre-activation for all four gates) then `p` private rows for each gate i, f, g, o; gate k's
 * `H` units are the shared rows followed by its own private rows. At `p = 0` (r = 1) `pre` is
 * `[H, b]` and i = f = o = sig(pre), g = tanh(pre).
 *
 * `RrnnLstmCell`: inputs `{ pre: float32 [s + 4p, b], c: float32 [H, b] }`, attrs {@link LstmCellAttrs};
 * outputs `[hc, act]`: `hc` `[2H, b]` holds `h = o·tanh(cNext)` in rows `[0, H)` and
 * `cNext = f·c + i·g` in rows `[H, 2H)` (one tensor, so one differentiable output; callers split it
 * with `splitRows`), and `act` `[2s + 4p + H, b]` ({@link lstmActRows}), the activations the
 * gradient reads instead of recomputing them: `sig(pre_shared)` (s rows), `tanh(pre_shared)`
 * (s rows), the private gates i, f, g, o activated (p rows each; g by tanh, the others by sigmoid),
 * then `tanh(cNext)` (H rows). `act` is not an output of the differentiable op (core saves it for
 * the gradient): were it one, tfjs would build a zero gradient of its size for every step.
 *
 * `RrnnLstmCellGrad`: inputs `{ dhc: [2H, b] (the gradient w.r.t. hc: dh rows, then dcNext rows),
 * c: [H, b] (the previous cell state), act }`, attrs {@link LstmCellAttrs}; outputs `[dpre, dcPrev]`,
 * `dpre` `[s + 4p, b]` in the compact layout (a shared row gets the SUM of the four gates'
 * gradients for that unit) and `dcPrev = dc_total · f` `[H, b]`.
 */

/** Kernel name: one fused LSTM step (activations, new cell state and output). */
export const LSTM_CELL = 'RrnnLstmCell';
/** Kernel name: the gradient of {@link LSTM_CELL} w.r.t. its pre-activation and previous cell state. */
export const LSTM_CELL_GRAD = 'RrnnLstmCellGrad';

/** Attributes of `RrnnLstmCell` and `RrnnLstmCellGrad`: shared and private unit counts (`H = s + p`). */
export interface LstmCellAttrs {
  /** Shared units. */
  s: number;
  /** Private units per gate. */
  p: number;
}

/** Rows of `RrnnLstmCell`'s saved activations `act`: `2s + 4p + (s + p)`. */
export const lstmActRows = (s: number, p: number): number => 2 * s + 4 * p + s + p;

/**
 * Checks a fused-step kernel's inputs (`pre`, `c`, `dhc`, `act`, whichever are given) against
 * `{ s, p }`: float32, rank 2, the contract's row counts and one batch; returns the batch. For
 * backends implementing the kernels.
 */
export function checkLstmCellInputs(kernel: string, attrs: LstmCellAttrs, inputs: Record<string, { dtype: string; shape: number[] } | undefined>): number {
  const { s, p } = attrs;
  const H = s + p;
  return checkRows(kernel, attrs, inputs, { pre: s + 4 * p, c: H, dhc: 2 * H, act: lstmActRows(s, p) });
}

function checkRows(
  kernel: string, { s, p }: LstmCellAttrs, inputs: Record<string, { dtype: string; shape: number[] } | undefined>, want: Record<string, number>,
): number {
  let batch = -1;
  for (const [name, t] of Object.entries(inputs)) {
    const ok = t != null && t.dtype === 'float32' && t.shape.length === 2 && t.shape[0] === want[name] && (batch < 0 || t.shape[1] === batch);
    if (!ok) {
      throw new Error(`${kernel}: ${name} must be float32 [${want[name]}, batch] (s = ${s}, p = ${p}), got ${t ? `${t.dtype} [${t.shape}]` : 'none'}`);
    }
    batch = t.shape[1];
  }
  return batch;
}

/**
 * Two kernels a backend may register to fuse one GRU time step on the same unit-major layout.
 * `gruStep` runs them, with their gradient, when the active backend has both (core's loops on
 * `cpu`, gru-cell-loops.ts; @rrnn/backend's wasm SIMD module on `wasm`); otherwise tfjs ops.
 *
 * Layout, with `H = s + p` and `b` the batch: `ax` and `ah` (the input and hidden pre-activations,
 * biases included) are each `[s + 3p, b]`, the shared rows then `p` private rows for each gate
 * r, z, n; gate k's `H` units are the shared rows followed by its own private rows. At `p = 0`
 * (r = 1) they are `[H, b]` and every gate reads the same rows. The step:
 * `r = sig(ax_r + ah_r)`, `z = sig(ax_z + ah_z)`, `n = tanh(ax_n + r·ah_n)`, `h' = n + z·(h - n)`.
 *
 * `RrnnGruCell`: inputs `{ ax, ah: float32 [s + 3p, b], h: float32 [H, b] }`, attrs {@link GruCellAttrs};
 * outputs `[hNext, act]`: `hNext` `[H, b]` and `act` `[s + 2p + H, b]` ({@link gruActRows}), the
 * activations the gradient reads instead of recomputing them: `sig(ax_s + ah_s)` (s rows: r = z on
 * the shared units), the private r and z (p rows each), then `n` (H rows). As with the LSTM, `act`
 * is saved by core's custom gradient, never an output of the differentiable op, so `hNext` is the
 * op's one output.
 *
 * `RrnnGruCellGrad`: inputs `{ dh: [H, b] (the gradient w.r.t. hNext), ah, h, act }`, attrs
 * {@link GruCellAttrs}; outputs `[dax, dah, dhPrev]`: `dax` and `dah` `[s + 3p, b]` in the compact
 * layout (a shared row gets the SUM over the three gates of the gradients for that unit, for `ax`
 * and for `ah` separately; they differ only in the n rows, `dah_n = dax_n·r`) and `dhPrev = dh·z`
 * `[H, b]` (the direct path only: the path through `ah` is the caller's matMul).
 */

/** Kernel name: one fused GRU step (gates, candidate and new hidden state). */
export const GRU_CELL = 'RrnnGruCell';
/** Kernel name: the gradient of {@link GRU_CELL} w.r.t. `ax`, `ah` and the previous `h`. */
export const GRU_CELL_GRAD = 'RrnnGruCellGrad';

/** Attributes of `RrnnGruCell` and `RrnnGruCellGrad`: shared and private unit counts (`H = s + p`). */
export type GruCellAttrs = LstmCellAttrs;

/** Rows of `RrnnGruCell`'s saved activations `act`: `s + 2p + (s + p)`. */
export const gruActRows = (s: number, p: number): number => s + 2 * p + s + p;

/**
 * Checks a fused GRU kernel's inputs (`ax`, `ah`, `h`, `dh`, `act`, whichever are given) against
 * `{ s, p }`: float32, rank 2, the contract's row counts and one batch; returns the batch.
 */
export function checkGruCellInputs(kernel: string, attrs: GruCellAttrs, inputs: Record<string, { dtype: string; shape: number[] } | undefined>): number {
  const { s, p } = attrs;
  return checkRows(kernel, attrs, inputs, { ax: s + 3 * p, ah: s + 3 * p, h: s + p, dh: s + p, act: gruActRows(s, p) });
}

/**
 * Two kernels a backend may register to fuse the RNN step's activation and its gradient. `rnnStep`
 * runs them, with their gradient, when the active backend has both (core's loops on `cpu`,
 * rnn-cell-loops.ts; @rrnn/backend's wasm SIMD module on `wasm`); otherwise `tf.tanh`, whose
 * gradient is three more kernels (square, subtract, multiply).
 *
 * `RrnnRnnCell`: inputs `{ pre: float32 [rows, b] }`, no attrs; outputs `[h]`, `h = tanh(pre)`.
 * `RrnnRnnCellGrad`: inputs `{ dh: float32 [rows, b], act: float32 [rows, b] (the forward's h,
 * saved by core's custom gradient) }`; outputs `[dpre]`, `dpre = dh (1 - h^2)`.
 */

/** Kernel name: the RNN step's activation, `h = tanh(pre)`. */
export const RNN_CELL = 'RrnnRnnCell';
/** Kernel name: the gradient of {@link RNN_CELL} w.r.t. `pre`, from the saved `h`. */
export const RNN_CELL_GRAD = 'RrnnRnnCellGrad';

/** Checks a fused RNN kernel's inputs: float32, rank 2, all of one shape; returns the element count. */
export function checkRnnCellInputs(kernel: string, inputs: Record<string, { dtype: string; shape: number[] } | undefined>): number {
  let shape: number[] | undefined;
  for (const [name, t] of Object.entries(inputs)) {
    const ok = t != null && t.dtype === 'float32' && t.shape.length === 2 && (shape == null || (t.shape[0] === shape[0] && t.shape[1] === shape[1]));
    if (!ok) throw new Error(`${kernel}: ${name} must be float32 ${shape ? `[${shape}]` : '[rows, batch]'}, got ${t ? `${t.dtype} [${t.shape}]` : 'none'}`);
    shape = t.shape;
  }
  return shape ? shape[0] * shape[1] : 0;
}

// The reference loops of the fused LSTM step (no tfjs in them): backends may run them on their
// own memory, e.g. for tensors too small for their vector code.
export { lstmCellForward, lstmCellBackward } from './lstm-cell-loops';

// The same for the fused GRU step.
export { gruCellForward, gruCellBackward } from './gru-cell-loops';

// And for the fused RNN step.
export { rnnCellForward, rnnCellBackward } from './rnn-cell-loops';

/**
 * A kernel a backend may register to fuse one parameter's optimizer step (@rrnn/backend registers it
 * for wasm); `@rrnn/train`'s SGD with momentum runs it where the active backend has it, and the tfjs
 * ops otherwise, with the same bits.
 *
 * `RrnnSgdMomentum`: inputs `{ p, v, g: float32, all of one shape; scale: float32 [] }` (the parameter,
 * its momentum buffer, its gradient and the global-norm clipping factor), attrs {@link SgdMomentumAttrs};
 * outputs `[p', v']`.
 */
export const SGD_MOMENTUM = 'RrnnSgdMomentum';

/**
 * The step's constants. In float32, each product and sum rounded as tfjs's ops round theirs, in this order
 * (PyTorch's `SGD` with momentum, dampening 0):
 * `d = g·scale + p·weightDecay` (just `g·scale` when `weightDecay` is 0), `v' = v·momentum + d`,
 * `p' = p − step·lr` with `step = nesterov ? d + v'·momentum : v'`.
 */
export interface SgdMomentumAttrs {
  lr: number;
  momentum: number;
  weightDecay: number;
  nesterov: boolean;
}

/** Checks {@link SGD_MOMENTUM}'s inputs: p, v and g float32 of one shape, scale a float32 scalar; returns the element count. */
export function checkSgdMomentumInputs(inputs: Record<string, { dtype: string; shape: number[] } | undefined>): number {
  const { p, v, g, scale } = inputs;
  const same = (t: { dtype: string; shape: number[] } | undefined) => t != null && t.dtype === 'float32' && p != null && t.shape.length === p.shape.length && t.shape.every((d, i) => d === p.shape[i]);
  for (const [name, t] of [['p', p], ['v', v], ['g', g]] as const) {
    if (!same(t)) throw new Error(`${SGD_MOMENTUM}: ${name} must be float32${p ? ` [${p.shape}] like p` : ''}, got ${t ? `${t.dtype} [${t.shape}]` : 'none'}`);
  }
  if (scale == null || scale.dtype !== 'float32' || scale.shape.length !== 0) throw new Error(`${SGD_MOMENTUM}: scale must be a float32 scalar, got ${scale ? `${scale.dtype} [${scale.shape}]` : 'none'}`);
  return p!.shape.reduce((n, d) => n * d, 1);
}

// The reference loop of the optimizer step.
export { sgdMomentumStep } from './sgd-momentum-loops';

/**
 * A kernel a backend may register to draw a dropout mask without JavaScript's per-element loop (core
 * registers a plain loop for `cpu`, @rrnn/backend a wasm module for `wasm`). `dropout` (dropout.ts)
 * runs it where the active backend has it, and `tf.dropout` otherwise, with the same bits.
 *
 * `RrnnDropoutMask`: no inputs, attrs {@link DropoutMaskAttrs}; outputs `[mask]`, float32 of `shape`:
 * `tf.dropout`'s multiplier `floor(u + keep) / keep` for the uniform draws `u` of seedrandom's Alea
 * generator in the given state (dropout-mask-loops.ts writes the draw out).
 */
export const DROPOUT_MASK = 'RrnnDropoutMask';

/** Attributes of `RrnnDropoutMask`: the mask's shape, the float32 keep probability `1 - rate`, and Alea's state ({@link AleaState}). */
export interface DropoutMaskAttrs extends AleaState {
  shape: number[];
  /** `Math.fround(1 - rate)`, in (0, 1]. */
  keep: number;
}

/** Checks {@link DROPOUT_MASK}'s attrs; returns the element count. */
export function checkDropoutMaskAttrs(a: DropoutMaskAttrs): number {
  const bad = (what: string, got: unknown) => new Error(`${DROPOUT_MASK}: ${what}, got ${JSON.stringify(got)}`);
  if (!Array.isArray(a.shape) || !a.shape.every((d) => Number.isInteger(d) && d >= 0)) throw bad('shape must be a list of non-negative integers', a.shape);
  if (!(a.keep > 0 && a.keep <= 1) || Math.fround(a.keep) !== a.keep) throw bad('keep must be a float32 value in (0, 1] (Math.fround(1 - rate))', a.keep);
  for (const k of ['s0', 's1', 's2'] as const) {
    if (!Number.isInteger(a[k]) || a[k] < 0 || a[k] >= 2 ** 32) throw bad(`${k} must be an integer in [0, 2^32) (aleaState)`, a[k]);
  }
  if (!Number.isInteger(a.c) || a.c < 0 || a.c > 2091639) throw bad('c must be an integer in [0, 2091639] (aleaState)', a.c);
  return a.shape.reduce((n, d) => n * d, 1);
}

// The reference loop of the mask, and Alea's seeding.
export { aleaState, dropoutMaskFill, type AleaState } from './dropout-mask-loops';
