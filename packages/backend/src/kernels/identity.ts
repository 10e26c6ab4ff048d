/**
 * `Identity` for the wasm backend without a copy: the output shares the input's memory (its
 * reference count goes up), as cpu's Identity and wasm's own `Reshape` do.
 *
 * tfjs clones every tensor an op saves for its backward pass (`save` in `customGrad`, the saved
 * inputs and outputs of registered gradients), and a clone is an `Identity`. The stock wasm kernel
 * copies the data, so the language model's decoder copied its [2,800 x 10,000] logits (112 MB) every
 * training step, and every recurrent step its saved operands. Sharing is safe because no kernel
 * writes into its inputs (tfjs tensors are immutable; a variable's `assign` takes new memory).
 */
import { Identity, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

function identity({ inputs, backend }: { inputs: { x: TensorInfo }; backend: BackendWasm }): TensorInfo {
  const { x } = inputs;
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** The replacement of wasm's `Identity` (the stock kernel is not used). */
export function identityConfig(stock: KernelConfig): KernelConfig {
  return { ...stock, kernelName: Identity, backendName: 'wasm', kernelFunc: identity as unknown as KernelFunc };
}
