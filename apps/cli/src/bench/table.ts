/** Human output of `rrnn bench`: the rows with their peer ratios, the targets, context figures. */
import type { CellType } from '@rrnn/core';
import { textTable } from '../format/table.js';
import type { BenchReport, BenchRow } from './types.js';

/**
 * The authors' PyTorch code, paper configuration, CPU with OpenBLAS on 2 threads, tokens/s at
 * r = 0, 0.5, 1 (from issue 7). MEASURED ELSEWHERE, not by this run: context only.
 */
export const PYTORCH_REFERENCE: Record<CellType, Record<string, number>> = {
  lstm: { '0': 2093, '0.5': 2604, '1': 2687 },
  gru: { '0': 2603, '0.5': 3153, '1': 3860 },
  rnn: { '0': 4799, '0.5': 5199, '1': 5329 },
};

const find = (rows: BenchRow[], q: Partial<BenchRow>) =>
  rows.find((r) => Object.entries(q).every(([k, v]) => r[k as keyof BenchRow] === v));
const ratio = (a: number | undefined, b: number | undefined) => (a && b ? `${(a / b).toFixed(2)}x` : '');

/** One line per issue-7 target that this run measured: the figure, the goal, met or not. */
export function targetLines(rep: BenchReport): string[] {
  const rows = rep.rows;
  const out: string[] = [];
  const line = (what: string, got: number | undefined, goal: number, unit: string) => {
    if (got === undefined || !Number.isFinite(got)) return;
    const fmt = (x: number) => (unit === '%' ? `${(100 * x).toFixed(1)}%` : unit === 'x' ? `${x.toFixed(2)}x` : `${Math.round(x)} ${unit}`);
    out.push(`${got >= goal ? 'met    ' : 'NOT met'}  ${what}: ${fmt(got)} (target >= ${fmt(goal)})`);
  };
  const l0 = find(rows, { impl: 'rrnn', scope: 'layer', cell: 'lstm', sharingRate: 0 })?.tokensPerSecond;
  const l1 = find(rows, { impl: 'rrnn', scope: 'layer', cell: 'lstm', sharingRate: 1 })?.tokensPerSecond;
  const peer = find(rows, { impl: 'tfjs-layers', scope: 'layer', cell: 'lstm' })?.tokensPerSecond;
  line('LSTM layer r=0 vs tf.layers.lstm', l0 && peer ? l0 / peer : undefined, 4, 'x');
  line('LSTM layer r=1 vs r=0', l0 && l1 ? l1 / l0 : undefined, 2.5, 'x');
  const lm = rows.filter((r) => r.scope === 'lm');
  const rlstm = lm.filter((r) => r.cell === 'lstm' && r.sharingRate === 0.5);
  const oneThread = rlstm.reduce<BenchRow | undefined>((a, r) => (a && a.threads <= r.threads ? a : r), undefined);
  const fastest = rlstm.reduce<BenchRow | undefined>((a, r) => (a && a.tokensPerSecond >= r.tokensPerSecond ? a : r), undefined);
  line('paper LM RLSTM r=0.5, fraction of the matMul rate (one thread)', oneThread?.utilization, 0.6, '%');
  if (lm.length) {
    const u = lm.map((r) => r.utilization);
    out.push(`         (all paper LM rows: ${(100 * Math.min(...u)).toFixed(1)}% to ${(100 * Math.max(...u)).toFixed(1)}% of the matMul rate per thread)`);
  }
  line(`paper LM RLSTM r=0.5 on ${fastest?.threads ?? 1} thread(s) vs the authors' PyTorch 2,604 tokens/s (measured elsewhere)`, fastest?.tokensPerSecond, 2604, 'tokens/s');
  if (rows.length) line('cores used', Math.max(...rows.map((r) => r.threads)), 2, 'threads');
  const most = rlstm.reduce<BenchRow | undefined>((a, r) => (a && a.threads >= r.threads ? a : r), undefined);
  if (most && oneThread && most.threads > oneThread.threads) {
    line(`paper LM RLSTM r=0.5 on ${most.threads} threads vs one`, most.tokensPerSecond / oneThread.tokensPerSecond, 1.7, 'x');
  }
  return out;
}

/** The table: tokens/s, training MFLOP/token, share of the matMul rate, ratios to the peers. */
export function benchText(rep: BenchReport): string {
  const rows = rep.rows.map((r) => {
    const peer = r.impl === 'rrnn' && r.scope === 'layer' ? find(rep.rows, { impl: 'tfjs-layers', scope: 'layer', cell: r.cell })?.tokensPerSecond : undefined;
    const torch = r.scope === 'lm' && !rep.quick ? PYTORCH_REFERENCE[r.cell][String(r.sharingRate)] : undefined;
    return [r.scope, r.impl, r.cell, r.impl === 'rrnn' ? String(r.sharingRate) : '-', r.threads, Math.round(r.tokensPerSecond),
      (r.flopsPerToken / 1e6).toFixed(2), `${(100 * r.utilization).toFixed(1)}%`, ratio(r.tokensPerSecond, peer), ratio(r.tokensPerSecond, torch)];
  });
  const m = rep.matmul.map((s) => `[${s.m},${s.k}]x[${s.k},${s.n}] ${s.gflops.toFixed(1)}`).join(', ');
  return [
    `backend ${rep.backend}; matMul GFLOP/s: ${m}; limit used: ${rep.matmulGflops.toFixed(1)}`,
    `layer: ${rep.sizes.layer.inputSize} -> ${rep.sizes.layer.hidden}, batch ${rep.sizes.layer.batch}, ${rep.sizes.layer.steps} steps; ` +
      `lm: ${rep.sizes.lm.layers} x ${rep.sizes.lm.hidden}, vocab ${rep.sizes.lm.vocab}, tied, batch ${rep.sizes.lm.batch}, bptt ${rep.sizes.lm.bptt}, SGD + clip ${rep.sizes.lm.clip}`,
    `one training step each (forward + backward + update), best of ${rep.timing.steps} after ${rep.timing.warmup} warm-up; MFLOP/token = ${rep.flopsCounted}`,
    '',
    textTable(['scope', 'impl', 'cell', 'r', 'threads', 'tokens/s', 'MFLOP/tok', 'of matMul', 'vs tfjs-layers', 'vs PyTorch*'], rows).trimEnd(),
    '',
    '* the authors\' PyTorch code, paper configuration, OpenBLAS on 2 threads: figures MEASURED ELSEWHERE (issue 7), not in this run.',
    `peak RSS ${rep.peakRssMiB} MiB; tensors left behind: ${rep.tensorGrowth}`,
    '',
    ...(rep.quick ? ['--quick: tiny sizes, a smoke test; no PyTorch ratios, no targets.'] : targetLines(rep)),
  ].join('\n') + '\n';
}
