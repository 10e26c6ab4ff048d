/**
 * How weights and gradients travel between the training thread and its gradient workers without
 * new arrays every step: views on one SharedArrayBuffer, kept from step to step, filled straight
 * from the tensors.
 *
 * New arrays cost more than their copy: V8 counts their memory as external, and past its limit for
 * it (tens of MB) starts a full collection, which also drops the optimized code of closures that
 * are no longer alive (tfjs makes many per op), so the step after recompiles them. On two cores
 * that work takes turns with the two threads that compute.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Whether this thread can share memory with workers: SharedArrayBuffer exists and a page is cross-origin isolated. */
export const canShareMemory = (): boolean =>
  typeof SharedArrayBuffer === 'function' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;

/** Whether `a` lies in shared memory. */
export const isShared = (a: Float32Array): boolean => typeof SharedArrayBuffer === 'function' && a.buffer instanceof SharedArrayBuffer;

/** Whether `arrays` have exactly `lengths`. */
export const fits = (arrays: readonly Float32Array[] | undefined, lengths: readonly number[]): boolean =>
  arrays !== undefined && arrays.length === lengths.length && arrays.every((a, i) => a.length === lengths[i]);

/**
 * `kept` if its arrays have exactly `lengths`, else new Float32Arrays of `lengths`, end to end in one
 * SharedArrayBuffer (a plain ArrayBuffer where memory cannot be shared): arrays to keep from call to call.
 */
export function arraysOf(lengths: readonly number[], kept?: Float32Array[]): Float32Array[] {
  if (fits(kept, lengths)) return kept as Float32Array[];
  const total = lengths.reduce((n, l) => n + l, 0);
  const buffer = canShareMemory() ? new SharedArrayBuffer(4 * total) : new ArrayBuffer(4 * total);
  let offset = 0;
  return lengths.map((l) => ((offset += l), new Float32Array(buffer, 4 * (offset - l), l)));
}

/**
 * Copies the values of a float32 tensor into `out` (of its size). On wasm straight out of its heap,
 * where `dataSync` would first copy them into a new array.
 */
export function readInto(t: tf.Tensor, out: Float32Array): void {
  if (t.dtype !== 'float32' || t.size !== out.length) {
    throw new Error(`readInto: a float32 tensor of ${out.length} values fits, got ${t.dtype} [${t.shape.join(', ')}]`);
  }
  const heap = tf.getBackend() === 'wasm' ? (tf.backend() as unknown as { typedArrayFromHeap?: (t: tf.TensorInfo) => Float32Array }) : undefined;
  out.set(heap?.typedArrayFromHeap ? heap.typedArrayFromHeap(t) : (t.dataSync() as Float32Array));
}
