/**
 * `GatherV2` for the wasm backend, correcting and speeding up tfjs-backend-wasm 4.22.
 *
 *   out[b, o, i, s] = x[b, o, indices[b, i], s]
 *
 * with x viewed as [batch, outer, dim, slice] and indices as [batch, n]
 * (tfjs's own flattening, `collectGatherOpShapeInfo`).
 *
 * Correct: with `batchDims > 0` the stock kernel reads the wrong indices for
 * every batch after the first (e.g. `tf.gather(logProbs, targets, 1, 1)`
 * picking one entry per row returned other rows' entries).
 * Fast: the stock kernel copies the indices out of the heap and computes every
 * element's address from strides, one element at a time: the language model's
 * embedding lookup ([10,000 x 200] by [40 x 35] ids) took 7-11 ms. Here each
 * gathered slice is one block copy inside the heap: 0.16-0.29 ms, and faster
 * for every slice length down to 1 (packages/backend/bench/gather.mjs).
 * Strings (and complex64) keep the stock kernel.
 */
import {
  backend_util,
  GatherV2,
  util,
  type GatherV2Attrs,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  type NamedTensorInfoMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapBytes, offsetOf } from './wasm_module';

type Args = { inputs: NamedTensorInfoMap; backend: BackendWasm; attrs: NamedAttrMap };

function sliceGather(args: Args): TensorInfo {
  const { backend } = args;
  const { x, indices } = args.inputs as { x: TensorInfo; indices: TensorInfo };
  const { axis, batchDims } = args.attrs as unknown as GatherV2Attrs;
  const parsedAxis = util.parseAxisParam(axis, x.shape)[0];
  const info = backend_util.segment_util.collectGatherOpShapeInfo(x as never, indices as never, parsedAxis, batchDims);
  const { batchSize, outerSize, dimSize, sliceSize } = info;
  const n = util.sizeFromShape(indices.shape) / batchSize;

  const idsBefore = backend.typedArrayFromHeap(indices);
  for (let k = 0; k < idsBefore.length; k++) {
    const j = idsBefore[k];
    util.assert(j >= 0 && j < dimSize, () => `GatherV2: the index value ${j} is not in [0, ${dimSize - 1}]`);
  }
  // Allocate, then take views: makeOutput may grow the heap and detach older views.
  const out = backend.makeOutput(info.outputShape, x.dtype);
  const ids = backend.typedArrayFromHeap(indices);
  // byte copies inside the heap: no view object per slice
  const heap = heapBytes(backend, 'GatherV2');
  const bytes = util.bytesPerElement(x.dtype);
  const [xAt, outAt, sliceBytes] = [offsetOf(backend, x), offsetOf(backend, out), sliceSize * bytes];
  for (let b = 0; b < batchSize; b++) {
    for (let o = 0; o < outerSize; o++) {
      const xRow = (b * outerSize + o) * dimSize;
      const oRow = (b * outerSize + o) * n;
      for (let i = 0; i < n; i++) {
        const src = xAt + (xRow + ids[b * n + i]) * sliceBytes;
        heap.copyWithin(outAt + (oRow + i) * sliceBytes, src, src + sliceBytes);
      }
    }
  }
  return out;
}

/** rrnn's kernel config, given the stock one (kept for strings and complex64, which it does not copy as blocks). */
export function gatherV2Config(stock: KernelConfig): KernelConfig {
  const kernelFunc = (args: Args) => {
    const { dtype } = args.inputs.x as TensorInfo;
    return dtype === 'string' || dtype === 'complex64' ? stock.kernelFunc(args as never) : sliceGather(args);
  };
  return { kernelName: GatherV2, backendName: 'wasm', setupFunc: stock.setupFunc, kernelFunc: kernelFunc as unknown as KernelFunc };
}
