#!/usr/bin/env node
// The docs' performance table from one quiet window's measurements: `rrnn bench --scope lm
// --reference reference.jsonl --json > bench.json` beside the authors' code
// (apps/cli/bench/reference_speed.py > reference.jsonl). Copy both into apps/docs/results/<set>/, then
//   node apps/docs/scripts/bench-table.mjs apps/docs/results/<set>
// writes <set>/table.md (the page includes it). Only arithmetic on the measured figures.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: bench-table.mjs <result folder holding bench.json>');
  process.exit(2);
}
const rep = JSON.parse(readFileSync(join(dir, 'bench.json'), 'utf8'));
if (!rep.reference?.length) throw new Error(`${join(dir, 'bench.json')} has no reference rows: run rrnn bench with --reference`);
const lm = rep.rows.filter((r) => r.scope === 'lm');
const n = (x) => Math.round(x).toLocaleString('en-US');
const x = (a, b) => `${(a / b).toFixed(2)}x`;
// reports from before the bench probed next to each burst have no paired column
const paired = lm.some((r) => r.pairedUtilization !== undefined);
const lines = [
  `| model | rrnn 1 thread | rrnn 2 threads | reference 2 threads | rrnn / reference | of matMul (2 threads) |${paired ? ' of matMul, paired (2 threads) |' : ''} epoch + validation: rrnn / reference (s) | epoch ratio |`,
  `| --- | ---: | ---: | ---: | ---: | ---: |${paired ? ' ---: |' : ''} ---: | ---: |`,
];
for (const ref of rep.reference) {
  const at = (threads) => lm.find((r) => r.cell === ref.cell && r.sharingRate === ref.sharingRate && r.threads === threads);
  const one = at(1);
  const two = at(2) ?? one;
  if (!two) continue;
  const epoch = two.epochSeconds && ref.epochSeconds ? `${n(two.epochSeconds)} / ${n(ref.epochSeconds)}` : '–';
  lines.push(`| ${ref.cell.toUpperCase()} r = ${ref.sharingRate} | ${one ? n(one.tokensPerSecond) : '–'} | ${n(two.tokensPerSecond)} | ${n(ref.tokensPerSecond)} | ${x(two.tokensPerSecond, ref.tokensPerSecond)} | ${(100 * two.utilization).toFixed(0)}% |${paired ? ` ${two.pairedUtilization === undefined ? '–' : `${(100 * two.pairedUtilization).toFixed(0)}%`} |` : ''} ${epoch} | ${two.epochSeconds && ref.epochSeconds ? x(ref.epochSeconds, two.epochSeconds) : '–'} |`);
}
lines.push('', `Training tokens/s (best of ${rep.timing.steps} steps after ${rep.timing.warmup} warm-up${(rep.timing.burst ?? 1) > 1 ? `, in rounds of ${rep.timing.burst} back to back` : ''}; the reference: best of its own repetitions${(rep.referenceRuns ?? 1) > 1 ? `, the fastest of ${rep.referenceRuns} runs per model` : ''}); matMul rate of one wasm thread${rep.blas ? ` (its products on ${rep.blas})` : ''} ${rep.matmulGflops.toFixed(1)} GFLOP/s${paired ? ' (the best probe of the run); paired: each burst against the better of the probes right before and after it, the median over bursts' : ''}; epoch = ${rep.sizes.epoch.corpus} (${n(rep.sizes.epoch.trainTokens)} training tokens, then validation on ${n(rep.sizes.epoch.validTokens)}) at the measured training and evaluation rates.`, '');
writeFileSync(join(dir, 'table.md'), `${lines.join('\n')}\n`);
console.log(`bench-table: wrote ${join(dir, 'table.md')}`);
