/**
 * Core's dropout-mask kernel (`RrnnDropoutMask`, contract in `@rrnn/core`'s kernels.ts) for the wasm
 * backend, in dropout_mask.wat's module, writing the mask straight into tfjs-backend-wasm's memory.
 *
 * `tf.dropout` draws its uniforms one by one in JavaScript (seedrandom's Alea, ~6 ns each), uploads them
 * and runs three kernels over them (add, floor, divide): for the paper's model, 280,000 draws per mask and
 * up to four masks per step. Here Alea runs in 64-bit integers (dropout_mask.wat says why that is exact)
 * and the mask is one pass, the same bits as `tf.dropout`'s (test/dropout-mask.test.ts).
 */
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { DROPOUT_MASK, checkDropoutMaskAttrs, type DropoutMaskAttrs } from '@rrnn/core/kernels';
import { DROPOUT_MASK_WASM, DROPOUT_MASK_WASM_SHARED } from './dropout_mask_wasm';
import { offsetOf, wasmExports, type WasmModuleSource } from './wasm_module';

interface Exports {
  dropout_mask(out: number, n: number, s0: number, s1: number, s2: number, c: number, keep: number, scale: number): void;
}

const MODULE: WasmModuleSource = { name: 'dropout mask', plain: DROPOUT_MASK_WASM, shared: DROPOUT_MASK_WASM_SHARED };

function dropoutMask({ backend, attrs }: { backend: BackendWasm; attrs: NamedAttrMap }): TensorInfo {
  const a = attrs as unknown as DropoutMaskAttrs;
  const n = checkDropoutMaskAttrs(a);
  const out = backend.makeOutput(a.shape, 'float32');
  // unsigned 32-bit lags passed through i32 parameters: `| 0` keeps their bits
  if (n > 0) wasmExports<Exports>(backend, MODULE).dropout_mask(offsetOf(backend, out), n, a.s0 | 0, a.s1 | 0, a.s2 | 0, a.c, a.keep, Math.fround(1 / a.keep));
  return out;
}

/** Kernel config for the wasm backend. */
export const dropoutMaskConfig: KernelConfig = { kernelName: DROPOUT_MASK, backendName: 'wasm', kernelFunc: dropoutMask as unknown as KernelFunc };
