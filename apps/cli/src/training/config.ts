import type { ModelConfig, TrainConfig } from '@rrnn/train';
import { UsageError } from '../framework/errors.js';
import type { Values } from '../framework/command.js';
import type { loopOptions, modelOptions } from './options.js';

type ModelFlags = Values<typeof modelOptions>;
type LoopFlags = Values<typeof loopOptions>;

/** A training configuration before the corpus fixes the vocabulary size (the shape of @rrnn/train's DEFAULT_CONFIG). */
export type BaseConfig = Omit<TrainConfig, 'model'> & { model: Omit<ModelConfig, 'vocabSize'> };

/** Rate flags that contradict each other, checked before anything loads. */
export function checkRateFlags(o: Pick<ModelFlags, 'rate' | 'rates' | 'layers'>): void {
  if (o.rate !== undefined && o.rates !== undefined) throw new UsageError('--rate and --rates both given: use --rate r for every layer or --rates r1,r2,... per layer');
  if (o.rates !== undefined && o.layers !== undefined && o.rates.length !== o.layers) {
    throw new UsageError(`--rates gives ${o.rates.length} rate(s) but there are ${o.layers} layers: give one rate per layer or use --rate`);
  }
}

/** One sharing rate per layer from `--rate`/`--rates`/`--layers` (already passed by checkRateFlags), falling back to the base config. */
export function sharingRatesFrom(o: Pick<ModelFlags, 'rate' | 'rates' | 'layers'>, base: BaseConfig['model']): number[] {
  const layers = o.layers ?? o.rates?.length ?? base.numLayers;
  if (o.rates !== undefined) return [...o.rates];
  const r = o.rate ?? (base.sharingRates.length === layers ? undefined : base.sharingRates[0]);
  return r === undefined ? [...base.sharingRates] : Array.from({ length: layers }, () => r);
}

/** The model part of the config: flags over the base. */
export function modelShapeFrom(o: ModelFlags, base: BaseConfig['model']): BaseConfig['model'] {
  const sharingRates = sharingRatesFrom(o, base);
  return {
    cell: o.cell ?? base.cell,
    embeddingSize: o.embedding ?? base.embeddingSize,
    hiddenSize: o.hidden ?? base.hiddenSize,
    numLayers: sharingRates.length,
    sharingRates,
    tied: o.tied ?? base.tied,
    dropout: o.dropout ?? base.dropout,
    ...defined({ dropoutPlacement: o.dropoutPlacement ?? base.dropoutPlacement }),
  };
}

/** The training-loop part: flags over the base. */
export function loopFrom(o: LoopFlags, base: BaseConfig): Omit<BaseConfig, 'model'> {
  const { model: _model, ...rest } = base;
  const loop: Omit<BaseConfig, 'model'> = {
    ...rest,
    epochs: o.epochs ?? base.epochs,
    batchSize: o.batch ?? base.batchSize,
    bptt: o.bptt ?? base.bptt,
    lr: o.lr ?? base.lr,
    optimizer: o.optimizer ?? base.optimizer,
    ...defined({ momentum: o.momentum ?? base.momentum, nesterov: o.nesterov ?? base.nesterov, init: o.init ?? base.init }),
    schedule: o.schedule ?? base.schedule,
    weightDecay: o.weightDecay ?? base.weightDecay,
    clip: o.clip ?? base.clip,
    seed: o.seed ?? base.seed,
    evalBatchSize: o.evalBatch ?? base.evalBatchSize,
    logEvery: o.logEvery ?? base.logEvery,
  };
  if (o.maxSteps !== undefined) loop.maxSteps = o.maxSteps;
  return loop;
}

/** `--variant` belongs to `--recipe paper`; checked before anything loads. */
export function checkRecipeFlags(o: Pick<LoopFlags, 'recipe' | 'variant'>): void {
  if (o.variant !== undefined && o.recipe !== 'paper') throw new UsageError(`--variant ${o.variant} chooses a variant of the paper's recipe: add --recipe paper`);
}

