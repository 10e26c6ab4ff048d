/** `rrnn bench --reference <file>`: the authors' code's rows, as apps/cli/bench/reference_speed.py prints them. */
import { readFileSync } from 'node:fs';
import { UsageError } from '../framework/errors.js';
import { CELLS } from '../training/options.js';
import type { ReferenceRow } from './types.js';

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
