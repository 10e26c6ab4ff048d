/**
 * `Slice` and `SplitV` for the wasm backend, reading the input where it lies in the wasm heap.
 *
 * The stock kernels start every slice with `readSync` of the whole input, which copies it out of
 * the heap into a new JavaScript array (`HEAPU8.slice`), and `SplitV` slices once per piece: a
 * language-model step sliced its weight pools and split the gradients of its concats that way,
 * ~9 MB of fresh arrays a step of the paper's model on one thread. The garbage collector counts
 * such arrays as external memory, and past V8's limit for it starts a full collection, which also
 * drops the optimized code of closures no longer alive (the next step recompiles them). These
 * kernels copy only the elements of the output, heap to heap, and allocate nothing on the
 * JavaScript heap. Strings (kept outside the heap) still go to the stock kernel.
 */
import { slice_util, SplitV, util, backend_util, Slice, type KernelConfig, type KernelFunc, type SliceAttrs, type SplitVAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

type Heap = Float32Array | Int32Array | Uint8Array;

/** Copies the block `begin`/`size` of `x` (row-major, `shape`) into `out`, innermost runs at a time. */
export function copyBlock(x: Heap, shape: number[], begin: number[], size: number[], out: Heap): void {
  const rank = shape.length;
  if (rank === 0) {
    out[0] = x[0];
    return;
  }
  const strides = util.computeStrides(shape); // rank - 1 entries
  const stride = (d: number) => (d === rank - 1 ? 1 : strides[d]);
  // the innermost dimensions the block takes whole fold into one contiguous run
  let inner = rank - 1;
  let run = size[rank - 1];
  while (inner > 0 && size[inner] === shape[inner] && begin[inner] === 0) {
    inner--;
    run *= size[inner];
  }
  const outer = size.slice(0, inner);
  const count = outer.reduce((a, b) => a * b, 1);
  const index = new Array<number>(inner).fill(0);
  let offset = begin.reduce((a, b, d) => a + b * stride(d), 0);
  for (let n = 0, o = 0; n < count; n++, o += run) {
    out.set(x.subarray(offset, offset + run), o);
    // advance the outer index like an odometer, moving the input offset with it
    for (let d = inner - 1; d >= 0; d--) {
      offset += stride(d);
      if (++index[d] < outer[d]) break;
      offset -= index[d] * stride(d);
      index[d] = 0;
    }
  }
}

function sliceInHeap(backend: BackendWasm, x: TensorInfo, begin: number[], size: number[]): TensorInfo {
  const out = backend.makeOutput(size, x.dtype);
  if (util.sizeFromShape(size) === 0) return out;
  // views after makeOutput: growing the heap there would detach views taken before
  copyBlock(backend.typedArrayFromHeap(x), x.shape, begin, size, backend.typedArrayFromHeap(out));
  return out;
}

/** The replacement of wasm's `Slice` (strings go to the stock kernel). */
export function sliceConfig(stock: KernelConfig): KernelConfig {
  const kernelFunc = (args: { inputs: { x: TensorInfo }; attrs: SliceAttrs; backend: BackendWasm }): TensorInfo => {
    const { inputs: { x }, attrs, backend } = args;
    if (x.dtype === 'string') return stock.kernelFunc(args as never) as TensorInfo;
    const [begin, size] = slice_util.parseSliceParams(x, attrs.begin, attrs.size);
    return sliceInHeap(backend, x, begin, size);
  };
  return { ...stock, kernelName: Slice, backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc };
}

/** The replacement of wasm's `SplitV`: its pieces are slices in the heap (strings: the stock kernel). */
export function splitVConfig(stock: KernelConfig): KernelConfig {
  const kernelFunc = (args: { inputs: { x: TensorInfo }; attrs: SplitVAttrs; backend: BackendWasm }): TensorInfo[] => {
    const { inputs: { x }, attrs, backend } = args;
    if (x.dtype === 'string') return stock.kernelFunc(args as never) as TensorInfo[];
    const axis = util.parseAxisParam(attrs.axis, x.shape)[0];
    const sizes = backend_util.prepareSplitSize(x, attrs.numOrSizeSplits, axis);
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((s) => {
      const size = x.shape.slice();
      size[axis] = s;
      const piece = sliceInHeap(backend, x, begin.slice(), size);
      begin[axis] += s;
      return piece;
    });
  };
  return { ...stock, kernelName: SplitV, backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc };
}
