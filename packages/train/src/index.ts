/**
 * @packageDocumentation The restricted recurrent language model and its training loop:
 * truncated BPTT, SGD/Adam with weight decay and clipping, schedules, evaluation, resume.
 * The names of this entry are the API contract (tooling/contracts/API.md). Browser-safe: `train`
 * with `outDir` imports Node's file system on first use only.
 *
 * Other entries: `@rrnn/train/node` (checkpoint folders on disk: `loadRun`, `saveCheckpoint`,
 * `loadCheckpoint`), `@rrnn/train/parallel` (data-parallel gradient peers), `@rrnn/train/layers`
 * (a tfjs LayersModel), `@rrnn/train/layout` (file names, resume policy and setting names, no tfjs).
 */
export {
  type ModelConfig, type TrainConfig, type ModelShape, type DropoutPlacement, type InitName, type PaperVariant,
  PAPER_RECIPE, DEFAULT_CONFIG, paperConfig, validateModelConfig, validateTrainConfig,
} from './config';
export { DROPOUT_PLACEMENTS, INITS, OPTIMIZERS, PAPER_VARIANTS, QUANTIZATIONS, SCHEDULES } from './setting-names';
export {
  type LanguageModel, createLanguageModel, modelForward, modelLoss, modelParameters, modelStackSpec, disposeLanguageModel, initialState,
} from './model';
export { crossEntropy } from './loss';
export { clipByGlobalNorm, clipScale } from './clip';
export { type OptimizerName, type OptimizerSettings, type OptimizerState, createOptimizer, applyGradients, disposeOptimizer } from './optimizer';
export { type ScheduleName, type ScheduleOptions, type ScheduleState, scheduleInit, scheduleStep } from './schedule';
export { type Rng, createRng, nextUint32, nextFloat } from './rng';
export { keepState, disposeState } from './state';
export { type TokenWindow, type StepOptions, DivergenceError, trainStep, trainStepAsync, windowGradients } from './step';
export { type EvaluationResult, type EvaluateOptions, evaluateLoss, evaluateLossAsync } from './evaluate';
export { type ModelJson, modelToArtifacts, loadModelFromArtifacts } from './artifacts';
export { type ResumeChange, RESUME_CHANGEABLE, RESUME_FIXED, ResumeConflictError, resumeChanges } from './resume';
export { type TrainEvent, type TrainResult, type StopReason } from './events';
export { type TrainOptions, train, divergenceLimit } from './train';
export { plannedSteps } from './windows';
export { type Quantization, quantizeWeightData } from './quantize';
