/**
 * Checkpoints on disk. One checkpoint is a folder:
 *
 *   model.json            tfjs format: { format: 'rrnn-lm', modelTopology: ModelConfig, weightsManifest }
 *   weights.bin           the model weights (tf.io.encodeWeights), loadable in a browser
 *   vocab.json            the vocabulary (@rrnn/data JSON)
 *   config.json           the run's full TrainConfig
 *   training-state.json   epoch, step, window, schedule, RNG, optimizer counters, manifest of:
 *   training-state.bin    optimizer slots (Adam moments) and the carried hidden state
 *   manifest.json         SHA-256 and size of every file above, verified on load
 *
 * A folder is written atomically: into `<dir>.tmp-*`, then renamed over `<dir>`
 * (the old one is moved aside first and removed last). Node only: the file
 * system modules are imported on first use, so this entry stays loadable in
 * browsers that never call these functions.
 */
import * as tf from '@tensorflow/tfjs-core';
import { vocabularyFromJSON, vocabularyToJSON, type Vocabulary } from '@rrnn/data';
import { loadModelFromArtifacts, modelToArtifacts, type ModelJson } from './artifacts';
import { validateTrainConfig, type TrainConfig } from './config';
import { CHECKPOINT_FILES, RUN_CHECKPOINTS } from './layout';
import { checksumManifest, nodeModules, verifyChecksum, writeDirAtomic, type ChecksumManifest } from './checkpoint-files';
import { disposeLanguageModel, modelParameters, type LanguageModel } from './model';
import type { OptimizerName, OptimizerSettings } from './optimizer';
import type { Quantization } from './quantize';
import type { ResumeChange } from './resume';
import type { ScheduleState } from './schedule';

/** Where a training run stands, saved next to the weights so the run can resume. */
export interface TrainingState {
  format: 'rrnn-training-state';
  /** Epoch in progress (0-based). */
  epoch: number;
  /** Steps done in all. */
  step: number;
  /** Windows of the current epoch already trained on. */
  window: number;
  /** Training seconds spent so far (over all sessions). */
  elapsedSeconds: number;
  /** Sum and count of the step losses of the current epoch (for its mean). */
  epochLossSum: number;
  epochSteps: number;
  /** Best validation loss so far (Infinity before the first epoch ends). */
  bestValidLoss: number;
  schedule: ScheduleState;
  /** State of the run's mulberry32 generator. */
  rng: number;
  /** The optimizer's name, update count and settings (`momentum`/`nesterov` absent in checkpoints written before SGD had momentum: 0). */
  optimizer: { name: OptimizerName; t: number } & Omit<OptimizerSettings, 'momentum' | 'nesterov'> & Partial<Pick<OptimizerSettings, 'momentum' | 'nesterov'>>;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  /** Settings changed by resumes (see RESUME_CHANGEABLE), oldest first; absent when none changed. */
  history?: { step: number; epoch: number; at: string; changes: ResumeChange[] }[];
}

/** Everything one checkpoint folder holds. */
export interface Checkpoint {
  model: LanguageModel;
  vocab: Vocabulary;
  config: TrainConfig;
  /** Absent in a model-only export. */
  training?: TrainingState;
  /** Optimizer slots (`opt/...`) and carried state (`state/...`); owned by the caller. */
  trainingTensors?: tf.NamedTensorMap;
}


/** JSON with Infinity and NaN kept (as strings) so that training state round-trips exactly. */
function stringify(x: unknown): string {
  return JSON.stringify(x, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2);
}
function parseNumbers(text: string): unknown {
  return JSON.parse(text, (_k, v) => (v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v === 'NaN' ? NaN : v));
}

