/**
 * Core's two softmax cross-entropy kernels (`RrnnSoftmaxCE`, `RrnnSoftmaxCEGrad`, see
 * `@rrnn/core`'s kernels.ts) for the wasm backend, as one small wasm SIMD module
 * (softmax_ce.wat) that works in tfjs-backend-wasm's own memory: no tensor is copied. In Node with
 * rrnn's native addon loaded (`useBlas`), the same passes run natively (`native/softmax_ce.c`,
 * eight lanes), except a call that asks for `gT`, which keeps to the module.
 *
 * For the language model's [2,800 × 10,000] logits, tfjs's ops make about eight passes over
 * them (max, subtract, exp, sum, divide, one-hot, subtract, multiply) plus a transpose and a
 * column sum for the decoder's gradients. Here the forward is two passes (max; sum of exp) and
 * the gradient one (exp, scale, and the transposed copy and column sums written from the same
 * registers). Values equal the ops' within float32 rounding (test/softmax-ce.test.ts).
 */
import type { KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { SOFTMAX_CE, SOFTMAX_CE_GRAD, type SoftmaxCEGradAttrs } from '@rrnn/core/kernels';
import { SOFTMAX_CE_WASM, SOFTMAX_CE_WASM_SHARED } from './softmax_ce_wasm';
import { heapBytes, offsetOf, wasmExports, type WasmModuleSource } from './wasm_module';

interface Exports {
  row_max_sumexp(x: number, n: number, V: number, maxOut: number, sumOut: number): void;
  softmax_grad(x: number, n: number, V: number, lse: number, scale: number, g: number, gT: number, colSum: number): void;
}

const MODULE: WasmModuleSource = { name: 'softmax cross-entropy', plain: SOFTMAX_CE_WASM, shared: SOFTMAX_CE_WASM_SHARED };
const kernelsFor = (backend: BackendWasm): Exports => wasmExports<Exports>(backend, MODULE);

/**
 * The same two passes in rrnn's native addon (`native/softmax_ce.c`, Node only; see `../blas.ts`):
 * eight lanes with AVX2 + FMA, on the heap's buffer. It writes no `gT`: the transposed output
 * stays with the wasm module.
 */
export interface NativeSoftmaxCE {
  rowMaxSumExp(heap: ArrayBuffer, x: number, n: number, V: number, maxOut: number, sumOut: number): void;
  /** `colSum` -1: none. */
  softmaxGrad(heap: ArrayBuffer, x: number, n: number, V: number, lse: number, scale: number, g: number, colSum: number): void;
}

/** The native addon's passes for a kernel call, or null: none given, a transposed output asked for, or a shared heap (the threaded build). */
function nativePasses(backend: BackendWasm, native: NativeSoftmaxCE | undefined, needsTranspose: boolean): Exports | null {
  // the heap's buffer is taken when a pass runs, after the kernel's allocations: growing the heap replaces it
  const heap = () => heapBytes(backend, SOFTMAX_CE).buffer as ArrayBuffer;
  if (!native || needsTranspose || !(heap() instanceof ArrayBuffer)) return null;
  return {
    row_max_sumexp: (x, n, V, maxOut, sumOut) => native.rowMaxSumExp(heap(), x, n, V, maxOut, sumOut),
    softmax_grad: (x, n, V, lse, scale, g, _gT, colSum) => native.softmaxGrad(heap(), x, n, V, lse, scale, g, colSum === 0 ? -1 : colSum),
  };
}

/** Checks logits [n, V] float32 and targets [n] int32 with every id in [0, V); returns [n, V]. */
function checkInputs(kernel: string, backend: BackendWasm, logits: TensorInfo, targets: TensorInfo): [number, number] {
  if (logits.shape.length !== 2 || logits.dtype !== 'float32' || targets.shape.length !== 1 || targets.shape[0] !== logits.shape[0] || targets.dtype !== 'int32') {
    throw new Error(`${kernel}: needs float32 logits [n, V] and int32 targets [n]; got ${logits.dtype} [${logits.shape}] and ${targets.dtype} [${targets.shape}]`);
  }
  const [n, V] = logits.shape;
  const t = backend.typedArrayFromHeap(targets) as Int32Array;
  for (let i = 0; i < n; i++) {
    if (!(t[i] >= 0 && t[i] < V)) throw new Error(`${kernel}: target ${t[i]} at row ${i} is not a class id in [0, ${V}); check the vocabulary size`);
  }
  return [n, V];
}

function softmaxCE(args: { inputs: NamedTensorInfoMap; backend: BackendWasm }, native?: NativeSoftmaxCE): TensorInfo[] {
  const { backend } = args;
  const { logits, targets } = args.inputs as { logits: TensorInfo; targets: TensorInfo };
  const [n, V] = checkInputs(SOFTMAX_CE, backend, logits, targets);
  // Allocate first: makeOutput may grow the heap, which detaches older views.
  const lse = backend.makeOutput([n], 'float32');
  const rows = backend.makeOutput([n], 'float32');
  (nativePasses(backend, native, false) ?? kernelsFor(backend)).row_max_sumexp(offsetOf(backend, logits), n, V, offsetOf(backend, lse), offsetOf(backend, rows));
  const x = backend.typedArrayFromHeap(logits) as Float32Array;
  const t = backend.typedArrayFromHeap(targets) as Int32Array;
  const l = backend.typedArrayFromHeap(lse) as Float32Array; // holds the row maxima
  const r = backend.typedArrayFromHeap(rows) as Float32Array; // holds the sums of exp(x - max)
  for (let i = 0; i < n; i++) {
    l[i] = Math.log(r[i]) + l[i];
    r[i] = l[i] - x[i * V + t[i]];
  }
  return [lse, rows];
}

function softmaxCEGrad(args: { inputs: NamedTensorInfoMap; backend: BackendWasm; attrs: NamedAttrMap }, native?: NativeSoftmaxCE): TensorInfo[] {
  const { backend } = args;
  const { logits, targets, lse, dy } = args.inputs as { logits: TensorInfo; targets: TensorInfo; lse: TensorInfo; dy: TensorInfo };
  const { transposed, columnSums } = args.attrs as unknown as SoftmaxCEGradAttrs;
  const [n, V] = checkInputs(SOFTMAX_CE_GRAD, backend, logits, targets);
  const scale = (backend.typedArrayFromHeap(dy) as Float32Array)[0] / n;
  const nat = nativePasses(backend, native, transposed);
  const g = backend.makeOutput([n, V], 'float32');
  // the wasm module sums the columns only beside gT: asked for the sums alone, it gets a gT to throw away
  const gT = transposed || (columnSums && !nat) ? backend.makeOutput([V, n], 'float32') : null;
  const colSum = transposed || columnSums ? backend.makeOutput([V], 'float32') : null;
  if (colSum) (backend.typedArrayFromHeap(colSum) as Float32Array).fill(0);
  (nat ?? kernelsFor(backend)).softmax_grad(
    offsetOf(backend, logits), n, V, offsetOf(backend, lse), scale,
    offsetOf(backend, g), gT ? offsetOf(backend, gT) : 0, colSum ? offsetOf(backend, colSum) : 0,
  );
  if (gT && !transposed) backend.disposeData(gT.dataId);
  // minus the one-hot: one entry per row
  const t = backend.typedArrayFromHeap(targets) as Int32Array;
  const gs = backend.typedArrayFromHeap(g) as Float32Array;
  const gTs = transposed && gT && (backend.typedArrayFromHeap(gT) as Float32Array);
  const cs = colSum && (backend.typedArrayFromHeap(colSum) as Float32Array);
  for (let i = 0; i < n; i++) {
    gs[i * V + t[i]] -= scale;
    if (gTs) gTs[t[i] * n + i] -= scale;
    if (cs) cs[t[i]] -= scale;
  }
  if (transposed) return [g, gT as TensorInfo, colSum as TensorInfo];
  return colSum ? [g, colSum] : [g];
}

/** Kernel configs for the wasm backend (the wasm SIMD module's passes). */
export const softmaxCEConfigs: KernelConfig[] = [
  { kernelName: SOFTMAX_CE, backendName: 'wasm', kernelFunc: softmaxCE as unknown as KernelFunc },
  { kernelName: SOFTMAX_CE_GRAD, backendName: 'wasm', kernelFunc: softmaxCEGrad as unknown as KernelFunc },
];

/** The same kernels with the native addon's passes (`useBlas` puts them in place with the BLAS products). */
export function nativeSoftmaxCEConfigs(native: NativeSoftmaxCE): KernelConfig[] {
  return [
    { kernelName: SOFTMAX_CE, backendName: 'wasm', kernelFunc: ((a: Parameters<typeof softmaxCE>[0]) => softmaxCE(a, native)) as unknown as KernelFunc },
    { kernelName: SOFTMAX_CE_GRAD, backendName: 'wasm', kernelFunc: ((a: Parameters<typeof softmaxCEGrad>[0]) => softmaxCEGrad(a, native)) as unknown as KernelFunc },
  ];
}
