/**
 * Core's optimizer-step kernel (`RrnnSgdMomentum`: SGD with momentum and weight decay, the clipping
 * factor folded in; contract in `@rrnn/core`'s kernels.ts) for the wasm backend, in sgd_momentum.wat's
 * module, working in tfjs-backend-wasm's own memory.
 *
 * The unfused step is seven kernels per parameter (clip scale, weight decay's product and sum, the
 * momentum's product and sum, the step's product and difference), each a pass over the parameter with
 * its own allocation: about 2.7 M floats per step for the paper's model, on the thread that waits for
 * it. Here it is one pass that reads p, v and g and writes p' and v', with the same bits
 * (test/sgd-momentum.test.ts). Tensors of fewer than four elements run core's plain loop.
 */
import type { KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { SGD_MOMENTUM, checkSgdMomentumInputs, sgdMomentumStep, type SgdMomentumAttrs } from '@rrnn/core/kernels';
import { SGD_MOMENTUM_WASM, SGD_MOMENTUM_WASM_SHARED } from './sgd_momentum_wasm';
import { offsetOf, tooShortForSimd, wasmExports, type WasmModuleSource } from './wasm_module';

interface Exports {
  sgd_momentum(p: number, v: number, g: number, scale: number, pOut: number, vOut: number, n: number, lr: number, mu: number, wd: number, nesterov: number): void;
}

const MODULE: WasmModuleSource = { name: 'SGD momentum', plain: SGD_MOMENTUM_WASM, shared: SGD_MOMENTUM_WASM_SHARED };

function sgdMomentum({ inputs, backend, attrs }: { inputs: NamedTensorInfoMap; backend: BackendWasm; attrs: NamedAttrMap }): TensorInfo[] {
  const { p, v, g, scale } = inputs as { p: TensorInfo; v: TensorInfo; g: TensorInfo; scale: TensorInfo };
  const a = attrs as unknown as SgdMomentumAttrs;
  const n = checkSgdMomentumInputs({ p, v, g, scale });
  // allocate first: offsets and views are taken after
  const pOut = backend.makeOutput(p.shape, 'float32');
  const vOut = backend.makeOutput(p.shape, 'float32');
  if (!tooShortForSimd(n)) {
    const run = wasmExports<Exports>(backend, MODULE).sgd_momentum;
    run(offsetOf(backend, p), offsetOf(backend, v), offsetOf(backend, g), offsetOf(backend, scale), offsetOf(backend, pOut), offsetOf(backend, vOut), n, a.lr, a.momentum, a.weightDecay, a.nesterov ? 1 : 0);
  } else {
    const view = (t: TensorInfo) => backend.typedArrayFromHeap(t) as Float32Array;
    sgdMomentumStep(view(p), view(v), view(g), view(scale)[0], a, view(pOut), view(vOut));
  }
  return [pOut, vOut];
}

/** Kernel config for the wasm backend. */
export const sgdMomentumConfig: KernelConfig = { kernelName: SGD_MOMENTUM, backendName: 'wasm', kernelFunc: sgdMomentum as unknown as KernelFunc };
