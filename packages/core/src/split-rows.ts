/**
 * `splitRows(x, sizes)`: `x` cut along axis 0 into contiguous blocks, i.e. `tf.split(x, sizes, 0)`,
 * without tfjs-backend-wasm's Slice kernel, which copies the WHOLE input out of the wasm heap for
 * every piece (`HEAPU8.slice` in its `readSync`): unstacking a `[35, 800, 80]` tensor took 300-1000 ms
 * there, about as long as the layer's products. Here each piece is one memmove inside the heap.
 *
 * Registered lazily as the kernel `RrnnSplitRows` for the wasm and cpu backends, gradient
 * `concat(dys, 0)`; on any other backend it is `tf.split`. {@link stackRows} is `tf.stack` whose
 * gradient splits this way (tfjs's own is an Unpack, i.e. Slice again).
 */
import * as tf from '@tensorflow/tfjs-core';

const KERNEL = 'RrnnSplitRows';

/** The parts of the wasm backend this kernel touches (public members of BackendWasm). */
interface WasmBackendLike {
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { get(id: unknown): { memoryOffset: number } };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}
/** The parts of the cpu backend this kernel touches. */
interface CpuBackendLike {
  data: { get(id: unknown): { values: tf.TypedArray } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: tf.TypedArray): tf.TensorInfo;
}

type KernelArgs = { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap };

function pieces(x: tf.TensorInfo, sizes: number[]): { shape: number[]; from: number; to: number }[] {
  const inner = x.shape.slice(1).reduce((a, b) => a * b, 1);
  let row = 0;
  return sizes.map((n) => {
    const p = { shape: [n, ...x.shape.slice(1)], from: row * inner, to: (row + n) * inner };
    row += n;
    return p;
  });
}

function splitWasm({ inputs, backend, attrs }: KernelArgs & { backend: unknown }): tf.TensorInfo[] {
  const b = backend as WasmBackendLike;
  const x = inputs.x as tf.TensorInfo;
  const bytes = 4; // float32 and int32 only (checked by splitRows)
  return pieces(x, attrs!.sizes as number[]).map((p) => {
    const out = b.makeOutput(p.shape, x.dtype); // may grow the heap: offsets read after it
    const src = b.dataIdMap.get(x.dataId).memoryOffset;
    const dst = b.dataIdMap.get(out.dataId).memoryOffset;
    b.wasm.HEAPU8.copyWithin(dst, src + p.from * bytes, src + p.to * bytes);
    return out;
  });
}

function splitCpu({ inputs, backend, attrs }: KernelArgs & { backend: unknown }): tf.TensorInfo[] {
  const b = backend as CpuBackendLike;
  const x = inputs.x as tf.TensorInfo;
  const values = b.data.get(x.dataId).values;
  return pieces(x, attrs!.sizes as number[]).map((p) => b.makeTensorInfo(p.shape, x.dtype, values.slice(p.from, p.to)));
}

let registered = false;
function register(): void {
  if (registered) return;
  registered = true;
  for (const [backendName, kernelFunc] of [['wasm', splitWasm], ['cpu', splitCpu]] as const) {
    if (!tf.getKernel(KERNEL, backendName)) tf.registerKernel({ kernelName: KERNEL, backendName, kernelFunc: kernelFunc as unknown as tf.KernelFunc });
  }
  if (!tf.getGradient(KERNEL)) {
    tf.registerGradient({ kernelName: KERNEL, gradFunc: (dy) => ({ x: () => tf.concat(dy as tf.Tensor[], 0) }) });
  }
}

/** `x` split along axis 0 into blocks of `sizes` rows (they must add up to `x.shape[0]`). Differentiable. */
export function splitRows<T extends tf.Tensor>(x: T, sizes: number[]): T[] {
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total !== x.shape[0]) throw new Error(`splitRows: sizes add up to ${total}, but the tensor has ${x.shape[0]} rows`);
  if (sizes.length === 1) return [x];
  register();
  if ((x.dtype !== 'float32' && x.dtype !== 'int32') || !tf.getKernel(KERNEL, tf.getBackend())) return tf.split(x, sizes, 0) as T[];
  return tf.engine().runKernel(KERNEL, { x }, { sizes }) as unknown as T[];
}

/** `tf.stack(xs)` along a new axis 0, whose gradient is {@link splitRows} (not Unpack/Slice). */
export function stackRows<T extends tf.Tensor>(xs: T[]): tf.Tensor {
  const shape = xs[0].shape;
  const rows = shape[0] ?? 1;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const ts = args.slice(0, xs.length) as tf.Tensor[];
    return {
      value: tf.stack(ts),
      gradFunc: (dy: tf.Tensor) =>
        splitRows(tf.reshape(dy, [xs.length * rows, ...shape.slice(1)]), xs.map(() => rows)).map((g) => tf.reshape(g, shape)),
    };
  });
  return op(...xs);
}

/** `tf.concat(xs, 0)` whose gradient is {@link splitRows} (tfjs's own is SplitV, i.e. Slice per piece). */
export function concatRows<T extends tf.Tensor>(xs: T[]): T {
  if (xs.length === 1) return xs[0];
  const sizes = xs.map((x) => x.shape[0]);
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
    value: tf.concat(args.slice(0, xs.length) as tf.Tensor[], 0),
    gradFunc: (dy: tf.Tensor) => splitRows(dy, sizes),
  }));
  return op(...xs) as T;
}
