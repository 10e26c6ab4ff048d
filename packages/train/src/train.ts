import { batchify, type EncodedCorpus } from '@rrnn/data';
import { validateTrainConfig, type TrainConfig } from './config';
import type { StopReason, TrainEvent, TrainResult } from './events';
import { disposeLanguageModel, initialState, modelParameters, type LanguageModel } from './model';
import { disposeOptimizer } from './optimizer';
import { nextUint32 } from './rng';
import { freshRun, resumeRun, saveRun as save } from './run-state';
import { scheduleRebase, scheduleStep } from './schedule';
import { disposeState } from './state';
import { DivergenceError } from './step';
import { evaluateLossParallel } from './parallel/evaluate';
import type { GradientPeer } from './parallel/protocol';
import { trainStepParallel } from './parallel/step';
import { remainingSeconds } from './eta';
import { plannedSteps, trainingWindowCount, trainingWindows } from './windows';

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
   * their gradients; validation splits its streams between them too. The caller
   * creates and closes them.
   */
  peers?: GradientPeer[];
  /**
   * Also save `last/` every this many steps within an epoch (with `outDir`), so a
   * kill in a long epoch loses at most that many steps. Default: only at epoch ends and stops.
   */
  checkpointEvery?: number;
}

const yieldNow = (): Promise<void> =>
  new Promise((r) => (typeof setImmediate === 'function' ? setImmediate(r) : setTimeout(r, 0)));

/**
 * The loss above which a run counts as diverged although it is still finite:
 * three times the loss of guessing uniformly among `vocabSize` words (log V),
 * and at least log V + 10. A model that bad has blown up; training on cannot help.
 */
export function divergenceLimit(vocabSize: number): number {
  const uniform = Math.log(vocabSize);
  return Math.max(3 * uniform, uniform + 10);
}

/**
 * Train a language model with truncated BPTT (hidden state carried across
 * windows, detached), SGD or Adam with weight decay and global-norm clipping,
 * a learning-rate schedule stepped per epoch, and validation after every epoch.
 *
 * With `outDir`, `last/` is saved at every epoch end and when the run stops
 * (maxSteps, abort), `best/` whenever validation improves. `resume` continues
 * from `last/` exactly: same seed and backend give the same loss curve as an
 * uninterrupted run; a resume may change only what the resume policy allows
 * ({@link resumeChanges}), and the changes are recorded in the run's history.
 * A non-finite loss, or one above {@link divergenceLimit}, rejects with a
 * `DivergenceError` naming the step; no checkpoint is written then, so the last
 * good one stays and `best/` is only ever replaced by a better finite model.
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
  const maxSteps = plannedSteps(config, corpus.train.length);

  const resumed = o.resume ? await resumeRun(config, join('last')) : undefined;
  const run = resumed?.run ?? freshRun(config, o.initialModel);
  if (resumed && resumed.changes.length > 0) emit({ type: 'resume', step: run.t.step, epoch: run.t.epoch, changes: resumed.changes });
  const limit = divergenceLimit(vocabSize);
  run.t.schedule = scheduleRebase(run.t.schedule, config.schedule, config.lr, config.epochs, config.scheduleOptions);
  const params = modelParameters(run.model);
  const sessionStart = performance.now();
  const elapsedBefore = run.t.elapsedSeconds;
  const elapsed = () => elapsedBefore + (performance.now() - sessionStart) / 1000;
  let stopReason: StopReason = 'completed';
  let lastYield = performance.now();
  let tokensSinceLog = 0;
  let lastLog = performance.now();
  let stepsSinceLog = 0;
  let validSeconds: number | undefined; // of this session's latest validation pass
  const stepsPerEpoch = trainingWindowCount(trainB.steps, config.bptt);
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
        if (!(loss <= limit)) throw new DivergenceError(run.t.step + 1, loss, lr, limit);
        run.t.step += 1;
        run.t.window += 1;
        run.t.epochLossSum += loss;
        run.t.epochSteps += 1;
        stepsSinceLog += 1;
        tokensSinceLog += win.batch * win.len;
        if (run.t.step % config.logEvery === 0) {
          const now = performance.now();
          const tokensPerSecond = tokensSinceLog / Math.max(1e-9, (now - lastLog) / 1000);
          const secondsPerStep = (now - lastLog) / 1000 / stepsSinceLog;
          const etaSeconds = remainingSeconds({
            step: run.t.step, maxSteps, stepsPerEpoch, secondsPerStep, validSeconds,
            validTokens: corpus.valid.length, stepTokens: config.batchSize * config.bptt,
          });
          emit({ type: 'step', epoch: run.t.epoch, step: run.t.step, loss, perplexity: Math.exp(loss), lr, tokensPerSecond, etaSeconds });
          tokensSinceLog = 0;
          stepsSinceLog = 0;
          lastLog = now;
        }
        if (outDir && o.checkpointEvery && run.t.step % o.checkpointEvery === 0) {
          run.t.elapsedSeconds = elapsed();
          await save(join('last'), run, config, corpus);
          emit({ type: 'checkpoint', dir: join('last'), kind: 'last' });
        }
      }
      // on the peers' threads too (without peers: evaluateLoss)
      const validStart = performance.now();
      const valid = await evaluateLossParallel(run.model, corpus.valid, {
        batchSize: config.evalBatchSize, bptt: config.bptt, name: `${corpus.name} valid split`,
        onProgress: (done, total) => emit({ type: 'evaluating', epoch: run.t.epoch, split: 'valid', done, total }),
      }, o.peers ?? []);
      if (!(valid.loss <= limit)) {
        throw new Error(`training diverged in epoch ${run.t.epoch}: the validation loss is ${valid.loss}${Number.isFinite(valid.loss) ? `, above ${Number(limit.toPrecision(4))} (far worse than guessing uniformly)` : ''}. Lower the learning rate (lr ${run.t.schedule.lr}) or clip gradients; the last checkpoint and best/ were left untouched.`);
      }
      validSeconds = (performance.now() - validStart) / 1000;
      const improved = Number.isFinite(valid.loss) && valid.loss < run.t.bestValidLoss;
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
      stepsSinceLog = 0;
      lastLog = performance.now(); // the next tokens/s and ETA exclude validation
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
