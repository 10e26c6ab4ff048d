/**
 * Core's fused GRU step kernels (`RrnnGruCell`, `RrnnGruCellGrad`, contract in `@rrnn/core`'s
 * kernels.ts) for the wasm backend, as one small wasm SIMD module (gru_cell.wat) that works in
 * tfjs-backend-wasm's own memory: no tensor is copied (as lstm_cell.ts does for the LSTM).
 *
 * The ops form of a step is about a dozen wasm kernels forward and as many backward, each a pass
 * over `[H, batch]` tensors with its own allocation and dispatch; here the forward is a few passes
 * in one call that also save the activations, and the backward one pass reading them. Parts of
 * fewer than four elements (s·batch or p·batch < 4, toy sizes only) run core's plain loops on the
 * same memory instead. Core's custom gradient ties the two together. Values equal the ops' within
 * float32 rounding (test/gru-cell.test.ts).
 */
import type { KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  GRU_CELL, GRU_CELL_GRAD, checkGruCellInputs, gruActRows, gruCellBackward, gruCellForward, type GruCellAttrs,
} from '@rrnn/core/kernels';
import { GRU_CELL_WASM, GRU_CELL_WASM_SHARED } from './gru_cell_wasm';
import { offsetOf, tooShortForSimd, wasmExports, type WasmModuleSource } from './wasm_module';

interface Exports {
  gru_fwd(ax: number, ah: number, h: number, hn: number, act: number, n1: number, n2: number): void;
  gru_bwd(dh: number, ah: number, h: number, act: number, dax: number, dah: number, dhp: number, n1: number, n2: number): void;
}

const MODULE: WasmModuleSource = { name: 'GRU cell', plain: GRU_CELL_WASM, shared: GRU_CELL_WASM_SHARED };

type Args = { inputs: NamedTensorInfoMap; backend: BackendWasm; attrs: NamedAttrMap };

function gruCell({ inputs, backend, attrs }: Args): TensorInfo[] {
  const { s, p } = attrs as unknown as GruCellAttrs;
  const { ax, ah, h } = inputs as { ax: TensorInfo; ah: TensorInfo; h: TensorInfo };
  const b = checkGruCellInputs(GRU_CELL, { s, p }, { ax, ah, h });
  // Allocate first: makeOutput may grow the heap; offsets and views are taken after.
  const hn = backend.makeOutput([s + p, b], 'float32');
  const act = backend.makeOutput([gruActRows(s, p), b], 'float32');
  const [n1, n2] = [s * b, p * b];
  if (tooShortForSimd(n1) || tooShortForSimd(n2)) {
    const v = (t: TensorInfo) => backend.typedArrayFromHeap(t) as Float32Array;
    gruCellForward(v(ax), v(ah), v(h), n1, n2, v(hn), v(act));
  } else if (n1 + n2 > 0) {
    const at = (t: TensorInfo) => offsetOf(backend, t);
    wasmExports<Exports>(backend, MODULE).gru_fwd(at(ax), at(ah), at(h), at(hn), at(act), n1, n2);
  }
  return [hn, act];
}

function gruCellGrad({ inputs, backend, attrs }: Args): TensorInfo[] {
  const { s, p } = attrs as unknown as GruCellAttrs;
  const { dh, ah, h, act } = inputs as { dh: TensorInfo; ah: TensorInfo; h: TensorInfo; act: TensorInfo };
  const b = checkGruCellInputs(GRU_CELL_GRAD, { s, p }, { dh, ah, h, act });
  const dax = backend.makeOutput([s + 3 * p, b], 'float32');
  const dah = backend.makeOutput([s + 3 * p, b], 'float32');
  const dhp = backend.makeOutput([s + p, b], 'float32');
  const [n1, n2] = [s * b, p * b];
  if (tooShortForSimd(n1) || tooShortForSimd(n2)) {
    const v = (t: TensorInfo) => backend.typedArrayFromHeap(t) as Float32Array;
    gruCellBackward(v(dh), v(ah), v(h), v(act), n1, n2, v(dax), v(dah), v(dhp));
  } else if (n1 + n2 > 0) {
    const at = (t: TensorInfo) => offsetOf(backend, t);
    wasmExports<Exports>(backend, MODULE).gru_bwd(at(dh), at(ah), at(h), at(act), at(dax), at(dah), at(dhp), n1, n2);
  }
  return [dax, dah, dhp];
}

/** Kernel configs for the wasm backend. */
export const gruCellConfigs: KernelConfig[] = [
  { kernelName: GRU_CELL, backendName: 'wasm', kernelFunc: gruCell as unknown as KernelFunc },
  { kernelName: GRU_CELL_GRAD, backendName: 'wasm', kernelFunc: gruCellGrad as unknown as KernelFunc },
];
