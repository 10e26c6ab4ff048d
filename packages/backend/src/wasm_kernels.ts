/**
 * Kernels that training needs and tfjs-backend-wasm 4.22 lacks or gets wrong.
 *
 * Found by running full language-model steps on cpu and wasm and comparing
 * (embedding gather, matMul and `tf.fused.matMul`, sigmoid/tanh, softmax
 * cross-entropy and log-softmax NLL, global-norm clipping, SGD with weight
 * decay, Adam, plus dropout, stack/unstack, concat/split, RMSProp, Adagrad,
 * Momentum), and by diffing the kernel lists of the cpu and wasm backends:
 * - `UnsortedSegmentSum` (the gradient of `gather`) is missing: added.
 * - `_FusedMatMul` adds the bias wrongly when an operand is transposed or the
 *   product batched, and rejects rank-2 biases: replaced for those calls
 *   (kernels/fused_mat_mul.ts).
 * - `GatherV2` with `batchDims > 0` reads the wrong indices after the first
 *   batch, and every gather addresses element by element: replaced
 *   (kernels/gather_v2.ts).
 * - `Identity` (every tensor an op saves for its gradient is cloned with it)
 *   copies the data: replaced by one that shares it (kernels/identity.ts).
 * - `Slice` and `SplitV` copy their whole input out of the heap into a new
 *   JavaScript array per slice: replaced by ones that copy heap to heap
 *   (kernels/slice.ts).
 * With these, test/op-sweep.test.ts finds wasm equal to cpu within 1e-5 on 130
 * ops and gradients (unary, broadcast binary, reductions, softmax, transpose,
 * concat/split, slicing, cumsum, topk, losses, ...).
 * Still missing on wasm, unused by rrnn: Einsum (no gradient on any backend),
 * FFT/complex ops, ragged ops, conv backprop-filter kernels.
 */
import { _FusedMatMul, GatherV2, getKernel, Identity, registerKernel, Slice, SplitV, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import { dropoutMaskConfig } from './kernels/dropout_mask';
import { fusedMatMulConfig } from './kernels/fused_mat_mul';
import { gatherV2Config } from './kernels/gather_v2';
import { gruCellConfigs } from './kernels/gru_cell';
import { identityConfig } from './kernels/identity';
import { lstmCellConfigs } from './kernels/lstm_cell';
import { rnnCellConfigs } from './kernels/rnn_cell';
import { sgdMomentumConfig } from './kernels/sgd_momentum';
import { sliceConfig, splitVConfig } from './kernels/slice';
import { softmaxCEConfigs } from './kernels/softmax_ce';
import { unsortedSegmentSumConfig } from './kernels/unsorted_segment_sum';

/**
 * The kernels rrnn adds to the wasm backend (where wasm has none): `UnsortedSegmentSum` (JS), and
 * core's fused softmax cross-entropy pair, fused LSTM, GRU and RNN step pairs, fused SGD-momentum
 * step and dropout mask (wasm modules, kernels/softmax_ce.ts, kernels/lstm_cell.ts, kernels/gru_cell.ts,
 * kernels/rnn_cell.ts, kernels/sgd_momentum.ts and kernels/dropout_mask.ts).
 */
export const WASM_EXTRA_KERNELS: readonly KernelConfig[] = [
  unsortedSegmentSumConfig, ...softmaxCEConfigs, ...lstmCellConfigs, ...gruCellConfigs, ...rnnCellConfigs, sgdMomentumConfig, dropoutMaskConfig,
];

/** Stock wasm kernels rrnn wraps or replaces, each with the function building rrnn's config from the stock one. */
const REPLACED: ReadonlyArray<[string, (stock: KernelConfig) => KernelConfig]> = [
  [_FusedMatMul, fusedMatMulConfig],
  [GatherV2, gatherV2Config],
  [Identity, identityConfig],
  [Slice, sliceConfig],
  [SplitV, splitVConfig],
];

/** Marks kernel functions rrnn put in place (a global symbol, so two copies of this package agree). */
const RRNN_KERNEL = Symbol.for('@rrnn/backend.kernel');
const isOurs = (f: unknown) => typeof f === 'function' && (f as unknown as Record<symbol, unknown>)[RRNN_KERNEL] === true;

/** Mark a kernel function as rrnn's, so that `registerWasmKernels` leaves it in place. */
export function markOurs(f: unknown): void {
  Object.defineProperty(f, RRNN_KERNEL, { value: true });
}

/**
 * Register the kernels wasm lacks and wrap the ones it gets wrong (the stock
 * kernel still runs the calls it computes correctly).
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
  for (const [name, fix] of REPLACED) {
    const stock = getKernel(name, 'wasm');
    if (stock == null || isOurs(stock.kernelFunc)) continue;
    const fixed = fix(stock);
    markOurs(fixed.kernelFunc);
    unregisterKernel(name, 'wasm');
    registerKernel(fixed);
    added.push(name);
  }
  return added;
}
