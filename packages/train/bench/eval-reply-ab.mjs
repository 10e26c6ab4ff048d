/**
 * What returning a worker's evaluation reply from `tf.tidy` cost: `createShardComputer().evaluate()`
 * (one evaluation window of the paper's model at batch 40, the worker's half) called plainly
 * ("after") and wrapped in a `tf.tidy` that returns the reply ("before": tidy walks the returned
 * object, ~50,000 floats, element by element), alternated in one process; medians of 9 each.
 *
 *   pnpm build && node packages/train/bench/eval-reply-ab.mjs [cell=lstm] [rate=0.5]
 */
/* global console, performance, process */
import { useBackend } from '@rrnn/backend';
import * as tf from '@tensorflow/tfjs-core';
import { createLanguageModel, modelParameters } from '@rrnn/train';
import { createShardComputer } from '@rrnn/train/parallel';
import { PAPER_LM, median, paperConfig } from './ab-harness.mjs';

await useBackend('wasm');
const [cell = 'lstm', rate = '0.5'] = process.argv.slice(2);
const config = paperConfig(cell, Number(rate));
const computer = createShardComputer(config);
const S = PAPER_LM, B = S.batch / 2;
const ids = (s) => Int32Array.from({ length: B * S.bptt }, (_, i) => (i * 7919 + s * 104729) % S.vocab);
const model = createLanguageModel(config, 0);
const weights = Object.values(modelParameters(model)).map((p) => p.dataSync().slice());
const stateCount = cell === 'lstm' ? 2 * S.layers : S.layers;
const state = Array.from({ length: stateCount }, (_, j) => Float32Array.from({ length: B * S.hidden }, (_, i) => Math.sin(i + j) * 0.5));
const times = { before: [], after: [] };
for (let n = 0; n < 21; n++) {
  const mode = n % 2 ? 'before' : 'after';
  const run = () => computer.evaluate({ weights: n === 0 ? weights : undefined, window: { inputs: ids(n), targets: ids(n + 1), batch: B, len: S.bptt }, state });
  const t = performance.now();
  if (mode === 'before') tf.tidy(run);
  else run();
  if (n > 2) times[mode].push(performance.now() - t);
}
console.log(`${cell} r=${rate} evaluate() batch ${B}, ms (medians): reply returned from a tidy ${median(times.before).toFixed(1)} | not ${median(times.after).toFixed(1)}`);
