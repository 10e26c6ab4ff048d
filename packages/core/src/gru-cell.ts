/**
 * The fused GRU step: kernels `RrnnGruCell` and `RrnnGruCellGrad` (contract in kernels.ts) and the
 * gradient that ties them together, as lstm-cell.ts does for the LSTM.
 *
 * The ops form of one step (cells.ts `gruStepOps`) is about a dozen tfjs kernels forward (add,
 * splits and concats of the shared and private rows, sigmoid, tanh, products and sums) and their
 * gradients backward, each a pass over `[H, batch]` tensors with an allocation. Fused, the step is
 * one kernel forward and one backward; the forward saves the activations (`act`), so the backward
 * reads them instead of recomputing sigmoid and tanh.
 *
 * Core registers the plain loops of gru-cell-loops.ts for the `cpu` backend (lazily, on first use);
 * @rrnn/backend registers a wasm SIMD version. The gradient is a custom one ({@link gruStepFused}); the
 * registration, switch and gradient plumbing are fused-step.ts's.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { GRU_CELL, GRU_CELL_GRAD, checkGruCellInputs, gruActRows, type GruCellAttrs } from './kernels';
import { gruCellBackward, gruCellForward } from './gru-cell-loops';
import { fusedStep } from './fused-step';

/** The fused GRU step's kernels, also run by recurrence.ts's loops (not for use outside core). */
export const gruKernels = fusedStep<GruCellAttrs>({
  forward: GRU_CELL,
  grad: GRU_CELL_GRAD,
  inputs: ['ax', 'ah', 'h'],
  saved: ['ah', 'h'],
  dyName: 'dh',
  forwardCpu({ inputs, attrs: { s, p }, values, output }) {
    const { ax, ah, h } = inputs as { ax: tf.TensorInfo; ah: tf.TensorInfo; h: tf.TensorInfo };
    const batch = checkGruCellInputs(GRU_CELL, { s, p }, { ax, ah, h });
    const hn = new Float32Array((s + p) * batch);
    const act = new Float32Array(gruActRows(s, p) * batch);
    gruCellForward(values(ax), values(ah), values(h), s * batch, p * batch, hn, act);
    return [output([s + p, batch], hn), output([gruActRows(s, p), batch], act)];
  },
  backwardCpu({ inputs, attrs: { s, p }, values, output }) {
    const { dh, ah, h, act } = inputs as { dh: tf.TensorInfo; ah: tf.TensorInfo; h: tf.TensorInfo; act: tf.TensorInfo };
    const batch = checkGruCellInputs(GRU_CELL_GRAD, { s, p }, { dh, ah, h, act });
    const rows = s + 3 * p;
    const dax = new Float32Array(rows * batch);
    const dah = new Float32Array(rows * batch);
    const dhp = new Float32Array((s + p) * batch);
    gruCellBackward(values(dh), values(ah), values(h), values(act), s * batch, p * batch, dax, dah, dhp);
    return [output([rows, batch], dax), output([rows, batch], dah), output([s + p, batch], dhp)];
  },
});

/**
 * Turns the fused GRU step on (the default) or off for every backend; off, `gruStep` always runs the
 * tfjs ops. For measurements and for ruling the kernels out while debugging.
 */
export function setFusedGruCell(on: boolean): void {
  gruKernels.setEnabled(on);
}

/** True when `gruStep` will run the fused kernels on the active backend (unit axis 0): both are registered there and they are not turned off. */
export function fusedGruCellActive(): boolean {
  return gruKernels.active();
}

/**
 * One GRU step through the `RrnnGruCell` kernel (differentiable w.r.t. `ax`, `ah` and `h`), units
 * on axis 0: `ax`, `ah` `[s + 3p, batch]` (or `[H, batch]` at p = 0), `h` `[H, batch]`. Callers
 * check {@link fusedGruCellActive} first.
 */
export function gruStepFused(ax: tf.Tensor2D, ah: tf.Tensor2D, h: tf.Tensor2D, s: number, p: number): tf.Tensor2D {
  return gruKernels.run([ax, ah, h], { s, p });
}
