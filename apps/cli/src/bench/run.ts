/**
 * The whole benchmark in one process, on one backend: the raw matMul rate for the model's product
 * shapes, then layer rows (ours at every rate, tfjs-layers' own cell) and lm rows (the paper's model,
 * every point timed in interleaved rounds).
 */
import { availableParallelism } from 'node:os';
import type { CellType } from '@rrnn/core';
import type { MatMulRate } from '@rrnn/core/bench';
import { trainingThreads } from '../training/threads.js';
import { lmFlopsPerToken, openLmPoint, type LmPoint } from './lm.js';
import { pairedUtilization } from './paired.js';
import { withReference } from './reference.js';
import { DEFAULT_BURST, epochSeconds, PAPER_SIZES, QUICK_SIZES, type BenchReport, type BenchRow, type ReferenceRow } from './types.js';

/** What to measure. */
export interface BenchOptions {
  backend?: string;
  cells: CellType[];
  rates: number[];
  scopes: ('layer' | 'lm')[];
  /** Include tfjs-layers' own layers (layer scope). */
  peers: boolean;
  /** Timed repetitions per row (the best counts). */
  steps: number;
  warmup: number;
  /** lm rows: consecutive timed steps of one point per round (default {@link DEFAULT_BURST}). */
  burst?: number;
  quick: boolean;
  /** Threads of the data-parallel lm rows (each lm point is also measured on one thread); default: every core, 1 on node/node-gpu. */
  threads?: number;
  /** The authors' code measured beside this run (`--reference`, the fastest of its runs): carried into the report, epoch seconds added. */
  reference?: ReferenceRow[];
  /** How many runs `reference` is the fastest of (default 1). */
  referenceRuns?: number;
  /** Progress lines (stderr). */
  progress?: (line: string) => void;
}

