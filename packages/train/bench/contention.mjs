/**
 * Do two threads slow each other down? The gradients of one window (forward + backward, no update)
 * of the paper's model, each in a worker thread: batch 80 alone, batch 40 alone, then two batch-40
 * shards side by side (what a two-thread training step runs). Best/median ms of 6 after 4 warm-up.
 * Then the matMul probe's shapes (GFLOP/s, best of 8) in one worker alone and in two side by side.
 *
 *   pnpm build && node packages/train/bench/contention.mjs [cell=rnn] [rate=1]
 */
/* global console, process, performance, URL */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { useBackend } from '@rrnn/backend';
import * as tf from '@tensorflow/tfjs-core';
import { matMulRates, modelMatMulShapes } from '@rrnn/core/bench';
import { createLanguageModel, initialState, modelParameters, windowGradients } from '@rrnn/train';
import { PAPER_LM, paperConfig } from './ab-harness.mjs';
async function run({ cell, rate, batch, n, probe }) {
  await useBackend('wasm');
  if (probe) return (await matMulRates(modelMatMulShapes({ batch: 80, steps: 35, hidden: 200, gates: 4, vocab: 10000 }), { warmup: 2, reps: 8 })).map((x) => x.gflops.toFixed(1)).join(' ');
  const { vocab: V, bptt: len } = PAPER_LM;
  const m = createLanguageModel(paperConfig(cell, rate), 0);
  const params = modelParameters(m);
  const w = { inputs: Int32Array.from({ length: batch * len }, (_, i) => (i * 7919) % V), targets: Int32Array.from({ length: batch * len }, (_, i) => (i * 104729) % V), batch, len };
  const state = initialState(m, batch);
  const once = () => tf.tidy(() => { const r = windowGradients(m, params, w, state, 1); r.loss.dataSync(); Object.values(r.grads).forEach((g) => g.dataSync()); tf.dispose([...r.state.h, ...(r.state.c ?? [])]); });
  for (let i = 0; i < 4; i++) once();
  const ts = [];
  for (let i = 0; i < n; i++) { const t = performance.now(); once(); ts.push(performance.now() - t); }
  ts.sort((a, b) => a - b);
  return `${ts[0].toFixed(0)}/${ts[Math.floor(n / 2)].toFixed(0)}`;
}
if (isMainThread) {
  const [cell = 'rnn', rate = '1'] = process.argv.slice(2);
  const spawn = (batch, probe = false) => new Promise((res) => { const w = new Worker(new URL(import.meta.url), { workerData: { cell, rate: Number(rate), batch, n: 6, probe } }); w.on('message', (m) => { res(m); w.terminate(); }); });
  console.log(cell, rate, 'gradients ms best/median: batch 80 alone', await spawn(80), '| batch 40 alone', await spawn(40), '| batch 40 x2 concurrent', (await Promise.all([spawn(40), spawn(40)])).join(' '));
  console.log('matMul GFLOP/s of [2800,200]x[200,800], [800,200]x[200,80], [2800,200]x[200,10000]: alone', await spawn(0, true), '| two side by side', (await Promise.all([spawn(0, true), spawn(0, true)])).join(' | '));
} else parentPort.postMessage(await run(workerData));
