#!/usr/bin/env node
// Size on disk and test perplexity of finished runs exported as tfjs LayersModels, with float32,
// float16 and uint8 weights: the docs' quantization table. Build the CLI first (`pnpm build`), then
//   node apps/docs/scripts/quantization-table.mjs <sweep folder> <result set> <run name>...
// e.g. node apps/docs/scripts/quantization-table.mjs ~/.cache/rrnn/runs/ptb-paper-td-e8 ptb-paper-td-e8 lstm-r0-s0 lstm-r0.5-s0
// Every export is measured by `rrnn export` itself (it prints and writes the perplexity of the stored
// weights into meta.json); this script only collects them into
// apps/docs/results/<result set>/quantization.{json,md}.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const docs = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repo = resolve(docs, '..', '..');
const [sweep, set, ...runs] = process.argv.slice(2);
if (!sweep || !set || runs.length === 0) {
  console.error('usage: quantization-table.mjs <sweep folder> <result set under apps/docs/results> <run name>...');
  process.exit(2);
}
export const QUANTIZATIONS = ['float32', 'float16', 'uint8'];
const scratch = mkdtempSync(join(tmpdir(), 'rrnn-quantization-'));

function rrnn(args) {
  console.log(`$ rrnn ${args.join(' ')}`);
  const r = spawnSync('node', [resolve(repo, 'apps/cli/dist/bin.js'), ...args], { cwd: repo, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`rrnn ${args[0]} failed (exit ${r.status}); is the CLI built (pnpm build)?`);
}

const rows = [];
for (const name of runs) {
  const run = resolve(sweep, name);
  const model = JSON.parse(readFileSync(join(run, 'run.json'), 'utf8')).config?.model;
  // the checkpoint rrnn export reads: best/, else last/ (epochs counted from 1)
  const ck = ['best', 'last'].map((k) => join(run, k, 'training-state.json')).find((f) => existsSync(f));
  const epochs = ck ? JSON.parse(readFileSync(ck, 'utf8')).epoch : undefined;
  const measured = {};
  for (const q of QUANTIZATIONS) {
    const out = join(scratch, `${name}-${q}`);
    rrnn(['export', run, out, '--format', 'layers', ...(q === 'float32' ? [] : ['--quantize', q])]);
    const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8'));
    // a finished run's float32 perplexity is in its result.json; export measures it beside every quantized one
    if (meta.float32TestPerplexity !== undefined) measured.float32 = meta.float32TestPerplexity;
    if (q !== 'float32' || meta.testPerplexity !== undefined) measured[q] = meta.testPerplexity;
    rows.push({
      run: name, cell: model?.cell, sharingRates: model?.sharingRates, epochs, quantization: q,
      weightBytes: statSync(join(out, 'weights.bin')).size, modelJsonBytes: statSync(join(out, 'model.json')).size,
    });
  }
  for (const r of rows.filter((x) => x.run === name)) {
    r.testPerplexity = measured[r.quantization];
    if (typeof r.testPerplexity !== 'number') throw new Error(`no test perplexity for ${name} ${r.quantization}`);
  }
}
const dir = resolve(docs, 'results', set);
writeFileSync(join(dir, 'quantization.json'), JSON.stringify(rows, null, 2) + '\n');
const mb = (b) => (b / 1e6).toFixed(2);
const md = [
  '| run | cell | r | epochs | weights | weights.bin (MB) | test perplexity | vs float32 |',
  '| --- | --- | --- | ---: | --- | ---: | ---: | ---: |',
  ...rows.map((r) => {
    const f = rows.find((x) => x.run === r.run && x.quantization === 'float32');
    return `| ${r.run} | ${String(r.cell).toUpperCase()} | ${r.sharingRates?.[0]} | ${r.epochs ?? '?'} | ${r.quantization} | ${mb(r.weightBytes)} | ${r.testPerplexity.toFixed(2)} | ${r === f ? '' : `${(100 * (r.testPerplexity / f.testPerplexity - 1)).toFixed(2)}%`} |`;
  }),
].join('\n');
writeFileSync(join(dir, 'quantization.md'), md + '\n');
console.log(md);
