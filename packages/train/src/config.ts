import type { CellType } from '@rrnn/core';
import type { OptimizerName } from './optimizer';
import type { ScheduleName, ScheduleOptions } from './schedule';

/** The language model: embedding, L restricted layers, decoder (optionally tied to the embedding). */
export interface ModelConfig {
  cell: CellType;
  vocabSize: number;
  embeddingSize: number;
  hiddenSize: number;
  numLayers: number;
  /** Sharing rate of each layer, length `numLayers`, each in [0, 1]. */
  sharingRates: number[];
  /** Decoder weight = embedding (the last layer then has `embeddingSize` units). */
  tied: boolean;
  /** Dropout rate on embeddings, between layers and before the decoder, in [0, 1). */
  dropout: number;
}

/** Everything a training run needs besides the corpus. */
export interface TrainConfig {
  model: ModelConfig;
  epochs: number;
  batchSize: number;
  bptt: number;
  lr: number;
  optimizer: OptimizerName;
  weightDecay: number;
  /** Global gradient-norm clip; 0 disables. */
  clip: number;
  schedule: ScheduleName;
  seed: number;
  evalBatchSize: number;
  /** Emit a `step` event every this many steps (1 = every step). */
  logEvery: number;
  /** Stop (and checkpoint) after this many steps in total; the run can be resumed later. */
  maxSteps?: number;
  /** Knobs of the step and plateau schedules. */
  scheduleOptions?: Partial<ScheduleOptions>;
}

/** The paper's recipe (reference defaults): SGD lr 1, wd 1e-6, clip 0.25, cosine over 100 epochs, batch 80, BPTT 35, seed 0. */
export const PAPER_RECIPE: Omit<TrainConfig, 'model'> = {
  epochs: 100,
  batchSize: 80,
  bptt: 35,
  lr: 1,
  optimizer: 'sgd',
  weightDecay: 1e-6,
  clip: 0.25,
  schedule: 'cosine',
  seed: 0,
  evalBatchSize: 10,
  logEvery: 100,
};

/** A model configuration before the corpus fixes the vocabulary size. */
export type ModelShape = Omit<ModelConfig, 'vocabSize'>;

/**
 * The CLI's default run (`rrnn train` with no arguments): a tied restricted
 * LSTM (r = 0.5, two layers of 100) language model, one epoch of SGD at lr 20
 * with batch 32 (as PyTorch's word_language_model), the rest of the paper's
 * recipe unchanged. The CLI pairs it with the embedded Brown corpus cut to its
 * 5,000 most frequent words: the decoder (6 * 100 * vocabulary FLOPs per
 * token) dominates the cost, and all 13,845 Brown words would triple it.
 */
export const DEFAULT_CONFIG: Omit<TrainConfig, 'model'> & { model: ModelShape } = {
  ...PAPER_RECIPE,
  model: { cell: 'lstm', embeddingSize: 100, hiddenSize: 100, numLayers: 2, sharingRates: [0.5, 0.5], tied: true, dropout: 0.1 },
  epochs: 1,
  batchSize: 32,
  lr: 20,
  logEvery: 50,
};

const CELLS: readonly string[] = ['rnn', 'gru', 'lstm'];

function positiveInt(where: string, name: string, v: unknown): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new Error(`${where}: ${name} must be a positive integer, got ${String(v)}`);
  }
}

/** Throws an Error naming the field and the allowed values when `c` is not a valid model configuration. */
export function validateModelConfig(c: ModelConfig): void {
  const w = 'model config';
  if (!CELLS.includes(c.cell)) throw new Error(`${w}: cell must be one of rnn, gru, lstm, got "${String(c.cell)}"`);
  positiveInt(w, 'vocabSize', c.vocabSize);
  positiveInt(w, 'embeddingSize', c.embeddingSize);
  positiveInt(w, 'hiddenSize', c.hiddenSize);
  positiveInt(w, 'numLayers', c.numLayers);
  if (!Array.isArray(c.sharingRates) || c.sharingRates.length !== c.numLayers) {
    throw new Error(`${w}: sharingRates must have one rate per layer (${c.numLayers}), got ${JSON.stringify(c.sharingRates)}`);
  }
  for (const r of c.sharingRates) {
    if (typeof r !== 'number' || !(r >= 0 && r <= 1)) throw new Error(`${w}: every sharing rate must be in [0, 1], got ${r}`);
  }
  if (typeof c.tied !== 'boolean') throw new Error(`${w}: tied must be true or false, got ${String(c.tied)}`);
  if (typeof c.dropout !== 'number' || !(c.dropout >= 0 && c.dropout < 1)) {
    throw new Error(`${w}: dropout must be in [0, 1), got ${String(c.dropout)}`);
  }
}

/** Throws an Error naming the field and the fix when `c` is not a valid training configuration. */
export function validateTrainConfig(c: TrainConfig): void {
  validateModelConfig(c.model);
  const w = 'train config';
  positiveInt(w, 'epochs', c.epochs);
  positiveInt(w, 'batchSize', c.batchSize);
  positiveInt(w, 'bptt', c.bptt);
  positiveInt(w, 'evalBatchSize', c.evalBatchSize);
  positiveInt(w, 'logEvery', c.logEvery);
  if (c.maxSteps !== undefined) positiveInt(w, 'maxSteps', c.maxSteps);
  if (!(c.lr > 0) || !Number.isFinite(c.lr)) throw new Error(`${w}: lr must be a positive number, got ${c.lr}`);
  if (!(c.weightDecay >= 0)) throw new Error(`${w}: weightDecay must be >= 0, got ${c.weightDecay}`);
  if (!(c.clip >= 0)) throw new Error(`${w}: clip must be >= 0 (0 disables clipping), got ${c.clip}`);
  if (c.optimizer !== 'sgd' && c.optimizer !== 'adam') throw new Error(`${w}: optimizer must be sgd or adam, got "${String(c.optimizer)}"`);
  if (!['cosine', 'step', 'plateau', 'none'].includes(c.schedule)) {
    throw new Error(`${w}: schedule must be one of cosine, step, plateau, none, got "${String(c.schedule)}"`);
  }
  if (!Number.isInteger(c.seed)) throw new Error(`${w}: seed must be an integer, got ${c.seed}`);
}
