import type { RunResult } from '../training/evaluate.js';
import { markdownTable, type Cell } from '../format/table.js';
import type { GridPoint } from './grid.js';
import type { RunProgress } from './progress.js';
import { lineChartSvg, type Series } from './chart.js';

/** One line of results.csv / results.jsonl. */
export interface SweepRow {
  name: string;
  cell: string;
  sharingRate: number;
  seed: number;
  /** `training`: no result yet, but the run has started (its curve so far is given); `waiting`: not started. */
  status: 'done' | 'failed' | 'training' | 'waiting';
  rnnParameters: number | null;
  totalParameters: number | null;
  validPerplexity: number | null;
  /** Test perplexity of the best-validation checkpoint. */
  testPerplexity: number | null;
  /** Test perplexity of the checkpoint at the end of training (last/). */
  finalTestPerplexity: number | null;
  bestValidPerplexity: number | null;
  epochs: number | null;
  steps: number | null;
  seconds: number | null;
  /** Median training tokens/s. */
  tokensPerSecond: number | null;
  /** Validation perplexity after each epoch (space-separated in the CSV). */
  validCurve: number[];
  error: string | null;
}

export const CSV_COLUMNS: (keyof SweepRow)[] = ['name', 'cell', 'sharingRate', 'seed', 'status', 'rnnParameters', 'totalParameters', 'validPerplexity', 'testPerplexity', 'finalTestPerplexity', 'bestValidPerplexity', 'epochs', 'steps', 'seconds', 'tokensPerSecond', 'validCurve', 'error'];

/**
 * A sweep row from a grid point, its run's result.json and its progress log: `done` with a result,
 * `training` without one while the run has started and not failed, else `failed` with `error`.
 * `parameters` gives the counts of a run without a result (from its configuration).
 */
export function sweepRow(
  p: GridPoint, r: RunResult | undefined, error?: string, progress?: RunProgress, parameters?: { rnnParameters: number; total: number },
): SweepRow {
  const curve = progress?.validCurve ?? [];
  const best = r && Number.isFinite(r.train.bestValidPerplexity) ? r.train.bestValidPerplexity : curve.length > 0 ? Math.min(...curve) : null;
  const status = r ? 'done' : progress && error === undefined ? 'training' : 'failed';
  const counts = r?.compression.parameters ?? parameters;
  return {
    name: p.name, cell: p.cell, sharingRate: p.sharingRate, seed: p.seed, status,
    rnnParameters: counts?.rnnParameters ?? null, totalParameters: counts?.total ?? null,
    validPerplexity: r?.valid.perplexity ?? null, testPerplexity: r?.test.perplexity ?? null,
    finalTestPerplexity: r?.final?.test.perplexity ?? null,
    bestValidPerplexity: best,
    epochs: r?.train.epochs ?? (progress ? curve.length : null), steps: r?.train.steps ?? progress?.steps ?? null, seconds: r?.train.seconds ?? null,
    tokensPerSecond: progress?.tokensPerSecond ?? null, validCurve: curve,
    error: status === 'failed' ? (error ?? 'no result') : null,
  };
}

/** A grid point not started yet. */
export function waitingRow(p: GridPoint, parameters?: { rnnParameters: number; total: number }): SweepRow {
  return { ...sweepRow(p, undefined, undefined, undefined, parameters), status: 'waiting', error: null };
}

