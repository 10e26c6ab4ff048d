import { appendFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { TrainConfig, TrainEvent } from '@rrnn/train';
import { defineCommand, flagName, type Io } from '../framework/command.js';
import { UsageError } from '../framework/errors.js';
import { baseConfig, checkRateFlags, checkRecipeFlags, configSlug, FIXED_ON_RESUME, trainConfigFrom, timestamp, type BaseConfig } from '../training/config.js';
import { corpusChoice, loadChosenCorpus, type CorpusChoice } from '../training/corpus-options.js';
import { evaluateModel, evaluationText, type RunResult } from '../training/evaluate.js';
import { defaultRunFlags } from '../training/defaults.js';
import { trainOptions } from '../training/options.js';
import { plannedSteps, reportMode, trainReporter } from '../training/progress.js';
import { startGradientWorkers, trainingThreads } from '../training/threads.js';
import { prepareRunDir, readRunInfo, RUN_FILES, writeJson, type RunInfo } from '../training/run-dir.js';
import type { Values } from '../framework/command.js';

type TrainFlags = Values<typeof trainOptions>;

/** A new run: config from flags over the base (DEFAULT_CONFIG or the paper's recipe), folder from --out / --name / the config and time. */
function newRun(opts: TrainFlags, io: Io, base: BaseConfig, vocabSize: number, corpusName: string) {
  const config = trainConfigFrom(opts, base, vocabSize);
  const dir = resolve(io.cwd, opts.out ?? join('runs', opts.name ?? `${configSlug(config, corpusName)}-${timestamp()}`));
  return { config, name: opts.name ?? basename(dir), dir };
}

/** Resuming: the saved config; only the length of the run and the reporting may change. */
function resumedConfig(opts: TrainFlags, info: RunInfo): TrainConfig {
  const changed = FIXED_ON_RESUME.filter((k) => opts[k] !== undefined);
  if (changed.length > 0) {
    throw new UsageError(`--resume continues the saved run; ${changed.map((k) => `--${flagName(k)}`).join(', ')} cannot change (only --epochs, --max-steps, --log-every, --eval-batch, --backend, --threads)`);
  }
  const { maxSteps: _saved, ...config } = info.config;
  return {
    ...config,
    epochs: opts.epochs ?? config.epochs,
    logEvery: opts.logEvery ?? config.logEvery,
    evalBatchSize: opts.evalBatch ?? config.evalBatchSize,
    ...(opts.maxSteps !== undefined ? { maxSteps: opts.maxSteps } : {}),
  };
}

export default defineCommand({
  name: 'train',
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
    const trainPkg = await import('@rrnn/train');
    const backendPkg = await import('@rrnn/backend');

    const info = opts.resume ? readRunInfo(resolve(io.cwd, opts.resume)) : undefined;
    const choice: CorpusChoice = info ? info.corpus : corpusChoice(opts, io.cwd);
    const mode = reportMode(opts, io);
    const backend = await backendPkg.useBackend(opts.backend ?? info?.backend);
    const corpus = await loadChosenCorpus(choice);
    const vocabSize = corpus.vocab.tokens.length;

    let run: { config: TrainConfig; name: string; dir: string };
    if (info && opts.resume) {
      run = { config: resumedConfig(opts, info), name: info.name, dir: resolve(io.cwd, opts.resume) };
      if (opts.dryRun) {
        io.out(`${JSON.stringify({ dir: run.dir, corpus: choice, backend, config: run.config, resume: true }, null, 2)}\n`);
        return 0;
      }
      if (run.config.model.vocabSize !== vocabSize) throw new Error(`the corpus now has ${vocabSize} words but the run was trained with ${run.config.model.vocabSize}; the data changed since the run started`);
    } else {
      run = newRun(opts, io, baseConfig(opts, trainPkg), vocabSize, corpus.name);
      if (opts.dryRun) {
        io.out(`${JSON.stringify({ dir: run.dir, corpus: choice, backend, config: run.config }, null, 2)}\n`);
        return 0;
      }
      prepareRunDir(run.dir, opts.force);
      const runInfo: RunInfo = { format: 'rrnn-run', name: run.name, corpus: choice, backend, config: run.config, createdAt: new Date().toISOString() };
      writeJson(join(run.dir, RUN_FILES.info), runInfo);
    }

    const { config, dir } = run;
    const reporter = trainReporter(mode, io, plannedSteps(config, corpus.train.length));
    const threads = Math.min(trainingThreads(opts.threads, backend), config.batchSize);
    reporter.note(`${opts.resume ? 'resuming' : 'training'} ${run.name} on ${corpus.name} (${corpus.train.length.toLocaleString('en-US')} train tokens, vocabulary ${vocabSize.toLocaleString('en-US')}) with the ${backend} backend on ${threads} thread${threads === 1 ? '' : 's'} -> ${dir}`);
    const events = join(dir, RUN_FILES.events);
    const onEvent = (e: TrainEvent) => {
      // validation progress is for the screen, not the metrics log
      if (e.type !== 'evaluating') appendFileSync(events, `${JSON.stringify(e.type === 'done' ? { type: 'done', result: { ...e.result, model: undefined } } : e)}\n`);
      reporter.onEvent(e);
    };
    const workers = await startGradientWorkers(threads, backend, config.model);
    let result;
    try {
      result = await trainPkg.train({ config, corpus, outDir: dir, resume: Boolean(opts.resume), onEvent, signal, peers: workers.peers });
    } finally {
      await workers.close();
    }
    reporter.end();
    if (result.stopReason === 'aborted' || signal.aborted) {
      io.err(`interrupted at step ${result.steps}: checkpoint saved in ${join(dir, 'last')}\ncontinue with: rrnn train --resume ${dir}\n`);
      return 130;
    }

    const knownValidPerplexity = result.bestValidPerplexity;
    reporter.note(`evaluating the ${Number.isFinite(knownValidPerplexity) ? 'best checkpoint on the test split' : 'model on the validation and test splits'}...`);
    const { model } = await trainPkg.loadRun(dir);
    let evaluation;
    try {
      evaluation = await evaluateModel(model, corpus, config, { knownValidPerplexity, onProgress: reporter.evaluating });
    } finally {
      trainPkg.disposeLanguageModel(model);
      reporter.end();
    }
    const { model: _m, outDir: _o, ...trained } = result;
    const train = { ...trained, threads };
    const out: RunResult = { format: 'rrnn-result', name: run.name, dir, corpus: corpus.name, backend, config, train, ...evaluation };
    writeJson(join(dir, RUN_FILES.result), out);
    if (opts.json) io.out(`${JSON.stringify({ type: 'result', ...out })}\n`);
    else io.out(evaluationText(evaluation, { dir, train, config }));
    return 0;
  },
});