/** Runs the benchmark and returns the report (`rrnn bench --json`). */
export async function runBench(o: BenchOptions): Promise<BenchReport> {
  const [backendPkg, tf, core, coreBench] = await Promise.all([
    import('@rrnn/backend'), import('@tensorflow/tfjs-core'), import('@rrnn/core'), import('@rrnn/core/bench'),
  ]);
  const backend = await backendPkg.useBackend(o.backend);
  // wasm reports its thread count; the native backends (tfjs-node) use every core; cpu is one thread
  const info = await backendPkg.describeBackend();
  const threads = info.threads ?? (backend.startsWith('node') ? availableParallelism() : 1);
  const sizes = o.quick ? QUICK_SIZES : PAPER_SIZES;
  const timing = { warmup: o.warmup, reps: o.steps };
  const burst = Math.min(o.burst ?? DEFAULT_BURST, o.steps); // lm rows: steps of a point back to back per round
  const say = o.progress ?? (() => {});
  const tensorsBefore = tf.memory().numTensors;

  const shapes = coreBench.modelMatMulShapes({ ...sizes.layer, gates: 4, vocab: o.scopes.includes('lm') ? sizes.lm.vocab : undefined });
  // The rate is probed before, between and after the rows and the best of each shape kept: other load
  // on the machine changes during a run, and one early probe under load would understate the ceiling.
  let matmul: MatMulRate[] = [];
  const probe = async (t = { warmup: 1, reps: Math.max(3, o.steps) }) => {
    const now = await coreBench.matMulRates(shapes, t);
    matmul = now.map((m, i) => (matmul[i] && matmul[i].gflops > m.gflops ? matmul[i] : m));
    say(`${backend}: matMul ${now.map((m) => `[${m.m},${m.k}]x[${m.k},${m.n}] ${m.gflops.toFixed(1)}`).join(', ')} GFLOP/s`);
  };
  // the rate right now, for the burst next to it (paired.ts); not merged into `matmul`
  const rateNow = async () => Math.max(...(await coreBench.matMulRates(shapes, { warmup: 1, reps: 1 })).map((m) => m.gflops));
  await probe();

  const rows: BenchRow[] = [];
  // a row on n data-parallel threads is held against n single-thread matMul rates
  const heldThreads = (r: BenchRow) => (r.threads === threads ? 1 : r.threads);
  const add = (impl: BenchRow['impl'], scope: BenchRow['scope'], cell: CellType, sharingRate: number, tokens: number, seconds: number, flopsPerToken: number, rowThreads = threads) => {
    const tokensPerSecond = tokens / seconds;
    const row: BenchRow = { impl, scope, cell, sharingRate, threads: rowThreads, tokensPerSecond, flopsPerToken, utilization: NaN }; // utilization: below
    rows.push(row);
    say(`${scope} ${impl} ${cell} r=${sharingRate}${rowThreads > 1 ? ` (${rowThreads} threads)` : ''}: ${Math.round(tokensPerSecond)} tokens/s`);
    return row;
  };
  const addLm = (cell: CellType, sharingRate: number, train: number[], evaluate: number[], probes: number[], flopsPerToken: number, rowThreads: number) => {
    const tokens = sizes.lm.batch * sizes.lm.bptt;
    const row = add('rrnn', 'lm', cell, sharingRate, tokens, Math.min(...train), flopsPerToken, rowThreads);
    row.trainSeconds = train;
    row.burstProbeGflops = probes;
    row.pairedUtilization = pairedUtilization(train, probes, burst, tokens, flopsPerToken, heldThreads(row));
    row.evalSeconds = evaluate;
    row.evalTokensPerSecond = tokens / Math.min(...evaluate);
    row.epochSeconds = epochSeconds(row.tokensPerSecond, row.evalTokensPerSecond, sizes);
    say(`  evaluation ${Math.round(row.evalTokensPerSecond)} tokens/s; ${sizes.epoch.corpus} epoch with validation ${row.epochSeconds.toFixed(0)} s`);
  };
  // data-parallel worker threads for the lm rows, on top of a single-threaded backend
  const workerThreads = threads === 1 ? trainingThreads(o.threads, backend) : 1;

  if (o.scopes.includes('layer')) {
    const L = sizes.layer;
    const trainFlops = (cell: CellType, r: number, which: 'fast' | 'naive') =>
      3 * core.flopsPerToken(core.stackSpec({ cell, inputSize: L.inputSize, hiddenSize: L.hidden, numLayers: 1, sharingRates: r }))[which];
    for (const cell of o.cells) {
      if (o.peers) add('tfjs-layers', 'layer', cell, 0, L.batch * L.steps, await coreBench.tfjsLayerSecondsPerStep({ cell, ...L }, timing), trainFlops(cell, 0, 'naive'));
      for (const r of o.rates) {
        add('rrnn', 'layer', cell, r, L.batch * L.steps, await coreBench.rrnnLayerSecondsPerStep({ cell, sharingRate: r, ...L }, timing), trainFlops(cell, r, 'fast'));
      }
    }
  }
  if (o.scopes.includes('lm')) {
    if (o.scopes.includes('layer')) await probe();
    const M = sizes.lm;
    // Every point stays open and is timed in rounds (per round `burst` training steps of each point back
    // to back, then as many evaluation windows of each, then a short probe): the machine's speed drifts by
    // 10-35 % over minutes, and rows timed one after the other would each see a different machine (and
    // r = 1 vs r = 0 with them). Training runs its steps back to back, and a two-thread point idle for a
    // round ran the first step of its burst 11-13 % slower than the third (apps/docs/results/
    // bench-20261202-2/burst.txt; one thread: -1 to 5 %), hence bursts. Each burst sits between two short
    // probes, the better of which it is held against (paired.ts).
    const points: { cell: CellType; r: number; threads: number; flops: number; lm: LmPoint; train: number[]; evaluate: number[]; probes: number[] }[] = [];
    try {
      for (const cell of o.cells) {
        for (const r of o.rates) {
          const flops = await lmFlopsPerToken(cell, r, M);
          points.push({ cell, r, threads, flops, lm: await openLmPoint(cell, r, M), train: [], evaluate: [], probes: [] });
          if (workerThreads > 1) points.push({ cell, r, threads: workerThreads, flops, lm: await openLmPoint(cell, r, M, { threads: workerThreads, backend }), train: [], evaluate: [], probes: [] });
        }
      }
      for (const p of points) {
        for (let i = 0; i < o.warmup; i++) await p.lm.trainStep();
        for (let i = 0; i < o.warmup; i++) await p.lm.evalWindow();
      }
      const rounds = Math.ceil(o.steps / burst);
      for (let round = 1; round <= rounds; round++) {
        const n = Math.min(burst, o.steps - (round - 1) * burst);
        let before = await rateNow();
        for (const p of points) {
          for (let i = 0; i < n; i++) p.train.push(await p.lm.trainStep());
          const after = await rateNow();
          p.probes.push(Math.max(before, after));
          before = after;
        }
        for (const p of points) for (let i = 0; i < n; i++) p.evaluate.push(await p.lm.evalWindow());
        say(`lm round ${round} of ${rounds} timed`);
        await probe({ warmup: 1, reps: 1 });
      }
    } finally {
      for (const p of points) await p.lm.close();
    }
    for (const p of points) addLm(p.cell, p.r, p.train, p.evaluate, p.probes, p.flops, p.threads);
  }
  await probe();
  const matmulGflops = Math.max(...matmul.map((m) => m.gflops));
  for (const r of rows) r.utilization = (r.tokensPerSecond * r.flopsPerToken) / (matmulGflops * 1e9 * heldThreads(r));
  const report: BenchReport = {
    backend, ...(info.blas ? { blas: info.blas } : {}), nodeFlags: [...process.execArgv], quick: o.quick, matmulGflops, matmul,
    flopsCounted: 'training step: 3 x forward matrix-product FLOPs (2 per multiply-add); biases, activations, softmax, update not counted',
    sizes, timing: { warmup: o.warmup, steps: o.steps, burst, statistic: 'best of steps', lmOrder: 'rounds' }, rows,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    tensorGrowth: tf.memory().numTensors - tensorsBefore,
  };
  return o.reference ? withReference(report, o.reference, o.referenceRuns ?? 1) : report;
}
