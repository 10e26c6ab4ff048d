/**
 * The fused RNN step: `h = tanh(pre)` as one kernel forward (`RrnnRnnCell`) and one backward
 * (`RrnnRnnCellGrad`, `dpre = dh (1 - h^2)` from the saved h), contract in kernels.ts.
 *
 * `tf.tanh`'s gradient is three kernels (square, subtract from one, multiply), each a pass over
 * `[H, batch]` with its own allocation and dispatch, 35 steps x 3 layers per window at the paper's
 * sizes; on wasm the stock tanh is also scalar. Core registers the plain loops of rnn-cell-loops.ts
 * for `cpu` (lazily); @rrnn/backend registers a wasm SIMD version. The registration, switch and
 * gradient plumbing are fused-step.ts's.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { RNN_CELL, RNN_CELL_GRAD, checkRnnCellInputs } from './kernels';
import { rnnCellBackward, rnnCellForward } from './rnn-cell-loops';
import { fusedStep } from './fused-step';

/** The fused RNN step's kernels, also run by recurrence.ts's loops (not for use outside core). */
export const rnnKernels = fusedStep<Record<string, never>>({
  forward: RNN_CELL,
  grad: RNN_CELL_GRAD,
  inputs: ['pre'],
  saved: [],
  dyName: 'dh',
  forwardCpu({ inputs, values, output }) {
    const { pre } = inputs as { pre: tf.TensorInfo };
    const h = new Float32Array(checkRnnCellInputs(RNN_CELL, { pre }));
    rnnCellForward(values(pre), h);
    return [output(pre.shape as [number, number], h)];
  },
  backwardCpu({ inputs, values, output }) {
    const { dh, act } = inputs as { dh: tf.TensorInfo; act: tf.TensorInfo };
    const dpre = new Float32Array(checkRnnCellInputs(RNN_CELL_GRAD, { dh, act }));
    rnnCellBackward(values(dh), values(act), dpre);
    return [output(dh.shape as [number, number], dpre)];
  },
});

/** Turns the fused RNN step on (the default) or off for every backend; off, `rnnStep` runs `tf.tanh`. For measurements and debugging. */
export function setFusedRnnCell(on: boolean): void {
  rnnKernels.setEnabled(on);
}

/** True when `rnnStep` will run the fused kernels on the active backend: both are registered there and they are not turned off. */
export function fusedRnnCellActive(): boolean {
  return rnnKernels.active();
}

/** `tanh(pre)` through the `RrnnRnnCell` kernel, differentiable w.r.t. `pre` (any `[rows, cols]`: it is elementwise). Callers check {@link fusedRnnCellActive} first. */
export function rnnStepFused(pre: tf.Tensor2D): tf.Tensor2D {
  return rnnKernels.run([pre], {});
}