/** Save a checkpoint folder atomically (see the module comment for the files), with the SHA-256 manifest of its files. */
export async function saveCheckpoint(dir: string, ck: Checkpoint, o: { quantize?: Quantization } = {}): Promise<void> {
  const { modelJson, weightData } = await modelToArtifacts(ck.model, o);
  const files: Record<string, string | Uint8Array> = {
    [CHECKPOINT_FILES.model]: JSON.stringify(modelJson, null, 2),
    [CHECKPOINT_FILES.weights]: new Uint8Array(weightData),
    [CHECKPOINT_FILES.vocab]: vocabularyToJSON(ck.vocab),
    [CHECKPOINT_FILES.config]: JSON.stringify(ck.config, null, 2),
  };
  if (ck.training) {
    const { data, specs } = await tf.io.encodeWeights(ck.trainingTensors ?? {});
    const training: TrainingState = {
      ...ck.training,
      weightsManifest: [{ paths: [CHECKPOINT_FILES.trainingWeights], weights: specs }],
    };
    files[CHECKPOINT_FILES.training] = stringify(training);
    files[CHECKPOINT_FILES.trainingWeights] = new Uint8Array(data);
  }
  files[CHECKPOINT_FILES.manifest] = JSON.stringify(await checksumManifest(files), null, 2);
  await writeDirAtomic(dir, files);
}

/**
 * The folder to read for `dir`: `dir` itself, or, when a crash hit between
 * the two renames of {@link writeDirAtomic}, the complete folder moved aside.
 */
async function existingCheckpointDir(dir: string): Promise<string | null> {
  const { fs, path } = await nodeModules();
  try {
    await fs.access(path.join(dir, CHECKPOINT_FILES.model));
    return dir;
  } catch {
    const parent = path.dirname(dir);
    const base = path.basename(dir);
    const siblings = await fs.readdir(parent).catch(() => [] as string[]);
    const aside = siblings.filter((n) => n.startsWith(`${base}.old-`)).sort();
    return aside.length > 0 ? path.join(parent, aside[aside.length - 1]) : null;
  }
}

function parseJson(text: string, file: string): unknown {
  try {
    return parseNumbers(text);
  } catch (e) {
    throw new Error(`checkpoint: ${file} is not valid JSON (${(e as Error).message}); the file is corrupt, re-export or retrain`);
  }
}

/** Reads the files of one checkpoint folder, each checked against the folder's manifest (checkpoints older than the manifest are read unchecked). */
async function checkedReader(found: string) {
  const { fs, path } = await nodeModules();
  const file = (n: string) => path.join(found, n);
  const manifestText = await fs.readFile(file(CHECKPOINT_FILES.manifest), 'utf8').catch(() => null);
  const manifest = manifestText === null ? null : (parseJson(manifestText, file(CHECKPOINT_FILES.manifest)) as ChecksumManifest);
  const bytes = async (name: string, what: string): Promise<Uint8Array> => {
    const content = await fs.readFile(file(name)).catch((e: Error) => {
      throw new Error(`checkpoint: cannot read ${what} ${file(name)} (${e.message}); is this a complete rrnn run or checkpoint folder?`);
    });
    await verifyChecksum(manifest, name, file(name), content);
    return content;
  };
  const json = async (name: string, what: string) => parseJson(Buffer.from(await bytes(name, what)).toString('utf8'), file(name));
  const has = (name: string) => fs.access(file(name)).then(() => true, () => false);
  return { file, bytes, json, has };
}

/** Throws naming the parameter when a loaded weight is NaN or infinite (a damaged or diverged checkpoint). */
function checkFinite(model: LanguageModel, file: string): void {
  for (const [name, v] of Object.entries(modelParameters(model))) {
    const bad = tf.tidy(() => tf.logicalNot(tf.all(tf.isFinite(v))).dataSync()[0]);
    if (bad) throw new Error(`checkpoint: ${file} holds NaN or infinite weights in ${name} (a diverged or damaged model); use another checkpoint or retrain with a lower learning rate`);
  }
}

