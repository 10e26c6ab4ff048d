/**
 * Checkpoints on disk. One checkpoint is a folder:
 *
 *   model.json            tfjs format: { format: 'rrnn-lm', modelTopology: ModelConfig, weightsManifest }
 *   weights.bin           the model weights (tf.io.encodeWeights), loadable in a browser
 *   vocab.json            the vocabulary (@rrnn/data JSON)
 *   config.json           the run's full TrainConfig
 *   training-state.json   epoch, step, window, schedule, RNG, optimizer counters, manifest of:
 *   training-state.bin    optimizer slots (Adam moments) and the carried hidden state
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
import type { LanguageModel } from './model';
import type { OptimizerName, OptimizerSettings } from './optimizer';
import type { Quantization } from './quantize';
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

/** File names inside a checkpoint folder. */
export const CHECKPOINT_FILES = {
  model: 'model.json',
  weights: 'weights.bin',
  vocab: 'vocab.json',
  config: 'config.json',
  training: 'training-state.json',
  trainingWeights: 'training-state.bin',
} as const;

async function nodeModules() {
  const [fs, path] = await Promise.all([import('node:fs/promises'), import('node:path')]);
  return { fs, path };
}

/** JSON with Infinity and NaN kept (as strings) so that training state round-trips exactly. */
function stringify(x: unknown): string {
  return JSON.stringify(x, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2);
}
function parseNumbers(text: string): unknown {
  return JSON.parse(text, (_k, v) => (v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v === 'NaN' ? NaN : v));
}

/**
 * Write `files` (name -> content) as the folder `dir`, atomically: a reader sees
 * either the old folder or the complete new one, never a mix. On failure the old
 * folder is left as it was and the temporary folder is removed.
 */
export async function writeDirAtomic(dir: string, files: Record<string, string | Uint8Array>): Promise<void> {
  const { fs, path } = await nodeModules();
  const tag = `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const tmp = `${dir}.tmp-${tag}`;
  const old = `${dir}.old-${tag}`;
  await fs.mkdir(path.dirname(dir), { recursive: true });
  await fs.mkdir(tmp);
  try {
    for (const [name, content] of Object.entries(files)) {
      const fh = await fs.open(path.join(tmp, name), 'w');
      try {
        await fh.writeFile(content);
        await fh.sync();
      } finally {
        await fh.close();
      }
    }
  } catch (e) {
    await fs.rm(tmp, { recursive: true, force: true });
    throw e;
  }
  let movedAside = false;
  try {
    await fs.rename(dir, old);
    movedAside = true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      await fs.rm(tmp, { recursive: true, force: true });
      throw e;
    }
  }
  try {
    await fs.rename(tmp, dir);
  } catch (e) {
    if (movedAside) await fs.rename(old, dir);
    await fs.rm(tmp, { recursive: true, force: true });
    throw e;
  }
  if (movedAside) await fs.rm(old, { recursive: true, force: true });
}

/** Save a checkpoint folder atomically (see the module comment for the files). */
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

async function readText(file: string, what: string): Promise<string> {
  const { fs } = await nodeModules();
  try {
    return await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new Error(`checkpoint: cannot read ${what} ${file} (${(e as Error).message}); is this an rrnn run or checkpoint folder?`);
  }
}

function parseJson(text: string, file: string): unknown {
  try {
    return parseNumbers(text);
  } catch (e) {
    throw new Error(`checkpoint: ${file} is not valid JSON (${(e as Error).message}); the file is corrupt, re-export or retrain`);
  }
}

/** Load one checkpoint folder: model, vocabulary, config and, when present, the training state. */
export async function loadCheckpoint(dir: string): Promise<Checkpoint> {
  const { fs, path } = await nodeModules();
  const found = await existingCheckpointDir(dir);
  if (!found) throw new Error(`checkpoint: no ${CHECKPOINT_FILES.model} in ${dir}; give a checkpoint folder (with model.json) or a run folder (with best/ or last/)`);
  const file = (n: string) => path.join(found, n);
  const modelJson = parseJson(await readText(file(CHECKPOINT_FILES.model), 'model file'), file(CHECKPOINT_FILES.model)) as ModelJson;
  const weightData = await fs.readFile(file(CHECKPOINT_FILES.weights)).catch((e: Error) => {
    throw new Error(`checkpoint: cannot read weights ${file(CHECKPOINT_FILES.weights)} (${e.message})`);
  });
  const vocab = vocabularyFromJSON(await readText(file(CHECKPOINT_FILES.vocab), 'vocabulary'), file(CHECKPOINT_FILES.vocab));
  const config = parseJson(await readText(file(CHECKPOINT_FILES.config), 'config'), file(CHECKPOINT_FILES.config)) as TrainConfig;
  validateTrainConfig(config);
  const model = loadModelFromArtifacts(modelJson, new Uint8Array(weightData));
  const ck: Checkpoint = { model, vocab, config };
  const trainingText = await fs.readFile(file(CHECKPOINT_FILES.training), 'utf8').catch(() => null);
  if (trainingText !== null) {
    const training = parseJson(trainingText, file(CHECKPOINT_FILES.training)) as TrainingState;
    if (training.format !== 'rrnn-training-state') throw new Error(`checkpoint: ${file(CHECKPOINT_FILES.training)} is not an rrnn training state`);
    const bin = await fs.readFile(file(CHECKPOINT_FILES.trainingWeights)).catch((e: Error) => {
      throw new Error(`checkpoint: cannot read ${file(CHECKPOINT_FILES.trainingWeights)} (${e.message}); the checkpoint is incomplete`);
    });
    const specs = training.weightsManifest.flatMap((g) => g.weights);
    const buffer = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer;
    ck.training = training;
    ck.trainingTensors = tf.io.decodeWeights(buffer, specs);
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
  for (const sub of which === 'best' ? ['best', 'last'] : ['last', 'best']) {
    const found = await existingCheckpointDir(path.join(dir, sub));
    if (found) return found;
  }
  return dir;
}

/** Load a trained model from a run folder (`best/`, else `last/`; `which: 'last'` prefers `last/`) or a checkpoint folder. */
export async function loadRun(dir: string, which: RunCheckpoint = 'best'): Promise<{ model: LanguageModel; vocab: Vocabulary; config: TrainConfig }> {
  const ck = await loadCheckpoint(await resolveRunCheckpoint(dir, which));
  for (const t of Object.values(ck.trainingTensors ?? {})) t.dispose();
  return { model: ck.model, vocab: ck.vocab, config: ck.config };
}
