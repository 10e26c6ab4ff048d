/**
 * A/B of the optimizer step with @rrnn/backend's fused SGD-momentum kernel (RrnnSgdMomentum) against the
 * tfjs ops it replaces (the kernel unregistered): the clipping factor and the update of every parameter
 * of the paper's language model (3 x 200, tied, vocabulary 10,000; SGD momentum 0.9, weight decay 1e-6,
 * clip 0.25), on gradients of the parameters' shapes, one thread on wasm. Both give the same bits
 * (test/wasm-sgd.test.ts); this measures the time. Modes alternate, so drift in the machine's speed hits
 * both; prints the median ms of each, their ratio and the median of the paired differences.
 *
 *   pnpm build && node packages/train/bench/sgd-ab.mjs [runs per mode, default 15] [cells, default lstm,gru,rnn]
 */
/* global console, performance, process */
import * as tf from '@tensorflow/tfjs-core';
import { SGD_MOMENTUM } from '@rrnn/core/kernels';
import { applyGradients, clipScale, createLanguageModel, createOptimizer, disposeLanguageModel, disposeOptimizer, modelParameters } from '@rrnn/train';
import { alternate, paperConfig, timesLine } from './ab-harness.mjs';
import { useBackend } from '@rrnn/backend';

const runs = Number(process.argv[2] ?? 15);
const cells = (process.argv[3] ?? 'lstm,gru,rnn').split(',');
const backend = await useBackend('wasm');
const kernel = tf.getKernel(SGD_MOMENTUM, backend);
if (!kernel) throw new Error(`no ${SGD_MOMENTUM} kernel on ${backend}`);
console.log(`backend ${backend}; the paper's model, r = 0; median of ${runs} updates per mode, modes alternating`);
console.log('cell  floats     fused ms   ops ms   fused/ops   paired diff ms');
for (const cell of cells) {
  const model = createLanguageModel(paperConfig(cell, 0), 0);
  const params = modelParameters(model);
  const opt = createOptimizer('sgd', params, { momentum: 0.9, weightDecay: 1e-6 });
  const grads = tf.tidy(() => Object.fromEntries(Object.entries(params).map(([k, p]) => [k, tf.keep(tf.randomNormal(p.shape, 0, 0.01, 'float32', 1))])));
  const update = (fused) => {
    if (!fused) tf.unregisterKernel(SGD_MOMENTUM, backend);
    try {
      const t = performance.now();
      tf.tidy(() => applyGradients(opt, params, grads, 1, clipScale(grads, 0.25).scale));
      Object.values(params)[0].dataSync();
      return performance.now() - t;
    } finally {
      if (!fused) tf.registerKernel(kernel);
    }
  };
  const { times, on, off, paired } = alternate(runs, update);
  const floats = Object.values(params).reduce((n, p) => n + p.size, 0);
  console.log(`${cell.padEnd(5)} ${floats.toLocaleString('en-US').padStart(9)} ${on.toFixed(2).padStart(10)} ${off.toFixed(2).padStart(8)} ${(on / off).toFixed(3).padStart(11)} ${paired.toFixed(2).padStart(16)}`);
  console.log(timesLine(times, ['fused', 'ops'], 1));
  tf.dispose(Object.values(grads));
  disposeOptimizer(opt);
  disposeLanguageModel(model);
}
