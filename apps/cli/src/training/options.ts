import { CELLS } from '@rrnn/core/layout';
import { ALL_BACKENDS, NODE_BACKENDS } from '@rrnn/backend/names';
import { DROPOUT_PLACEMENTS, INITS, OPTIMIZERS, PAPER_VARIANTS, SCHEDULES } from '@rrnn/train/layout';
import type { Opt } from '../framework/command.js';
import { flag, MAX_LAYERS, MAX_SIZE, num, oneOf, posInt, natural, rateList, text, unit } from '../framework/values.js';
import { corpusOptions } from './corpus-options.js';

// The names each option accepts are the owning packages' lists, read from their tfjs-free entries
// (the option tables load before TensorFlow.js): the help texts and schemas are built from them.
export { CELLS };
/** `<a|b|c>`: an option's argument naming its choices. */
const choices = (list: readonly string[]): string => `<${list.join('|')}>`;
/** `--recipe`: the base every other option is laid over. */
export const RECIPES = ['default', 'paper'] as const;

/**
 * Model and training-loop options. All optional: what is not given comes from
 * the default run (@rrnn/train's DEFAULT_CONFIG), or, when resuming, from the run.
 */
export const modelOptions = {
  cell: { kind: 'string', arg: choices(CELLS), help: `recurrent cell: ${CELLS.join(', ')}`, schema: oneOf(CELLS).optional() },
  rate: { kind: 'string', arg: '<r>', help: 'sharing rate of every layer, in [0, 1]', schema: unit().optional() },
  rates: { kind: 'string', arg: '<r,...>', help: 'one sharing rate per layer, e.g. 0.5,0.5,1', schema: rateList().optional() },
  embedding: { kind: 'string', arg: '<n>', help: 'embedding size', schema: posInt(MAX_SIZE).optional() },
  hidden: { kind: 'string', arg: '<n>', help: 'hidden size of the recurrent layers', schema: posInt(MAX_SIZE).optional() },
  layers: { kind: 'string', arg: '<n>', help: 'number of recurrent layers', schema: posInt(MAX_LAYERS).optional() },
  tied: { kind: 'boolean', negatable: true, help: 'tie the decoder to the embedding', schema: flag().optional() },
  dropout: { kind: 'string', arg: '<p>', help: 'dropout rate in [0, 1), where --dropout-placement says', schema: unit('dropout').refine((p) => p < 1, 'dropout must be below 1').optional() },
  dropoutPlacement: { kind: 'string', arg: choices(DROPOUT_PLACEMENTS), help: 'all: embedding, between layers and before the decoder (default run); between: only between recurrent layers (the paper\'s code)', schema: oneOf(DROPOUT_PLACEMENTS).optional() },
} satisfies Record<string, Opt>;

