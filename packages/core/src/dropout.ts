/**
 * Dropout with a seeded mask: `tf.dropout(x, rate, undefined, seed)` bit for bit, without its draws in
 * JavaScript. tfjs draws the mask's uniforms one by one in a JavaScript loop (seedrandom's Alea, ~6 ns
 * each: 1.8 ms for one `[35, 40, 200]` mask of the paper's model), uploads them, and runs three more
 * kernels over them (add, floor, divide). Where the active backend has the kernel `RrnnDropoutMask`
 * (kernels.ts; core's loop on `cpu`, @rrnn/backend's wasm module on `wasm`), the mask is that kernel's
 * one output, and the same bits (dropout-mask-loops.ts says why Alea can be written in integers).
 */
import * as tf from '@tensorflow/tfjs-core';
import { DROPOUT_MASK, checkDropoutMaskAttrs, type DropoutMaskAttrs } from './kernels';
import { aleaState, dropoutMaskFill } from './dropout-mask-loops';

/** The parts of the cpu backend the kernel touches. */
interface CpuBackendLike {
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: tf.TypedArray): tf.TensorInfo;
}

function maskCpu({ backend, attrs }: { backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const a = attrs as unknown as DropoutMaskAttrs;
  const out = new Float32Array(checkDropoutMaskAttrs(a));
  dropoutMaskFill(out, a, a.keep);
  return (backend as CpuBackendLike).makeTensorInfo(a.shape, 'float32', out);
}

let registered = false;
let enabled = true;

// core's loop for `cpu`, lazily on first use (like splitRows); other backends register their own
function register(): void {
  if (registered) return;
  registered = true;
  if (!tf.getKernel(DROPOUT_MASK, 'cpu')) tf.registerKernel({ kernelName: DROPOUT_MASK, backendName: 'cpu', kernelFunc: maskCpu as unknown as tf.KernelFunc });
}

/** Turns the mask kernel on (the default) or off; off, {@link dropout} is `tf.dropout`. For measurements and for ruling the kernel out while debugging. */
export function setFusedDropoutMask(on: boolean): void {
  enabled = on;
}

/** True when {@link dropout} draws seeded masks with the `RrnnDropoutMask` kernel on the active backend. */
export function fusedDropoutMaskActive(): boolean {
  register();
  return enabled && tf.getKernel(DROPOUT_MASK, tf.getBackend()) != null;
}

/**
 * `x` with each element zeroed with probability `rate` and the others scaled by `1 / (1 - rate)`:
 * `tf.dropout(x, rate, undefined, seed)`, the same bits. Without a seed the mask is random (tfjs's
 * own draw). `rate` 0 returns `x` itself. `x` must be float32.
 */
export function dropout<T extends tf.Tensor>(x: T, rate: number, seed?: number): T {
  if (!(rate >= 0 && rate < 1)) throw new Error(`dropout: rate must be in [0, 1), got ${rate}`);
  if (x.dtype !== 'float32') throw new Error(`dropout: x must be float32, got ${x.dtype}`);
  if (rate === 0) return x;
  if (seed === undefined || !fusedDropoutMaskActive()) return tf.dropout(x, rate, undefined, seed) as T;
  const attrs: DropoutMaskAttrs = { shape: x.shape, keep: Math.fround(1 - rate), ...aleaState(String(seed)) };
  return tf.tidy(() => tf.mul(x, tf.engine().runKernel(DROPOUT_MASK, {}, attrs as unknown as tf.NamedAttrMap) as tf.Tensor));
}
