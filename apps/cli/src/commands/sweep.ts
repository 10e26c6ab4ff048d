import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { makeDir, resumeMayChange } from '@rrnn/train/layout';
import { availableParallelism } from 'node:os';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { toArgv } from '../framework/argv.js';
import { defineCommand, flagName, type Opts, type Values } from '../framework/command.js';
import { RuntimeError, UsageError } from '../framework/errors.js';
import { flag, intList, listOf, pointList, posInt, rateList, text } from '../framework/values.js';
import { formatDuration } from '../format/time.js';
import { corpusChoice, corpusOptions } from '../training/corpus-options.js';
import { defaultRunFlags } from '../training/defaults.js';
import { backendOption, CELLS, loopOptions, modelOptions, threadsOption } from '../training/options.js';
import { reportMode } from '../training/progress.js';
import { resumableFlags } from '../training/config.js';
import { assertOwned, SWEEP_MARKER } from '../safety/owned.js';
import { readResult, readRunInfo, RUN_FILES, writeJson } from '../training/run-dir.js';
import type { RunResult } from '../training/evaluate.js';
import { gridPoints, PAPER_RATES, pointGrid, type GridPoint } from '../sweep/grid.js';
import { runLocalSweep } from '../sweep/local.js';
import { queueOptions, queueSweep } from '../sweep/queue-sweep.js';
import { learningCurveChart, perplexityChart, sweepRow, toCsv, toJsonl, toMarkdown, waitingRow, type SweepRow } from '../sweep/results.js';
import { parameterCounter, readProgress } from '../sweep/progress.js';

const { cell: _cell, rate: _rate, rates: _rates, ...sharedModel } = modelOptions;
const { seed: _seed, ...sharedLoop } = loopOptions;
/** Options passed through to every `rrnn train` of the sweep. */
const perRunOptions = { ...sharedModel, ...sharedLoop, ...corpusOptions, ...backendOption, ...threadsOption } satisfies Opts;
/** Flags that change how a run executes, not what it learns: free on resume. */
const RUN_CONTROL_FLAGS = ['backend', 'threads', 'checkpointEvery'] as const;

const SWEEP_FILE = 'sweep.json';
const CHART_FILE = 'perplexity-vs-parameters.svg';
const CURVES_FILE = 'learning-curves.svg';

