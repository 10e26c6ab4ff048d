/**
 * Where one training step of the paper's model spends its time, by kernel (tf.profile; a kernel
 * that runs others inside it, such as a customGrad's `forward`, counts them again), and the step's
 * wall time. The update's share is phases.mjs's to measure (a difference of two timings here drowns
 * in the machine's drift).
 * Usage: pnpm build && node packages/train/bench/profile-step.mjs [backend=wasm] [cell=lstm] [rate=0.5] [batch=80]
 */
/* global console, process, performance */
import { useBackend } from '@rrnn/backend';
import * as tf from '@tensorflow/tfjs-core';
import { PAPER_RECIPE, createLanguageModel, createOptimizer, initialState, modelParameters, trainStep } from '@rrnn/train';
import { PAPER_LM, paperConfig } from './ab-harness.mjs';
const [backend = 'wasm', cell = 'lstm', rate = '0.5', batchArg = '80'] = process.argv.slice(2);
await useBackend(backend);
const { vocab: V, bptt: len } = PAPER_LM;
const batch = Number(batchArg);
const m = createLanguageModel(paperConfig(cell, Number(rate)), 0); // the paper's model (dropout 0.2); only the batch varies
const params = modelParameters(m);
const opt = createOptimizer(PAPER_RECIPE.optimizer, params, { momentum: PAPER_RECIPE.momentum, weightDecay: PAPER_RECIPE.weightDecay });
const w = { inputs: Int32Array.from({ length: batch * len }, (_, i) => (i * 7919) % V), targets: Int32Array.from({ length: batch * len }, (_, i) => (i * 104729) % V), batch, len };
let state = initialState(m, batch);
const o = { lr: 1, clip: 0.25, seed: 1, step: 1 };
const step = () => { const r = trainStep(m, params, opt, w, state, o); state = r.state; };
for (let i = 0; i < 3; i++) step();
const info = await tf.profile(() => { step(); });
const byKernel = new Map();
for (const k of info.kernels) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + k.kernelTimeMs);
const total = [...byKernel.values()].reduce((a, b) => a + b, 0);
console.log(`${backend} ${cell} r=${rate} batch ${batch}: kernel ms total`, total.toFixed(0), 'kernels', info.kernels.length);
console.log([...byKernel].sort((a, b) => b[1] - a[1]).slice(0, 18).map(([k, v]) => `  ${k} ${v.toFixed(1)}`).join('\n'));
const mm = new Map();
for (const k of info.kernels) if (k.name === 'BatchMatMul' || k.name === '_FusedMatMul') { const key = `${k.name} ${JSON.stringify(k.inputShapes)}`; const e = mm.get(key) ?? [0, 0]; mm.set(key, [e[0] + 1, e[1] + k.kernelTimeMs]); }
console.log([...mm].sort((a, b) => b[1][1] - a[1][1]).slice(0, 10).map(([k, [n, v]]) => `  ${k} x${n} ${v.toFixed(1)}`).join('\n'));
const reps = 5;
let t = performance.now();
for (let i = 0; i < reps; i++) step();
const stepMs = (performance.now() - t) / reps;
console.log(`step ms ${stepMs.toFixed(0)} (mean of ${reps}, outside the profiler), tensors ${tf.memory().numTensors}`);
