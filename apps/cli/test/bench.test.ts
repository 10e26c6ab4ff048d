// `rrnn bench --quick --json`, run through the command itself (tiny sizes: shape and sanity, not speed).
import { describe, expect, it } from 'vitest';
import bench from '../src/commands/bench';
import type { Io } from '../src/framework/command';
import type { BenchReport } from '../src/bench/types';
import { benchText } from '../src/bench/table';
import { parseReferenceRows } from '../src/bench/reference';
import { epochSeconds } from '../src/bench/types';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './helpers';

async function runJson(args: Record<string, unknown>, progress: string[] = []): Promise<BenchReport> {
  let out = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void progress.push(t.trimEnd()), isTTY: false, columns: 80, cwd: process.cwd() };
  const opts = { backend: 'cpu', cells: ['rnn', 'lstm'], rates: [0, 1], scope: ['layer', 'lm'], peers: true, steps: 1, warmup: 0, quick: true, json: true, threads: 1, ...args };
  await bench.run({ opts: opts as never, args: [], io, signal: new AbortController().signal });
  return JSON.parse(out) as BenchReport;
}

describe('rrnn bench --quick --json', () => {
  it('prints one object with a row per impl x scope x cell x rate, figures consistent', async () => {
    const rep = await runJson({});
    expect(rep.backend).toBe('cpu');
    expect(rep.matmulGflops).toBeGreaterThan(0);
    expect(rep.matmulGflops).toBe(Math.max(...rep.matmul.map((m) => m.gflops)));
    const keys = rep.rows.map((r) => `${r.scope}/${r.impl}/${r.cell}/${r.sharingRate}`);
    expect(keys).toEqual([
      'layer/tfjs-layers/rnn/0', 'layer/rrnn/rnn/0', 'layer/rrnn/rnn/1',
      'layer/tfjs-layers/lstm/0', 'layer/rrnn/lstm/0', 'layer/rrnn/lstm/1',
      'lm/rrnn/rnn/0', 'lm/rrnn/rnn/1', 'lm/rrnn/lstm/0', 'lm/rrnn/lstm/1',
    ]);
    for (const r of rep.rows) {
      expect(r.threads).toBe(1);
      expect(r.tokensPerSecond).toBeGreaterThan(0);
      expect(Number.isFinite(r.tokensPerSecond)).toBe(true);
      expect(r.utilization).toBeCloseTo((r.tokensPerSecond * r.flopsPerToken) / (rep.matmulGflops * 1e9), 12);
    }
    // training FLOPs = 3 x forward: one 12 -> 12 layer, LSTM r=0 forward = 2*4*12*24; r=1 is 8x cheaper
    // (4 gates on shared rows, and both branches as one product S (x + h) since I = H)
    const L = rep.sizes.layer;
    expect(L.inputSize).toBe(L.hidden);
    const lstm = rep.rows.filter((r) => r.scope === 'layer' && r.cell === 'lstm');
    expect(lstm[0].flopsPerToken).toBe(3 * 2 * 4 * L.hidden * (L.inputSize + L.hidden));
    expect(lstm[1].flopsPerToken).toBe(lstm[0].flopsPerToken);
    expect(lstm[2].flopsPerToken).toBe(lstm[0].flopsPerToken / 8);
    // lm: 2 layers of 12 (tied) + decoder 2*12*50, times 3
    const M = rep.sizes.lm;
    expect(rep.rows.find((r) => r.scope === 'lm' && r.cell === 'rnn' && r.sharingRate === 0)!.flopsPerToken)
      .toBe(3 * (M.layers * 2 * M.hidden * (M.embedding + M.hidden) + 2 * M.embedding * M.vocab));
    expect(rep.tensorGrowth).toBe(0);
    expect(rep.peakRssMiB).toBeGreaterThan(10);
    const text = benchText(rep);
    expect(text).toMatch(/vs tfjs-layers/);
    expect(text).toContain('no reference rows: run apps/cli/bench/reference_speed.py');
    // lm rows: an evaluation rate (forward only: faster than training) and the epoch both rates give
    for (const r of rep.rows.filter((x) => x.scope === 'lm')) {
      expect(r.evalTokensPerSecond).toBeGreaterThan(0);
      const scored = (n: number) => M.batch * (Math.floor(n / M.batch) - 1);
      expect(r.epochSeconds).toBeCloseTo(scored(rep.sizes.epoch.trainTokens) / r.tokensPerSecond + scored(rep.sizes.epoch.validTokens) / r.evalTokensPerSecond!, 9);
    }
    expect(rep.quick).toBe(true);
    expect(text).toContain('--quick: tiny sizes');
    expect(text).not.toMatch(/target >=/);
    // the same figures at the paper's sizes are judged against the targets
    expect(benchText({ ...rep, quick: false })).toMatch(/LSTM layer r=0 vs tf\.layers\.lstm: \d+\.\d\dx \(target >= 4\.00x\)/);
  });

  it('--threads 2 adds a data-parallel lm row (worker threads) beside each one-thread row', async () => {
    const progress: string[] = [];
    const rep = await runJson({ cells: ['lstm'], rates: [0.5], scope: ['lm'], threads: 2, steps: 3, burst: 2 }, progress);
    expect(rep.rows.map((r) => [r.scope, r.cell, r.sharingRate, r.threads])).toEqual([['lm', 'lstm', 0.5, 1], ['lm', 'lstm', 0.5, 2]]);
    // timed in rounds of two steps back to back (then the one left): every step's seconds kept, the fastest counts
    expect(rep.timing).toEqual({ warmup: 0, steps: 3, burst: 2, statistic: 'best of steps', lmOrder: 'rounds' });
    expect(progress.filter((l) => l.startsWith('lm round'))).toEqual(['lm round 1 of 2 timed', 'lm round 2 of 2 timed']);
    const tokens = rep.sizes.lm.batch * rep.sizes.lm.bptt;
    for (const r of rep.rows) {
      expect(r.trainSeconds).toHaveLength(3);
      expect(r.evalSeconds).toHaveLength(3);
      expect(r.tokensPerSecond).toBeCloseTo(tokens / Math.min(...r.trainSeconds!), 9);
      expect(r.evalTokensPerSecond).toBeCloseTo(tokens / Math.min(...r.evalSeconds!), 9);
    }
    const [one, two] = rep.rows;
    expect(two.flopsPerToken).toBe(one.flopsPerToken);
    expect(two.tokensPerSecond).toBeGreaterThan(0);
    // per-thread utilization: two threads are held against twice the matMul rate
    expect(two.utilization).toBeCloseTo((two.tokensPerSecond * two.flopsPerToken) / (2 * rep.matmulGflops * 1e9), 12);
    // paired: each of the two bursts (steps 1-2, then 3) against the probe next to it, the median of the two
    for (const [r, held] of [[one, 1], [two, 2]] as const) {
      const [p0, p1] = r.burstProbeGflops!;
      expect(r.burstProbeGflops).toHaveLength(2);
      const share = (seconds: number, gflops: number) => (tokens * r.flopsPerToken) / seconds / (gflops * 1e9 * held);
      expect(r.pairedUtilization).toBeCloseTo((share(Math.min(...r.trainSeconds!.slice(0, 2)), p0) + share(r.trainSeconds![2], p1)) / 2, 12);
    }
    expect(benchText({ ...rep, quick: false })).toMatch(/ {2}the same, each burst against the rate probed next to it \(median\): \d+\.\d% \(target >= 65\.0%\)/);
    expect(benchText({ ...rep, quick: false })).toMatch(/paper LM RLSTM r=0\.5 on 2 threads vs one: \d+\.\d\dx \(target >= 1\.70x\)/);
    expect(rep.tensorGrowth).toBe(0);
  });

  it('--reference adds the reference rows, their epochs and the ratios, judged against the issue-16 targets', async () => {
    const dir = tempDir();
    const file = join(dir, 'ref.jsonl');
    writeFileSync(file, [
      { impl: 'reference-pytorch', cell: 'lstm', sharingRate: 0.5, threads: 2, tokensPerSecond: 1e9, evalTokensPerSecond: 3e9, statistic: 'best of 8' },
      { impl: 'reference-pytorch', cell: 'lstm', sharingRate: 0, threads: 2, tokensPerSecond: 1 },
    ].map((r) => JSON.stringify(r)).join('\n') + '\n\n');
    const rep = await runJson({ cells: ['lstm'], rates: [0.5], scope: ['lm'], threads: 2, reference: [file] });
    expect(rep.reference).toHaveLength(2);
    expect(rep.referenceRuns).toBe(1);
    expect(rep.reference![0].epochSeconds).toBeCloseTo(epochSeconds(1e9, 3e9, rep.sizes), 12);
    expect(rep.reference![1].epochSeconds).toBeUndefined(); // speed.py's rows have no evaluation rate
    const text = benchText({ ...rep, quick: false });
    // a reference a billion tokens/s fast: every ratio is far below target
    expect(text).toMatch(/NOT met {2}paper LM LSTM r=0\.5 on 2 thread\(s\) vs the reference on 2: 0\.00x \(target >= 1\.40x\)/);
    expect(text).toMatch(/NOT met {2} {2}its a tiny one epoch with validation vs the reference's: 0\.00x \(target >= 1\.30x\)/);
    expect(text).toContain('measured beside this run (--reference)');
  });

  it('--reference names a bad file, line and the fix before measuring anything', async () => {
    const fix = 'pass the output of `/usr/bin/python3 apps/cli/bench/reference_speed.py 2 > reference.jsonl`';
    expect(() => parseReferenceRows('{"impl":"reference-pytorch","cell":"lstm","sharingRate":0,"threads":2,"tokensPerSecond":5}\nnot json', 'r.jsonl')).toThrow(`--reference r.jsonl: line 2 is not JSON; ${fix}`);
    expect(() => parseReferenceRows('{"impl":"reference-pytorch","cell":"lstm","sharingRate":2,"threads":2,"tokensPerSecond":5}', 'r.jsonl')).toThrow('--reference r.jsonl: line 1 is not a reference row');
    expect(() => parseReferenceRows('{"impl":"reference-pytorch","cell":"cnn","sharingRate":0,"threads":2,"tokensPerSecond":5}', 'r.jsonl')).toThrow('line 1 is not a reference row');
    expect(() => parseReferenceRows('\n', 'r.jsonl')).toThrow('--reference r.jsonl: no rows');
    await expect(runJson({ reference: [join(tempDir(), 'missing.jsonl')] })).rejects.toThrow(/--reference .*missing\.jsonl: cannot read it \(ENOENT\)/);
  });

  it('--report prints a saved report again; with --reference runs before and after, each model\'s fastest rates count', async () => {
    const dir = tempDir();
    const saved = await runJson({ cells: ['rnn'], rates: [1], scope: ['lm'] });
    const file = join(dir, 'bench.json');
    writeFileSync(file, JSON.stringify(saved));
    // nothing measured: the same report back
    expect(await runJson({ report: file, cells: ['gru'] })).toEqual(saved);
    const row = (tokensPerSecond: number, evalTokensPerSecond?: number) =>
      JSON.stringify({ impl: 'reference-pytorch', cell: 'rnn', sharingRate: 1, threads: 2, tokensPerSecond, ...(evalTokensPerSecond ? { evalTokensPerSecond } : {}) });
    const before = join(dir, 'before.jsonl');
    const after = join(dir, 'after.jsonl');
    writeFileSync(before, `${row(900, 4000)}\n${JSON.stringify({ impl: 'reference-pytorch', cell: 'lstm', sharingRate: 0, threads: 2, tokensPerSecond: 5 })}\n`);
    writeFileSync(after, `${row(1000, 3000)}\n`);
    const rep = await runJson({ report: file, reference: [before, after] });
    expect(rep.rows).toEqual(saved.rows);
    expect(rep.referenceRuns).toBe(2);
    // training from the run after, evaluation from the run before; a model in one run only is kept as it is
    expect(rep.reference).toEqual([
      { impl: 'reference-pytorch', cell: 'rnn', sharingRate: 1, threads: 2, tokensPerSecond: 1000, evalTokensPerSecond: 4000, epochSeconds: epochSeconds(1000, 4000, saved.sizes) },
      { impl: 'reference-pytorch', cell: 'lstm', sharingRate: 0, threads: 2, tokensPerSecond: 5 },
    ]);
    const fix = 'pass a file written by `rrnn bench --json > bench.json`';
    await expect(runJson({ report: join(dir, 'missing.json') })).rejects.toThrow(`--report ${join(dir, 'missing.json')}: cannot read it (ENOENT); ${fix}`);
    writeFileSync(join(dir, 'other.json'), '{"rows": []}');
    await expect(runJson({ report: join(dir, 'other.json') })).rejects.toThrow(`--report ${join(dir, 'other.json')}: not a bench report (backend, matmulGflops, sizes, timing, rows); ${fix}`);
    writeFileSync(join(dir, 'torn.json'), '{"rows": [');
    await expect(runJson({ report: join(dir, 'torn.json') })).rejects.toThrow(`--report ${join(dir, 'torn.json')}: is not JSON; ${fix}`);
  });

  it('--no-peers --scope layer measures only our layers', async () => {
    const rep = await runJson({ cells: ['gru'], rates: [0.5], scope: ['layer'], peers: false });
    expect(rep.rows.map((r) => [r.impl, r.scope, r.cell, r.sharingRate])).toEqual([['rrnn', 'layer', 'gru', 0.5]]);
  });
});
