/**
 * `UnsortedSegmentSum` for the wasm backend, in JavaScript over the wasm heap.
 *
 *   out[s, p] = sum over rows a with segmentIds[a, p'] = s of x[a, p]
 *
 * x: [rows, ...inner], segmentIds: [rows, ...lead] (the leading dims of x,
 * broadcast over the rest), out: [numSegments, ...inner]. Ids outside
 * [0, numSegments) are dropped, as on the cpu backend. This is the gradient of
 * `tf.gather` (every embedding lookup): `rows` is batch*steps, `inner` the
 * embedding size, so one pass over dy is all it costs.
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
  const lead = segmentIds.shape;
  util.assert(
    lead.length >= 1 && lead.length <= x.shape.length && lead.every((d, i) => d === x.shape[i]),
    () => `unsortedSegmentSum: segmentIds shape [${lead}] must equal the leading dims of x [${x.shape}]`,
  );
  const rows = x.shape[0];
  const inner = util.sizeFromShape(x.shape.slice(1)); // elements per row of x and out
  const perId = util.sizeFromShape(x.shape.slice(Math.max(lead.length, 1))); // elements of x sharing one id
  const idsPerRow = util.sizeFromShape(lead.slice(1));
  const dtype = x.dtype === 'float32' ? 'float32' : 'int32';

  // Allocate first: makeOutput may grow the heap, which detaches older views.
  const out = backend.makeOutput([numSegments, ...x.shape.slice(1)], dtype);
  const xs = backend.typedArrayFromHeap(x);
  const ids = backend.typedArrayFromHeap(segmentIds);
  const sums = backend.typedArrayFromHeap(out);
  sums.fill(0);
  for (let a = 0; a < rows; a++) {
    for (let p = 0; p < inner; p++) {
      const s = ids[a * idsPerRow + Math.floor(p / perId)];
      if (s >= 0 && s < numSegments) sums[s * inner + p] += xs[a * inner + p];
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
