/**
 * Which kernels slow down when two threads train side by side? One training step of the paper's
 * model at batch 40 (a two-thread step's half), profiled by kernel (tf.profile) in one worker alone,
 * then in each of two workers running at the same time. Per kernel (matrix products by shape): ms
 * per step alone, side by side (mean of the two workers), and the ratio; medians over `runs` steps
 * after 3 warm-up ones; alone and side by side alternate for `rounds` rounds. Where the ratio is high, the kernel competes for something the threads share
 * (memory bandwidth, the shared cache); where it is ~1, it runs from the core's own caches.
 *
 *   pnpm build && node packages/train/bench/kernel-contention.mjs [cell=rnn] [rate=1] [runs=5] [rounds=3]
 */
/* global console, process, URL */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { useBackend } from '@rrnn/backend';
import * as tf from '@tensorflow/tfjs-core';
import { createLanguageModel, createOptimizer, disposeState, initialState, modelParameters, trainStep } from '@rrnn/train';
import { PAPER_LM, median, paperConfig } from './ab-harness.mjs';

const BATCH = PAPER_LM.batch / 2;

/** ms per kernel key of `runs` profiled steps (medians), plus the wall ms of each step. */
async function profileSteps({ cell, rate, runs }) {
  await useBackend('wasm');
  const S = PAPER_LM;
  const model = createLanguageModel(paperConfig(cell, rate), 0);
  const params = modelParameters(model);
  const opt = createOptimizer('sgd', params, { momentum: 0.9, weightDecay: 1e-6 });
  let state = initialState(model, BATCH);
  const ids = (seed) => Int32Array.from({ length: BATCH * S.bptt }, (_, i) => (i * 7919 + seed * 104729) % S.vocab);
  const step = (n) => {
    const r = trainStep(model, params, opt, { inputs: ids(n), targets: ids(n + 1), batch: BATCH, len: S.bptt }, state, { lr: S.lr, clip: S.clip, seed: n, step: n });
    disposeState(state);
    state = r.state;
  };
  for (let n = 1; n <= 3; n++) step(n);
  const perKey = new Map();
  const walls = [];
  for (let n = 4; n < 4 + runs; n++) {
    const info = await tf.profile(() => step(n));
    const sums = new Map();
    // customGrad's `forward` and tfjs' op scopes contain other kernels: count only leaf kernels
    for (const k of info.kernels) {
      if (k.name === 'forward' || k.name.endsWith('__op') || k.name === 'unnamed scope') continue;
      const key = k.name === 'BatchMatMul' || k.name === '_FusedMatMul' ? `${k.name} ${JSON.stringify(k.inputShapes.slice(0, 2))}` : k.name;
      sums.set(key, (sums.get(key) ?? 0) + k.kernelTimeMs);
    }
    walls.push([...sums.values()].reduce((a, b) => a + b, 0));
    for (const [key, ms] of sums) perKey.set(key, [...(perKey.get(key) ?? []), ms]);
  }
  return { kernels: Object.fromEntries([...perKey].map(([k, v]) => [k, median(v)])), total: median(walls) };
}

if (isMainThread) {
  const [cell = 'rnn', rate = '1', runs = '5', rounds = '3'] = process.argv.slice(2);
  const spawn = () => new Promise((res, rej) => {
    const w = new Worker(new URL(import.meta.url), { workerData: { cell, rate: Number(rate), runs: Number(runs) } });
    w.on('message', (m) => { res(m); w.terminate(); });
    w.on('error', rej);
  });
  // alternated, so the machine's drift (up to a third within minutes) hits both
  const alones = [], sides = [];
  for (let round = 0; round < Number(rounds); round++) {
    alones.push(await spawn());
    const pair = await Promise.all([spawn(), spawn()]);
    sides.push(...pair);
    console.log(`round ${round + 1}: ms per step (kernel time) alone ${alones.at(-1).total.toFixed(0)} | side by side ${pair.map((p) => p.total.toFixed(0)).join(' ')}`);
  }
  const mean = (rs, k) => rs.reduce((s, r) => s + (r.kernels[k] ?? 0), 0) / rs.length;
  console.log(`${cell} r=${rate} batch ${BATCH}: kernel, ms per step alone, side by side, ratio (means over ${rounds} rounds of the per-worker medians of ${runs} steps)`);
  const keys = Object.keys(alones[0].kernels).sort((a, b) => mean(alones, b) - mean(alones, a)).filter((k) => mean(alones, k) >= 1);
  for (const k of ['total', ...keys]) {
    const [a, s] = k === 'total' ? [alones, sides].map((rs) => rs.reduce((x, r) => x + r.total, 0) / rs.length) : [mean(alones, k), mean(sides, k)];
    console.log(`  ${k.padEnd(48)} ${a.toFixed(1).padStart(7)} ${s.toFixed(1).padStart(7)}  x${(s / a).toFixed(2)}`);
  }
} else parentPort.postMessage(await profileSteps(workerData));
