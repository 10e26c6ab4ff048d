import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { defineCommand, flagName, type Opts, type Values } from '../framework/command.js';
import { RuntimeError, UsageError } from '../framework/errors.js';
import { flag, intList, listOf, pointList, posInt, rateList, text } from '../framework/values.js';
import { formatDuration } from '../format/time.js';
import { corpusChoice, corpusOptions } from '../training/corpus-options.js';
import { defaultRunFlags } from '../training/defaults.js';
import type { RunResult } from '../training/evaluate.js';
import { backendOption, CELLS, loopOptions, modelOptions, threadsOption } from '../training/options.js';
import { reportMode } from '../training/progress.js';
import { hasCheckpoint, readResult, writeJson } from '../training/run-dir.js';
import { PAPER_RATES } from './params.js';
import { gridPoints, pointGrid, type GridPoint } from '../sweep/grid.js';
import { pointArgs, runArgs, runChild, runPool } from '../sweep/pool.js';
import { queueOptions, queueSweep } from './queue-sweep.js';
import { perplexityChart, sweepRow, toCsv, toJsonl, toMarkdown, type SweepRow } from '../sweep/results.js';

const { cell: _cell, rate: _rate, rates: _rates, ...sharedModel } = modelOptions;
const { seed: _seed, ...sharedLoop } = loopOptions;
/** Options passed through to every `rrnn train` of the sweep. */
const perRunOptions = { ...sharedModel, ...sharedLoop, ...corpusOptions, ...backendOption, ...threadsOption } satisfies Opts;

/** Option values back to flags: `{hidden: 200, tied: false}` -> `--hidden 200 --no-tied`. */
export function toArgv<O extends Opts>(table: O, values: Partial<Values<O>>): string[] {
  return Object.keys(table).flatMap((key) => {
    const v = (values as Record<string, unknown>)[key];
    if (v === undefined) return [];
    if (typeof v === 'boolean') return [v ? `--${flagName(key)}` : `--no-${flagName(key)}`];
    return [`--${flagName(key)}`, Array.isArray(v) ? v.join(',') : String(v)];
  });
}

