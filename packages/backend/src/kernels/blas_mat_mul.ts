/**
 * `BatchMatMul` and `_FusedMatMul` for the wasm backend through a native BLAS (Node only; see
 * `../blas.ts`): the product runs as `cblas_sgemm` on tfjs-backend-wasm's own heap, where operands
 * and result live, so nothing is copied. On an x86-64 core with AVX2 OpenBLAS multiplies 3-4x
 * faster than XNNPACK's 128-bit wasm SIMD (the Performance page has the measurements).
 *
 *   out[i] = activation(op(a[i]) . op(b[i]) + bias)      op = transpose when asked
 *
 * Batch dimensions broadcast as tfjs's do when one side's are all 1 or both sides' are equal; other
 * broadcasts, non-float32 operands, and biases other than one row of N (and activations) fall back
 * to wasm's own kernels for that part.
 */
import { _FusedMatMul, Add, BatchMatMul, util, type KernelConfig, type KernelFunc, type TensorInfo, type _FusedMatMulAttrs } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { run, type Args } from './fused_mat_mul';
import { heapBytes, offsetOf } from './wasm_module';

/** The native side: `cblas_sgemm` over byte offsets into the heap (`native/blas.c`). */
export interface NativeSgemm {
  sgemm(
    heap: ArrayBuffer, transA: boolean, transB: boolean, m: number, n: number, k: number,
    offA: number, offB: number, offC: number, batch: number, strideA: number, strideB: number, strideC: number, biasOff: number,
  ): void;
}

/** [batch, M, K]-style view of a product: null when this kernel leaves it to wasm. */
interface Plan { m: number; n: number; k: number; batch: number; strideA: number; strideB: number; outShape: number[] }

/** How to run op(a) . op(b) as one strided sgemm batch, or null. */
export function planProduct(a: TensorInfo, b: TensorInfo, transA: boolean, transB: boolean): Plan | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return null;
  const ra = a.shape.length, rb = b.shape.length;
  const [m, k] = transA ? [a.shape[ra - 1], a.shape[ra - 2]] : [a.shape[ra - 2], a.shape[ra - 1]];
  const [kb, n] = transB ? [b.shape[rb - 1], b.shape[rb - 2]] : [b.shape[rb - 2], b.shape[rb - 1]];
  if (k !== kb) return null; // wasm's kernel says what is wrong
  const outerA = a.shape.slice(0, -2), outerB = b.shape.slice(0, -2);
  const batchA = util.sizeFromShape(outerA), batchB = util.sizeFromShape(outerB);
  let outer: number[];
  if (batchA === batchB && util.arraysEqual(outerA, outerB)) outer = outerA;
  else if (batchB === 1 && outerB.length <= outerA.length) outer = outerA;
  else if (batchA === 1 && outerA.length <= outerB.length) outer = outerB;
  else return null;
  const batch = Math.max(batchA, batchB);
  return { m, n, k, batch, strideA: batchA === 1 ? 0 : m * k, strideB: batchB === 1 ? 0 : k * n, outShape: [...outer, m, n] };
}

/** op(a) . op(b) (+ a bias row) into a new output, or null when wasm's own kernel should run it. */
function product(blas: NativeSgemm, backend: BackendWasm, a: TensorInfo, b: TensorInfo, transA: boolean, transB: boolean, bias?: TensorInfo): TensorInfo | null {
  const p = planProduct(a, b, transA, transB);
  if (p == null) return null;
  const rowBias = bias != null && bias.dtype === 'float32' && bias.shape.length <= p.outShape.length && util.sizeFromShape(bias.shape) === p.n && bias.shape[bias.shape.length - 1] === p.n;
  const out = backend.makeOutput(p.outShape, 'float32');
  if (util.sizeFromShape(p.outShape) === 0) return out;
  // the heap is taken after makeOutput: an allocation may grow it (and replace its buffer)
  const heap = heapBytes(backend, BatchMatMul).buffer;
  if (!(heap instanceof ArrayBuffer)) { // a shared memory (the threaded build): not for this addon
    backend.disposeData(out.dataId);
    return null;
  }
  blas.sgemm(
    heap, transA, transB, p.m, p.n, p.k,
    offsetOf(backend, a), offsetOf(backend, b), offsetOf(backend, out), p.batch, p.strideA, p.strideB, p.m * p.n,
    rowBias ? offsetOf(backend, bias as TensorInfo) : -1,
  );
  if (bias != null && !rowBias) {
    const add = run(Add, backend, { a: out, b: bias });
    backend.disposeData(out.dataId);
    return add;
  }
  return out;
}

/** `BatchMatMul` through `blas`; the stock kernel runs what the plan leaves out. */
export function blasBatchMatMulConfig(blas: NativeSgemm, stock: KernelConfig): KernelConfig {
  const kernelFunc = (args: Args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    return product(blas, args.backend, a, b, args.attrs.transposeA === true, args.attrs.transposeB === true) ?? stock.kernelFunc(args as never);
  };
  return { kernelName: BatchMatMul, backendName: 'wasm', setupFunc: stock.setupFunc, kernelFunc: kernelFunc as unknown as KernelFunc };
}

/** `_FusedMatMul` through `blas` for linear activations; the others go to `fallback` (rrnn's corrected wasm kernel). */
export function blasFusedMatMulConfig(blas: NativeSgemm, fallback: KernelConfig): KernelConfig {
  const kernelFunc = (args: Args) => {
    const attrs = args.attrs as unknown as _FusedMatMulAttrs;
    const { a, b, bias } = args.inputs as { a: TensorInfo; b: TensorInfo; bias?: TensorInfo };
    const out = attrs.activation === 'linear' ? product(blas, args.backend, a, b, attrs.transposeA, attrs.transposeB, bias) : null;
    return out ?? fallback.kernelFunc(args as never);
  };
  return { kernelName: _FusedMatMul, backendName: 'wasm', setupFunc: fallback.setupFunc, kernelFunc: kernelFunc as unknown as KernelFunc };
}
