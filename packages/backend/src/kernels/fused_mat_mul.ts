/**
 * `_FusedMatMul` for the wasm backend, correcting tfjs-backend-wasm 4.22.
 *
 *   out = activation(op(a) . op(b) + bias)        op = transpose when asked
 *
 * Its own kernel adds the bias wrongly when `transposeA` or `transposeB` is set
 * or the product is batched (off by up to ~1 on unit-scale data, measured
 * against cpu and against `matMul` + `add` on wasm itself), and throws for a
 * bias of rank 2 (e.g. a column bias `[rows, 1]`, which cpu broadcasts). `tf.fused.matMul` is what
 * rrnn's recurrent stack calls, so training on wasm silently diverged from cpu.
 * Here the cases it gets right (no bias; or one unbatched product, no
 * transposes, rank-1 bias)
 * still run its fast fused kernel; the others run wasm's own BatchMatMul, Add
 * and activation kernels in sequence, which agree with cpu.
 */
import {
  _FusedMatMul,
  Add,
  BatchMatMul,
  Elu,
  getKernel,
  LeakyRelu,
  Prelu,
  Relu,
  Relu6,
  Sigmoid,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  type NamedTensorInfoMap,
  type TensorInfo,
  type _FusedMatMulAttrs,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** What tfjs passes a wasm kernel function. */
export type Args = { inputs: NamedTensorInfoMap; backend: BackendWasm; attrs: NamedAttrMap };

/** Run another wasm kernel by name. */
export function run(kernelName: string, backend: BackendWasm, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo {
  const kernel = getKernel(kernelName, 'wasm');
  if (kernel == null) throw new Error(`_FusedMatMul (wasm): kernel ${kernelName} is not registered for wasm`);
  return kernel.kernelFunc({ inputs, backend, attrs }) as TensorInfo;
}

/** activation(x) with wasm's kernels; returns x itself for 'linear'. */
function activate(x: TensorInfo, backend: BackendWasm, attrs: _FusedMatMulAttrs, prelu?: TensorInfo): TensorInfo {
  switch (attrs.activation) {
    case 'linear': return x;
    case 'relu': return run(Relu, backend, { x });
    case 'relu6': return run(Relu6, backend, { x });
    case 'elu': return run(Elu, backend, { x });
    case 'sigmoid': return run(Sigmoid, backend, { x });
    case 'leakyrelu': return run(LeakyRelu, backend, { x }, { alpha: attrs.leakyreluAlpha ?? 0.2 });
    case 'prelu': {
      if (prelu == null) throw new Error('_FusedMatMul (wasm): prelu activation needs preluActivationWeights');
      return run(Prelu, backend, { x, alpha: prelu });
    }
    default: throw new Error(`_FusedMatMul (wasm): unknown activation '${String(attrs.activation)}'`);
  }
}

/** op(a) . op(b) + bias, then activation, from separate wasm kernels. */
function composed(args: Args): TensorInfo {
  const { inputs, backend } = args;
  const attrs = args.attrs as unknown as _FusedMatMulAttrs;
  const { a, b, bias, preluActivationWeights } = inputs;
  const product = run(BatchMatMul, backend, { a, b }, { transposeA: attrs.transposeA, transposeB: attrs.transposeB });
  const biased = bias == null ? product : run(Add, backend, { a: product, b: bias });
  const out = activate(biased, backend, attrs, preluActivationWeights);
  for (const t of new Set([product, biased])) if (t !== out) backend.disposeData(t.dataId);
  return out;
}

/** True when the stock wasm kernel computes this call correctly (inputs are 3-D: [batch, rows, cols]). */
function stockIsRight(inputs: NamedTensorInfoMap, attrs: NamedAttrMap): boolean {
  const { a, b, bias } = inputs as { a: TensorInfo; b: TensorInfo; bias?: TensorInfo };
  if (bias == null) return true;
  return bias.shape.length === 1 && !attrs.transposeA && !attrs.transposeB && a.shape[0] === 1 && b.shape[0] === 1;
}

/**
 * The corrected kernel config, given the stock one (whose setupFunc binds its
 * wasm function, so it is kept).
 */
export function fusedMatMulConfig(stock: KernelConfig): KernelConfig {
  const kernelFunc = (args: Args) => (stockIsRight(args.inputs, args.attrs) ? stock.kernelFunc(args as never) : composed(args));
  return { kernelName: _FusedMatMul, backendName: 'wasm', setupFunc: stock.setupFunc, kernelFunc: kernelFunc as unknown as KernelFunc };
}