const SWEEP_FILE = 'sweep.json';
const CHART_FILE = 'perplexity-vs-parameters.svg';

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
    if (opts.layers !== undefined && opts.layers < 1) throw new UsageError('--layers must be positive');
    const dir = resolve(io.cwd, opts.out);
    const perRun: Partial<Values<typeof perRunOptions>> = Object.fromEntries(Object.keys(perRunOptions).map((k) => [k, (opts as Record<string, unknown>)[k]]));
    // corpus paths are stored absolute so the sweep resumes from any folder
    const choice = corpusChoice(opts, io.cwd);
    Object.assign(perRun, { corpus: choice.corpus, dataDir: choice.dataDir });
    // parallel runs share the cores: each trains on its share unless --threads says otherwise
    // (queued runs get theirs from the worker that trains them)
    if (!opts.queue) perRun.threads ??= Math.max(1, Math.floor(availableParallelism() / Math.max(1, opts.jobs)));
    const trainArgs = toArgv(perRunOptions, perRun);
    // what a resumed run may change (as `rrnn train --resume` allows); every other setting is fixed by the sweep folder
    const resumable = { maxSteps: perRun.maxSteps, epochs: perRun.epochs, backend: perRun.backend, threads: perRun.threads };
    const resumeArgs = toArgv(perRunOptions, resumable);
    const fixedArgs = toArgv(perRunOptions, { ...perRun, maxSteps: undefined, epochs: undefined, backend: undefined, threads: undefined });

    if (opts.force) rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const sweepFile = join(dir, SWEEP_FILE);
    if (existsSync(sweepFile)) {
      const saved = JSON.parse(readFileSync(sweepFile, 'utf8')) as { trainArgs: string[]; fixedArgs?: string[] };
      if (JSON.stringify(saved.fixedArgs ?? saved.trainArgs) !== JSON.stringify(fixedArgs)) {
        throw new RuntimeError(`${dir} holds a sweep with other training settings (${saved.trainArgs.join(' ')}): only --max-steps, --epochs, --backend and --threads may change on resume; use another --out, or --force to start over`);
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
    const rows = new Map<string, SweepRow>();
    const todo: GridPoint[] = [];
    for (const p of points) {
      const done = readResult<RunResult>(join(dir, p.name));
      if (done) rows.set(p.name, sweepRow(p, done));
      else todo.push(p);
    }

    const started = performance.now();
    const live = new Map<string, string>();
    const drawStatus = () => {
      if (mode !== 'tty') return;
      const status = `sweep ${rows.size}/${points.length} done | ${[...live.entries()].map(([n, s]) => `${n} ${s}`).join(' | ')}`;
      io.err(`\r\x1b[K${status.slice(0, io.columns - 1)}`);
    };
    const writeResults = () => {
      const ordered = points.map((p) => rows.get(p.name)).filter((r): r is SweepRow => r !== undefined);
      writeFileSync(join(dir, 'results.csv'), toCsv(ordered));
      writeFileSync(join(dir, 'results.jsonl'), toJsonl(ordered));
      const corpusName = choice.corpus.split(/[\\/]/).pop();
      const title = `Perplexity vs parameters (${corpusName})`;
      writeFileSync(join(dir, CHART_FILE), perplexityChart(ordered, title));
      const gridArgs = pointNames ? `--points ${pointNames.join(',')}` : `--cells ${cells.join(',')} --rates ${rates.join(',')}`;
      const command = `rrnn sweep ${gridArgs} --seeds ${opts.seeds.join(',')} ${trainArgs.join(' ')} --out ${opts.out}`;
      writeFileSync(join(dir, 'results.md'), toMarkdown(ordered, { title: `Sweep on ${corpusName}`, command, description: `${ordered.filter((r) => r.status === 'done').length} of ${points.length} runs finished${ordered.some((r) => r.status === 'failed') ? `, ${ordered.filter((r) => r.status === 'failed').length} failed` : ''}. Test perplexity of the best checkpoint; RNN params = recurrent layers + decoder bias (the paper's figure).`, charts: [CHART_FILE] }));
      return ordered;
    };
    if (opts.queue || opts.status || opts.collect) {
      return queueSweep({ opts, sweepId: basename(dir), points, trainArgs, resumeArgs, io, rows, writeResults, dir });
    }
    say({ type: 'sweep', dir, runs: points.length, finished: rows.size, todo: todo.length, jobs: opts.jobs }, `sweep ${dir}: ${points.length} runs, ${rows.size} already finished, ${todo.length} to train on ${Math.min(opts.jobs, Math.max(1, todo.length))} process(es)`);

    await runPool(todo, opts.jobs, async (p) => {
      const runDir = join(dir, p.name);
      const resume = hasCheckpoint(runDir);
      const args = runArgs(pointArgs(p, trainArgs, resumeArgs), runDir, resume);
      say({ type: 'run-start', name: p.name, resume }, `${resume ? 'resuming' : 'starting'} ${p.name}`);
      live.set(p.name, 'starting');
      drawStatus();
      const outcome = await runChild(args, {
        cwd: io.cwd, signal,
        onLine: (line) => {
          try {
            const e = JSON.parse(line) as { type: string; step?: number; perplexity?: number; etaSeconds?: number };
            if (e.type === 'step') live.set(p.name, `step ${e.step} ppl ${e.perplexity?.toFixed(0)} ETA ${formatDuration(e.etaSeconds ?? NaN)}`);
            else if (e.type === 'epoch' || e.type === 'done') live.set(p.name, e.type);
            drawStatus();
          } catch {
            /* not an event line */
          }
        },
      });
      live.delete(p.name);
      if (mode === 'tty') io.err('\r\x1b[K');
      if (outcome.code === 130 || signal.aborted) return;
      const result = readResult<RunResult>(runDir);
      const row = sweepRow(p, result, outcome.code === 0 ? 'finished without result.json' : outcome.lastError);
      rows.set(p.name, row);
      writeResults();
      say({ type: 'run-done', ...row }, row.status === 'done' ? `done ${p.name}: test ppl ${row.testPerplexity?.toFixed(2)}, ${row.rnnParameters?.toLocaleString('en-US')} rnn params, ${formatDuration(row.seconds ?? NaN)}` : `FAILED ${p.name}: ${row.error}`);
      drawStatus();
    }, signal);
    if (mode === 'tty') io.err('\r\x1b[K');

    const ordered = writeResults();
    const failed = ordered.filter((r) => r.status === 'failed');
    const seconds = (performance.now() - started) / 1000;
    if (signal.aborted) {
      io.err(`interrupted: finished runs are kept, unfinished ones checkpointed; run the same command again to resume\n`);
      return 130;
    }
    if (mode === 'json') io.out(`${JSON.stringify({ type: 'sweep-done', dir, runs: ordered.length, failed: failed.length, seconds })}\n`);
    else {
      io.out(readFileSync(join(dir, 'results.md'), 'utf8'));
      io.out(`\nwrote ${join(dir, 'results.csv')}, results.jsonl, results.md, ${CHART_FILE} (${formatDuration(seconds)})\n`);
    }
    if (failed.length > 0) throw new RuntimeError(`${failed.length} of ${ordered.length} runs failed (first: ${failed[0].name}: ${failed[0].error}); see ${join(dir, 'results.csv')}`);
  },
});
