import * as tf from '@tensorflow/tfjs-core';
import type { StackState } from '@rrnn/core';
import type { EncodedCorpus } from '@rrnn/data';
import { loadCheckpoint, saveCheckpoint, type TrainingState } from './checkpoint';
import type { TrainConfig } from './config';
import { createLanguageModel, disposeLanguageModel, initialState, modelParameters, type LanguageModel } from './model';
import { createOptimizer, optimizerSettings, type OptimizerState } from './optimizer';
import { resumeChanges, type ResumeChange } from './resume';
import { createRng, type Rng } from './rng';
import { scheduleInit } from './schedule';
import { stateFromNamed, stateTensors, stateToNamed } from './state';

/** Everything that changes while a run trains; saved in `last/`. */
export interface RunState {
  model: LanguageModel;
  opt: OptimizerState;
  rng: Rng;
  carried: StackState;
  t: Omit<TrainingState, 'format' | 'weightsManifest' | 'rng' | 'optimizer'>;
}

function optimizerFor(config: TrainConfig, model: LanguageModel): OptimizerState {
  return createOptimizer(config.optimizer, modelParameters(model), { weightDecay: config.weightDecay, momentum: config.momentum ?? 0, nesterov: config.nesterov ?? false });
}

/** A new run: fresh weights (or a copy of `from`), optimizer, generator and state. */
export function freshRun(config: TrainConfig, from?: LanguageModel): RunState {
  const model = createLanguageModel(config.model, config.seed, { init: config.init });
  if (from) {
    if (JSON.stringify(from.config) !== JSON.stringify(config.model)) {
      disposeLanguageModel(model);
      throw new Error(`train: initialModel's config ${JSON.stringify(from.config)} differs from config.model ${JSON.stringify(config.model)}`);
    }
    const source = modelParameters(from);
    for (const [k, v] of Object.entries(modelParameters(model))) v.assign(source[k]);
  }
  const opt = optimizerFor(config, model);
  return {
    model,
    opt,
    rng: createRng(config.seed),
    carried: initialState(model, config.batchSize),
    t: {
      epoch: 0, step: 0, window: 0, elapsedSeconds: 0, epochLossSum: 0, epochSteps: 0, bestValidLoss: Infinity,
      schedule: scheduleInit(config.schedule, config.lr, config.epochs),
    },
  };
}

/**
 * The run saved in `dir` (a `last/` checkpoint), continued under `config`:
 * the resume policy ({@link resumeChanges}) rejects changed fixed settings
 * and lists the changed optimisation ones, which take effect here (weight
 * decay, dropout; lr, clip and schedule are read from `config` by the loop)
 * and are appended to the run's history.
 */
export async function resumeRun(config: TrainConfig, dir: string): Promise<{ run: RunState; changes: ResumeChange[] }> {
  const ck = await loadCheckpoint(dir);
  const fail = (why: string): never => {
    disposeLanguageModel(ck.model);
    for (const t of Object.values(ck.trainingTensors ?? {})) t.dispose();
    throw new Error(`train: cannot resume from ${dir}: ${why}`);
  };
  if (!ck.training || !ck.trainingTensors) return fail('it has no training state (a model-only export?)');
  let changes: ResumeChange[] = [];
  try {
    changes = resumeChanges(ck.config, config);
  } catch (e) {
    return fail((e as Error).message);
  }
  const saved = ck.training.optimizer;
  if (saved.name !== config.optimizer) return fail(`the saved optimizer is ${saved.name}, not ${config.optimizer}`);
  const named = ck.trainingTensors;
  const model: LanguageModel = { ...ck.model, config: { ...ck.model.config, dropout: config.model.dropout } };
  const opt = createOptimizer(config.optimizer, modelParameters(model), {
    ...saved, weightDecay: config.weightDecay, momentum: saved.momentum ?? 0, nesterov: saved.nesterov ?? false,
  });
  opt.t = saved.t;
  for (const [k, v] of Object.entries(opt.slots)) {
    const t = named[`opt/${k}`];
    if (!t) return fail(`optimizer slot "${k}" is missing`);
    v.assign(t);
  }
  const spec = model.stack.spec;
  const carried = stateFromNamed(named, spec.layers.length, spec.cell === 'lstm');
  const keep = new Set<tf.Tensor>(stateTensors(carried));
  for (const t of Object.values(named)) if (!keep.has(t)) t.dispose();
  const { format: _f, weightsManifest: _w, rng, optimizer: _o, ...t } = ck.training;
  if (changes.length > 0) t.history = [...(t.history ?? []), { step: t.step, epoch: t.epoch, at: new Date().toISOString(), changes }];
  return { run: { model, opt, rng: { state: rng }, carried, t }, changes };
}

/** Save the run as a training checkpoint in `dir`. */
export async function saveRun(dir: string, run: RunState, config: TrainConfig, corpus: EncodedCorpus): Promise<void> {
  const slots: tf.NamedTensorMap = {};
  for (const [k, v] of Object.entries(run.opt.slots)) slots[`opt/${k}`] = v;
  await saveCheckpoint(dir, {
    model: run.model,
    vocab: corpus.vocab,
    config,
    training: { format: 'rrnn-training-state', ...run.t, rng: run.rng.state, optimizer: optimizerSettings(run.opt), weightsManifest: [] },
    trainingTensors: { ...slots, ...stateToNamed(run.carried) },
  });
}
