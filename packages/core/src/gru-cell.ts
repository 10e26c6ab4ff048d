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
 * @rrnn/backend registers a wasm SIMD version. The gradient is a custom one ({@link gruStepFused}).
 */
import * as tf from '@tensorflow/tfjs-core';
import { GRU_CELL, GRU_CELL_GRAD, checkGruCellInputs, gruActRows, type GruCellAttrs } from './kernels';
import { gruCellBackward, gruCellForward } from './gru-cell-loops';

/** The parts of the cpu backend these kernels touch. */
interface CpuBackendLike {
  data: { get(id: unknown): { values: tf.TypedArray } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: tf.TypedArray): tf.TensorInfo;
}
type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };

function forwardCpu({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  const b = backend as CpuBackendLike;
  const { s, p } = attrs as unknown as GruCellAttrs;
  const { ax, ah, h } = inputs as { ax: tf.TensorInfo; ah: tf.TensorInfo; h: tf.TensorInfo };
  const batch = checkGruCellInputs(GRU_CELL, { s, p }, { ax, ah, h });
  const hn = new Float32Array((s + p) * batch);
  const act = new Float32Array(gruActRows(s, p) * batch);
  const values = (t: tf.TensorInfo) => b.data.get(t.dataId).values as Float32Array;
  gruCellForward(values(ax), values(ah), values(h), s * batch, p * batch, hn, act);
  return [b.makeTensorInfo([s + p, batch], 'float32', hn), b.makeTensorInfo([gruActRows(s, p), batch], 'float32', act)];
}

function backwardCpu({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  const b = backend as CpuBackendLike;
  const { s, p } = attrs as unknown as GruCellAttrs;
  const { dh, ah, h, act } = inputs as { dh: tf.TensorInfo; ah: tf.TensorInfo; h: tf.TensorInfo; act: tf.TensorInfo };
  const batch = checkGruCellInputs(GRU_CELL_GRAD, { s, p }, { dh, ah, h, act });
  const rows = s + 3 * p;
  const dax = new Float32Array(rows * batch);
  const dah = new Float32Array(rows * batch);
  const dhp = new Float32Array((s + p) * batch);
  const values = (t: tf.TensorInfo) => b.data.get(t.dataId).values as Float32Array;
  gruCellBackward(values(dh), values(ah), values(h), values(act), s * batch, p * batch, dax, dah, dhp);
  return [
    b.makeTensorInfo([rows, batch], 'float32', dax), b.makeTensorInfo([rows, batch], 'float32', dah), b.makeTensorInfo([s + p, batch], 'float32', dhp),
  ];
}

let registered = false;
function register(): void {
  if (registered) return;
  registered = true;
  for (const [kernelName, kernelFunc] of [[GRU_CELL, forwardCpu], [GRU_CELL_GRAD, backwardCpu]] as const) {
    if (!tf.getKernel(kernelName, 'cpu')) tf.registerKernel({ kernelName, backendName: 'cpu', kernelFunc: kernelFunc as unknown as tf.KernelFunc });
  }
}

let enabled = true;

/**
 * Turns the fused GRU step on (the default) or off for every backend; off, `gruStep` always runs the
 * tfjs ops. For measurements and for ruling the kernels out while debugging.
 */
export function setFusedGruCell(on: boolean): void {
  enabled = on;
}

/** True when `gruStep` will run the fused kernels on the active backend (unit axis 0): both are registered there and they are not turned off. */
export function fusedGruCellActive(): boolean {
  if (!enabled) return false;
  register();
  const backend = tf.getBackend();
  return tf.getKernel(GRU_CELL, backend) != null && tf.getKernel(GRU_CELL_GRAD, backend) != null;
}

/**
 * One GRU step through the `RrnnGruCell` kernel (differentiable w.r.t. `ax`, `ah` and `h`), units
 * on axis 0: `ax`, `ah` `[s + 3p, batch]` (or `[H, batch]` at p = 0), `h` `[H, batch]`. Callers
 * check {@link fusedGruCellActive} first.
 *
 * A custom gradient, not one registered for the kernel, so `act` is only saved, never an output of
 * the op (tfjs would otherwise build a zero gradient of its size for every step).
 */
export function gruStepFused(ax: tf.Tensor2D, ah: tf.Tensor2D, h: tf.Tensor2D, s: number, p: number): tf.Tensor2D {
  register();
  const attrs = { s, p } satisfies GruCellAttrs as unknown as tf.NamedAttrMap;
  const step = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, a, h0, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
    const [hNext, act] = tf.engine().runKernel(GRU_CELL, { ax: x, ah: a, h: h0 }, attrs) as tf.Tensor2D[];
    save([a, h0, act]);
    return {
      value: hNext,
      gradFunc: (dh: tf.Tensor, saved: tf.Tensor[]) =>
        tf.engine().runKernel(GRU_CELL_GRAD, { dh, ah: saved[0], h: saved[1], act: saved[2] }, attrs) as tf.Tensor[],
    };
  });
  return step(ax, ah, h) as tf.Tensor2D;
}
