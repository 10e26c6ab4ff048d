/**
 * Where a two-thread training step of the paper's model spends its time: before the request goes
 * to the worker (weights out), until both shards' gradients are in (with how long the worker was
 * busy), and the merge + clip + update after. Medians over `runs` steps after 4 warm-up ones.
 *
 *   pnpm build && node packages/train/bench/phases.mjs [cell=rnn] [rate=1] [runs=8]
 */
/* global console, process, performance, URL */
import { Worker } from 'node:worker_threads';
import { useBackend } from '@rrnn/backend';
import { createLanguageModel, createOptimizer, initialState, modelParameters, disposeState } from '@rrnn/train';
import { portPeer, trainStepParallel } from '@rrnn/train/parallel';
import { PAPER_LM, median, paperConfig, paperWindow } from './ab-harness.mjs';
const cell = process.argv[2] ?? 'rnn', rate = Number(process.argv[3] ?? 1), runs = Number(process.argv[4] ?? 8);
const backend = await useBackend('wasm');
const S = PAPER_LM;
const config = paperConfig(cell, rate);
const model = createLanguageModel(config, 0);
const params = modelParameters(model);
const opt = createOptimizer('sgd', params, { momentum: 0.9, weightDecay: 1e-6 });
const worker = new Worker(new URL('./phase-worker.mjs', import.meta.url), { workerData: { backend } });
let workerMs = 0;
worker.on('message', (m) => { if (m.type === 'timing') workerMs = m.ms; });
const inner = portPeer(worker, config);
let tSent = 0, tResolved = 0;
const peer = { ...inner, compute: (req) => { tSent = performance.now(); return inner.compute(req).then((r) => { tResolved = performance.now(); return r; }); } };
let state = initialState(model, S.batch);
const rows = [];
for (let n = 1; n <= runs + 4; n++) {
  const t0 = performance.now();
  const r = await trainStepParallel(model, params, opt, paperWindow(n), state, { lr: S.lr, clip: S.clip, seed: n, step: n }, [peer]);
  const t1 = performance.now();
  disposeState(state); state = r.state;
  if (n > 4) rows.push({ step: t1 - t0, pre: tSent - t0, untilBoth: tResolved - tSent, worker: workerMs, post: t1 - tResolved });
}
const med = (k) => median(rows.map((r) => r[k])).toFixed(0);
console.log(`${cell} r=${rate}: step ${med('step')} ms = before send ${med('pre')} + until both shards done ${med('untilBoth')} (worker busy ${med('worker')}) + merge/clip/update ${med('post')}`);
await inner.close();
