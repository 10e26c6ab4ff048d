/**
 * Are a two-thread step's halves equal? The gradient part of `trainStepParallel` written out: the
 * worker gets its shard (rows 40-79), this thread computes rows 0-39 meanwhile; both timed inside
 * the same concurrent step (this thread's shard from its start to its gradients read out; the
 * worker's from receiving the request to posting the reply). Medians over `runs` steps after 4
 * warm-up ones, then the same for a split of `rows` rows here (e.g. 42) and the rest there.
 *
 *   pnpm build && node packages/train/bench/split.mjs [cell=rnn] [rate=1] [runs=8] [rows=42]
 */
/* global console, performance, process, URL */
import { Worker } from 'node:worker_threads';
import { useBackend } from '@rrnn/backend';
import * as tf from '@tensorflow/tfjs-core';
import { createLanguageModel, initialState, modelParameters, windowGradients } from '@rrnn/train';
import { portPeer } from '@rrnn/train/parallel';
import { PAPER_LM, median, paperConfig, paperWindow } from './ab-harness.mjs';

const [cell = 'rnn', rateArg = '1', runsArg = '8', rowsArg = '42'] = process.argv.slice(2);
const runs = Number(runsArg);
const backend = await useBackend('wasm');
const S = PAPER_LM;
const config = paperConfig(cell, Number(rateArg));
const model = createLanguageModel(config, 0);
const params = modelParameters(model);
const worker = new Worker(new URL('./phase-worker.mjs', import.meta.url), { workerData: { backend } });
let workerMs = 0;
worker.on('message', (m) => { if (m.type === 'timing') workerMs = m.ms; });
const peer = portPeer(worker, config);
const weights = Object.values(params).map((p) => p.dataSync());
const rowsOf = (w, a, b) => ({ inputs: w.inputs.slice(a * w.len, b * w.len), targets: w.targets.slice(a * w.len, b * w.len), batch: b - a, len: w.len });
const zeros = (rows) => Array.from({ length: cell === 'lstm' ? 2 * S.layers : S.layers }, () => new Float32Array(rows * S.hidden));

async function measure(split, resend = true) {
  const here = [], there = [];
  const local = initialState(model, split);
  for (let n = 1; n <= runs + 4; n++) {
    const w = paperWindow(n);
    const pending = peer.compute({ weights: resend || n === 1 ? weights : undefined, window: rowsOf(w, split, S.batch), state: zeros(S.batch - split), seed: n });
    const t = performance.now();
    tf.tidy(() => {
      const g = windowGradients(model, params, rowsOf(w, 0, split), local, n);
      g.loss.dataSync();
      for (const v of Object.values(g.grads)) v.dataSync();
      tf.dispose([...g.state.h, ...(g.state.c ?? [])]);
    });
    const mine = performance.now() - t;
    await pending;
    if (n > 4) { here.push(mine); there.push(workerMs); }
  }
  tf.dispose([...local.h, ...(local.c ?? [])]);
  return `${split}/${S.batch - split} rows${resend ? '' : ' (weights sent once)'}: this thread ${median(here).toFixed(0)} ms, worker ${median(there).toFixed(0)} ms`;
}

console.log(`${cell} r=${rateArg}, concurrent shards (medians of ${runs}):`, await measure(S.batch / 2), '|', await measure(Number(rowsArg)), '|', await measure(S.batch / 2, false));
await peer.close();
