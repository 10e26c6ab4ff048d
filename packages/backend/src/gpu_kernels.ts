/**
 * Kernels tfjs-backend-webgpu and tfjs-backend-webgl 4.22 get wrong, found by
 * the in-browser kernel checks of the docs site (`apps/docs/test/kernels.test.ts`:
 * @rrnn/backend's op sweep, the restricted cells and language-model steps, each
 * against cpu, in Chromium on SwiftShader). Each is wrapped: the stock kernel
 * still computes, rrnn fixes its input or output.
 * - webgpu `Cumsum` with `reverse` along the last axis sums the wrong elements
 *   (e.g. row [1..5] gave [6, 5, 3, 4, 5], not [15, 14, 12, 9, 5]); the
 *   gradient of every cumsum uses it. Fixed as reverse(cumsum(reverse(x))).
 * - webgpu `Prod` ignores `keepDims` (shape [3, 5], not [3, 1, 5]): reshaped.
 * - webgl `OneHot` with int32 output and fractional on/off values rounds them
 *   (0.9 -> 1) where cpu and wasm truncate (0.9 -> 0): the values are
 *   truncated first.
 * Everything else agreed with cpu within 1e-4 relative (sin and cos within
 * 2e-4, the GPUs' own approximations; rrnn uses neither).
 */
import {
  Cumsum, getKernel, OneHot, Prod, registerKernel, Reshape, Reverse, unregisterKernel,
  type CumsumAttrs, type KernelBackend, type KernelConfig, type KernelFunc, type NamedAttrMap, type NamedTensorInfoMap,
  type OneHotAttrs, type ProdAttrs, type TensorInfo, util,
} from '@tensorflow/tfjs-core';

type Args = { inputs: NamedTensorInfoMap; backend: KernelBackend; attrs: NamedAttrMap };

type Fix = (stock: KernelConfig, backendName: string) => (args: Args) => TensorInfo;

/** Run the `kernelName` kernel of `backendName`. */
function call(kernelName: string, backendName: string, args: Args): TensorInfo {
  const k = getKernel(kernelName, backendName);
  if (k == null) throw new Error(`no ${kernelName} kernel on ${backendName}`);
  return k.kernelFunc(args as never) as TensorInfo;
}

const cumsumFixed: Fix = (stock, backendName) => {
  const reverseAxis = (x: TensorInfo, axis: number, backend: KernelBackend) => call(Reverse, backendName, { inputs: { x }, backend, attrs: { dims: [axis] } });
  return (args: Args): TensorInfo => {
    const { axis, exclusive, reverse } = args.attrs as unknown as CumsumAttrs;
    if (!reverse) return stock.kernelFunc(args as never) as TensorInfo;
    const x = args.inputs.x as TensorInfo;
    const ax = util.parseAxisParam(axis, x.shape)[0];
    const flipped = reverseAxis(x, ax, args.backend);
    const summed = stock.kernelFunc({ ...args, inputs: { x: flipped }, attrs: { axis: ax, exclusive, reverse: false } } as never) as TensorInfo;
    const out = reverseAxis(summed, ax, args.backend);
    args.backend.disposeData(flipped.dataId);
    args.backend.disposeData(summed.dataId);
    return out;
  };
};

const prodFixed: Fix = (stock, backendName) => {
  return (args: Args): TensorInfo => {
    const { axis, keepDims } = args.attrs as unknown as ProdAttrs;
    const out = stock.kernelFunc(args as never) as TensorInfo;
    if (!keepDims) return out;
    const x = args.inputs.x as TensorInfo;
    const axes = util.parseAxisParam(axis, x.shape);
    const shape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
    if (String(shape) === String(out.shape)) return out;
    const kept = call(Reshape, backendName, { inputs: { x: out }, backend: args.backend, attrs: { shape } });
    args.backend.disposeData(out.dataId);
    return kept;
  };
};

const oneHotFixed: Fix = (stock) => {
  return (args: Args): TensorInfo => {
    const a = args.attrs as unknown as OneHotAttrs;
    if (a.dtype !== 'int32') return stock.kernelFunc(args as never) as TensorInfo;
    return stock.kernelFunc({ ...args, attrs: { ...args.attrs, onValue: Math.trunc(a.onValue), offValue: Math.trunc(a.offValue) } } as never) as TensorInfo;
  };
};

/** The stock kernels rrnn wraps, per backend, each with the function building the fixed kernel. */
const FIXES: Record<'webgpu' | 'webgl', ReadonlyArray<[string, Fix]>> = {
  webgpu: [[Cumsum, cumsumFixed], [Prod, prodFixed]],
  webgl: [[OneHot, oneHotFixed]],
};

const RRNN_KERNEL = Symbol.for('@rrnn/backend.kernel');
const isOurs = (f: unknown) => typeof f === 'function' && (f as unknown as Record<symbol, unknown>)[RRNN_KERNEL] === true;

/**
 * Wrap the webgpu or webgl kernels tfjs gets wrong (see the file's comment).
 * Idempotent; returns the names of the kernels wrapped now.
 */
export function registerGpuKernels(backendName: 'webgpu' | 'webgl'): string[] {
  const wrapped: string[] = [];
  for (const [name, fix] of FIXES[backendName]) {
    const stock = getKernel(name, backendName);
    if (stock == null || isOurs(stock.kernelFunc)) continue;
    const kernelFunc = fix(stock, backendName);
    Object.defineProperty(kernelFunc, RRNN_KERNEL, { value: true });
    unregisterKernel(name, backendName);
    registerKernel({ kernelName: name, backendName, setupFunc: stock.setupFunc, disposeFunc: stock.disposeFunc, kernelFunc: kernelFunc as unknown as KernelFunc });
    wrapped.push(name);
  }
  return wrapped;
}

/** The kernels `registerGpuKernels` wraps, by backend. */
export const GPU_FIXED_KERNELS: Readonly<Record<'webgpu' | 'webgl', readonly string[]>> = {
  webgpu: FIXES.webgpu.map(([n]) => n),
  webgl: FIXES.webgl.map(([n]) => n),
};
