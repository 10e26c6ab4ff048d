/**
 * Shared harness of the A/B bench scripts (lstm-fused-ab.mjs, gru-fused-ab.mjs, rnn-fused-ab.mjs, ce-ab.mjs): a full
 * training step of the paper's language model (3 x 200, tied, vocabulary 10,000, batch 80, BPTT 35,
 * dropout 0.2, SGD with clipping: the sizes of `rrnn bench --scope lm`), two modes alternated step by
 * step on the same model so drift in the machine's speed hits both, medians and paired differences.
 *
 * Plain JavaScript on the built packages (the workspace has no TypeScript runner).
 */
/* global console, performance, process */
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@rrnn/backend';
import { createLanguageModel, createOptimizer, disposeLanguageModel, disposeOptimizer, disposeState, initialState, modelParameters, trainStep } from '@rrnn/train';

/** The paper's language model and training step sizes ($RRNN_BATCH sets another batch, e.g. 40: one shard of a two-thread step). */
export const PAPER_LM = { vocab: 10_000, embedding: 200, hidden: 200, layers: 3, batch: Number(process.env.RRNN_BATCH ?? 80), bptt: 35, clip: 0.25, lr: 1, dropout: 0.2 };

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The model configuration of the paper's language model with `cell` at sharing rate `rate` in every layer. */
export const paperConfig = (cell, rate) => {
  const S = PAPER_LM;
  return {
    cell, vocabSize: S.vocab, embeddingSize: S.embedding, hiddenSize: S.hidden, numLayers: S.layers,
    sharingRates: Array.from({ length: S.layers }, () => rate), tied: true, dropout: S.dropout,
  };
};

/** Training window `n` of the bench scripts: deterministic ids, batch x bptt. */
export const paperWindow = (n) => {
  const S = PAPER_LM;
  const ids = (seed) => Int32Array.from({ length: S.batch * S.bptt }, (_, i) => (i * 7919 + seed * 104729) % S.vocab);
  return { inputs: ids(n), targets: ids(n + 1), batch: S.batch, len: S.bptt };
};

/**
 * The paper's language model with `cell` ('lstm', 'gru', ...) at sharing rate `rate` in every layer
 * (and `modelOptions` over its config, e.g. `{ dropoutPlacement: 'between' }`), its optimizer and state: `step()` runs one training step on fresh deterministic ids and returns its
 * ms; `dispose()` frees everything.
 */
export function paperLm(cell, rate, modelOptions = {}) {
  const S = PAPER_LM;
  const model = createLanguageModel({ ...paperConfig(cell, rate), ...modelOptions }, 0);
  const params = modelParameters(model);
  const opt = createOptimizer('sgd', params, { weightDecay: 1e-6 });
  let state = initialState(model, S.batch);
  let n = 0;
  return {
    step() {
      n++;
      const w = paperWindow(n);
      const t = performance.now();
      const r = trainStep(model, params, opt, w, state, { lr: S.lr, clip: S.clip, seed: n, step: n });
      const ms = performance.now() - t;
      disposeState(state);
      state = r.state;
      return ms;
    },
    dispose() {
      disposeState(state);
      disposeOptimizer(opt);
      disposeLanguageModel(model);
    },
  };
}

/**
 * Runs `step(mode)` (returning ms) once per mode to warm both paths (wasm compilation, first
 * allocations), then `runs` times per mode, alternating which goes first. Returns the times of each
 * mode (`times.true`, `times.false`), their medians `on` and `off`, and `paired`: the median of the
 * paired differences (each `true` run minus the `false` run next to it, robust to drift).
 */
export function alternate(runs, step) {
  step(true);
  step(false);
  const times = { true: [], false: [] };
  for (let i = 0; i < runs; i++) {
    for (const mode of i % 2 ? [false, true] : [true, false]) times[mode].push(step(mode));
  }
  const [on, off] = [median(times.true), median(times.false)];
  const paired = median(times.true.map((x, i) => x - times.false[i]));
  return { times, on, off, paired };
}

/** The line of every run's time: `      <on> t t t | <off> t t t`. */
export const timesLine = (times, [onLabel, offLabel], digits = 0) =>
  `      ${onLabel} ${times.true.map((x) => x.toFixed(digits)).join(' ')} | ${offLabel} ${times.false.map((x) => x.toFixed(digits)).join(' ')}`;

/**
 * The fused-step A/B (lstm-fused-ab.mjs, gru-fused-ab.mjs, rnn-fused-ab.mjs): for each sharing rate, the paper's model
 * with `cell`, fused steps (`setFused(true)`) alternated with tfjs ops steps; prints the median
 * ms/step of each, their ratio, the median paired difference and the kernels one step runs in each mode.
 * Arguments from the command line: [steps per mode, default 7] [rates, default 0,0.5,1]; backend wasm
 * (or $RRNN_BACKEND).
 */
export async function fusedStepAb({ cell, setFused, fusedActive }) {
  const steps = Number(process.argv[2] ?? 7);
  const rates = (process.argv[3] ?? '0,0.5,1').split(',').map(Number);
  const backend = await useBackend(process.env.RRNN_BACKEND ?? 'wasm');
  const S = PAPER_LM;
  const name = cell.toUpperCase();
  console.log(`backend ${backend}; ${name} ${S.layers} x ${S.hidden}, vocab ${S.vocab}, batch ${S.batch}, bptt ${S.bptt}; median of ${steps} steps per mode, modes alternating`);
  console.log('r     fused ms/step   ops ms/step   fused/ops   paired diff ms   kernels/step fused   ops');
  for (const rate of rates) {
    const lm = paperLm(cell, rate);
    const step = (fused) => {
      setFused(fused);
      if (fusedActive() !== fused) throw new Error(`the fused ${name} step is not available on ${backend}`);
      return lm.step();
    };
    const kernels = async (fused) => (await tf.profile(() => void step(fused))).kernels.length;
    const { times, on, off, paired } = alternate(steps, step);
    const [kOn, kOff] = [await kernels(true), await kernels(false)];
    console.log(`${String(rate).padEnd(5)} ${on.toFixed(0).padStart(10)} ${off.toFixed(0).padStart(13)} ${(on / off).toFixed(3).padStart(11)} ${paired.toFixed(0).padStart(16)} ${String(kOn).padStart(20)} ${String(kOff).padStart(9)}`);
    console.log(timesLine(times, ['fused', 'ops']));
    setFused(true);
    lm.dispose();
  }
}
