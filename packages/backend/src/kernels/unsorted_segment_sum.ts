/**
 * `UnsortedSegmentSum` for the wasm backend, in JavaScript over the wasm heap.
 *
 *   out[s, p] = sum over rows a with segmentIds[a] = s of x[a, p]
 *
 * x: [rows, ...inner], segmentIds: [rows] int32, out: [numSegments, ...inner].
 * Ids outside [0, numSegments) are dropped, as on the cpu backend. Only 1-D
 * ids, as tfjs documents (its cpu kernel breaks on others). This is the
 * gradient of `tf.gather` (every embedding lookup): `rows` is batch*steps,
 * `inner` the embedding size, so it costs one pass over dy.
 */
import {
  UnsortedSegmentSum,
  util,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  type UnsortedSegmentSumAttrs,
  type UnsortedSegmentSumInputs,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

function unsortedSegmentSum(args: { inputs: UnsortedSegmentSumInputs; backend: BackendWasm; attrs: UnsortedSegmentSumAttrs }): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const segmentIds = inputs.segmentIds as TensorInfo;
  const { numSegments } = attrs;
  util.assert(
    segmentIds.shape.length === 1 && x.shape.length >= 1 && segmentIds.shape[0] === x.shape[0],
    () => `unsortedSegmentSum: segmentIds must be 1-D with one id per row of x (x [${x.shape}], segmentIds [${segmentIds.shape}]); ` +
      'reshape x to [rows, ...] and the ids to [rows]',
  );
  const rows = x.shape[0];
  const inner = util.sizeFromShape(x.shape.slice(1)); // elements per row of x and of out
  const dtype = x.dtype === 'float32' ? 'float32' : 'int32';

  // Allocate first: makeOutput may grow the heap, which detaches older views.
  const out = backend.makeOutput([numSegments, ...x.shape.slice(1)], dtype);
  const xs = backend.typedArrayFromHeap(x);
  const ids = backend.typedArrayFromHeap(segmentIds);
  const sums = backend.typedArrayFromHeap(out);
  sums.fill(0);
  for (let a = 0; a < rows; a++) {
    const s = ids[a];
    if (!(s >= 0 && s < numSegments)) continue;
    for (let p = 0; p < inner; p++) {
      sums[s * inner + p] += xs[a * inner + p];
    }
  }
  return out;
}

/** Kernel config: registers with `registerKernel(unsortedSegmentSumConfig)`. */
export const unsortedSegmentSumConfig: KernelConfig = {
  kernelName: UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSum as unknown as KernelFunc,
};
