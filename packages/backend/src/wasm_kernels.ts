/**
 * Kernels that training needs and tfjs-backend-wasm 4.22 lacks.
 *
 * Found by running a full language-model step on wasm (embedding gather,
 * matMul, sigmoid/tanh, softmax cross-entropy and log-softmax NLL, global-norm
 * clipping, SGD with weight decay, Adam, plus dropout, stack/unstack,
 * concat/split, RMSProp/Adagrad/Momentum) and by diffing the kernel lists of
 * the cpu and wasm backends. Only `UnsortedSegmentSum` (the gradient of
 * `gather`) was missing on that path. Still missing on wasm, unused by rrnn:
 * Einsum (no gradient on any backend), FFT/complex ops, ragged ops, conv
 * backprop-filter kernels.
 */
import { getKernel, registerKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import { unsortedSegmentSumConfig } from './kernels/unsorted_segment_sum';

/** The JS kernels rrnn adds to the wasm backend. */
export const WASM_EXTRA_KERNELS: readonly KernelConfig[] = [unsortedSegmentSumConfig];

/**
 * Register the kernels wasm lacks (idempotent: a kernel wasm already has, from
 * tfjs or an earlier call, is left as it is). Returns the names it registered now.
 */
export function registerWasmKernels(): string[] {
  const added: string[] = [];
  for (const config of WASM_EXTRA_KERNELS) {
    if (getKernel(config.kernelName, 'wasm') != null) continue;
    registerKernel(config);
    added.push(config.kernelName);
  }
  return added;
}
