/**
 * rrnn's wasm `GatherV2` (a block copy per gathered slice) against the stock tfjs-backend-wasm
 * kernel it replaces (one element at a time), in one run: both kernel functions called directly on
 * the same tensors, alternated, medians of `reps`. The first shape is the paper model's embedding
 * lookup for a two-thread step's half (batch 40 x BPTT 35 ids into [10,000 x 200]).
 *
 *   pnpm build && node packages/backend/bench/gather.mjs [reps=31]
 */
/* global console, performance, process */
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@rrnn/backend';

const reps = Number(process.argv[2] ?? 31);
const stock = tf.getKernel('GatherV2', 'wasm'); // before useBackend puts rrnn's in its place
await useBackend('wasm');
const ours = tf.getKernel('GatherV2', 'wasm');
if (ours.kernelFunc === stock.kernelFunc) throw new Error('gather bench: rrnn did not replace the stock GatherV2');
const backend = tf.backend();
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const call = (kernel, x, indices) => {
  const t = performance.now();
  const out = kernel.kernelFunc({ inputs: { x, indices }, backend, attrs: { axis: 0, batchDims: 0 } });
  const ms = performance.now() - t;
  backend.disposeData(out.dataId);
  return ms;
};
for (const [rows, slice, ids] of [[10_000, 200, [40, 35]], [10_000, 200, [80, 35]], [10_000, 16, [40, 35]], [10_000, 64, [40, 35]], [10_000, 1, [40, 35]], [10_000, 4, [40, 35]], [10_000, 8, [40, 35]], [10, 4, [7, 1]]]) {
  const x = tf.randomNormal([rows, slice]);
  const n = ids[0] * ids[1];
  const indices = tf.tensor2d(Int32Array.from({ length: n }, (_, i) => (i * 7919) % rows), ids, 'int32');
  const times = { stock: [], ours: [] };
  for (let i = 0; i < reps + 3; i++) {
    for (const k of i % 2 ? ['ours', 'stock'] : ['stock', 'ours']) {
      const ms = call(k === 'ours' ? ours : stock, x, indices);
      if (i >= 3) times[k].push(ms);
    }
  }
  const [s, o] = [median(times.stock), median(times.ours)];
  console.log(`gather [${rows}, ${slice}] by [${ids}]: stock ${s.toFixed(3)} ms, rrnn ${o.toFixed(3)} ms, ${(s / o).toFixed(1)}x`);
  tf.dispose([x, indices]);
}
