/**
 * Kernels that training needs and tfjs-backend-wasm 4.22 lacks or gets wrong.
 *
 * Found by running full language-model steps on cpu and wasm and comparing
 * (embedding gather, matMul and `tf.fused.matMul`, sigmoid/tanh, softmax
 * cross-entropy and log-softmax NLL, global-norm clipping, SGD with weight
 * decay, Adam, plus dropout, stack/unstack, concat/split, RMSProp, Adagrad,
 * Momentum), and by diffing the kernel lists of the cpu and wasm backends:
 * - `UnsortedSegmentSum` (the gradient of `gather`) is missing: added.
 * - `_FusedMatMul` adds the bias wrongly when an operand is transposed and
 *   rejects rank-2 biases: replaced for those calls (kernels/fused_mat_mul.ts).
 * Still missing on wasm, unused by rrnn: Einsum (no gradient on any backend),
 * FFT/complex ops, ragged ops, conv backprop-filter kernels.
 */
import { _FusedMatMul, getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import { fusedMatMulConfig } from './kernels/fused_mat_mul';
import { unsortedSegmentSumConfig } from './kernels/unsorted_segment_sum';

/** The JS kernels rrnn adds to the wasm backend (where wasm has none). */
export const WASM_EXTRA_KERNELS: readonly KernelConfig[] = [unsortedSegmentSumConfig];

/** Marks kernel functions rrnn put in place (a global symbol, so two copies of this package agree). */
const RRNN_KERNEL = Symbol.for('@rrnn/backend.kernel');
const isOurs = (f: unknown) => typeof f === 'function' && (f as unknown as Record<symbol, unknown>)[RRNN_KERNEL] === true;

/**
 * Register the kernels wasm lacks and replace the ones it gets wrong.
 * Idempotent: a kernel already in place (from rrnn, or one wasm has itself) is
 * left as it is. Returns the names of the kernels it registered now.
 */
export function registerWasmKernels(): string[] {
  const added: string[] = [];
  for (const config of WASM_EXTRA_KERNELS) {
    if (getKernel(config.kernelName, 'wasm') != null) continue;
    registerKernel(config);
    added.push(config.kernelName);
  }
  const stock = getKernel(_FusedMatMul, 'wasm');
  if (stock != null && !isOurs(stock.kernelFunc)) {
    const fixed = fusedMatMulConfig(stock);
    Object.defineProperty(fixed.kernelFunc, RRNN_KERNEL, { value: true });
    unregisterKernel(_FusedMatMul, 'wasm');
    registerKernel(fixed);
    added.push(_FusedMatMul);
  }
  return added;
}
