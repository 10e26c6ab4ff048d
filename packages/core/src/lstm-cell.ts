/**
 * The fused LSTM step: kernels `RrnnLstmCell` and `RrnnLstmCellGrad` (contract in kernels.ts) and
 * the gradient that ties them together.
 *
 * The ops form of one step (cells.ts `lstmStepOps`) is about ten tfjs kernels forward (split, two
 * concats, sigmoid, tanh, four products and sums, tanh) and their gradients backward, each a pass
 * over `[H, batch]` tensors with an allocation; at the paper's sizes that is 35 steps x 3 layers of
 * such passes per window. Fused, the step is one kernel forward and one backward. The forward saves
 * the activations (`act`), so the backward reads them instead of recomputing sigmoid and tanh.
 *
 * Core registers the plain loops of lstm-cell-loops.ts for the `cpu` backend (lazily, on first
 * use, like splitRows); @rrnn/backend registers a wasm SIMD version. The gradient is a custom one
 * ({@link lstmStepFused}) that runs `RrnnLstmCellGrad` on the backend that ran the forward; the
 * registration, switch and gradient plumbing are fused-step.ts's.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { LSTM_CELL, LSTM_CELL_GRAD, checkLstmCellInputs, lstmActRows, type LstmCellAttrs } from './kernels';
import { lstmCellBackward, lstmCellForward } from './lstm-cell-loops';
import { fusedStep } from './fused-step';
import { splitRows } from './split-rows';

/** The fused LSTM step's kernels, also run by recurrence.ts's loops (not for use outside core). */
export const lstmKernels = fusedStep<LstmCellAttrs>({
  forward: LSTM_CELL,
  grad: LSTM_CELL_GRAD,
  inputs: ['pre', 'c'],
  saved: ['c'],
  dyName: 'dhc',
  forwardCpu({ inputs, attrs: a, values, output }) {
    const { pre, c } = inputs as { pre: tf.TensorInfo; c: tf.TensorInfo };
    const batch = checkLstmCellInputs(LSTM_CELL, a, { pre, c });
    const n = (a.s + a.p) * batch;
    const hc = new Float32Array(2 * n);
    const act = new Float32Array(lstmActRows(a.s, a.p) * batch);
    lstmCellForward(values(pre), values(c), a.s * batch, a.p * batch, hc.subarray(0, n), hc.subarray(n), act);
    return [output([2 * (a.s + a.p), batch], hc), output([lstmActRows(a.s, a.p), batch], act)];
  },
  backwardCpu({ inputs, attrs: a, values, output }) {
    const { dhc, c, act } = inputs as { dhc: tf.TensorInfo; c: tf.TensorInfo; act: tf.TensorInfo };
    const batch = checkLstmCellInputs(LSTM_CELL_GRAD, a, { dhc, c, act });
    const n = (a.s + a.p) * batch;
    const dpre = new Float32Array((a.s + 4 * a.p) * batch);
    const dcPrev = new Float32Array(n);
    const d = values(dhc);
    lstmCellBackward(d.subarray(0, n), d.subarray(n), values(c), values(act), a.s * batch, a.p * batch, dpre, dcPrev);
    return [output([a.s + 4 * a.p, batch], dpre), output([a.s + a.p, batch], dcPrev)];
  },
});

/**
 * Turns the fused LSTM step on (the default) or off for every backend; off, `lstmStep` always runs
 * the tfjs ops. For measurements and for ruling the kernels out while debugging.
 */
export function setFusedLstmCell(on: boolean): void {
  lstmKernels.setEnabled(on);
}

/** True when `lstmStep` will run the fused kernels on the active backend (unit axis 0): both are registered there and they are not turned off. */
export function fusedLstmCellActive(): boolean {
  return lstmKernels.active();
}

/**
 * One LSTM step through the `RrnnLstmCell` kernel (differentiable w.r.t. `pre` and `c`), units on
 * axis 0: `pre` `[s + 4p, batch]` (or `[H, batch]` at p = 0), `c` `[H, batch]`. Callers check
 * {@link fusedLstmCellActive} first. The kernel's output is `[h; c]`, split here.
 */
export function lstmStepFused(pre: tf.Tensor2D, c: tf.Tensor2D, s: number, p: number): { h: tf.Tensor2D; c: tf.Tensor2D } {
  const hc = lstmKernels.run([pre, c], { s, p });
  const [h, cNext] = splitRows(hc, [s + p, s + p]);
  hc.dispose(); // a gradient needs only its id and shape, which stay; its data is read by nothing else
  return { h, c: cNext };
}
