/**
 * In-browser training runs for the demo, built on @rrnn/train's `trainStep` and @rrnn/data's
 * corpus encoding and BPTT windows (no training logic of its own): one run = one language model,
 * its optimizer, the carried hidden state and its position in the corpus.
 */
import { batchify, bpttWindows, encodeTextCorpus, type EncodedCorpus, type Window } from '@rrnn/data';
import {
  createLanguageModel, createOptimizer, disposeLanguageModel, disposeOptimizer, disposeState, evaluateLossAsync, initialState,
  modelParameters, trainStepAsync, type LanguageModel, type ModelConfig, type OptimizerState,
} from '@rrnn/train';
import type { StackState } from '@rrnn/core';

/** The demo's sizes and recipe: small enough for a few steps per second on wasm. */
export const DEMO = {
  maxVocab: 2000,
  embeddingSize: 64,
  hiddenSize: 64,
  numLayers: 1,
  batch: 16,
  bptt: 20,
  lr: 0.01,
  clip: 1,
  seed: 0,
} as const;

/** Brown sample text (one sentence per line) -> corpus: first 90% of lines train, the rest validate. */
export function sampleCorpus(text: string): EncodedCorpus {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const cut = Math.floor(lines.length * 0.9);
  return encodeTextCorpus('brown-sample', { train: lines.slice(0, cut), valid: lines.slice(cut), test: [] }, { maxVocab: DEMO.maxVocab });
}

export interface Run {
  label: string;
  sharingRate: number;
  model: LanguageModel;
  params: ReturnType<typeof modelParameters>;
  opt: OptimizerState;
  state: StackState;
  windows: Iterator<Window>;
  corpus: EncodedCorpus;
  step: number;
  /** Training loss (mean cross-entropy per token) of every step so far. */
  losses: number[];
}

export function modelConfig(vocabSize: number, sharingRate: number): ModelConfig {
  return {
    cell: 'lstm', vocabSize, embeddingSize: DEMO.embeddingSize, hiddenSize: DEMO.hiddenSize,
    numLayers: DEMO.numLayers, sharingRates: Array(DEMO.numLayers).fill(sharingRate), tied: false, dropout: 0,
  };
}

function windowsOf(corpus: EncodedCorpus): Iterator<Window> {
  return bpttWindows(batchify(corpus.train, DEMO.batch, 'the Brown sample'), DEMO.bptt)[Symbol.iterator]();
}

export function createRun(label: string, corpus: EncodedCorpus, sharingRate: number): Run {
  const model = createLanguageModel(modelConfig(corpus.vocab.tokens.length, sharingRate), DEMO.seed);
  const params = modelParameters(model);
  return {
    label, sharingRate, model, params, corpus,
    opt: createOptimizer('adam', params),
    state: initialState(model, DEMO.batch),
    windows: windowsOf(corpus),
    step: 0,
    losses: [],
  };
}

/**
 * One truncated-BPTT step on the next window; at the end of the sample, starts over with a zero state.
 * Reads the loss asynchronously (`trainStepAsync`): webgpu cannot read GPU data synchronously.
 */
export async function stepRun(run: Run): Promise<number> {
  let next = run.windows.next();
  if (next.done) {
    run.windows = windowsOf(run.corpus);
    disposeState(run.state);
    run.state = initialState(run.model, DEMO.batch);
    next = run.windows.next();
  }
  const { loss, state } = await trainStepAsync(run.model, run.params, run.opt, next.value, run.state, {
    lr: DEMO.lr, clip: DEMO.clip, seed: DEMO.seed, step: run.step + 1,
  });
  disposeState(run.state);
  run.state = state;
  run.step += 1;
  run.losses.push(loss);
  return loss;
}

/** Perplexity on the sample's validation lines (state carried, no dropout), by @rrnn/train's `evaluateLossAsync`. */
export async function validPerplexity(run: Run): Promise<number> {
  return (await evaluateLossAsync(run.model, run.corpus.valid, { batchSize: 10, bptt: DEMO.bptt, name: 'the Brown sample validation lines' })).perplexity;
}

export function disposeRun(run: Run): void {
  disposeState(run.state);
  disposeOptimizer(run.opt);
  disposeLanguageModel(run.model);
}

/** Mean of the last `k` values (the chart's smoothed loss). */
export function recentMean(xs: number[], k: number): number {
  const tail = xs.slice(-k);
  return tail.reduce((a, b) => a + b, 0) / Math.max(1, tail.length);
}
