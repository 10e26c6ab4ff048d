import { appendFileSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import type { EncodedCorpus } from '@rrnn/data';
import type { TrainConfig, TrainEvent } from '@rrnn/train';
import type { GradientPeer } from '@rrnn/train/parallel';
import { defineCommand, flagName, type Io } from '../framework/command.js';
import { UsageError } from '../framework/errors.js';
import { RUN_CHECKPOINTS, resumeChanges, ResumeConflictError } from '@rrnn/train/layout';
import { baseConfig, checkRateFlags, checkRecipeFlags, configSlug, DATA_FLAGS, flagsOfSetting, resumeWanted, trainConfigFrom, timestamp, type BaseConfig } from '../training/config.js';
import { lockRunDir } from '../safety/lock.js';
import { corpusChoice, loadChosenCorpus, type CorpusChoice } from '../training/corpus-options.js';
import { evaluateModel, evaluationText, testScore, type Evaluation, type FinalScores, type RunResult } from '../training/evaluate.js';
import { defaultRunFlags } from '../training/defaults.js';
import { trainOptions } from '../training/options.js';
import { reportMode, trainReporter } from '../training/progress.js';
import { startGradientWorkers, trainingThreads } from '../training/threads.js';
import { hasCheckpoint, prepareRunDir, readRunInfo, RUN_FILES, writeJson, type RunInfo } from '../training/run-dir.js';
import type { Values } from '../framework/command.js';

type TrainFlags = Values<typeof trainOptions>;
/** @rrnn/train's main entry and its file-system checkpoints (`/node`), loaded together once the command runs. */
type TrainModules = typeof import('@rrnn/train') & typeof import('@rrnn/train/node');

/** A new run: config from flags over the base (DEFAULT_CONFIG or the paper's recipe), folder from --out / --name / the config and time. */
function newRun(opts: TrainFlags, io: Io, base: BaseConfig, vocabSize: number, corpusName: string) {
  const config = trainConfigFrom(opts, base, vocabSize);
  const dir = resolve(io.cwd, opts.out ?? join('runs', opts.name ?? `${configSlug(config, corpusName)}-${timestamp()}`));
  return { config, name: opts.name ?? basename(dir), dir };
}

/**
 * Resuming: the saved config with the flags laid over it, checked by
 * @rrnn/train's resume policy (optimisation settings and the run's length may
 * change, the model and data may not). The data flags are never allowed.
 */
function resumedConfig(opts: TrainFlags, info: RunInfo): TrainConfig {
  const data = DATA_FLAGS.filter((k) => opts[k] !== undefined);
  if (data.length > 0) throw new UsageError(`--resume continues the saved run on its data; ${data.map((k) => `--${flagName(k)}`).join(', ')} cannot change`);
  const wanted = resumeWanted(opts, info.config);
  try {
    resumeChanges(info.config, wanted);
  } catch (e) {
    if (!(e instanceof ResumeConflictError)) throw e;
    const what = e.conflicts.map((c) => `${flagsOfSetting(c.setting)} cannot change (the run has ${JSON.stringify(c.saved)})`).join(', ');
    throw new UsageError(`--resume continues the saved run: ${what}; lr, clip, dropout, schedule, weight decay, epochs and max steps may change, or start a new run`);
  }
  return wanted;
}

/** The advice after a divergence: continue from the last good checkpoint at a lower rate. */
function divergenceAdvice(err: unknown, dir: string): Error {
  const e = err as Error & { lr?: number };
  if (e?.name !== 'DivergenceError' && !/^training diverged/.test(e?.message ?? '')) return e;
  const lr = Number(((e.lr ?? NaN) / 10).toPrecision(3));
  const how = Number.isFinite(lr) ? ` --lr ${lr}` : ' --lr <lower>';
  const where = hasCheckpoint(dir) ? `from ${join(dir, RUN_CHECKPOINTS.last)}` : 'from the start (no checkpoint yet)';
  return new Error(`${e.message} Continue ${where} with: rrnn train --resume ${dir}${how}`);
}

/**
 * The final checkpoint's scores: the best one's when the last epoch was the best, else `last/`
 * evaluated on the test split. Undefined when no epoch finished in this session (the last
 * validation is unknown).
 */
async function finalScores(
  trainPkg: TrainModules, dir: string, corpus: EncodedCorpus, config: TrainConfig, best: Evaluation, lastValid: number | undefined, peers: GradientPeer[],
): Promise<FinalScores | undefined> {
  if (lastValid === undefined) return undefined;
  if (lastValid <= best.valid.loss + 1e-9) return { valid: best.valid, test: best.test, isBest: true };
  const { model } = await trainPkg.loadRun(dir, 'last');
  try {
    return { valid: { loss: lastValid, perplexity: Math.exp(lastValid) }, test: await testScore(model, corpus, config, { peers }), isBest: false };
  } finally {
    trainPkg.disposeLanguageModel(model);
  }
}

export default defineCommand({
  name: 'train',
  computes: true,
  summary: 'Train a restricted language model, then report test perplexity and the compression against the classic model.',
  args: [],
  options: trainOptions,
  defaults: defaultRunFlags,
  notes: [
    'Options not given take the values of the default run (@rrnn/train DEFAULT_CONFIG), or of the paper\'s recipe with --recipe paper; --dry-run prints the result.',
    'Runs go to runs/<name> (run.json, events.jsonl, last/ and best/ checkpoints, result.json). Ctrl-C saves a checkpoint and exits 130.',
  ],
  examples: [
    'rrnn train                                   # the default: restricted LSTM r=0.5 on Brown, a few minutes on 2 cores',
    'rrnn train --cell gru --rate 0.7 --corpus ptb --epochs 5',
    'rrnn train --recipe paper --corpus ptb --rate 0 --epochs 8   # the paper\'s LSTM-TD, cosine over 8 epochs',
    'rrnn train --config run.yaml --hidden 400    # flags override the file',
    'rrnn train --resume runs/lstm-r0.5-e200-h200-l2-tied-brown-20261129-091502',
  ],
  async run({ opts, io, signal }) {
    if (opts.resume && (opts.out || opts.name || opts.force)) throw new UsageError('--resume continues a run in place: drop --out, --name and --force');
    checkRateFlags(opts);
    checkRecipeFlags(opts);
    const trainPkg: TrainModules = { ...(await import('@rrnn/train')), ...(await import('@rrnn/train/node')) };
    const backendPkg = await import('@rrnn/backend');

    const info = opts.resume ? readRunInfo(resolve(io.cwd, opts.resume)) : undefined;
    const choice: CorpusChoice = info ? info.corpus : corpusChoice(opts, io.cwd);
    const mode = reportMode(opts, io);
    const backend = await backendPkg.useBackend(opts.backend ?? info?.backend);
    const corpus = await loadChosenCorpus(choice);
    const vocabSize = corpus.vocab.tokens.length;

    let run: { config: TrainConfig; name: string; dir: string };
    let release: () => void;
    // a run killed before its first checkpoint resumes by starting afresh with its saved config
    let resume = false;
    if (info && opts.resume) {
      run = { config: resumedConfig(opts, info), name: info.name, dir: resolve(io.cwd, opts.resume) };
      if (opts.dryRun) {
        io.out(`${JSON.stringify({ dir: run.dir, corpus: choice, backend, config: run.config, resume: true }, null, 2)}\n`);
        return 0;
      }
      if (run.config.model.vocabSize !== vocabSize) throw new Error(`the corpus now has ${vocabSize} words but the run was trained with ${run.config.model.vocabSize}; the data changed since the run started`);
      release = lockRunDir(run.dir);
      resume = hasCheckpoint(run.dir);
    } else {
      run = newRun(opts, io, baseConfig(opts, trainPkg), vocabSize, corpus.name);
      if (opts.dryRun) {
        io.out(`${JSON.stringify({ dir: run.dir, corpus: choice, backend, config: run.config }, null, 2)}\n`);
        return 0;
      }
      await prepareRunDir(run.dir, { force: opts.force, cwd: io.cwd, sources: corpusSources(choice) });
      release = lockRunDir(run.dir);
      const runInfo: RunInfo = { format: 'rrnn-run', name: run.name, corpus: choice, backend, config: run.config, createdAt: new Date().toISOString() };
      writeJson(join(run.dir, RUN_FILES.info), runInfo);
    }
    try {
      return await trainAndReport({ opts, io, signal, mode, run, resume, corpus, backend, trainPkg });
    } catch (e) {
      throw divergenceAdvice(e, run.dir);
    } finally {
      release();
    }
  },
});

/** The corpus paths a run reads (never to be deleted by --force). */
function corpusSources(c: CorpusChoice): string[] {
  return [c.corpus, c.dataDir].filter((p): p is string => p !== undefined && isAbsolute(p));
}

/** Train the prepared (locked) run folder, evaluate the best checkpoint and print the report. */
async function trainAndReport(a: {
  opts: TrainFlags; io: Io; signal: AbortSignal; mode: ReturnType<typeof reportMode>; run: { config: TrainConfig; name: string; dir: string }; resume: boolean;
  corpus: Awaited<ReturnType<typeof loadChosenCorpus>>; backend: string; trainPkg: TrainModules;
}): Promise<number> {
  const { opts, io, signal, mode, run, resume, corpus, backend, trainPkg } = a;
  const vocabSize = corpus.vocab.tokens.length;
  const { config, dir } = run;
  const reporter = trainReporter(mode, io, Math.max(1, trainPkg.plannedSteps(config, corpus.train.length)));
  const threads = Math.min(trainingThreads(opts.threads, backend), config.batchSize);
  const blas = (await import('@rrnn/backend')).blasLabel();
  reporter.note(`${resume ? 'resuming' : opts.resume ? 'restarting (no checkpoint yet)' : 'training'} ${run.name} on ${corpus.name} (${corpus.train.length.toLocaleString('en-US')} train tokens, vocabulary ${vocabSize.toLocaleString('en-US')}) with the ${backend} backend${blas ? ` (matrix products on ${blas})` : ''} on ${threads} thread${threads === 1 ? '' : 's'} -> ${dir}`);
  const events = join(dir, RUN_FILES.events);
  let lastValid: number | undefined; // validation loss after the last epoch trained (this session)
  const onEvent = (e: TrainEvent) => {
    if (e.type === 'epoch') lastValid = e.validLoss;
    // validation progress is for the screen, not the metrics log
    if (e.type !== 'evaluating') appendFileSync(events, `${JSON.stringify(e.type === 'done' ? { type: 'done', result: { ...e.result, model: undefined } } : e)}\n`);
    reporter.onEvent(e);
  };
  // the workers train, validate, then score the test split beside this thread
  const workers = await startGradientWorkers(threads, backend, config.model);
  let result, evaluation, final;
  try {
    result = await trainPkg.train({ config, corpus, outDir: dir, resume, onEvent, signal, peers: workers.peers, checkpointEvery: opts.checkpointEvery });
    reporter.end();
    if (result.stopReason === 'aborted' || signal.aborted) {
      io.err(`interrupted at step ${result.steps}: checkpoint saved in ${join(dir, RUN_CHECKPOINTS.last)}\ncontinue with: rrnn train --resume ${dir}\n`);
      return 130;
    }
    const knownValidPerplexity = result.bestValidPerplexity;
    reporter.note(`evaluating the ${Number.isFinite(knownValidPerplexity) ? 'best checkpoint on the test split' : 'model on the validation and test splits'}...`);
    const { model } = await trainPkg.loadRun(dir);
    try {
      evaluation = await evaluateModel(model, corpus, config, { knownValidPerplexity, peers: workers.peers, onProgress: reporter.evaluating });
    } finally {
      trainPkg.disposeLanguageModel(model);
      reporter.end();
    }
    final = await finalScores(trainPkg, dir, corpus, config, evaluation, lastValid, workers.peers);
  } finally {
    await workers.close();
  }
  const { model: _m, outDir: _o, ...trained } = result;
  const train = { ...trained, threads };
  const out: RunResult = { format: 'rrnn-result', name: run.name, dir, corpus: corpus.name, backend, config, train, ...evaluation, ...(final ? { final } : {}) };
  writeJson(join(dir, RUN_FILES.result), out);
  if (opts.json) io.out(`${JSON.stringify({ type: 'result', ...out })}\n`);
  else io.out(evaluationText(evaluation, { dir, train, config, final }));
  return 0;
}
