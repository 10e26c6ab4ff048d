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
 * use, like splitRows); @rrnn/backend registers a wasm SIMD version. The gradient is registered here,
 * once for every backend: it runs `RrnnLstmCellGrad` on the backend that ran the forward.
 */
import * as tf from '@tensorflow/tfjs-core';
import { LSTM_CELL, LSTM_CELL_GRAD, checkLstmCellInputs, lstmActRows, type LstmCellAttrs } from './kernels';
import { lstmCellBackward, lstmCellForward } from './lstm-cell-loops';

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
  const H = a.s + a.p;
  const h = new Float32Array(H * batch);
  const cn = new Float32Array(H * batch);
  const act = new Float32Array(lstmActRows(a.s, a.p) * batch);
  const values = (t: tf.TensorInfo) => b.data.get(t.dataId).values as Float32Array;
  lstmCellForward(values(pre), values(c), a.s * batch, a.p * batch, h, cn, act);
  return [
    b.makeTensorInfo([H, batch], 'float32', h),
    b.makeTensorInfo([H, batch], 'float32', cn),
    b.makeTensorInfo([lstmActRows(a.s, a.p), batch], 'float32', act),
  ];
}

function backwardCpu({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  const b = backend as CpuBackendLike;
  const a = attrs as unknown as LstmCellAttrs;
  const { dh, dc, c, act } = inputs as { dh: tf.TensorInfo; dc: tf.TensorInfo; c: tf.TensorInfo; act: tf.TensorInfo };
  const batch = checkLstmCellInputs(LSTM_CELL_GRAD, a, { dh, dc, c, act });
  const dpre = new Float32Array((a.s + 4 * a.p) * batch);
  const dcPrev = new Float32Array((a.s + a.p) * batch);
  const values = (t: tf.TensorInfo) => b.data.get(t.dataId).values as Float32Array;
  lstmCellBackward(values(dh), values(dc), values(c), values(act), a.s * batch, a.p * batch, dpre, dcPrev);
  return [b.makeTensorInfo([a.s + 4 * a.p, batch], 'float32', dpre), b.makeTensorInfo([a.s + a.p, batch], 'float32', dcPrev)];
}

let registered = false;
function register(): void {
  if (registered) return;
  registered = true;
  for (const [kernelName, kernelFunc] of [[LSTM_CELL, forwardCpu], [LSTM_CELL_GRAD, backwardCpu]] as const) {
    if (!tf.getKernel(kernelName, 'cpu')) tf.registerKernel({ kernelName, backendName: 'cpu', kernelFunc: kernelFunc as unknown as tf.KernelFunc });
  }
  if (!tf.getGradient(LSTM_CELL)) {
    tf.registerGradient({
      kernelName: LSTM_CELL,
      inputsToSave: ['c'],
      outputsToSave: [false, false, true],
      // dys: [dh, dcNext, dact]; tfjs passes zeros for outputs outside the backprop graph (dact always)
      gradFunc: (dys, saved, attrs) => {
        const [dh, dc] = dys as tf.Tensor[];
        const [c, act] = saved;
        const [dpre, dcPrev] = tf.engine().runKernel(LSTM_CELL_GRAD, { dh, dc, c, act }, attrs as tf.NamedAttrMap) as tf.Tensor[];
        return { pre: () => dpre, c: () => dcPrev };
      },
    });
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
 */
export function lstmStepFused(pre: tf.Tensor2D, c: tf.Tensor2D, s: number, p: number): { h: tf.Tensor2D; c: tf.Tensor2D } {
  register();
  const attrs: LstmCellAttrs = { s, p };
  const [h, cNext, act] = tf.engine().runKernel(LSTM_CELL, { pre, c }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor2D[];
  act.dispose(); // the gradient keeps its own reference (when a tape records); nothing else reads it
  return { h, c: cNext };
}
