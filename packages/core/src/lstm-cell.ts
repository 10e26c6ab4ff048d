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
 * ({@link lstmStepFused}) that runs `RrnnLstmCellGrad` on the backend that ran the forward.
 */
import * as tf from '@tensorflow/tfjs-core';
import { LSTM_CELL, LSTM_CELL_GRAD, checkLstmCellInputs, lstmActRows, type LstmCellAttrs } from './kernels';
import { lstmCellBackward, lstmCellForward } from './lstm-cell-loops';
import { splitRows } from './split-rows';

/** The parts of the cpu backend these kernels touch. */
interface CpuBackendLike {
  data: { get(id: unknown): { values: tf.TypedArray } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: tf.TypedArray): tf.TensorInfo;
}
type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };

function forwardCpu({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  const b = backend as CpuBackendLike;
  const a = attrs as unknown as LstmCellAttrs;
  const { pre, c } = inputs as { pre: tf.TensorInfo; c: tf.TensorInfo };
  const batch = checkLstmCellInputs(LSTM_CELL, a, { pre, c });
  const n = (a.s + a.p) * batch;
  const hc = new Float32Array(2 * n);
  const act = new Float32Array(lstmActRows(a.s, a.p) * batch);
  const values = (t: tf.TensorInfo) => b.data.get(t.dataId).values as Float32Array;
  lstmCellForward(values(pre), values(c), a.s * batch, a.p * batch, hc.subarray(0, n), hc.subarray(n), act);
  return [b.makeTensorInfo([2 * (a.s + a.p), batch], 'float32', hc), b.makeTensorInfo([lstmActRows(a.s, a.p), batch], 'float32', act)];
}

function backwardCpu({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  const b = backend as CpuBackendLike;
  const a = attrs as unknown as LstmCellAttrs;
  const { dhc, c, act } = inputs as { dhc: tf.TensorInfo; c: tf.TensorInfo; act: tf.TensorInfo };
  const batch = checkLstmCellInputs(LSTM_CELL_GRAD, a, { dhc, c, act });
  const n = (a.s + a.p) * batch;
  const dpre = new Float32Array((a.s + 4 * a.p) * batch);
  const dcPrev = new Float32Array(n);
  const values = (t: tf.TensorInfo) => b.data.get(t.dataId).values as Float32Array;
  const d = values(dhc);
  lstmCellBackward(d.subarray(0, n), d.subarray(n), values(c), values(act), a.s * batch, a.p * batch, dpre, dcPrev);
  return [b.makeTensorInfo([a.s + 4 * a.p, batch], 'float32', dpre), b.makeTensorInfo([a.s + a.p, batch], 'float32', dcPrev)];
}

let registered = false;
function register(): void {
  if (registered) return;
  registered = true;
  for (const [kernelName, kernelFunc] of [[LSTM_CELL, forwardCpu], [LSTM_CELL_GRAD, backwardCpu]] as const) {
    if (!tf.getKernel(kernelName, 'cpu')) tf.registerKernel({ kernelName, backendName: 'cpu', kernelFunc: kernelFunc as unknown as tf.KernelFunc });
  }
}

let enabled = true;

/**
 * Turns the fused LSTM step on (the default) or off for every backend; off, `lstmStep` always runs
 * the tfjs ops. For measurements and for ruling the kernels out while debugging.
 */
export function setFusedLstmCell(on: boolean): void {
  enabled = on;
}

/** True when `lstmStep` will run the fused kernels on the active backend (unit axis 0): both are registered there and they are not turned off. */
export function fusedLstmCellActive(): boolean {
  if (!enabled) return false;
  register();
  const backend = tf.getBackend();
  return tf.getKernel(LSTM_CELL, backend) != null && tf.getKernel(LSTM_CELL_GRAD, backend) != null;
}

/**
 * One LSTM step through the `RrnnLstmCell` kernel (differentiable w.r.t. `pre` and `c`), units on
 * axis 0: `pre` `[s + 4p, batch]` (or `[H, batch]` at p = 0), `c` `[H, batch]`. Callers check
 * {@link fusedLstmCellActive} first.
 *
 * A custom gradient, not one registered for the kernel: the kernel's second output (`act`) is then
 * only saved, never an output of the op, so tfjs does not build a zero gradient of its size for
 * every step (on wasm that zero tensor, made in JavaScript and copied in, cost more than the step).
 */
export function lstmStepFused(pre: tf.Tensor2D, c: tf.Tensor2D, s: number, p: number): { h: tf.Tensor2D; c: tf.Tensor2D } {
  register();
  const attrs = { s, p } satisfies LstmCellAttrs as unknown as tf.NamedAttrMap;
  const step = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, c0, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
    const [hc, act] = tf.engine().runKernel(LSTM_CELL, { pre: x, c: c0 }, attrs) as tf.Tensor2D[];
    save([c0, act]);
    return {
      value: hc,
      gradFunc: (dhc: tf.Tensor, saved: tf.Tensor[]) =>
        tf.engine().runKernel(LSTM_CELL_GRAD, { dhc, c: saved[0], act: saved[1] }, attrs) as tf.Tensor[],
    };
  });
  const hc = step(pre, c) as tf.Tensor2D;
  const [h, cNext] = splitRows(hc, [s + p, s + p]);
  hc.dispose(); // a gradient needs only its id and shape, which stay; its data is read by nothing else
  return { h, c: cNext };
}
