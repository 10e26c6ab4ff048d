import type { CellType } from '@rrnn/core';
import { scoredTokens } from '@rrnn/data';
import type { MatMulRate } from '@rrnn/core/bench';

/**
 * One measured configuration. `flopsPerToken` counts the matrix products of one TRAINING step per
 * token: 3 x the forward count (forward, plus the two backward products per forward product), from
 * @rrnn/core's `flopsPerToken` (what the fast path actually computes; tfjs-layers rows use the classic
 * cell's count) plus, for `lm`, the decoder `2 * embedding * vocab`. Biases, activations, softmax and
 * the update are not counted. `utilization = tokensPerSecond * flopsPerToken / (matmulGflops * 1e9)`,
 * divided further by `threads` for data-parallel rows (each thread has the single-thread matMul rate).
 */
export interface BenchRow {
  impl: 'rrnn' | 'tfjs-layers';
  /** `layer`: one recurrent layer; `lm`: the paper's full language model. */
  scope: 'layer' | 'lm';
  cell: CellType;
  /** tfjs-layers rows are classic cells: 0. */
  sharingRate: number;
  /** Cores used: the backend's own threads, or this thread + gradient workers (data-parallel `lm` rows). */
  threads: number;
  tokensPerSecond: number;
  flopsPerToken: number;
  utilization: number;
  /** `lm` rows: tokens/s of evaluation windows (forward only, batch `sizes.lm.batch`, streams split over the row's threads). */
  evalTokensPerSecond?: number;
  /** `lm` rows: the seconds of every timed training step, in round order (`tokensPerSecond` is from the fastest). */
  trainSeconds?: number[];
  /** `lm` rows: per burst (round order), the better of the one-thread matMul probes taken right before and right after it (GFLOP/s, best shape). */
  burstProbeGflops?: number[];
  /**
   * `lm` rows: the share of the matMul rate with each burst held against its own `burstProbeGflops`
   * (its fastest step; the median over bursts; see the bench's paired.ts). Absent in reports written before it existed.
   */
  pairedUtilization?: number;
  /** `lm` rows: the seconds of every timed evaluation window, in round order. */
  evalSeconds?: number[];
  /** `lm` rows: seconds of one epoch of `sizes.epoch` (its training windows, then its validation), from the two rates: {@link epochSeconds}. */
  epochSeconds?: number;
}

/** A row of the authors' code measured by apps/cli/bench/reference_speed.py (or ../shared/reference/speed.py, without eval) in the same window. */
export interface ReferenceRow {
  impl: 'reference-pytorch';
  cell: CellType;
  sharingRate: number;
  threads: number;
  tokensPerSecond: number;
  evalTokensPerSecond?: number;
  epochSeconds?: number;
}

/** Sizes of one benchmark run (the paper's, or tiny ones with `--quick`). */
export interface BenchSizes {
  layer: { inputSize: number; hidden: number; batch: number; steps: number };
  lm: { vocab: number; embedding: number; hidden: number; layers: number; batch: number; bptt: number; clip: number; lr: number; dropout: number };
  /** The epoch the `epochSeconds` figures stand for: a corpus's train and validation tokens (with `<eos>`). */
  epoch: { corpus: string; trainTokens: number; validTokens: number };
}

/** Seconds of one epoch at `batch` x `bptt`: the tokens training and validation score (@rrnn/data's `scoredTokens`) at the two rates. */
export function epochSeconds(trainTokensPerSecond: number, evalTokensPerSecond: number, s: BenchSizes): number {
  return scoredTokens(s.epoch.trainTokens, s.lm.batch) / trainTokensPerSecond + scoredTokens(s.epoch.validTokens, s.lm.batch) / evalTokensPerSecond;
}

/** `rrnn bench --json`. */
export interface BenchReport {
  backend: string;
  /** wasm in Node: the native BLAS library the matrix products ran on (`RRNN_BLAS`) and its kernels (`blasLabel`: "libopenblas.so.0, Haswell kernels"; reports before 333b0af name the library alone), absent for wasm's own products. */
  blas?: string;
  /** The Node flags the bench ran under (`process.execArgv`, e.g. `['--single-threaded-gc']`); absent in reports written before it existed. */
  nodeFlags?: string[];
  /** Tiny sizes (`--quick`): a smoke test, the figures compare with nothing. */
  quick: boolean;
  /** The fastest of the model's product shapes (the practical ceiling of the backend), best of the probes taken before, between and after the rows. */
  matmulGflops: number;
  matmul: MatMulRate[];
  flopsCounted: string;
  sizes: BenchSizes;
  /**
   * `steps` timed runs per row after `warmup` untimed ones; the fastest counts. `lmOrder: 'rounds'`: the lm
   * points are all set up first and timed in rounds (`burst` consecutive training steps of each point per
   * round, then as many evaluation windows of each), so that drift in the machine's speed reaches every lm
   * row alike while each point still runs back to back as training does. Reports written before `burst`
   * existed lack it (one step per round).
   */
  timing: { warmup: number; steps: number; burst?: number; statistic: 'best of steps'; lmOrder: 'rounds' };
  rows: BenchRow[];
  /** The reference's rows from `--reference` (measured beside this run), with their epoch seconds. */
  reference?: ReferenceRow[];
  /** How many runs of the reference `reference` is the fastest of (one file per run; absent in reports written before). */
  referenceRuns?: number;
  /** Peak resident memory of the process (MiB), after the lm rows when they ran. */
  peakRssMiB: number;
  /** tfjs tensors alive after all rows minus before: 0 when nothing leaks. */
  tensorGrowth: number;
}

/** lm rows: timed steps of each point back to back per round (`rrnn bench --burst`), as training runs them. */
export const DEFAULT_BURST = 3;

/** The paper's sizes. */
export const PAPER_SIZES: BenchSizes = {
  layer: { inputSize: 200, hidden: 200, batch: 80, steps: 35 },
  lm: { vocab: 10000, embedding: 200, hidden: 200, layers: 3, batch: 80, bptt: 35, clip: 0.25, lr: 1, dropout: 0.2 },
  // Penn Treebank (Mikolov's split) as rrnn reads it: words plus one <eos> per line
  epoch: { corpus: 'Penn Treebank', trainTokens: 929_589, validTokens: 73_760 },
};

/** Tiny sizes for tests (`--quick`). */
export const QUICK_SIZES: BenchSizes = {
  layer: { inputSize: 12, hidden: 12, batch: 4, steps: 5 },
  lm: { vocab: 50, embedding: 12, hidden: 12, layers: 2, batch: 4, bptt: 5, clip: 0.25, lr: 1, dropout: 0.2 },
  epoch: { corpus: 'a tiny one', trainTokens: 400, validTokens: 40 },
};