const csvCell = (v: unknown) => {
  const s = v == null ? '' : Array.isArray(v) ? v.map((x: number) => x.toFixed(2)).join(' ') : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function toCsv(rows: SweepRow[]): string {
  return [CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
}

export function toJsonl(rows: SweepRow[]): string {
  return rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');
}

/** Mean test/valid perplexity over seeds for each cell and rate, in grid order. */
export function meanOverSeeds(rows: SweepRow[]): { cell: string; sharingRate: number; rnnParameters: number; testPerplexity: number; validPerplexity: number; runs: number }[] {
  const groups = new Map<string, SweepRow[]>();
  for (const r of rows) {
    if (r.status !== 'done') continue;
    const k = `${r.cell}|${r.sharingRate}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return [...groups.values()].map((g) => ({
    cell: g[0].cell, sharingRate: g[0].sharingRate, rnnParameters: g[0].rnnParameters!,
    testPerplexity: mean(g.map((r) => r.testPerplexity!)), validPerplexity: mean(g.map((r) => r.validPerplexity!)), runs: g.length,
  }));
}

const ppl = (x: number | null, missing = 'failed') => (x == null ? missing : x.toFixed(2));

/** results.md: a cells x rates table of test perplexity (mean over seeds), then every run. */
export function toMarkdown(rows: SweepRow[], o: { title: string; command: string; description: string; charts: string[] }): string {
  const means = meanOverSeeds(rows);
  const rates = [...new Set(rows.map((r) => r.sharingRate))];
  const cells = [...new Set(rows.map((r) => r.cell))];
  const at = (cell: string, rate: number) => means.find((m) => m.cell === cell && m.sharingRate === rate);
  const pivot: Cell[][] = cells.flatMap((cell) => [
    // '-' where the grid has no such point (a --points sweep), 'failed' where its runs failed
    [`${cell}: test ppl`, ...rates.map((r) => {
      const here = rows.filter((x) => x.cell === cell && x.sharingRate === r);
      const unfinished = (['training', 'waiting', 'failed'] as const).find((s) => here.some((x) => x.status === s));
      return here.length === 0 ? '-' : ppl(at(cell, r)?.testPerplexity ?? null, unfinished ?? 'failed');
    })],
    [`${cell}: RNN params`, ...rates.map((r) => at(cell, r)?.rnnParameters ?? rows.find((x) => x.cell === cell && x.sharingRate === r)?.rnnParameters ?? '-')],
  ]);
  const missing = (r: SweepRow) => (r.status === 'done' ? '-' : r.status);
  const runs: Cell[][] = rows.map((r) => [
    r.name, r.cell, String(r.sharingRate), String(r.seed), r.rnnParameters ?? '-', ppl(r.bestValidPerplexity, missing(r)), ppl(r.testPerplexity, missing(r)),
    ppl(r.finalTestPerplexity, missing(r)), r.epochs ?? '-', r.steps ?? '-', r.seconds == null ? '-' : r.seconds.toFixed(0),
    r.tokensPerSecond == null ? '-' : r.tokensPerSecond.toFixed(0),
  ]);
  return [
    `# ${o.title}`,
    '',
    o.description,
    '',
    '```sh',
    o.command,
    '```',
    '',
    `## Test perplexity by sharing rate${new Set(rows.map((r) => r.seed)).size > 1 ? ' (mean over seeds)' : ''}`,
    '',
    markdownTable(['', ...rates.map((r) => `r = ${r}`)], pivot),
    ...o.charts.map((c) => `![${c}](${c})\n`),
    '## Every run',
    '',
    markdownTable(['run', 'cell', 'r', 'seed', 'rnn params', 'best valid ppl', 'test ppl (best)', 'test ppl (final)', 'epochs', 'steps', 'seconds', 'tokens/s'], runs),
  ].join('\n');
}

/** The paper-style chart: test perplexity against the paper's RNN parameter count, one line per cell. */
export function perplexityChart(rows: SweepRow[], title: string): string {
  const means = meanOverSeeds(rows);
  const series: Series[] = [...new Set(means.map((m) => m.cell))].map((cell) => ({
    name: cell.toUpperCase(),
    points: means.filter((m) => m.cell === cell).map((m) => ({ x: m.rnnParameters, y: m.testPerplexity })),
  }));
  return lineChartSvg({ title, xLabel: 'RNN parameters (recurrent layers + decoder bias)', yLabel: 'test perplexity', series });
}

/** Learning curves: validation perplexity after each epoch, one line per run (finished or still training). */
export function learningCurveChart(rows: SweepRow[], title: string): string {
  const series: Series[] = rows.filter((r) => r.validCurve.length > 0).map((r) => ({
    name: `${r.cell.toUpperCase()} r=${r.sharingRate}${r.seed !== 0 ? ` s${r.seed}` : ''}${r.status === 'training' ? ' (training)' : ''}`,
    points: r.validCurve.map((y, e) => ({ x: e + 1, y })),
  }));
  return lineChartSvg({ title, xLabel: 'epoch', yLabel: 'validation perplexity', series, logX: false });
}
