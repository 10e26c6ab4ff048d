/**
 * @packageDocumentation The restricted recurrent language model and its training loop:
 * truncated BPTT, SGD/Adam with weight decay and clipping, schedules, checkpoints, resume.
 *
 * Browser-safe except the checkpoint functions (`train` with `outDir`, `loadRun`,
 * `saveCheckpoint`, `loadCheckpoint`), which import Node's file system on first use.
 */
export {
  type ModelConfig, type TrainConfig, type ModelShape, type DropoutPlacement, type InitName, type PaperVariant,
  PAPER_RECIPE, DEFAULT_CONFIG, PAPER_VARIANTS, PAPER_TD_DROPOUT, DROPOUT_PLACEMENTS, INITS, paperConfig,
  validateModelConfig, validateTrainConfig, MAX_PARAMETERS,
} from './config';
export {
  type LanguageModel, createLanguageModel, modelForward, modelParameters, modelStackSpec, disposeLanguageModel,
  initialState, lastHiddenSize, INIT_RANGE,
} from './model';
export { crossEntropy, tokenCrossEntropy } from './loss';
export { clipByGlobalNorm } from './clip';
export {
  type OptimizerName, type OptimizerSettings, type OptimizerState, OPTIMIZERS, createOptimizer, applyGradients, disposeOptimizer,
  optimizerSettings, validateOptimizer,
} from './optimizer';
export {
  type ScheduleName, type ScheduleOptions, type ScheduleState, DEFAULT_SCHEDULE_OPTIONS,
  scheduleInit, scheduleStep, scheduleRebase, cosineLr,
} from './schedule';
export { type Rng, createRng, nextUint32, nextFloat } from './rng';
export { keepState, disposeState, stateToNamed, stateFromNamed, stateTensors, stateFromTensors } from './state';
export { type TokenWindow, type StepOptions, DivergenceError, trainStep, trainStepAsync, windowGradients, updateFromGradients } from './step';
export { type GradientPeer, type ShardRequest, type ShardReply, type PeerMessage, type PeerAnswer } from './parallel/protocol';
export { type PeerPort, type ShardComputer, createShardComputer, localPeer, portPeer, serveGradients } from './parallel/peer';
export { trainStepParallel } from './parallel/step';
export { type RowRange, shardRows } from './parallel/shards';
export { type EvaluationResult, type EvaluateOptions, evaluateLoss, evaluateLossAsync } from './evaluate';
export { type ModelJson, MODEL_FORMAT, WEIGHTS_FILE, modelToArtifacts, loadModelFromArtifacts, assignNamed } from './artifacts';
export {
  type Checkpoint, type TrainingState, type RunCheckpoint, saveCheckpoint, loadCheckpoint,
  resolveRunCheckpoint, loadRun,
} from './checkpoint';
export { type ChecksumManifest, writeDirAtomic } from './checkpoint-files';
export {
  type ResumeChange, type ResumeChangeable, RESUME_CHANGEABLE, RESUME_FIXED, ResumeConflictError, resumeChanges, resumeMayChange, settingOf,
  CHECKPOINT_FILES, RUN_CHECKPOINTS, makeDir,
} from './layout';
export { type TrainEvent, type TrainResult, type StopReason } from './events';
export { type TrainOptions, train, divergenceLimit } from './train';
export { trainingWindows, trainingWindowCount } from './windows';
export { type Quantization, QUANTIZATIONS, quantizeWeightData, toFloat16Bits, weightBytes } from './quantize';
