/**
 * The paper's language model, timed: one training step of @rrnn/train's own `trainStep` or its
 * data-parallel form (forward, cross-entropy, backward, global-norm clipping, the paper's SGD-momentum update) on random
 * token windows, and one evaluation window (forward only, no dropout, the streams split the same way).
 * Points stay open between timings, so that run.ts can time every point in rounds.
 */
import type { CellType } from '@rrnn/core';
import type { ModelConfig } from '@rrnn/train';
import { startGradientWorkers } from '../training/threads.js';
import type { BenchSizes } from './types.js';

/** The paper's model at the bench sizes. */
export function lmConfig(cell: CellType, sharingRate: number, s: BenchSizes['lm']): ModelConfig {
  return {
    cell, vocabSize: s.vocab, embeddingSize: s.embedding, hiddenSize: s.hidden, numLayers: s.layers,
    sharingRates: Array.from({ length: s.layers }, () => sharingRate), tied: true, dropout: s.dropout,
  };
}

/**
 * One point of the lm rows, ready to time: its model, optimizer and carried state (and gradient
 * workers on more than one thread) stay alive between calls, so the bench can time the points in
 * interleaved rounds. Each call runs once and returns its seconds.
 */
export interface LmPoint {
  /** One training step (with no workers `trainStep` itself, else the data-parallel step of `rrnn train --threads`). */
  trainStep(): Promise<number>;
  /** One evaluation window (forward only, no dropout; the streams split over the workers as validation does). */
  evalWindow(): Promise<number>;
  close(): Promise<void>;
}

/** Opens the paper's language model for one cell and sharing rate on `threads` threads (workers on `backend`). */
export async function openLmPoint(cell: CellType, sharingRate: number, s: BenchSizes['lm'], o: { threads?: number; backend?: string } = {}): Promise<LmPoint> {
  const [train, { trainStepParallel, evaluateLossParallel }] = await Promise.all([import('@rrnn/train'), import('@rrnn/train/parallel')]);
  // dropout where the paper's recipe puts it (between the recurrent layers), as `rrnn train --recipe paper` trains
  const config: ModelConfig = { ...lmConfig(cell, sharingRate, s), dropoutPlacement: train.paperConfig('td').model.dropoutPlacement };
  const model = train.createLanguageModel(config);
  const workers = await startGradientWorkers(o.threads ?? 1, o.backend ?? 'wasm', config);
  const params = train.modelParameters(model);
  // the paper's optimizer (SGD, momentum 0.9, weight decay 1e-6), as the reference's timed step
  const { optimizer, momentum, weightDecay } = train.PAPER_RECIPE;
  const opt = train.createOptimizer(optimizer, params, { momentum, weightDecay });
  let state = train.initialState(model, s.batch);
  const ids = (seed: number, n = s.batch * s.bptt) => Int32Array.from({ length: n }, (_, i) => (i * 7919 + seed * 104729) % s.vocab);
  // a stream of batch x (bptt + 1) ids is one window of bptt steps per stream
  const stream = ids(7, s.batch * (s.bptt + 1));
  let step = 0;
  const seconds = async (run: () => Promise<void>) => {
    const t0 = performance.now();
    await run();
    return (performance.now() - t0) / 1000;
  };
  return {
    trainStep: () => seconds(async () => {
      step++;
      const w = { inputs: ids(step), targets: ids(step + 1), batch: s.batch, len: s.bptt };
      const r = await trainStepParallel(model, params, opt, w, state, { lr: s.lr, clip: s.clip, seed: step, step }, workers.peers);
      train.disposeState(state);
      state = r.state;
    }),
    evalWindow: () => seconds(async () => void (await evaluateLossParallel(model, stream, { batchSize: s.batch, bptt: s.bptt }, workers.peers))),
    async close() {
      await workers.close();
      train.disposeState(state);
      train.disposeOptimizer(opt);
      train.disposeLanguageModel(model);
    },
  };
}

/** Training FLOPs per token of the language model (3 x forward: stack as computed + tied decoder). */
export async function lmFlopsPerToken(cell: CellType, sharingRate: number, s: BenchSizes['lm']): Promise<number> {
  const [{ flopsPerToken }, { modelStackSpec }] = await Promise.all([import('@rrnn/core'), import('@rrnn/train')]);
  const spec = modelStackSpec(lmConfig(cell, sharingRate, s));
  return 3 * (flopsPerToken(spec).fast + 2 * s.embedding * s.vocab);
}
