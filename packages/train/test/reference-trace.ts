// The authors' training traces (shared/golden/reference-training.json) and a replay of one case with rrnn's
// own training loop: the reference's initial weights, batching, windows, optimizer, clip and schedule.
import * as tf from '@tensorflow/tfjs-core';
import { goldenFilePath, readGoldenCases } from '../../../tooling/golden-files';
import { stackFromReference, type ReferenceLayer } from '@rrnn/core';
import { vocabularyFromTokens, type EncodedCorpus } from '@rrnn/data';
import { createLanguageModel, disposeLanguageModel, train, type LanguageModel, type TrainConfig, type TrainEvent } from '../src';

/** One case of the trace file (restricted-rnn-spec.md, "Reference training traces"). */
export interface TraceCase {
  cell: 'RNN' | 'GRU' | 'LSTM';
  vocab: number; embedding: number; hidden: number; layers: number; sharingRate: number; tied: boolean;
  batch: number; bptt: number; epochs: number; seed: number;
  optimizer: { name: 'sgd'; lr: number; momentum: number; weightDecay: number };
  clip: number; schedule: 'cosine'; epochLearningRates: number[];
  train: number[]; valid: number[];
  init: { embedding: number[][]; decoderWeight: number[][] | null; decoderBias: number[]; layers: ReferenceLayer[] };
  stepLosses: number[]; validLoss: number;
}

const FILE = 'reference-training.json';

/** $RRNN_TRAIN_GOLDEN (relative to where pnpm/vitest was invoked), else <repo>/../shared/golden/reference-training.json. */
export function traceFilePath(): string {
  return goldenFilePath('RRNN_TRAIN_GOLDEN', FILE);
}

export function loadTraceCases(path = traceFilePath()): TraceCase[] {
  return readGoldenCases<TraceCase>(path, 'RRNN_TRAIN_GOLDEN', FILE);
}

/** rrnn's TrainConfig for a case: the reference's recipe, no dropout, every step reported. */
export function traceConfig(c: TraceCase): TrainConfig {
  return {
    model: {
      cell: c.cell.toLowerCase() as 'rnn' | 'gru' | 'lstm',
      vocabSize: c.vocab, embeddingSize: c.embedding, hiddenSize: c.hidden, numLayers: c.layers,
      sharingRates: Array.from({ length: c.layers }, () => c.sharingRate), tied: c.tied, dropout: 0,
    },
    epochs: c.epochs, batchSize: c.batch, bptt: c.bptt,
    optimizer: c.optimizer.name, lr: c.optimizer.lr, momentum: c.optimizer.momentum, weightDecay: c.optimizer.weightDecay,
    clip: c.clip, schedule: c.schedule, seed: c.seed, evalBatchSize: c.batch, logEvery: 1,
  };
}

/** A model holding the case's initial weights (the caller disposes it). */
export function traceModel(c: TraceCase, config: TrainConfig): LanguageModel {
  const m = createLanguageModel(config.model, 0);
  const stack = stackFromReference(m.stack.spec.cell, config.model.sharingRates, c.init.layers);
  m.stack.layers.forEach((l, i) => {
    l.pool.assign(stack.layers[i].pool);
    l.bias.assign(stack.layers[i].bias);
    stack.layers[i].pool.dispose();
    stack.layers[i].bias.dispose();
  });
  tf.tidy(() => {
    m.embedding.assign(tf.tensor2d(c.init.embedding));
    m.decoderBias.assign(tf.tensor1d(c.init.decoderBias));
    if (m.decoderWeight) {
      if (!c.init.decoderWeight) throw new Error('an untied case needs init.decoderWeight');
      m.decoderWeight.assign(tf.tensor2d(c.init.decoderWeight));
    }
  });
  return m;
}

/** What rrnn's train() gives for a case: the loss of every step (before its update), the rate of every epoch, the final validation loss. */
export async function replayTrace(c: TraceCase, change: (config: TrainConfig) => TrainConfig = (x) => x): Promise<{ stepLosses: number[]; epochLearningRates: number[]; validLoss: number }> {
  const config = change(traceConfig(c));
  const words = ['<unk>', '<eos>', ...Array.from({ length: c.vocab - 2 }, (_, i) => `w${i}`)];
  const corpus: EncodedCorpus = {
    name: 'trace', vocab: vocabularyFromTokens(words),
    train: Int32Array.from(c.train), valid: Int32Array.from(c.valid), test: Int32Array.from(c.valid),
  };
  const initialModel = traceModel(c, config);
  const events: TrainEvent[] = [];
  try {
    await train({ config, corpus, initialModel, onEvent: (e) => events.push(e) });
  } finally {
    disposeLanguageModel(initialModel);
  }
  const steps = events.flatMap((e) => (e.type === 'step' ? [e] : []));
  const epochLearningRates = [...new Map(steps.map((e) => [e.epoch, e.lr])).values()];
  const lastEpoch = events.flatMap((e) => (e.type === 'epoch' ? [e] : [])).at(-1);
  return { stepLosses: steps.map((e) => e.loss), epochLearningRates, validLoss: lastEpoch?.validLoss ?? NaN };
}

/** Every disagreement beyond `tol` (relative) between a replay and the case, as readable lines; empty when they match. */
export function traceMismatches(c: TraceCase, got: { stepLosses: number[]; epochLearningRates: number[]; validLoss: number }, tol = 1e-4): string[] {
  const out: string[] = [];
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
  if (got.stepLosses.length !== c.stepLosses.length) out.push(`${got.stepLosses.length} steps, the reference trained ${c.stepLosses.length}`);
  c.stepLosses.forEach((want, i) => {
    const v = got.stepLosses[i];
    if (!(rel(v, want) <= tol)) out.push(`step ${i + 1}: loss ${v}, reference ${want} (relative error ${rel(v, want).toExponential(2)})`);
  });
  c.epochLearningRates.forEach((want, e) => {
    if (!(rel(got.epochLearningRates[e], want) <= 1e-12)) out.push(`epoch ${e}: lr ${got.epochLearningRates[e]}, reference ${want}`);
  });
  if (!(rel(got.validLoss, c.validLoss) <= tol)) out.push(`validation loss ${got.validLoss}, reference ${c.validLoss}`);
  return out;
}
