// In-browser kernel checks (bundled by bundle.ts, run by kernels.test.ts in Chromium): every op
// and gradient of @rrnn/backend's op sweep, the restricted cells (fast path and the naive
// gather path, rates 0, 0.5, 1, forward and gradients) and language-model training steps, on a
// GPU backend and on cpu; the page reports the largest relative difference of each. All reads
// are async: webgpu cannot read GPU data synchronously.
import * as tf from '@tensorflow/tfjs-core';
import { chooseBackend } from '@rrnn/backend/browser';
import { initStackWeights, disposeStackWeights, stackForward, stackSpec, zeroState, type CellType, type StackState } from '@rrnn/core';
import {
  createLanguageModel, createOptimizer, disposeLanguageModel, disposeOptimizer, disposeState, evaluateLossAsync, initialState,
  modelParameters, trainStepAsync, type ModelConfig, type TokenWindow,
} from '@rrnn/train';
import { OPS, worst } from '../../../../packages/backend/test/op-cases';
import { naiveForward } from '../../../../packages/core/test/naive';

/** What one case computed: the output's dtype, shape and values. */
interface Out { dtype: string; shape: number[]; values: number[] }
type Case = () => Promise<Out>;

async function read(t: tf.Tensor): Promise<Out> {
  try {
    return { dtype: t.dtype, shape: t.shape, values: Array.from(await t.data()) };
  } finally {
    t.dispose();
  }
}

const flat = (ts: tf.Tensor[]) => tf.concat(ts.map((t) => tf.reshape(t, [-1])));

/** Outputs, final states and gradients of a 2-layer stack (fast path or the naive gather path). */
function cellCase(cell: CellType, rate: number, path: 'fast' | 'naive'): Case {
  return async () => {
    const spec = stackSpec({ cell, inputSize: 5, hiddenSize: 6, numLayers: 2, sharingRates: [rate, 1 - rate], outputSize: 4 });
    const w = initStackWeights(spec, { seed: 7 });
    const t = tf.tidy(() => {
      const x = tf.randomNormal([2, 3, 5], 0, 1, 'float32', 11) as tf.Tensor3D;
      const init = zeroState(spec, 2);
      const s: StackState = { h: init.h.map((h, i) => tf.randomNormal(h.shape, 0, 0.5, 'float32', 20 + i) as tf.Tensor2D) };
      if (init.c) s.c = init.c.map((c, i) => tf.randomNormal(c.shape, 0, 0.5, 'float32', 30 + i) as tf.Tensor2D);
      const run = () => (path === 'fast' ? stackForward(w, x, { initialState: s }) : naiveForward(w, x, s));
      const loss = () => {
        const r = run();
        const parts = [r.outputs, ...r.final.h, ...(r.final.c ?? [])];
        return tf.addN(parts.map((p, k) => tf.sum(tf.mul(p, tf.randomUniform(p.shape, -1, 1, 'float32', 5 + k))))) as tf.Scalar;
      };
      const r = run();
      const vars = w.layers.flatMap((l) => [l.pool, l.bias]);
      const { grads } = tf.variableGrads(loss, vars);
      return flat([r.outputs, ...r.final.h, ...(r.final.c ?? []), ...vars.map((v) => grads[v.name])]);
    });
    disposeStackWeights(w);
    return read(t);
  };
}

/** Three training steps of a small language model, then its validation loss: losses and final weights. */
function lmCase(config: Omit<ModelConfig, 'vocabSize'>, optimizer: 'adam' | 'sgd'): Case {
  return async () => {
    const V = 40;
    const ids = Int32Array.from({ length: 400 }, (_, i) => (i * 7 + (i % 5) * 3) % V);
    const m = createLanguageModel({ ...config, vocabSize: V }, 3);
    const params = modelParameters(m);
    const opt = createOptimizer(optimizer, params);
    let state = initialState(m, 4);
    const losses: number[] = [];
    for (let k = 0; k < 3; k++) {
      const at = (j: number) => ids[(k * 28 + j) % (ids.length - 1)];
      const w: TokenWindow = { batch: 4, len: 7, inputs: Int32Array.from({ length: 28 }, (_, j) => at(j)), targets: Int32Array.from({ length: 28 }, (_, j) => ids[(k * 28 + j) % (ids.length - 1) + 1]) };
      const r = await trainStepAsync(m, params, opt, w, state, { lr: optimizer === 'adam' ? 0.01 : 1, clip: 0.25, seed: k, step: k + 1 });
      disposeState(state);
      state = r.state;
      losses.push(r.loss);
    }
    disposeState(state);
    const valid = await evaluateLossAsync(m, ids.subarray(200), { batchSize: 2, bptt: 6 });
    const weights = await read(tf.tidy(() => flat(Object.values(params))));
    disposeOptimizer(opt);
    disposeLanguageModel(m);
    return { dtype: 'float32', shape: [], values: [...losses, valid.loss, ...weights.values] };
  };
}

