import { defineCommand } from '../framework/command.js';
import { resolve } from 'node:path';
import { flag, listOf, natural, posInt, rateList, text, textList } from '../framework/values.js';
import { backendOption, CELLS } from '../training/options.js';
import { DEFAULT_BURST } from '../bench/types.js';

const SCOPES = ['layer', 'lm'] as const;

export default defineCommand({
  name: 'bench',
  computes: true,
  summary: 'Training speed on this machine: our cells vs tfjs-layers\' own, the paper\'s language model, against the raw matMul rate.',
  args: [],
  options: {
    ...backendOption,
    cells: { kind: 'string', arg: '<rnn,gru,lstm>', help: 'cell type(s), comma-separated', schema: listOf(CELLS).default([...CELLS]) },
    rates: { kind: 'string', arg: '<r,...>', help: 'sharing rates of our rows', schema: rateList().default([0, 0.5, 1]) },
    scope: { kind: 'string', arg: '<layer,lm>', help: 'layer: one 200 -> 200 layer, batch 80, 35 steps; lm: the paper\'s model', schema: listOf(SCOPES).default([...SCOPES]) },
    peers: { kind: 'boolean', negatable: true, help: 'also time tfjs-layers\' simpleRNN/gru/lstm at the layer sizes', schema: flag().default(true) },
    steps: { kind: 'string', arg: '<n>', help: 'timed training steps per row; the fastest counts', schema: posInt().default(3) },
    burst: { kind: 'string', arg: '<n>', help: 'lm rows: timed steps of each point back to back per round, as training runs them (after a round idle, a two-thread point\'s first step is slower)', schema: posInt().default(DEFAULT_BURST) },
    warmup: { kind: 'string', arg: '<n>', help: 'untimed steps before each row (as the reference\'s 3: worker threads take a few to reach their steady speed)', schema: natural().default(3) },
    threads: { kind: 'string', arg: '<n>', help: 'threads of the data-parallel lm rows, measured besides one thread (default: every core; none on node/node-gpu)', schema: posInt().optional() },
    reference: { kind: 'string', arg: '<file,...>', help: 'the authors\' code measured in the same quiet window (JSON lines of apps/cli/bench/reference_speed.py; several runs, e.g. before and after: each model\'s fastest counts): adds the ratios', schema: textList().optional() },
    report: { kind: 'string', arg: '<bench.json>', help: 'measure nothing: print a saved `rrnn bench --json` report again (with --reference: its reference rows replaced)', schema: text().optional() },
    quick: { kind: 'boolean', help: 'tiny sizes (a smoke test, seconds; the figures mean nothing)', schema: flag().default(false) },
    json: { kind: 'boolean', help: 'print one JSON object {backend, matmulGflops, rows: [{impl, scope, cell, sharingRate, threads, tokensPerSecond, flopsPerToken, utilization}], ...}', schema: flag().default(false) },
  },
  notes: [
    'flopsPerToken counts one training step\'s matrix products (3 x forward); utilization = tokensPerSecond x flopsPerToken / matmulGflops.',
    'lm rows also time an evaluation window and give the seconds of one Penn Treebank epoch with its validation.',
    'Ratios to the authors\' code need --reference: run apps/cli/bench/reference_speed.py just before (and after: pass both), on the same quiet machine. Other load lowers every figure: compare ratios within one window.',
  ],
  examples: [
    'rrnn bench',
    'rrnn bench --cells lstm --scope layer --steps 5',
    'rrnn bench --scope lm --steps 12 --burst 3',
    '/usr/bin/python3 apps/cli/bench/reference_speed.py 2 > ref.jsonl && rrnn bench --scope lm --reference ref.jsonl',
    'rrnn bench --report bench.json --reference before.jsonl,after.jsonl --json',
    'rrnn bench --quick --json',
  ],
  async run({ opts, io }) {
    const { runBench } = await import('../bench/run.js');
    const { benchText } = await import('../bench/table.js');
    const { fastestReferenceRows, readBenchReport, readReferenceRows, withReference } = await import('../bench/reference.js');
    // read before measuring: a bad file fails in a second, not after the rows
    const files = opts.reference ?? [];
    const reference = files.length ? fastestReferenceRows(files.map((f) => readReferenceRows(resolve(io.cwd, f)))) : undefined;
    const saved = opts.report === undefined ? undefined : readBenchReport(resolve(io.cwd, opts.report));
    const report = saved
      ? (reference ? withReference(saved, reference, files.length) : saved)
      : await runBench({
        reference, referenceRuns: files.length,
        backend: opts.backend, cells: opts.cells, rates: opts.rates, scopes: opts.scope, peers: opts.peers,
        steps: opts.steps, burst: opts.burst, warmup: opts.warmup, quick: opts.quick, threads: opts.threads, progress: (l) => io.err(`${l}\n`),
      });
    io.out(opts.json ? `${JSON.stringify(report, null, 2)}\n` : benchText(report));
  },
});
