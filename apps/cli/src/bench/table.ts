/** Human output of `rrnn bench`: the rows with their peer ratios, the issue's targets, context figures. */
import type { CellType } from '@rrnn/core';
import { textTable } from '../format/table.js';
import type { BenchReport, BenchRow, ReferenceRow } from './types.js';

const find = (rows: BenchRow[], q: Partial<BenchRow>) =>
  rows.find((r) => Object.entries(q).every(([k, v]) => r[k as keyof BenchRow] === v));
const ratio = (a: number | undefined, b: number | undefined) => (a && b ? `${(a / b).toFixed(2)}x` : '');
/** A share as every line and column of the output writes it: "65.3%". */
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The reference's row for an lm row (same cell and rate; the reference was run on its own thread count). */
const referenceOf = (rep: BenchReport, r: { cell: CellType; sharingRate: number }): ReferenceRow | undefined =>
  rep.reference?.find((x) => x.cell === r.cell && x.sharingRate === r.sharingRate);

/** Of the lm rows at one cell and rate, the one on the most threads (what `rrnn train` uses by default). */
function widest(rows: BenchRow[]): BenchRow[] {
  const out = new Map<string, BenchRow>();
  for (const r of rows.filter((x) => x.scope === 'lm')) {
    const k = `${r.cell}/${r.sharingRate}`;
    const had = out.get(k);
    if (!had || r.threads > had.threads) out.set(k, r);
  }
  return [...out.values()];
}

/** One line per target (issues 7 and 16) that this run measured: the figure, the goal, met or not. */
export function targetLines(rep: BenchReport): string[] {
  const rows = rep.rows;
  const out: string[] = [];
  const line = (what: string, got: number | undefined, goal: number, unit: string) => {
    if (got === undefined || !Number.isFinite(got)) return;
    const fmt = (x: number) => (unit === '%' ? pct(x) : unit === 'x' ? `${x.toFixed(2)}x` : `${Math.round(x)} ${unit}`);
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
  line('paper LM RLSTM r=0.5, fraction of the matMul rate (one thread)', oneThread?.utilization, 0.6, '%');
  if (lm.length) {
    const span = (u: number[]) => `${pct(Math.min(...u))} to ${pct(Math.max(...u))}`;
    const paired = lm.flatMap((r) => (r.pairedUtilization === undefined ? [] : [r.pairedUtilization]));
    out.push(`         (all paper LM rows: ${span(lm.map((r) => r.utilization))} of the matMul rate per thread${paired.length ? `; ${span(paired)} of the rate probed next to each burst` : ''})`);
  }
  const wide = widest(rows);
  if (rep.reference?.length) {
    for (const r of wide) {
      const ref = referenceOf(rep, r);
      if (!ref) continue;
      const goal = r.cell === 'lstm' && r.sharingRate === 0.5 ? 1.4 : 1;
      line(`paper LM ${r.cell.toUpperCase()} r=${r.sharingRate} on ${r.threads} thread(s) vs the reference on ${ref.threads}`, r.tokensPerSecond / ref.tokensPerSecond, goal, 'x');
      if (r.epochSeconds && ref.epochSeconds) line(`  its ${rep.sizes.epoch.corpus} epoch with validation vs the reference's`, ref.epochSeconds / r.epochSeconds, 1.3, 'x');
    }
  }
  for (const r of wide) {
    line(`paper LM ${r.cell.toUpperCase()} r=${r.sharingRate} on ${r.threads} thread(s), fraction of the matMul rate per thread`, r.utilization, 0.65, '%');
    line('  the same, each burst against the rate probed next to it (median)', r.pairedUtilization, 0.65, '%');
  }
  for (const cell of new Set(wide.map((r) => r.cell))) {
    const at = (rate: number) => wide.find((r) => r.cell === cell && r.sharingRate === rate)?.tokensPerSecond;
    const [r0, r1] = [at(0), at(1)];
    if (r0 && r1) line(`paper LM ${cell.toUpperCase()} r=1 vs r=0`, r1 / r0, 1, 'x');
  }
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
    const ref = r.scope === 'lm' ? referenceOf(rep, r) : undefined;
    return [r.scope, r.impl, r.cell, r.impl === 'rrnn' ? String(r.sharingRate) : '-', r.threads, Math.round(r.tokensPerSecond),
      (r.flopsPerToken / 1e6).toFixed(2), pct(r.utilization), r.pairedUtilization === undefined ? '' : pct(r.pairedUtilization), ratio(r.tokensPerSecond, peer), ratio(r.tokensPerSecond, ref?.tokensPerSecond),
      r.evalTokensPerSecond ? Math.round(r.evalTokensPerSecond) : '', r.epochSeconds ? Math.round(r.epochSeconds) : '', ratio(ref?.epochSeconds, r.epochSeconds)];
  });
  const refs = (rep.reference ?? []).map((r) => [r.cell, String(r.sharingRate), r.threads, Math.round(r.tokensPerSecond), r.evalTokensPerSecond ? Math.round(r.evalTokensPerSecond) : '-', r.epochSeconds ? Math.round(r.epochSeconds) : '-']);
  const m = rep.matmul.map((s) => `[${s.m},${s.k}]x[${s.k},${s.n}] ${s.gflops.toFixed(1)}`).join(', ');
  return [
    `backend ${rep.backend}${rep.blas ? ` (matrix products on ${rep.blas})` : ''}; matMul GFLOP/s: ${m}; limit used: ${rep.matmulGflops.toFixed(1)}`,
    `layer: ${rep.sizes.layer.inputSize} -> ${rep.sizes.layer.hidden}, batch ${rep.sizes.layer.batch}, ${rep.sizes.layer.steps} steps; ` +
      `lm: ${rep.sizes.lm.layers} x ${rep.sizes.lm.hidden}, vocab ${rep.sizes.lm.vocab}, tied, batch ${rep.sizes.lm.batch}, bptt ${rep.sizes.lm.bptt}, SGD + clip ${rep.sizes.lm.clip}`,
    `one training step each (forward + backward + update), best of ${rep.timing.steps} after ${rep.timing.warmup} warm-up${(rep.timing.burst ?? 1) > 1 ? ` (lm: in rounds of ${rep.timing.burst} back to back)` : ''}; MFLOP/token = ${rep.flopsCounted}`,
    '',
    textTable(['scope', 'impl', 'cell', 'r', 'threads', 'tokens/s', 'MFLOP/tok', 'of matMul', 'paired', 'vs tfjs-layers', 'vs reference', 'eval tok/s', 'epoch s', 'epoch vs ref'], rows).trimEnd(),
    '',
    'of matMul: against the best matMul probe of the run; paired: each burst against the probes right before and after it, the median over bursts',
    `epoch s: one ${rep.sizes.epoch.corpus} epoch (${rep.sizes.epoch.trainTokens.toLocaleString('en-US')} train tokens, then validation on ${rep.sizes.epoch.validTokens.toLocaleString('en-US')}) at the measured train and eval rates`,
    ...(refs.length
      ? ['', 'the authors\' code (PyTorch), measured beside this run (--reference):', textTable(['cell', 'r', 'threads', 'tokens/s', 'eval tok/s', 'epoch s'], refs).trimEnd()]
      : ['no reference rows: run apps/cli/bench/reference_speed.py in the same quiet window and pass its output with --reference to get the ratios']),
    `peak RSS ${rep.peakRssMiB} MiB; tensors left behind: ${rep.tensorGrowth}`,
    '',
    ...(rep.quick ? ['--quick: tiny sizes, a smoke test; no PyTorch ratios, no targets.'] : targetLines(rep)),
  ].join('\n') + '\n';
}