/** `x` without its undefined fields (saved configs stay free of absent optional keys). */
function defined<T extends object>(x: T): Partial<T> {
  return Object.fromEntries(Object.entries(x).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The base a new run's flags (already passed by checkRecipeFlags) are laid over: the default run, or the paper's recipe in the chosen variant (`td` unless given). */
export function baseConfig(o: Pick<LoopFlags, 'recipe' | 'variant'>, pkg: { DEFAULT_CONFIG: BaseConfig; paperConfig(v: 'td' | 'plain'): BaseConfig }): BaseConfig {
  return o.recipe === 'paper' ? pkg.paperConfig(o.variant ?? 'td') : pkg.DEFAULT_CONFIG;
}

/** The full TrainConfig of a new run. */
export function trainConfigFrom(o: ModelFlags & LoopFlags, base: BaseConfig, vocabSize: number): TrainConfig {
  return { ...loopFrom(o, base), model: { ...modelShapeFrom(o, base.model), vocabSize } };
}

/**
 * The @rrnn/train setting (dotted path into TrainConfig) each model and loop
 * flag sets. Whether a resume may change it is @rrnn/train's resume policy
 * (RESUME_CHANGEABLE); the CLI only maps flags to settings.
 */
export const FLAG_SETTINGS = {
  cell: 'model.cell', rate: 'model.sharingRates', rates: 'model.sharingRates', layers: 'model.numLayers', embedding: 'model.embeddingSize',
  hidden: 'model.hiddenSize', tied: 'model.tied', dropout: 'model.dropout', dropoutPlacement: 'model.dropoutPlacement',
  epochs: 'epochs', maxSteps: 'maxSteps', batch: 'batchSize', bptt: 'bptt', lr: 'lr', optimizer: 'optimizer', momentum: 'momentum',
  nesterov: 'nesterov', init: 'init', schedule: 'schedule', weightDecay: 'weightDecay', clip: 'clip', seed: 'seed',
  evalBatch: 'evalBatchSize', logEvery: 'logEvery',
} as const satisfies Record<keyof ModelFlags | Exclude<keyof LoopFlags, 'recipe' | 'variant' | 'checkpointEvery'>, string>;

/** Flags that choose the data or the base recipe: a resume keeps the run's (run.json), so they cannot be given. */
export const DATA_FLAGS = ['corpus', 'dataDir', 'lowercase', 'minCount', 'maxVocab', 'recipe', 'variant'] as const;

/** The flags (keys) whose setting @rrnn/train's resume policy lets a resume change. */
export function resumableFlags(mayChange: (setting: string) => boolean): string[] {
  return Object.entries(FLAG_SETTINGS).filter(([, setting]) => mayChange(setting)).map(([flag]) => flag);
}

/** The config a resume asks for: the saved one with the flags laid over it (the saved --max-steps does not carry over). */
export function resumeWanted(o: ModelFlags & LoopFlags, saved: TrainConfig): TrainConfig {
  const { maxSteps: _saved, model, ...rest } = saved;
  const { vocabSize, ...shape } = model;
  return trainConfigFrom(o, { ...rest, model: shape }, vocabSize);
}

/** The flag(s) that set a config setting, for messages: `model.sharingRates` -> `--rate/--rates`. */
export function flagsOfSetting(setting: string): string {
  const flags = Object.entries(FLAG_SETTINGS).filter(([, s]) => s === setting).map(([f]) => `--${f.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
  return flags.length > 0 ? flags.join('/') : setting;
}

/** A short, file-name-safe description of a config: `lstm-r0.5-e200-h200-l2-brown`. */
export function configSlug(c: TrainConfig, corpusName: string): string {
  const m = c.model;
  const rates = m.sharingRates.every((r) => r === m.sharingRates[0]) ? String(m.sharingRates[0]) : m.sharingRates.join('_');
  const corpus = corpusName.replace(/[^\w.-]+/g, '_').slice(-40);
  return `${m.cell}-r${rates}-e${m.embeddingSize}-h${m.hiddenSize}-l${m.numLayers}${m.tied ? '-tied' : ''}-${corpus}`;
}

/** `20261129-091502` in UTC. */
export function timestamp(d = new Date()): string {
  return d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}
