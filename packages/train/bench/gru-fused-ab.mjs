/**
 * A/B of core's fused GRU step (kernels RrnnGruCell / RrnnGruCellGrad) against the tfjs ops path
 * (`setFusedGruCell(false)`), on a full training step of the paper's language model: 3 x 200 GRU,
 * tied, vocabulary 10,000, batch 80, BPTT 35, dropout 0.2, SGD with clipping (the sizes of
 * `rrnn bench --scope lm`), one thread on wasm (or $RRNN_BACKEND).
 * The two modes alternate step by step on the same model, so drift in the machine's speed hits both;
 * prints the median ms/step of each, their ratio, the median of the paired differences (each fused
 * step minus the ops step next to it: robust to that drift), and the kernels one step runs in each mode.
 *
 *   pnpm build && node packages/train/bench/gru-fused-ab.mjs [steps per mode, default 7] [rates, default 0,0.5,1]
 *
 * Plain JavaScript on the built packages (the workspace has no TypeScript runner).
 */
/* global process, console, performance */
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@rrnn/backend';
import { fusedGruCellActive, setFusedGruCell } from '@rrnn/core';
import { createLanguageModel, createOptimizer, disposeLanguageModel, disposeOptimizer, disposeState, initialState, modelParameters, trainStep } from '@rrnn/train';

const S = { vocab: 10_000, embedding: 200, hidden: 200, layers: 3, batch: 80, bptt: 35, clip: 0.25, lr: 1, dropout: 0.2 };
const steps = Number(process.argv[2] ?? 7);
const rates = (process.argv[3] ?? '0,0.5,1').split(',').map(Number);
const backend = await useBackend(process.env.RRNN_BACKEND ?? 'wasm');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`backend ${backend}; GRU ${S.layers} x ${S.hidden}, vocab ${S.vocab}, batch ${S.batch}, bptt ${S.bptt}; median of ${steps} steps per mode, modes alternating`);
console.log('r     fused ms/step   ops ms/step   fused/ops   paired diff ms   kernels/step fused   ops');
for (const rate of rates) {
  const model = createLanguageModel({
    cell: 'gru', vocabSize: S.vocab, embeddingSize: S.embedding, hiddenSize: S.hidden, numLayers: S.layers,
    sharingRates: Array.from({ length: S.layers }, () => rate), tied: true, dropout: S.dropout,
  }, 0);
  const params = modelParameters(model);
  const opt = createOptimizer('sgd', params, { weightDecay: 1e-6 });
  let state = initialState(model, S.batch);
  let n = 0;
  const ids = (seed) => Int32Array.from({ length: S.batch * S.bptt }, (_, i) => (i * 7919 + seed * 104729) % S.vocab);
  const step = (fused) => {
    setFusedGruCell(fused);
    if (fusedGruCellActive() !== fused) throw new Error(`the fused GRU step is not available on ${backend}`);
    n++;
    const w = { inputs: ids(n), targets: ids(n + 1), batch: S.batch, len: S.bptt };
    const t = performance.now();
    const r = trainStep(model, params, opt, w, state, { lr: S.lr, clip: S.clip, seed: n, step: n });
    const ms = performance.now() - t;
    disposeState(state);
    state = r.state;
    return ms;
  };
  const kernels = async (fused) => (await tf.profile(() => void step(fused))).kernels.length;
  step(true);
  step(false); // warm both paths (wasm compilation, first allocations)
  const times = { true: [], false: [] };
  for (let i = 0; i < steps; i++) {
    for (const fused of i % 2 ? [false, true] : [true, false]) times[fused].push(step(fused));
  }
  const [on, off] = [median(times.true), median(times.false)];
  const paired = median(times.true.map((x, i) => x - times.false[i]));
  const [kOn, kOff] = [await kernels(true), await kernels(false)];
  console.log(`${String(rate).padEnd(5)} ${on.toFixed(0).padStart(10)} ${off.toFixed(0).padStart(13)} ${(on / off).toFixed(3).padStart(11)} ${paired.toFixed(0).padStart(16)} ${String(kOn).padStart(20)} ${String(kOff).padStart(9)}`);
  console.log(`      fused ${times.true.map((x) => x.toFixed(0)).join(' ')} | ops ${times.false.map((x) => x.toFixed(0)).join(' ')}`);
  setFusedGruCell(true);
  disposeState(state);
  disposeOptimizer(opt);
  disposeLanguageModel(model);
}