const CASES: Record<string, Case> = {};
for (const [name, op] of Object.entries(OPS)) CASES[`op: ${name}`] = () => read(tf.tidy(op));
for (const cell of ['rnn', 'gru', 'lstm'] as const) {
  for (const rate of [0, 0.5, 1]) {
    for (const path of ['fast', 'naive'] as const) CASES[`${cell} r=${rate} ${path}`] = cellCase(cell, rate, path);
  }
}
CASES['language model: lstm r=0.5, adam, 3 steps + validation'] = lmCase({ cell: 'lstm', embeddingSize: 8, hiddenSize: 8, numLayers: 2, sharingRates: [0.5, 0.5], tied: false, dropout: 0 }, 'adam');
CASES['language model: gru r=0/1 tied, dropout, sgd, 3 steps + validation'] = lmCase({ cell: 'gru', embeddingSize: 8, hiddenSize: 8, numLayers: 2, sharingRates: [0, 1], tied: true, dropout: 0.2 }, 'sgd');

async function runAll(backend: string): Promise<Record<string, Out | { error: string }>> {
  await chooseBackend(backend);
  const out: Record<string, Out | { error: string }> = {};
  for (const [name, c] of Object.entries(CASES)) {
    const before = tf.memory().numTensors;
    try {
      out[name] = await c();
    } catch (err) {
      out[name] = { error: err instanceof Error ? err.message : String(err) };
    }
    const leaked = tf.memory().numTensors - before;
    if (leaked !== 0 && !('error' in out[name])) out[name] = { error: `${leaked} tensors left behind` };
  }
  return out;
}

/** One row of the report: the case, and its largest relative difference (or what went wrong). */
export interface CheckRow { name: string; worst: number; problem: string }

/**
 * Runs every case on cpu and on `backend`; one row per case, plus the cells' fast-vs-naive rows on
 * `backend`. A case that leaves tensors behind is a problem too.
 */
export async function runKernelChecks(backend: string): Promise<{ backend: string; rows: CheckRow[] }> {
  const cpu = await runAll('cpu');
  const gpu = await runAll(backend);
  const rows: CheckRow[] = Object.keys(CASES).map((name) => {
    const a = cpu[name];
    const b = gpu[name];
    if ('error' in a) return { name, worst: Infinity, problem: `cpu: ${a.error}` };
    if ('error' in b) return { name, worst: Infinity, problem: b.error };
    if (a.dtype !== b.dtype || String(a.shape) !== String(b.shape)) return { name, worst: Infinity, problem: `${b.dtype} [${b.shape}] instead of ${a.dtype} [${a.shape}]` };
    return { name, worst: worst(a.values, b.values), problem: '' };
  });
  for (const name of Object.keys(CASES).filter((n) => n.endsWith(' fast'))) {
    const fast = gpu[name];
    const naive = gpu[name.replace(/ fast$/, ' naive')];
    const label = `${name.replace(/ fast$/, '')}: fast path vs naive gather path on ${backend}`;
    if ('error' in fast || 'error' in naive) rows.push({ name: label, worst: Infinity, problem: 'error' in fast ? fast.error : (naive as { error: string }).error });
    else rows.push({ name: label, worst: worst(naive.values, fast.values), problem: '' });
  }
  return { backend, rows };
}

(window as unknown as { runKernelChecks: typeof runKernelChecks }).runKernelChecks = runKernelChecks;