export default defineCommand({
  name: 'sweep',
  summary: 'Train a grid of cells x sharing rates x seeds in parallel; write results.csv/.jsonl/.md and a perplexity-vs-parameters chart.',
  args: [],
  options: {
    cells: { kind: 'string', arg: '<rnn,gru,lstm>', help: 'cells to train (default: all three)', schema: listOf(CELLS).optional() },
    rates: { kind: 'string', arg: '<r,...>', help: `sharing rates, each for every layer (default: the paper's ${PAPER_RATES.join(',')})`, schema: rateList().optional() },
    points: { kind: 'string', arg: '<cell:r,...>', help: 'explicit cell:rate pairs instead of --cells x --rates, e.g. lstm:0,lstm:0.5,lstm:1,rnn:0', schema: pointList(CELLS).optional() },
    seeds: { kind: 'string', arg: '<n,...>', help: 'random seeds', schema: intList().default([0]) },
    ...perRunOptions,
    out: { kind: 'string', arg: '<dir>', help: 'sweep folder; one run folder per point inside', schema: text().default(join('runs', 'sweep')) },
    jobs: { kind: 'string', short: 'j', arg: '<n>', help: 'runs in parallel, one process each (as many as this machine has cores)', schema: posInt().default(availableParallelism()) },
    force: { kind: 'boolean', help: 'start over: delete the sweep folder first', schema: flag().default(false) },
    report: { kind: 'boolean', help: 'train nothing: write results and charts from the run folders as they stand (runs still training are marked so)', schema: flag().default(false) },
    json: { kind: 'boolean', help: 'print one JSON object per sweep event line', schema: flag().default(false) },
    quiet: { kind: 'boolean', short: 'q', help: 'print only the result table', schema: flag().default(false) },
    ...queueOptions,
  },
  defaults: defaultRunFlags,
  notes: [
    'Every other option is passed to each `rrnn train` of the grid. A config file (--config) takes the same keys, e.g. cells: [lstm, gru].',
    'Finished runs (with result.json) are skipped; interrupted ones resume from their checkpoint.',
  ],
  examples: [
    'rrnn sweep --cells lstm --rates 1,0.5,0 --epochs 2 --jobs 2',
    'rrnn sweep --config sweeps/ptb.yaml   # resumable: run it again and finished runs are skipped',
  ],
  async run({ opts, io, signal }) {
    const dir = resolve(io.cwd, opts.out);
    const perRun: Partial<Values<typeof perRunOptions>> = Object.fromEntries(Object.keys(perRunOptions).map((k) => [k, (opts as Record<string, unknown>)[k]]));
    // corpus paths are stored absolute so the sweep resumes from any folder
    const choice = corpusChoice(opts, io.cwd);
    Object.assign(perRun, { corpus: choice.corpus, dataDir: choice.dataDir });
    // parallel runs share the cores: each trains on its share unless --threads says otherwise
    // (queued runs get theirs from the worker that trains them)
    if (!opts.queue) perRun.threads ??= Math.max(1, Math.floor(availableParallelism() / Math.max(1, opts.jobs)));
    const trainArgs = toArgv(perRunOptions, perRun);
    // what a resumed run may change: @rrnn/train's resume policy, plus how it runs; every other setting is fixed by the sweep folder
    const mayChange = [...resumableFlags(resumeMayChange), ...RUN_CONTROL_FLAGS];
    const resumable = Object.fromEntries(mayChange.map((k) => [k, (perRun as Record<string, unknown>)[k]]));
    const resumeArgs = toArgv(perRunOptions, resumable);
    const fixedArgs = toArgv(perRunOptions, { ...perRun, ...Object.fromEntries(mayChange.map((k) => [k, undefined])) });

    if (opts.force && existsSync(dir) && readdirSync(dir).length > 0) {
      assertOwned(dir, { marker: SWEEP_MARKER, cwd: io.cwd, sources: [choice.corpus, choice.dataDir].filter((p): p is string => p !== undefined && isAbsolute(p)), flag: '--force' });
      rmSync(dir, { recursive: true, force: true });
    }
    await makeDir(dir);
    const sweepFile = join(dir, SWEEP_FILE);
    if (existsSync(sweepFile)) {
      const saved = JSON.parse(readFileSync(sweepFile, 'utf8')) as { trainArgs: string[]; fixedArgs?: string[] };
      if (JSON.stringify(saved.fixedArgs ?? saved.trainArgs) !== JSON.stringify(fixedArgs)) {
        throw new RuntimeError(`${dir} holds a sweep with other training settings (${saved.trainArgs.join(' ')}): only ${mayChange.map((k) => `--${flagName(k)}`).join(', ')} may change on resume; use another --out, or --force to start over`);
      }
    }
    if (opts.points && (opts.cells || opts.rates)) throw new UsageError('--points replaces --cells and --rates: give either --points or --cells/--rates');
    const cells = opts.cells ?? [...CELLS];
    const rates = opts.rates ?? PAPER_RATES;
    const points = opts.points ? pointGrid({ points: opts.points, seeds: opts.seeds }) : gridPoints({ cells, rates, seeds: opts.seeds });
    const pointNames = opts.points?.map((p) => `${p.cell}:${p.rate}`);
    const grid = pointNames ? { points: pointNames, seeds: opts.seeds } : { cells, rates, seeds: opts.seeds };
    writeJson(sweepFile, { format: 'rrnn-sweep', trainArgs, fixedArgs, grid, updatedAt: new Date().toISOString() });

    const mode = reportMode(opts, io);
    const say = (event: Record<string, unknown>, textLine: string) => {
      if (mode === 'json') io.out(`${JSON.stringify(event)}\n`);
      else if (mode !== 'quiet') io.err(`${textLine}\n`);
    };
    const started = performance.now();
    // a run not finished (yet): its curve so far when it has started, else waiting; parameter counts from
    // its run.json, or from a sibling's with this point's cell and rate (every point shares the other flags)
    const count = await parameterCounter();
    const modelOf = (p: GridPoint) => (existsSync(join(dir, p.name, RUN_FILES.info)) ? readRunInfo(join(dir, p.name)).config.model : undefined);
    const countsFor = (p: GridPoint) => {
      const m = modelOf(p) ?? points.map(modelOf).find((x) => x !== undefined);
      return m && count({ ...m, cell: p.cell, sharingRates: m.sharingRates.map(() => p.sharingRate) }, m.vocabSize);
    };
    const pending = (p: GridPoint) => {
      const progress = readProgress(join(dir, p.name));
      return progress ? sweepRow(p, undefined, undefined, progress, countsFor(p)) : waitingRow(p, countsFor(p));
    };
    /** Write results.csv/.jsonl/.md and the charts from `rows` (points without a row: training or waiting), in grid order. */
    const writeResults = (rows: SweepRow[]): SweepRow[] => {
      const byName = new Map(rows.map((r) => [r.name, r]));
      const ordered = points.map((p) => byName.get(p.name) ?? pending(p));
      writeFileSync(join(dir, 'results.csv'), toCsv(ordered));
      writeFileSync(join(dir, 'results.jsonl'), toJsonl(ordered));
      const corpusName = choice.corpus.split(/[\\/]/).pop();
      const title = `Perplexity vs parameters (${corpusName})`;
      writeFileSync(join(dir, CHART_FILE), perplexityChart(ordered, title));
      writeFileSync(join(dir, CURVES_FILE), learningCurveChart(ordered, `Validation perplexity by epoch (${corpusName})`));
      const gridArgs = pointNames ? `--points ${pointNames.join(',')}` : `--cells ${cells.join(',')} --rates ${rates.join(',')}`;
      const finished = ordered.filter((r) => r.status === 'done').length;
      const training = ordered.filter((r) => r.status === 'training').length;
      const waiting = ordered.filter((r) => r.status === 'waiting').length;
      const command = `rrnn sweep ${gridArgs} --seeds ${opts.seeds.join(',')} ${trainArgs.join(' ')} --out ${opts.out}`;
      writeFileSync(join(dir, 'results.md'), toMarkdown(ordered, { title: `Sweep on ${corpusName}`, command, description: `${finished} of ${points.length} runs finished${training ? `, ${training} still training` : ''}${waiting ? `, ${waiting} waiting` : ''}${ordered.some((r) => r.status === 'failed') ? `, ${ordered.filter((r) => r.status === 'failed').length} failed` : ''}. Test perplexity of the best-validation checkpoint (and of the final one); RNN params = recurrent layers + decoder bias (the paper's figure).`, charts: [CHART_FILE, CURVES_FILE] }));
      return ordered;
    };
    if (opts.report) {
      if (opts.queue) throw new UsageError('--report reads local run folders; for a queued sweep use --collect');
      writeResults(points.flatMap((p) => {
        const r = readResult<RunResult>(join(dir, p.name));
        return r ? [sweepRow(p, r, undefined, readProgress(join(dir, p.name)))] : [];
      }));
      io.out(readFileSync(join(dir, 'results.md'), 'utf8'));
      return 0;
    }
    if (opts.queue || opts.status || opts.collect) {
      return queueSweep({ opts, sweepId: basename(dir), points, trainArgs, resumeArgs, io, write: writeResults, dir });
    }
    const rows = await runLocalSweep({ dir, points, jobs: opts.jobs, trainArgs, resumeArgs, io, mode, signal, say, onRows: writeResults });
    const ordered = writeResults(rows);
    const failed = ordered.filter((r) => r.status === 'failed');
    const seconds = (performance.now() - started) / 1000;
    if (signal.aborted) {
      io.err(`interrupted: finished runs are kept, unfinished ones checkpointed; run the same command again to resume\n`);
      return 130;
    }
    if (mode === 'json') io.out(`${JSON.stringify({ type: 'sweep-done', dir, runs: ordered.length, failed: failed.length, seconds })}\n`);
    else {
      io.out(readFileSync(join(dir, 'results.md'), 'utf8'));
      io.out(`\nwrote ${join(dir, 'results.csv')}, results.jsonl, results.md, ${CHART_FILE}, ${CURVES_FILE} (${formatDuration(seconds)})\n`);
    }
    if (failed.length > 0) throw new RuntimeError(`${failed.length} of ${ordered.length} runs failed (first: ${failed[0].name}: ${failed[0].error}); see ${join(dir, 'results.csv')}`);
  },
});
