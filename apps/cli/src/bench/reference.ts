/**
 * `rrnn bench --reference <file,...>`: the authors' code's rows, as apps/cli/bench/reference_speed.py
 * prints them, and `--report <bench.json>`: a saved report, to print again with them.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../framework/errors.js';
import { CELLS } from '../training/options.js';
import { epochSeconds, type BenchReport, type ReferenceRow } from './types.js';

const positive = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x > 0;

/**
 * Parse the JSON lines of reference_speed.py (or ../shared/reference/speed.py, whose rows have no
 * evaluation rate). Blank lines are skipped; any other line that is not such a row is an error
 * naming the file and the line.
 */
export function parseReferenceRows(text: string, file: string): ReferenceRow[] {
  const rows: ReferenceRow[] = [];
  const fix = 'pass the output of `/usr/bin/python3 apps/cli/bench/reference_speed.py 2 > reference.jsonl`';
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    let r: Partial<ReferenceRow>;
    try {
      r = JSON.parse(line) as Partial<ReferenceRow>;
    } catch {
      throw new UsageError(`--reference ${file}: line ${i + 1} is not JSON; ${fix}`);
    }
    const ok = r.impl === 'reference-pytorch' && (CELLS as readonly string[]).includes(r.cell as string) && typeof r.sharingRate === 'number'
      && r.sharingRate >= 0 && r.sharingRate <= 1 && Number.isInteger(r.threads) && positive(r.threads) && positive(r.tokensPerSecond)
      && (r.evalTokensPerSecond === undefined || positive(r.evalTokensPerSecond));
    if (!ok) throw new UsageError(`--reference ${file}: line ${i + 1} is not a reference row {impl: "reference-pytorch", cell, sharingRate, threads, tokensPerSecond[, evalTokensPerSecond]}; ${fix}`);
    const { impl, cell, sharingRate, threads, tokensPerSecond, evalTokensPerSecond } = r as ReferenceRow;
    rows.push({ impl, cell, sharingRate, threads, tokensPerSecond, ...(evalTokensPerSecond ? { evalTokensPerSecond } : {}) });
  });
  if (!rows.length) throw new UsageError(`--reference ${file}: no rows; ${fix}`);
  return rows;
}

/** Read and parse a `--reference` file; a missing file is an error naming it. */
export function readReferenceRows(file: string): ReferenceRow[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--reference ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseReferenceRows(text, file);
}

/**
 * Several runs of the reference as one (e.g. timed before and after rrnn in one window): per model and
 * thread count, the fastest training rate and the fastest evaluation rate of any run. Taking each side at
 * its best keeps a slow minute during one run from flattering rrnn's ratios.
 */
export function fastestReferenceRows(runs: ReferenceRow[][]): ReferenceRow[] {
  const best = new Map<string, ReferenceRow>();
  for (const r of runs.flat()) {
    const key = `${r.cell}/${r.sharingRate}/${r.threads}`;
    const was = best.get(key);
    const evalRates = [was?.evalTokensPerSecond, r.evalTokensPerSecond].filter((x): x is number => x !== undefined);
    best.set(key, {
      ...(was ?? r),
      tokensPerSecond: Math.max(was?.tokensPerSecond ?? 0, r.tokensPerSecond),
      ...(evalRates.length ? { evalTokensPerSecond: Math.max(...evalRates) } : {}),
    });
  }
  return [...best.values()];
}

/** The report with `rows` (the fastest of `runs` runs) as its reference, each given the seconds of one epoch where it has an evaluation rate. */
export function withReference(report: BenchReport, rows: ReferenceRow[], runs: number): BenchReport {
  const reference = rows.map(({ epochSeconds: _, ...r }) => (r.evalTokensPerSecond ? { ...r, epochSeconds: epochSeconds(r.tokensPerSecond, r.evalTokensPerSecond, report.sizes) } : r));
  return { ...report, reference, referenceRuns: runs };
}

/** Read a saved `rrnn bench --json` report (`--report`); a missing or foreign file is an error naming it. */
export function readBenchReport(file: string): BenchReport {
  const fix = 'pass a file written by `rrnn bench --json > bench.json`';
  let rep: Partial<BenchReport>;
  try {
    rep = JSON.parse(readFileSync(file, 'utf8')) as Partial<BenchReport>;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`--report ${file}: ${code ? `cannot read it (${code})` : 'is not JSON'}; ${fix}`);
  }
  const ok = rep && typeof rep === 'object' && typeof rep.backend === 'string' && Array.isArray(rep.rows) && positive(rep.matmulGflops)
    && typeof rep.sizes?.epoch?.trainTokens === 'number' && typeof rep.timing?.steps === 'number';
  if (!ok) throw new UsageError(`--report ${file}: not a bench report (backend, matmulGflops, sizes, timing, rows); ${fix}`);
  return rep as BenchReport;
}
