import type { RunResult } from '../training/evaluate.js';
import { markdownTable, type Cell } from '../format/table.js';
import type { GridPoint } from './grid.js';
import { lineChartSvg, type Series } from './chart.js';

/** One line of results.csv / results.jsonl. */
export interface SweepRow {
  name: string;
  cell: string;
  sharingRate: number;
  seed: number;
  status: 'done' | 'failed';
  rnnParameters: number | null;
  totalParameters: number | null;
  validPerplexity: number | null;
  testPerplexity: number | null;
  bestValidPerplexity: number | null;
  epochs: number | null;
  steps: number | null;
  seconds: number | null;
  error: string | null;
}

export const CSV_COLUMNS: (keyof SweepRow)[] = ['name', 'cell', 'sharingRate', 'seed', 'status', 'rnnParameters', 'totalParameters', 'validPerplexity', 'testPerplexity', 'bestValidPerplexity', 'epochs', 'steps', 'seconds', 'error'];

/** A sweep row from a grid point and its run's result.json (or its failure). */
export function sweepRow(p: GridPoint, r: RunResult | undefined, error?: string): SweepRow {
  return {
    name: p.name, cell: p.cell, sharingRate: p.sharingRate, seed: p.seed, status: r ? 'done' : 'failed',
    rnnParameters: r?.compression.parameters.rnnParameters ?? null, totalParameters: r?.compression.parameters.total ?? null,
    validPerplexity: r?.valid.perplexity ?? null, testPerplexity: r?.test.perplexity ?? null,
    bestValidPerplexity: r && Number.isFinite(r.train.bestValidPerplexity) ? r.train.bestValidPerplexity : null,
    epochs: r?.train.epochs ?? null, steps: r?.train.steps ?? null, seconds: r?.train.seconds ?? null,
    error: r ? null : (error ?? 'no result'),
  };
}

const csvCell = (v: unknown) => {
  const s = v == null ? '' : String(v);
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

const ppl = (x: number | null) => (x == null ? 'failed' : x.toFixed(2));

/** results.md: a cells x rates table of test perplexity (mean over seeds), then every run. */
export function toMarkdown(rows: SweepRow[], o: { title: string; command: string; description: string; charts: string[] }): string {
  const means = meanOverSeeds(rows);
  const rates = [...new Set(rows.map((r) => r.sharingRate))];
  const cells = [...new Set(rows.map((r) => r.cell))];
  const at = (cell: string, rate: number) => means.find((m) => m.cell === cell && m.sharingRate === rate);
  const pivot: Cell[][] = cells.flatMap((cell) => [
    // '-' where the grid has no such point (a --points sweep), 'failed' where its runs failed
    [`${cell}: test ppl`, ...rates.map((r) => (rows.some((x) => x.cell === cell && x.sharingRate === r) ? ppl(at(cell, r)?.testPerplexity ?? null) : '-'))],
    [`${cell}: RNN params`, ...rates.map((r) => at(cell, r)?.rnnParameters ?? '-')],
  ]);
  const runs: Cell[][] = rows.map((r) => [r.name, r.cell, String(r.sharingRate), String(r.seed), r.rnnParameters ?? '-', ppl(r.validPerplexity), ppl(r.testPerplexity), r.steps ?? '-', r.seconds == null ? '-' : r.seconds.toFixed(0)]);
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
    markdownTable(['run', 'cell', 'r', 'seed', 'rnn params', 'valid ppl', 'test ppl', 'steps', 'seconds'], runs),
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