export const loopOptions = {
  recipe: { kind: 'string', arg: '<default|paper>', help: 'the base the other options override: default (the default run) or paper (the paper\'s recipe: 3 x 200 LSTM r=0.5, SGD momentum 0.9, lr 1, wd 1e-6, clip 0.25, cosine, batch 80, BPTT 35, eval batch 80, reference init, 100 epochs)', schema: oneOf(RECIPES).optional() },
  variant: { kind: 'string', arg: choices(PAPER_VARIANTS), help: 'with --recipe paper: td (tied decoder, dropout 0.2 between layers) or plain (untied, no dropout)', schema: oneOf(PAPER_VARIANTS).optional() },
  epochs: { kind: 'string', arg: '<n>', help: 'training epochs', schema: posInt().optional() },
  maxSteps: { kind: 'string', arg: '<n>', help: 'stop (with a checkpoint) after n steps in total; resume later with --resume', schema: posInt().optional() },
  checkpointEvery: { kind: 'string', arg: '<n>', help: 'also save last/ every n steps within an epoch (long epochs: a kill loses at most n steps)', schema: posInt().optional() },
  batch: { kind: 'string', arg: '<n>', help: 'parallel token streams per step', schema: posInt(MAX_SIZE).optional() },
  bptt: { kind: 'string', arg: '<n>', help: 'truncated back-propagation length in tokens', schema: posInt(MAX_SIZE).optional() },
  lr: { kind: 'string', arg: '<x>', help: 'learning rate', schema: num().refine((x) => x > 0, 'the learning rate must be positive').optional() },
  optimizer: { kind: 'string', arg: choices(OPTIMIZERS), help: 'optimizer', schema: oneOf(OPTIMIZERS).optional() },
  momentum: { kind: 'string', arg: '<m>', help: 'SGD momentum in [0, 1) (PyTorch semantics; 0 is plain SGD)', schema: num().refine((x) => x >= 0 && x < 1, 'momentum must be in [0, 1)').optional() },
  nesterov: { kind: 'boolean', help: 'Nesterov momentum (SGD with --momentum above 0)', schema: flag().optional() },
  init: { kind: 'string', arg: choices(INITS), help: 'initialisation: uniform (embedding/decoder U(-0.1, 0.1)) or reference (the paper\'s code: embedding N(0, 1), decoder U(+-1/sqrt(H)))', schema: oneOf(INITS).optional() },
  schedule: { kind: 'string', arg: '<name>', help: `learning-rate schedule: ${SCHEDULES.join(', ')}`, schema: oneOf(SCHEDULES).optional() },
  weightDecay: { kind: 'string', arg: '<x>', help: 'L2 weight decay', schema: num().refine((x) => x >= 0, 'weight decay must be >= 0').optional() },
  clip: { kind: 'string', arg: '<x>', help: 'gradient-norm clipping (0 disables)', schema: num().refine((x) => x >= 0, 'clip must be >= 0 (0 disables clipping)').optional() },
  seed: { kind: 'string', arg: '<n>', help: 'random seed', schema: natural().optional() },
  evalBatch: { kind: 'string', arg: '<n>', help: 'batch size for validation and test perplexity', schema: posInt().optional() },
  logEvery: { kind: 'string', arg: '<n>', help: 'report progress every n steps', schema: posInt().optional() },
} satisfies Record<string, Opt>;

export const backendOption = {
  // every name parses (a browser-only one then gets @rrnn/backend's "runs only in a browser"); the help lists Node's
  backend: { kind: 'string', arg: '<name>', help: `tfjs backend: ${NODE_BACKENDS[0]} (default), ${NODE_BACKENDS.slice(1).join(', ')}`, schema: oneOf(ALL_BACKENDS).optional() },
} satisfies Record<string, Opt>;

/** `--threads` of the commands that train (train, sweep). */
export const threadsOption = {
  threads: { kind: 'string', arg: '<n>', help: 'CPU threads to train on: each step splits the batch between this thread and n-1 gradient workers (default: every core; 1 with node/node-gpu)', schema: posInt().optional() },
} satisfies Record<string, Opt>;

export const outputOptions = {
  json: { kind: 'boolean', help: 'print one JSON object per event line instead of progress', schema: flag().default(false) },
  quiet: { kind: 'boolean', short: 'q', help: 'print only the result', schema: flag().default(false) },
} satisfies Record<string, Opt>;

/** Every option of `rrnn train`. */
export const trainOptions = {
  ...modelOptions,
  ...loopOptions,
  ...corpusOptions,
  ...backendOption,
  ...threadsOption,
  name: { kind: 'string', arg: '<name>', help: 'run name: the run goes to runs/<name> (default: from the config and the time)', schema: text().regex(/^[\w.-]+$/, 'use letters, digits, ".", "-" and "_" only').refine((n) => !/^\.+$/.test(n), 'a run name cannot be made of dots only (it would name this folder or one above)').optional() },
  out: { kind: 'string', arg: '<dir>', help: 'run folder (default runs/<name>)', schema: text().optional() },
  force: { kind: 'boolean', help: 'overwrite an existing run folder', schema: flag().default(false) },
  resume: { kind: 'string', arg: '<run-dir>', help: 'continue an interrupted run from its last checkpoint', schema: text().optional() },
  dryRun: { kind: 'boolean', help: 'print the resolved configuration and run folder as JSON, then stop', schema: flag().default(false) },
  ...outputOptions,
} satisfies Record<string, Opt>;
