/**
 * Core's fused LSTM step kernels (`RrnnLstmCell`, `RrnnLstmCellGrad`, contract in `@rrnn/core`'s
 * kernels.ts) for the wasm backend, as one small wasm SIMD module (lstm_cell.wat) that works in
 * tfjs-backend-wasm's own memory: no tensor is copied.
 *
 * The ops form of a step is about ten wasm kernels forward and as many backward, each a pass over
 * `[H, batch]` tensors with its own allocation and dispatch; here the forward is one pass that also
 * saves the activations, and the backward one pass reading them (no sigmoid or tanh recomputed).
 * Parts of fewer than four elements (s·batch or p·batch < 4, toy sizes only) run core's plain loops
 * on the same memory instead.
 * Core's custom gradient ties the two together. Values equal the ops' within float32
 * rounding (test/lstm-cell.test.ts).
 */
import type { KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  LSTM_CELL, LSTM_CELL_GRAD, checkLstmCellInputs, lstmActRows, lstmCellBackward, lstmCellForward, type LstmCellAttrs,
} from '@rrnn/core/kernels';
import { LSTM_CELL_WASM, LSTM_CELL_WASM_SHARED } from './lstm_cell_wasm';
import { offsetOf, tooShortForSimd, wasmExports, type WasmModuleSource } from './wasm_module';

interface Exports {
  lstm_fwd(pre: number, c: number, h: number, cn: number, act: number, n1: number, n2: number): void;
  lstm_bwd(dh: number, dcn: number, c: number, act: number, dpre: number, dc: number, n1: number, n2: number): void;
}

/** lstm_cell.wat's module (it also holds the RNN step's activation, rnn_cell.ts). */
export const LSTM_CELL_MODULE: WasmModuleSource = { name: 'LSTM cell', plain: LSTM_CELL_WASM, shared: LSTM_CELL_WASM_SHARED };

type Args = { inputs: NamedTensorInfoMap; backend: BackendWasm; attrs: NamedAttrMap };

function lstmCell({ inputs, backend, attrs }: Args): TensorInfo[] {
  const { s, p } = attrs as unknown as LstmCellAttrs;
  const { pre, c } = inputs as { pre: TensorInfo; c: TensorInfo };
  const b = checkLstmCellInputs(LSTM_CELL, { s, p }, { pre, c });
  // Allocate first: makeOutput may grow the heap; offsets and views are taken after.
  const hc = backend.makeOutput([2 * (s + p), b], 'float32'); // h rows, then c' rows
  const act = backend.makeOutput([lstmActRows(s, p), b], 'float32');
  const [n1, n2, H] = [s * b, p * b, (s + p) * b];
  if (tooShortForSimd(n1) || tooShortForSimd(n2)) {
    const v = (t: TensorInfo) => backend.typedArrayFromHeap(t) as Float32Array;
    lstmCellForward(v(pre), v(c), n1, n2, v(hc).subarray(0, H), v(hc).subarray(H), v(act));
  } else if (H > 0) {
    const at = (t: TensorInfo) => offsetOf(backend, t);
    wasmExports<Exports>(backend, LSTM_CELL_MODULE).lstm_fwd(at(pre), at(c), at(hc), at(hc) + 4 * H, at(act), n1, n2);
  }
  return [hc, act];
}

function lstmCellGrad({ inputs, backend, attrs }: Args): TensorInfo[] {
  const { s, p } = attrs as unknown as LstmCellAttrs;
  const { dhc, c, act } = inputs as { dhc: TensorInfo; c: TensorInfo; act: TensorInfo };
  const b = checkLstmCellInputs(LSTM_CELL_GRAD, { s, p }, { dhc, c, act });
  const dpre = backend.makeOutput([s + 4 * p, b], 'float32');
  const dcPrev = backend.makeOutput([s + p, b], 'float32');
  const [n1, n2, H] = [s * b, p * b, (s + p) * b];
  if (tooShortForSimd(n1) || tooShortForSimd(n2)) {
    const v = (t: TensorInfo) => backend.typedArrayFromHeap(t) as Float32Array;
    lstmCellBackward(v(dhc).subarray(0, H), v(dhc).subarray(H), v(c), v(act), n1, n2, v(dpre), v(dcPrev));
  } else if (H > 0) {
    const at = (t: TensorInfo) => offsetOf(backend, t);
    wasmExports<Exports>(backend, LSTM_CELL_MODULE).lstm_bwd(at(dhc), at(dhc) + 4 * H, at(c), at(act), at(dpre), at(dcPrev), n1, n2);
  }
  return [dpre, dcPrev];
}

/** Kernel configs for the wasm backend. */
export const lstmCellConfigs: KernelConfig[] = [
  { kernelName: LSTM_CELL, backendName: 'wasm', kernelFunc: lstmCell as unknown as KernelFunc },
  { kernelName: LSTM_CELL_GRAD, backendName: 'wasm', kernelFunc: lstmCellGrad as unknown as KernelFunc },
];
