import { defineCommand } from '../framework/command.js';
import { RuntimeError, UsageError } from '../framework/errors.js';
import { flag, posInt } from '../framework/values.js';
import { corpusChoice, corpusOptions, loadChosenCorpus } from '../training/corpus-options.js';
import { evaluateModel, evaluationText } from '../training/evaluate.js';
import { openRun } from '../training/open-run.js';
import { backendOption } from '../training/options.js';
import { trainReporter } from '../training/progress.js';
import { startGradientWorkers, trainingThreads } from '../training/threads.js';

export default defineCommand({
  name: 'eval',
  computes: true,
  summary: 'Perplexity of a trained run on the validation and test splits, and its compression report.',
  args: [{ name: 'run-dir', help: 'a run folder made by rrnn train (or a checkpoint folder, with --corpus)' }],
  options: {
    ...corpusOptions,
    ...backendOption,
    batch: { kind: 'string', arg: '<n>', help: 'evaluation batch size (default: the run\'s; 1 and 10 are the usual)', schema: posInt().optional() },
    threads: { kind: 'string', arg: '<n>', help: 'CPU threads to evaluate on: the streams are split between this thread and n-1 workers (default: every core; 1 with node/node-gpu)', schema: posInt().optional() },
    json: { kind: 'boolean', help: 'print the evaluation as one JSON object', schema: flag().default(false) },
  },
  examples: ['rrnn eval runs/my-run', 'rrnn eval runs/my-run --batch 1 --json', 'rrnn eval runs/my-run --threads 1'],
  async run({ opts, args, io }) {
    const run = await openRun(args[0], io.cwd, opts.backend);
    try {
      const given = opts.corpus !== undefined || opts.dataDir !== undefined;
      if (!run.info && !given) throw new UsageError(`${run.dir} has no run.json: say which corpus to evaluate on with --corpus`);
      const choice = given || !run.info ? corpusChoice(opts, io.cwd) : run.info.corpus;
      const corpus = await loadChosenCorpus(choice);
      const a = corpus.vocab.tokens;
      const b = run.vocab.tokens;
      if (a.length !== b.length || a.some((t, i) => t !== b[i])) {
        throw new RuntimeError(`the vocabulary of ${corpus.name} (${a.length} words) is not the model's (${b.length} words): evaluate on the corpus the run was trained on`);
      }
      const reporter = trainReporter(io.isTTY ? 'tty' : 'lines', io, 0);
      const threads = Math.min(trainingThreads(opts.threads, run.backend), opts.batch ?? run.config.evalBatchSize);
      const workers = await startGradientWorkers(threads, run.backend, run.config.model);
      let evaluation;
      try {
        evaluation = await evaluateModel(run.model, corpus, run.config, { batchSize: opts.batch, peers: workers.peers, onProgress: reporter.evaluating });
      } finally {
        await workers.close();
        reporter.end();
      }
      if (opts.json) io.out(`${JSON.stringify({ dir: run.dir, corpus: corpus.name, backend: run.backend, ...evaluation })}\n`);
      else io.out(evaluationText(evaluation, { dir: run.dir, config: run.config }));
    } finally {
      run.dispose();
    }
  },
});
