// Diagnostic: the same half batch (40 streams) of the paper LSTM r = 0.5 on this thread alone, then in the worker of
// phases-worker.mjs alone (this thread waiting), 10 steps, medians of the last 8 (workerAlone: the worker's own time).
// usage (after pnpm build): node apps/docs/results/bench-20261202-9/phases-alone.mjs
import { Worker } from 'node:worker_threads';
const { useBackend } = await import('@rrnn/backend');
await useBackend('wasm');
const tf = await import('@tensorflow/tfjs-core');
const train = await import('@rrnn/train');
const V = 10000, E = 200, L = 3, bptt = 35, rate = 0.5;
const config = { cell: 'lstm', vocabSize: V, embeddingSize: E, hiddenSize: E, numLayers: L, sharingRates: [rate, rate, rate], tied: true, dropout: 0.2 };
const model = train.createLanguageModel(config);
const params = train.modelParameters(model);
const names = Object.keys(params);
const ids = (seed, n) => Int32Array.from({ length: n }, (_, i) => (i * 7919 + seed * 104729) % V);
const worker = new Worker(new URL('./phases-worker.mjs', import.meta.url));
await new Promise((res) => { worker.once('message', res); worker.postMessage({ type: 'init', config }); });
const now = () => performance.timeOrigin + performance.now();
const T = { mainAlone: [], workerAlone: [], workerTotalAlone: [] };
for (let s = 0; s < 10; s++) {
  const w = { inputs: ids(s, 40 * bptt), targets: ids(s + 1, 40 * bptt), batch: 40, len: bptt };
  const st = train.initialState(model, 40);
  const stv = [...st.h, ...(st.c ?? [])].map((t) => t.dataSync());
  let t0 = now();
  tf.tidy(() => { const r = train.windowGradients(model, params, w, st, 3, 0.5); r.loss.dataSync(); for (const g of Object.values(r.grads)) g.dataSync(); train.disposeState(r.state); });
  T.mainAlone.push(now() - t0);
  const weights = names.map((n) => params[n].dataSync());
  t0 = now();
  const m = await new Promise((res) => { worker.once('message', res); worker.postMessage({ request: { weights, window: w, state: stv, seed: 3, lossScale: 0.5 } }); });
  T.workerAlone.push(m.tDone - m.tRecv); T.workerTotalAlone.push(now() - t0);
  train.disposeState(st);
}
const med = (v) => v.slice(2).sort((a, b) => a - b)[4];
console.log(JSON.stringify(Object.fromEntries(Object.entries(T).map(([k, v]) => [k, med(v).toFixed(1)]))));
await worker.terminate();
