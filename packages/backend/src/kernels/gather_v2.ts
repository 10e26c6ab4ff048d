/**
 * `GatherV2` for the wasm backend when `batchDims > 0`, correcting
 * tfjs-backend-wasm 4.22, whose kernel reads the wrong indices for every batch
 * after the first (e.g. `tf.gather(logProbs, targets, 1, 1)` picking one entry
 * per row returned other rows' entries). Plain gathers (`batchDims` 0, every
 * embedding lookup) keep the stock kernel, which is right.
 *
 *   out[b, o, i, s] = x[b, o, indices[b, i], s]
 *
 * with x viewed as [batch, outer, dim, slice] and indices as [batch, n]
 * (tfjs's own flattening, `collectGatherOpShapeInfo`).
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

type Args = { inputs: NamedTensorInfoMap; backend: BackendWasm; attrs: NamedAttrMap };

function batchedGather(args: Args): TensorInfo {
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
  const xs = backend.typedArrayFromHeap(x);
  const ids = backend.typedArrayFromHeap(indices);
  const os = backend.typedArrayFromHeap(out);
  for (let b = 0; b < batchSize; b++) {
    for (let o = 0; o < outerSize; o++) {
      const xRow = (b * outerSize + o) * dimSize;
      const oRow = (b * outerSize + o) * n;
      for (let i = 0; i < n; i++) {
        const src = (xRow + ids[b * n + i]) * sliceSize;
        os.set(xs.subarray(src, src + sliceSize), (oRow + i) * sliceSize);
      }
    }
  }
  return out;
}

/** The corrected kernel config, given the stock one (kept for batchDims 0 and strings). */
export function gatherV2Config(stock: KernelConfig): KernelConfig {
  const kernelFunc = (args: Args) => {
    const batchDims = (args.attrs as unknown as GatherV2Attrs).batchDims ?? 0;
    const x = args.inputs.x as TensorInfo;
    return batchDims === 0 || x.dtype === 'string' ? stock.kernelFunc(args as never) : batchedGather(args);
  };
  return { kernelName: GatherV2, backendName: 'wasm', setupFunc: stock.setupFunc, kernelFunc: kernelFunc as unknown as KernelFunc };
}
