/**
 * @packageDocumentation `@rrnn/train/layout`: the on-disk layout of checkpoints, the resume
 * policy and the names each setting accepts, without TensorFlow.js, so that programs (the CLI,
 * queue workers) can check folders and settings before loading tfjs. The main entry re-exports
 * the resume policy and the names.
 */
export {
  OPTIMIZERS, SCHEDULES, DROPOUT_PLACEMENTS, INITS, PAPER_VARIANTS, QUANTIZATIONS,
  type OptimizerName, type ScheduleName, type DropoutPlacement, type InitName, type PaperVariant, type Quantization,
} from './setting-names';
export {
  type ResumeChange, type ResumeChangeable, RESUME_CHANGEABLE, RESUME_FIXED, ResumeConflictError, resumeChanges, resumeMayChange, settingOf,
} from './resume';

/** File names inside a checkpoint folder (see saveCheckpoint). */
export const CHECKPOINT_FILES = {
  model: 'model.json',
  weights: 'weights.bin',
  vocab: 'vocab.json',
  config: 'config.json',
  training: 'training-state.json',
  trainingWeights: 'training-state.bin',
  /** SHA-256 and size of every other file, checked on load. */
  manifest: 'manifest.json',
} as const;

/** The checkpoint folders inside a run folder: `last/` (every epoch end, stop and --checkpoint-every) and `best/` (best validation). */
export const RUN_CHECKPOINTS = { last: 'last', best: 'best' } as const;

export { makeDir } from './checkpoint-files';
