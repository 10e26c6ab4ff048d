// Diagnostic (not the bench): the phases of one two-thread step of the paper model, half the batch (40 streams) each,
// timed on this thread and in a worker (phases-worker.mjs) that reports its own compute time. Medians of 8 steps.
// usage (after pnpm build): node apps/docs/results/bench-20261202-9/phases.mjs lstm 0.5 [vocabulary]
// (the vocabulary, default 10,000, was added for window -10: given, it is printed after the rate)
import { Worker } from 'node:worker_threads';
const { useBackend } = await import('@rrnn/backend');
await useBackend('wasm');
const tf = await import('@tensorflow/tfjs-core');
const train = await import('@rrnn/train');
const cell = process.argv[2] ?? 'lstm', rate = Number(process.argv[3] ?? 0.5);
const vocabArg = process.argv[4];
const V = Number(vocabArg ?? 10000), E = 200, L = 3, bptt = 35;
const config = { cell, vocabSize: V, embeddingSize: E, hiddenSize: E, numLayers: L, sharingRates: [rate, rate, rate], tied: true, dropout: 0.2 };
const model = train.createLanguageModel(config);
const params = train.modelParameters(model);
const opt = train.createOptimizer('sgd', params, { momentum: 0.9, weightDecay: 1e-6 });
const names = Object.keys(params);
const ids = (seed, n) => Int32Array.from({ length: n }, (_, i) => (i * 7919 + seed * 104729) % V);
const worker = new Worker(new URL('./phases-worker.mjs', import.meta.url));
await new Promise((res) => { worker.once('message', res); worker.postMessage({ type: 'init', config }); });
const now = () => performance.timeOrigin + performance.now();
const T = {}; const add = (k, v) => (T[k] ??= []).push(v);
const sab = new SharedArrayBuffer(4 * names.reduce((s, n) => s + params[n].size, 0));
for (let s = 0; s < 10; s++) {
  const w = { inputs: ids(s, 40 * bptt), targets: ids(s + 1, 40 * bptt), batch: 40, len: bptt };
  const st = train.initialState(model, 40);
  const stv = [...st.h, ...(st.c ?? [])].map((t) => t.dataSync());
  // alone: local half batch with the worker idle
  let t0 = now();
  tf.tidy(() => { const r = train.windowGradients(model, params, w, st, 3, 0.5); r.loss.dataSync(); train.disposeState(r.state); });
  add('localAlone', now() - t0);
  t0 = now();
  let o = 0; const weights = names.map((n) => { const v = new Float32Array(sab, o * 4, params[n].size); o += params[n].size; v.set(params[n].dataSync()); return v; });
  const got = new Promise((res) => worker.once('message', (m) => res({ ...m, tGot: now() })));
  worker.postMessage({ request: { weights, window: w, state: stv, seed: 1, lossScale: 0.5 } });
  add('post', now() - t0);
  t0 = now();
  let g;
  tf.tidy(() => { const r = train.windowGradients(model, params, w, st, 3, 0.5); g = { loss: tf.keep(r.loss), grads: Object.fromEntries(Object.entries(r.grads).map(([k, t]) => [k, tf.keep(t)])), state: r.state }; });
  const tLocal = now(); add('localConcurrent', tLocal - t0);
  const m = await got;
  add('workerCompute', m.tDone - m.tRecv); add('waitAfterLocal', m.tGot - tLocal);
  t0 = now();
  tf.tidy(() => {
    const grads = {};
    names.forEach((n, j) => { grads[n] = tf.add(g.grads[n], tf.tensor(m.reply.grads[j], params[n].shape)); });
    train.applyGradients(opt, params, train.clipByGlobalNorm(grads, 0.25).grads, 1);
    params[names[0]].dataSync();
  });
  add('mergeUpdate', now() - t0);
  tf.dispose([g.loss, ...Object.values(g.grads)]); train.disposeState(g.state); train.disposeState(st);
}
const med = (v) => v.slice(2).sort((a, b) => a - b)[Math.floor((v.length - 2) / 2)];
console.log(cell, rate, ...(vocabArg ? [V] : []), JSON.stringify(Object.fromEntries(Object.entries(T).map(([k, v]) => [k, med(v).toFixed(1)]))));
await worker.terminate();