/** Optimizer slots and carried state of a training checkpoint; the errors name the damaged file. */
async function readTrainingState(read: Awaited<ReturnType<typeof checkedReader>>): Promise<{ training: TrainingState; tensors: tf.NamedTensorMap }> {
  const stateFile = read.file(CHECKPOINT_FILES.training);
  const training = (await read.json(CHECKPOINT_FILES.training, 'training state')) as TrainingState;
  if (training?.format !== 'rrnn-training-state') throw new Error(`checkpoint: ${stateFile} is not an rrnn training state; the checkpoint is damaged, resume from another or start over`);
  const bin = await read.bytes(CHECKPOINT_FILES.trainingWeights, 'training state');
  const specs = training.weightsManifest.flatMap((g) => g.weights);
  const expected = specs.reduce((n, s) => n + 4 * s.shape.reduce((a, b) => a * b, 1), 0);
  if (bin.byteLength !== expected) {
    throw new Error(`checkpoint: ${read.file(CHECKPOINT_FILES.trainingWeights)} is truncated or damaged (${bin.byteLength} bytes, expected ${expected}); resume from another checkpoint or start over`);
  }
  const buffer = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer;
  return { training, tensors: tf.io.decodeWeights(buffer, specs) };
}

/**
 * Load one checkpoint folder: model, vocabulary, config and, with `training`
 * (the default) and when present, the training state. Every file is checked
 * against the folder's SHA-256 manifest and the weights must be finite; the
 * errors name the damaged file. Inference passes `training: false`, so a
 * damaged optimizer state only blocks resuming.
 */
export async function loadCheckpoint(dir: string, o: { training?: boolean } = {}): Promise<Checkpoint> {
  const found = await existingCheckpointDir(dir);
  if (!found) throw new Error(`checkpoint: no ${CHECKPOINT_FILES.model} in ${dir}; give a checkpoint folder (with model.json) or a run folder (with best/ or last/)`);
  const read = await checkedReader(found);
  const modelJson = (await read.json(CHECKPOINT_FILES.model, 'model file')) as ModelJson;
  const weightData = await read.bytes(CHECKPOINT_FILES.weights, 'weights');
  const vocabFile = read.file(CHECKPOINT_FILES.vocab);
  const vocab = vocabularyFromJSON(Buffer.from(await read.bytes(CHECKPOINT_FILES.vocab, 'vocabulary')).toString('utf8'), vocabFile);
  const config = (await read.json(CHECKPOINT_FILES.config, 'config')) as TrainConfig;
  validateTrainConfig(config);
  const model = loadModelFromArtifacts(modelJson, weightData);
  const ck: Checkpoint = { model, vocab, config };
  try {
    checkFinite(model, read.file(CHECKPOINT_FILES.weights));
    if (o.training !== false && (await read.has(CHECKPOINT_FILES.training))) {
      const { training, tensors } = await readTrainingState(read);
      ck.training = training;
      ck.trainingTensors = tensors;
    }
  } catch (e) {
    disposeLanguageModel(model);
    throw e;
  }
  return ck;
}

/** Which checkpoint of a run folder: the best validation one (default) or the one at the end of training. */
export type RunCheckpoint = 'best' | 'last';

/**
 * The checkpoint folder of a run to evaluate or use: `<dir>/best`, else `<dir>/last`, else `dir` itself;
 * with `which: 'last'`, `<dir>/last` first.
 */
export async function resolveRunCheckpoint(dir: string, which: RunCheckpoint = 'best'): Promise<string> {
  const { path } = await nodeModules();
  const order = [RUN_CHECKPOINTS.best, RUN_CHECKPOINTS.last];
  for (const sub of which === 'best' ? order : order.reverse()) {
    const found = await existingCheckpointDir(path.join(dir, sub));
    if (found) return found;
  }
  return dir;
}

/** Load a trained model from a run folder (`best/`, else `last/`) or a checkpoint folder; the training state is not read. */
export async function loadRun(dir: string, which: RunCheckpoint = 'best'): Promise<{ model: LanguageModel; vocab: Vocabulary; config: TrainConfig }> {
  const ck = await loadCheckpoint(await resolveRunCheckpoint(dir, which), { training: false });
  return { model: ck.model, vocab: ck.vocab, config: ck.config };
}
