/**
 * One training step of the paper's language model, timed: @rrnn/train's own `trainStep` (forward,
 * cross-entropy, backward, global-norm clipping, SGD update) on random token windows.
 */
import { bestSeconds, type TimingOptions } from '@rrnn/core/bench';
import type { CellType } from '@rrnn/core';
import type { BenchSizes } from './types.js';

/** Seconds per training step of the full language model for one cell and sharing rate. */
export async function lmSecondsPerStep(cell: CellType, sharingRate: number, s: BenchSizes['lm'], o: TimingOptions): Promise<number> {
  const train = await import('@rrnn/train');
  const model = train.createLanguageModel({
    cell, vocabSize: s.vocab, embeddingSize: s.embedding, hiddenSize: s.hidden, numLayers: s.layers,
    sharingRates: Array.from({ length: s.layers }, () => sharingRate), tied: true, dropout: s.dropout,
  });
  const params = train.modelParameters(model);
  const opt = train.createOptimizer('sgd', params, { weightDecay: 1e-6 });
  let state = train.initialState(model, s.batch);
  const ids = (seed: number) => Int32Array.from({ length: s.batch * s.bptt }, (_, i) => (i * 7919 + seed * 104729) % s.vocab);
  let step = 0;
  try {
    return await bestSeconds(() => {
      step++;
      const w = { inputs: ids(step), targets: ids(step + 1), batch: s.batch, len: s.bptt };
      const r = train.trainStep(model, params, opt, w, state, { lr: s.lr, clip: s.clip, seed: step, step });
      train.disposeState(state);
      state = r.state;
    }, o);
  } finally {
    train.disposeState(state);
    train.disposeOptimizer(opt);
    train.disposeLanguageModel(model);
  }
}

/** Training FLOPs per token of the language model (3 x forward: stack as computed + tied decoder). */
export async function lmFlopsPerToken(cell: CellType, sharingRate: number, s: BenchSizes['lm']): Promise<number> {
  const [{ flopsPerToken }, { modelStackSpec }] = await Promise.all([import('@rrnn/core'), import('@rrnn/train')]);
  const spec = modelStackSpec({
    cell, vocabSize: s.vocab, embeddingSize: s.embedding, hiddenSize: s.hidden, numLayers: s.layers,
    sharingRates: Array.from({ length: s.layers }, () => sharingRate), tied: true, dropout: 0,
  });
  return 3 * (flopsPerToken(spec).fast + 2 * s.embedding * s.vocab);
}
