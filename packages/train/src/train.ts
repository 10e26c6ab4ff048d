import * as tf from '@tensorflow/tfjs-core';
import type { StackState } from '@rrnn/core';
import { batchify, type EncodedCorpus } from '@rrnn/data';
import { loadCheckpoint, saveCheckpoint, type TrainingState } from './checkpoint';
import { validateTrainConfig, type TrainConfig } from './config';
import { evaluateLoss } from './evaluate';
import type { StopReason, TrainEvent, TrainResult } from './events';
import { createLanguageModel, disposeLanguageModel, initialState, modelParameters, type LanguageModel } from './model';
import { createOptimizer, disposeOptimizer, optimizerSettings, type OptimizerState } from './optimizer';
import { createRng, nextUint32, type Rng } from './rng';
import { scheduleInit, scheduleRebase, scheduleStep } from './schedule';
import { disposeState, stateFromNamed, stateTensors, stateToNamed } from './state';
import type { GradientPeer } from './parallel/protocol';
import { trainStepParallel } from './parallel/step';
import { trainingWindowCount, trainingWindows } from './windows';

/** Options of {@link train}. */
export interface TrainOptions {
  config: TrainConfig;
  corpus: EncodedCorpus;
  /** Run folder: checkpoints go to `<outDir>/last` (every epoch end and on stop) and `<outDir>/best`. */
  outDir?: string;
  /** Continue the run saved in `<outDir>/last`. */
  resume?: boolean;
  onEvent?: (e: TrainEvent) => void;
  /** Abort (e.g. on Ctrl-C): the run saves `last/` and resolves with stopReason 'aborted'. */
  signal?: AbortSignal;
  /** Return the trained model in the result (the caller disposes it). */
  keepModel?: boolean;
  /**
   * Start a new run from these weights instead of a fresh initialisation (e.g. weights
   * imported from the reference code). Copied: the caller keeps and disposes it. Its
   * configuration must equal `config.model`. Not with `resume`.
   */
  initialModel?: LanguageModel;
  /**
   * Data-parallel training: every step splits the batch between this thread
   * and these peers (e.g. worker threads from {@link portPeer}) and averages
   * their gradients. The caller creates and closes them.
   */
  peers?: GradientPeer[];
}

/** Everything that changes while a run trains; saved in `last/`. */
interface RunState {
  model: LanguageModel;
  opt: OptimizerState;
  rng: Rng;
  carried: StackState;
  t: Omit<TrainingState, 'format' | 'weightsManifest' | 'rng' | 'optimizer'>;
}

const yieldNow = (): Promise<void> =>
  new Promise((r) => (typeof setImmediate === 'function' ? setImmediate(r) : setTimeout(r, 0)));

function optimizerFor(config: TrainConfig, model: LanguageModel): OptimizerState {
  return createOptimizer(config.optimizer, modelParameters(model), { weightDecay: config.weightDecay, momentum: config.momentum ?? 0, nesterov: config.nesterov ?? false });
}

