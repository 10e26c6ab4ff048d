import { CELLS, languageModelParameterCount, type CellType } from '@rrnn/core';
import { DROPOUT_PLACEMENTS, INITS, PAPER_VARIANTS, SCHEDULES, type DropoutPlacement, type InitName, type OptimizerName, type PaperVariant, type ScheduleName } from './setting-names';
import { validateOptimizer } from './optimizer';
import type { ScheduleOptions } from './schedule';

export type { DropoutPlacement, InitName, PaperVariant };

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
  /** Dropout rate in [0, 1), applied where {@link ModelConfig.dropoutPlacement} says. */
  dropout: number;
  /**
   * Where dropout applies when training (default `'all'`):
   * - `'all'`: on the embedding output, between recurrent layers and before the decoder (PyTorch's word_language_model);
   * - `'between'`: only between recurrent layers, on the outputs of layers 1 .. L-1 (the paper's reference code).
   */
  dropoutPlacement?: DropoutPlacement;
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
  /** SGD momentum in [0, 1) (PyTorch semantics); default 0, plain SGD. The paper uses 0.9. */
  momentum?: number;
  /** Nesterov momentum (SGD with momentum > 0 only); default false. */
  nesterov?: boolean;
  /** Initialisation of a fresh model; default `'uniform'`. See {@link InitName}. */
  init?: InitName;
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

/**
 * The paper's training recipe, as the authors' code runs it (restricted-rnn-spec.md): SGD with momentum 0.9,
 * lr 1, weight decay 1e-6, global-norm clip 0.25, cosine annealing per epoch over 100 epochs, batch 80,
 * BPTT 35, evaluation batch 80, seed 0, PyTorch's default initialisation.
 */
export const PAPER_RECIPE: Omit<TrainConfig, 'model'> = {
  epochs: 100,
  batchSize: 80,
  bptt: 35,
  lr: 1,
  optimizer: 'sgd',
  momentum: 0.9,
  nesterov: false,
  weightDecay: 1e-6,
  clip: 0.25,
  schedule: 'cosine',
  init: 'reference',
  seed: 0,
  evalBatchSize: 80,
  logEvery: 100,
};

/** A model configuration before the corpus fixes the vocabulary size. */
export type ModelShape = Omit<ModelConfig, 'vocabSize'>;

/**
 * Dropout of the paper's TD variant. The reference code does not record the rate it used; rrnn's
 * reproduction fixes 0.2 with the reference's placement (between recurrent layers only), so that runs
 * compare with each other and with the reference trained on the same machine.
 */
export const PAPER_TD_DROPOUT = 0.2;

/**
 * The paper's full configuration for a variant: {@link PAPER_RECIPE} and its model, a restricted LSTM
 * (r = 0.5) with embedding 200 and three layers of 200. Cell and rates are the caller's to change.
 */
export function paperConfig(variant: PaperVariant): Omit<TrainConfig, 'model'> & { model: ModelShape } {
  if (!PAPER_VARIANTS.includes(variant)) throw new Error(`paper recipe: unknown variant "${String(variant)}"; use ${PAPER_VARIANTS.join(' or ')}`);
  const td = variant === 'td';
  return {
    ...PAPER_RECIPE,
    model: {
      cell: 'lstm', embeddingSize: 200, hiddenSize: 200, numLayers: 3, sharingRates: [0.5, 0.5, 0.5],
      tied: td, dropout: td ? PAPER_TD_DROPOUT : 0, dropoutPlacement: 'between',
    },
  };
}

/**
 * The CLI's default run (`rrnn train` with no arguments): a tied restricted
 * LSTM (r = 0.5, two layers of 100) language model, one epoch of plain SGD at
 * lr 20 with batch 32 and uniform(-0.1, 0.1) initialisation (PyTorch's
 * word_language_model: fast progress in one epoch), clipping, weight decay,
 * BPTT and the cosine schedule as in the paper. The CLI pairs it with the
 * embedded Brown corpus cut to its 5,000 most frequent words: the decoder
 * (6 * 100 * vocabulary FLOPs per token) dominates the cost, and all 13,845
 * Brown words would triple it.
 */
export const DEFAULT_CONFIG: Omit<TrainConfig, 'model'> & { model: ModelShape } = {
  model: { cell: 'lstm', embeddingSize: 100, hiddenSize: 100, numLayers: 2, sharingRates: [0.5, 0.5], tied: true, dropout: 0.1 },
  epochs: 1,
  batchSize: 32,
  bptt: 35,
  lr: 20,
  optimizer: 'sgd',
  momentum: 0,
  weightDecay: 1e-6,
  clip: 0.25,
  schedule: 'cosine',
  init: 'uniform',
  seed: 0,
  evalBatchSize: 10,
  logEvery: 50,
};

function positiveInt(where: string, name: string, v: unknown): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new Error(`${where}: ${name} must be a positive integer, got ${String(v)}`);
  }
}

/** Throws an Error naming the field and the allowed values when `c` is not a valid model configuration. */
export function validateModelConfig(c: ModelConfig): void {
  const w = 'model config';
  if (!(CELLS as readonly string[]).includes(c.cell)) throw new Error(`${w}: cell must be one of ${CELLS.join(', ')}, got "${String(c.cell)}"`);
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
  if (c.dropoutPlacement !== undefined && !DROPOUT_PLACEMENTS.includes(c.dropoutPlacement)) {
    throw new Error(`${w}: dropoutPlacement must be one of ${DROPOUT_PLACEMENTS.join(', ')}, got "${String(c.dropoutPlacement)}"`);
  }
  const { total } = languageModelParameterCount({ ...c, sharingRates: c.sharingRates });
  if (!(total <= MAX_PARAMETERS)) {
    throw new Error(`${w}: the model would have ${total.toLocaleString('en-US')} parameters, above the ${MAX_PARAMETERS.toLocaleString('en-US')} one tensor store can hold; use smaller sizes`);
  }
}

/** The most parameters a model may have (tfjs keeps each weight in one typed array; 2^31 - 1 elements). */
export const MAX_PARAMETERS = 2 ** 31 - 1;

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
  if (!(c.clip >= 0)) throw new Error(`${w}: clip must be >= 0 (0 disables clipping), got ${c.clip}`);
  validateOptimizer(c.optimizer, { weightDecay: c.weightDecay, momentum: c.momentum, nesterov: c.nesterov }, w);
  if (c.init !== undefined && !INITS.includes(c.init)) throw new Error(`${w}: init must be one of ${INITS.join(', ')}, got "${String(c.init)}"`);
  if (!SCHEDULES.includes(c.schedule)) {
    throw new Error(`${w}: schedule must be one of cosine, step, plateau, none, got "${String(c.schedule)}"`);
  }
  if (!Number.isInteger(c.seed)) throw new Error(`${w}: seed must be an integer, got ${c.seed}`);
}
