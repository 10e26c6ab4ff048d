/**
 * A/B of @rrnn/backend's sharing `Identity` kernel on wasm against a copying one (what
 * tfjs-backend-wasm's own does), alternating step by step on the paper's language model
 * (ab-harness.mjs: one thread, batch 80 or `batch`), and the decoder's bias in the product's output
 * stage (`tf.fused.matMul`) against a separate `add`, on the logits shape [rows, 10,000].
 *
 *   pnpm build && node packages/train/bench/identity-ab.mjs [cell=lstm] [rate=0.5] [runs per mode=9]
 */
/* global console, process, performance */
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@rrnn/backend';
import { alternate, paperLm, timesLine } from './ab-harness.mjs';

const [cell = 'lstm', rate = '0.5', runs = '9'] = process.argv.slice(2);
await useBackend('wasm');
const sharing = tf.getKernel('Identity', 'wasm');
const copying = {
  ...sharing,
  kernelFunc: ({ inputs: { x }, backend }) => {
    const out = backend.makeOutput(x.shape, x.dtype);
    backend.typedArrayFromHeap(out).set(backend.typedArrayFromHeap(x));
    return out;
  },
};
const use = (config) => { tf.unregisterKernel('Identity', 'wasm'); tf.registerKernel(config); };

const lm = paperLm(cell, Number(rate));
const { times, on, off, paired } = alternate(Number(runs), (share) => { use(share ? sharing : copying); return lm.step(); });
use(sharing);
console.log(`${cell} r=${rate}, one thread: sharing Identity ${on.toFixed(0)} ms/step, copying ${off.toFixed(0)}, paired difference ${paired.toFixed(0)} ms`);
console.log(timesLine(times, ['share', 'copy']));
lm.dispose();

for (const rows of [1400, 2800]) {
  const [h, dT, b] = [tf.randomNormal([rows, 200]), tf.randomNormal([200, 10000]), tf.randomNormal([10000])];
  const run = (fused) => {
    const t = performance.now();
    tf.tidy(() => tf.sum(fused ? tf.fused.matMul({ a: h, b: dT, bias: b }) : tf.add(tf.matMul(h, dT), b)).dataSync());
    return performance.now() - t;
  };
  const r = alternate(Number(runs), run);
  console.log(`logits [${rows}, 10000]: fused bias ${r.on.toFixed(1)} ms, matMul + add ${r.off.toFixed(1)} ms, paired difference ${r.paired.toFixed(1)} ms`);
  tf.dispose([h, dT, b]);
}
