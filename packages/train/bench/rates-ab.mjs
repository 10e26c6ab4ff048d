/**
 * Does restriction pay in the language model? The paper's model (ab-harness.mjs sizes) at r = 1 and
 * at r = 0, both in one process, steps alternating so that drift in the machine's speed hits both:
 * median ms/step of each, r0/r1, and the median paired difference (r1 step minus the r0 step next to it).
 * With 2 threads each model has its own gradient worker (ab-worker.mjs) and steps as `rrnn train
 * --threads 2` does (@rrnn/train/parallel's trainStepParallel).
 *
 *   pnpm build && node packages/train/bench/rates-ab.mjs [cell, default rnn] [runs per rate, default 9] [threads, 1 or 2, default 1]
 *
 * Wasm (or $RRNN_BACKEND). Plain JavaScript on the built packages.
 */
/* global console, process, performance, URL */
import { Worker } from 'node:worker_threads';
import { useBackend } from '@rrnn/backend';
import { createLanguageModel, createOptimizer, disposeLanguageModel, disposeOptimizer, disposeState, initialState, modelParameters } from '@rrnn/train';
import { portPeer, trainStepParallel } from '@rrnn/train/parallel';
import { PAPER_LM, median, paperConfig, paperLm, paperWindow, timesLine } from './ab-harness.mjs';

const cell = process.argv[2] ?? 'rnn';
const runs = Number(process.argv[3] ?? 9);
const threads = Number(process.argv[4] ?? 1);
if (threads !== 1 && threads !== 2) throw new Error(`threads must be 1 or 2, got ${process.argv[4]}`);
const backend = await useBackend(process.env.RRNN_BACKEND ?? 'wasm');

/** The paper's model at `rate` stepping on this thread and one gradient worker; `step()` resolves to its ms. */
function parallelLm(rate) {
  const S = PAPER_LM;
  const config = paperConfig(cell, rate);
  const model = createLanguageModel(config, 0);
  const params = modelParameters(model);
  const opt = createOptimizer('sgd', params, { momentum: 0.9, weightDecay: 1e-6 });
  const peer = portPeer(new Worker(new URL('./ab-worker.mjs', import.meta.url), { workerData: { backend } }), config);
  let state = initialState(model, S.batch);
  let n = 0;
  return {
    async step() {
      n++;
      const t = performance.now();
      const r = await trainStepParallel(model, params, opt, paperWindow(n), state, { lr: S.lr, clip: S.clip, seed: n, step: n }, [peer]);
      const ms = performance.now() - t;
      disposeState(state);
      state = r.state;
      return ms;
    },
    async dispose() {
      await peer.close();
      disposeState(state);
      disposeOptimizer(opt);
      disposeLanguageModel(model);
    },
  };
}

const make = (rate) => (threads === 1 ? paperLm(cell, rate) : parallelLm(rate));
const lm = { true: make(1), false: make(0) };
// warm-up: a fresh worker needs a few steps to reach its steady speed
for (let i = 0; i < (threads === 1 ? 1 : 5); i++) for (const one of [true, false]) await lm[one].step();
const times = { true: [], false: [] };
for (let i = 0; i < runs; i++) for (const one of i % 2 ? [false, true] : [true, false]) times[one].push(await lm[one].step());
const [on, off] = [median(times.true), median(times.false)];
const paired = median(times.true.map((x, i) => x - times.false[i]));
console.log(`${backend}, ${cell}, ${threads} thread(s): r = 1 ${on.toFixed(0)} ms/step, r = 0 ${off.toFixed(0)} ms/step, r0/r1 ${(off / on).toFixed(3)}, paired difference ${paired.toFixed(0)} ms`);
console.log(timesLine(times, ['r1', 'r0']));
await lm.true.dispose();
await lm.false.dispose();
