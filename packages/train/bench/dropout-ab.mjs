/**
 * A/B of core's dropout with the `RrnnDropoutMask` kernel (the mask drawn in one wasm pass) against
 * `tf.dropout` (tfjs's draws in JavaScript and three kernels; `setFusedDropoutMask(false)`), both the
 * same bits: first one `[35, 200, 40]` mask (the paper's sizes) timed alone, then full training steps
 * of the paper's language model (3 x 200, tied, vocabulary 10,000, batch 80, BPTT 35, dropout 0.2 at the
 * embedding, between the layers and before the decoder: four masks per step), one thread on wasm (or
 * $RRNN_BACKEND); then the same steps with dropout between the recurrent layers only (two masks, the
 * paper recipe's placement, which `rrnn bench` times) against the four. Modes alternate step by step
 * (ab-harness.mjs).
 *
 *   pnpm build && node packages/train/bench/dropout-ab.mjs [steps per mode, default 7] [rates, default 0,0.5,1] [cell, default lstm]
 */
/* global console, performance, process */
import * as tf from '@tensorflow/tfjs-core';
import { dropout, fusedDropoutMaskActive, setFusedDropoutMask } from '@rrnn/core';
import { useBackend } from '@rrnn/backend';
import { alternate, fusedStepAb, paperLm, timesLine } from './ab-harness.mjs';

const cell = process.argv[4] ?? 'lstm';
await useBackend(process.env.RRNN_BACKEND ?? 'wasm');
const x = tf.ones([35, 200, 40]);
let seed = 0;
const mask = (fused) => {
  setFusedDropoutMask(fused);
  const t = performance.now();
  tf.tidy(() => dropout(x, 0.2, ++seed).dataSync()[0]);
  return performance.now() - t;
};
for (let i = 0; i < 5; i++) mask(i % 2 === 0);
const { on, off } = alternate(21, mask);
console.log(`one [35, 200, 40] mask and its product: kernel ${on.toFixed(2)} ms, tf.dropout ${off.toFixed(2)} ms (medians of 21)`);
setFusedDropoutMask(true);
x.dispose();
await fusedStepAb({ cell, setFused: setFusedDropoutMask, fusedActive: fusedDropoutMaskActive });

// where the masks go: the four above (placement 'all', the default) against the paper recipe's two
// (between the recurrent layers only, `rrnn train --recipe paper` and `rrnn bench`), mask kernel on
const steps = Number(process.argv[2] ?? 7);
console.log(`\nplacement 'between' (2 masks) against 'all' (4), median of ${steps} steps each, alternating`);
for (const rate of (process.argv[3] ?? '0,0.5,1').split(',').map(Number)) {
  const lms = { true: paperLm(cell, rate, { dropoutPlacement: 'between' }), false: paperLm(cell, rate, { dropoutPlacement: 'all' }) };
  const { times, on, off, paired } = alternate(steps, (between) => lms[between].step());
  console.log(`r = ${rate}: between ${on.toFixed(0)} ms, all ${off.toFixed(0)} ms, ratio ${(on / off).toFixed(3)}, paired diff ${paired.toFixed(0)} ms`);
  console.log(timesLine(times, ['between', 'all']));
  lms.true.dispose();
  lms.false.dispose();
}