function freshRun(config: TrainConfig, from?: LanguageModel): RunState {
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

async function resumeRun(config: TrainConfig, dir: string): Promise<RunState> {
  const ck = await loadCheckpoint(dir);
  const fail = (why: string) => {
    disposeLanguageModel(ck.model);
    for (const t of Object.values(ck.trainingTensors ?? {})) t.dispose();
    throw new Error(`train: cannot resume from ${dir}: ${why}`);
  };
  if (!ck.training || !ck.trainingTensors) return fail('it has no training state (a model-only export?)');
  const savedModel = JSON.stringify(ck.config.model);
  if (savedModel !== JSON.stringify(config.model)) return fail(`the model config differs from the saved one (${savedModel}); resume with the saved config`);
  if (ck.config.batchSize !== config.batchSize || ck.config.bptt !== config.bptt) {
    return fail(`batchSize/bptt differ from the saved run (${ck.config.batchSize}/${ck.config.bptt})`);
  }
  const saved = ck.training.optimizer;
  if (saved.name !== config.optimizer) return fail(`the saved optimizer is ${saved.name}, not ${config.optimizer}`);
  if ((saved.momentum ?? 0) !== (config.momentum ?? 0) || (saved.nesterov ?? false) !== (config.nesterov ?? false)) {
    return fail(`the saved run trains with momentum ${saved.momentum ?? 0}${saved.nesterov ? ' (nesterov)' : ''}; resume with the same momentum`);
  }
  const named = ck.trainingTensors;
  const opt = createOptimizer(config.optimizer, modelParameters(ck.model), { ...saved, momentum: saved.momentum ?? 0, nesterov: saved.nesterov ?? false });
  opt.t = ck.training.optimizer.t;
  for (const [k, v] of Object.entries(opt.slots)) {
    const t = named[`opt/${k}`];
    if (!t) return fail(`optimizer slot "${k}" is missing`);
    v.assign(t);
  }
  const spec = ck.model.stack.spec;
  const carried = stateFromNamed(named, spec.layers.length, spec.cell === 'lstm');
  const keep = new Set<tf.Tensor>(stateTensors(carried));
  for (const t of Object.values(named)) if (!keep.has(t)) t.dispose();
  const { format: _f, weightsManifest: _w, rng, optimizer: _o, ...t } = ck.training;
  return { model: ck.model, opt, rng: { state: rng }, carried, t };
}

async function save(dir: string, run: RunState, config: TrainConfig, corpus: EncodedCorpus): Promise<void> {
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

/**
 * Train a language model with truncated BPTT (hidden state carried across
 * windows, detached), SGD or Adam with weight decay and global-norm clipping,
 * a learning-rate schedule stepped per epoch, and validation after every epoch.
 *
 * With `outDir`, `last/` is saved at every epoch end and when the run stops
 * (maxSteps, abort), `best/` whenever validation improves. `resume` continues
 * from `last/` exactly: same seed and backend give the same loss curve as an
 * uninterrupted run. A non-finite loss rejects with a `DivergenceError` naming
 * the step; no checkpoint is written then, so the last good one stays.
 */
export async function train(o: TrainOptions): Promise<TrainResult> {
  const { config, corpus, outDir, onEvent, signal } = o;
  validateTrainConfig(config);
  const vocabSize = corpus.vocab.tokens.length;
  if (config.model.vocabSize !== vocabSize) {
    throw new Error(`train: model.vocabSize is ${config.model.vocabSize} but the corpus vocabulary has ${vocabSize} tokens; set vocabSize to ${vocabSize}`);
  }
  if (o.resume && !outDir) throw new Error('train: resume needs outDir, the run folder holding last/');
  if (o.resume && o.initialModel) throw new Error('train: initialModel starts a new run; it cannot be combined with resume');
  const join = (sub: string) => `${outDir}/${sub}`;
  const emit = (e: TrainEvent) => onEvent?.(e);
  const trainB = batchify(corpus.train, config.batchSize, `${corpus.name} train split`);
  batchify(corpus.valid, config.evalBatchSize, `${corpus.name} valid split`); // fail early, not after an epoch
  if (trainB.steps < 3) {
    throw new Error(`train: the ${corpus.name} train split gives ${trainB.steps} steps per stream at batch size ${config.batchSize}; use a smaller batch size or more data`);
  }
  const windowsPerEpoch = trainingWindowCount(trainB.steps, config.bptt);
  const maxSteps = Math.min(config.maxSteps ?? Infinity, config.epochs * windowsPerEpoch);

  const run = o.resume ? await resumeRun(config, join('last')) : freshRun(config, o.initialModel);
  run.t.schedule = scheduleRebase(run.t.schedule, config.schedule, config.lr, config.epochs, config.scheduleOptions);
  const params = modelParameters(run.model);
  const sessionStart = performance.now();
  const elapsedBefore = run.t.elapsedSeconds;
  const elapsed = () => elapsedBefore + (performance.now() - sessionStart) / 1000;
  let stopReason: StopReason = 'completed';
  let lastYield = performance.now();
  let tokensSinceLog = 0;
  let lastLog = performance.now();
  let stepsThisSession = 0;
  try {
    epochs: while (run.t.epoch < config.epochs) {
      const epochStart = performance.now();
      let w = 0;
      for (const win of trainingWindows(trainB, config.bptt)) {
        if (w++ < run.t.window) continue;
        if (performance.now() - lastYield > 20) {
          await yieldNow(); // lets Ctrl-C handlers and UIs run
          lastYield = performance.now();
        }
        if (signal?.aborted) stopReason = 'aborted';
        else if (run.t.step >= maxSteps) stopReason = 'maxSteps';
        if (stopReason !== 'completed') break epochs;
        const seed = nextUint32(run.rng);
        const lr = run.t.schedule.lr;
        // without peers this is trainStep itself
        const { loss, state } = await trainStepParallel(run.model, params, run.opt, win, run.carried, { lr, clip: config.clip, seed, step: run.t.step + 1 }, o.peers ?? []);
        disposeState(run.carried);
        run.carried = state;
        run.t.step += 1;
        run.t.window += 1;
        run.t.epochLossSum += loss;
        run.t.epochSteps += 1;
        stepsThisSession += 1;
        tokensSinceLog += win.batch * win.len;
        if (run.t.step % config.logEvery === 0) {
          const now = performance.now();
          const tokensPerSecond = tokensSinceLog / Math.max(1e-9, (now - lastLog) / 1000);
          const secondsPerStep = (now - sessionStart) / 1000 / stepsThisSession;
          emit({
            type: 'step', epoch: run.t.epoch, step: run.t.step, loss, perplexity: Math.exp(loss), lr,
            tokensPerSecond, etaSeconds: (maxSteps - run.t.step) * secondsPerStep,
          });
          tokensSinceLog = 0;
          lastLog = now;
        }
      }
      const valid = evaluateLoss(run.model, corpus.valid, {
        batchSize: config.evalBatchSize, bptt: config.bptt, name: `${corpus.name} valid split`,
        onProgress: (done, total) => emit({ type: 'evaluating', epoch: run.t.epoch, split: 'valid', done, total }),
      });
      if (!Number.isFinite(valid.loss)) {
        throw new Error(`training diverged in epoch ${run.t.epoch}: the validation loss is ${valid.loss}. Lower the learning rate (lr ${run.t.schedule.lr}); the last checkpoint was left untouched.`);
      }
      const improved = valid.loss < run.t.bestValidLoss;
      const trainLoss = run.t.epochLossSum / Math.max(1, run.t.epochSteps);
      disposeState(run.carried);
      run.carried = initialState(run.model, config.batchSize);
      run.t = {
        ...run.t, epoch: run.t.epoch + 1, window: 0, epochLossSum: 0, epochSteps: 0,
        bestValidLoss: Math.min(run.t.bestValidLoss, valid.loss),
        schedule: scheduleStep(run.t.schedule, valid.loss, config.scheduleOptions),
        elapsedSeconds: elapsed(),
      };
      tokensSinceLog = 0;
      lastLog = performance.now(); // the next tokens/s excludes validation
      emit({ type: 'epoch', epoch: run.t.epoch - 1, trainLoss, validLoss: valid.loss, validPerplexity: valid.perplexity, seconds: (performance.now() - epochStart) / 1000 });
      if (outDir) {
        await save(join('last'), run, config, corpus);
        emit({ type: 'checkpoint', dir: join('last'), kind: 'last' });
        if (improved) {
          await save(join('best'), run, config, corpus);
          emit({ type: 'checkpoint', dir: join('best'), kind: 'best' });
        }
      }
    }
    run.t.elapsedSeconds = elapsed();
    if (outDir && stopReason !== 'completed') {
      await save(join('last'), run, config, corpus);
      emit({ type: 'checkpoint', dir: join('last'), kind: 'last' });
    }
  } catch (e) {
    disposeState(run.carried);
    disposeOptimizer(run.opt);
    disposeLanguageModel(run.model);
    throw e;
  }
  disposeState(run.carried);
  disposeOptimizer(run.opt);
  if (!o.keepModel) disposeLanguageModel(run.model);
  const result: TrainResult = {
    epochs: run.t.epoch,
    steps: run.t.step,
    bestValidPerplexity: Number.isFinite(run.t.bestValidLoss) ? Math.exp(run.t.bestValidLoss) : NaN,
    seconds: run.t.elapsedSeconds,
    stopReason,
    ...(outDir ? { outDir } : {}),
    ...(o.keepModel ? { model: run.model } : {}),
  };
  emit({ type: 'done', result });
  return result;
}
