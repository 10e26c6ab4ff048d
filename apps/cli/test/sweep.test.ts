import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, rrnn, tempDir, writeTinyCorpus } from './helpers';

let work: string;
let sweepDir: string;
let args: string[];
let first: Awaited<ReturnType<typeof rrnn>>;

beforeAll(async () => {
  ensureBuilt();
  work = tempDir();
  const corpus = writeTinyCorpus(work);
  sweepDir = join(work, 'sweep');
  args = ['sweep', '--cells', 'rnn,lstm', '--rates', '1,0', '--seeds', '0', '--corpus', corpus, '--embedding', '8', '--hidden', '8', '--layers', '1',
    '--batch', '4', '--bptt', '8', '--max-steps', '3', '--backend', 'wasm', '--jobs', '2', '--out', sweepDir];
  first = await rrnn(args, { cwd: work });
});

describe('rrnn sweep', () => {
  it('trains every grid point in its own folder and writes csv, jsonl, a markdown table and an SVG chart', () => {
    expect(first.code, first.stderr).toBe(0);
    const names = ['rnn-r1-s0', 'rnn-r0-s0', 'lstm-r1-s0', 'lstm-r0-s0'];
    for (const n of names) expect(existsSync(join(sweepDir, n, 'result.json')), n).toBe(true);

    const csv = readFileSync(join(sweepDir, 'results.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(1 + names.length);
    const header = csv[0].split(',');
    const rows = csv.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i], v])));
    expect(rows.map((r) => r.name)).toEqual(names);
    expect(rows.every((r) => r.status === 'done' && Number(r.testPerplexity) > 1 && r.steps === '3')).toBe(true);
    // restricted (r = 1) has fewer parameters than classic (r = 0) for the same cell
    expect(Number(rows[0].rnnParameters)).toBeLessThan(Number(rows[1].rnnParameters));
    expect(Number(rows[2].rnnParameters)).toBeLessThan(Number(rows[3].rnnParameters));
    // lstm 8 -> 8 tied, r = 0: R = 2*4*8 = 64, K = 8 -> 64*8 + 64 recurrent parameters, plus the decoder bias
    const vocab = Number(rows[3].rnnParameters) - (64 * 8 + 64);
    expect(Number(rows[2].rnnParameters)).toBe(8 * 8 + 8 + vocab); // r = 1: R = 8

    const jsonl = readFileSync(join(sweepDir, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(jsonl.map((r) => r.testPerplexity)).toEqual(rows.map((r) => Number(r.testPerplexity)));

    const md = readFileSync(join(sweepDir, 'results.md'), 'utf8');
    expect(md).toMatch(/^\| +\| r = 1 \| r = 0 \|$/m);
    expect(md).toMatch(/^\| lstm: test ppl \| \d+\.\d\d \| \d+\.\d\d \|$/m);
    expect(md).toContain('![perplexity-vs-parameters.svg](perplexity-vs-parameters.svg)');
    expect(first.stdout).toContain('| rnn: test ppl |');

    const svg = readFileSync(join(sweepDir, 'perplexity-vs-parameters.svg'), 'utf8');
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    const series = [...svg.matchAll(/<g class="series" data-name="(\w+)">\s*<polyline /g)].map((m) => m[1]);
    expect(series).toEqual(['RNN', 'LSTM']);
    expect(svg).toContain('test perplexity');
    // balanced tags, XML-ish
    const open = (svg.match(/<g[ >]/g) ?? []).length;
    expect((svg.match(/<\/g>/g) ?? []).length).toBe(open);
  });

  it('is resumable: finished runs are skipped, a missing result is redone from its checkpoint', async () => {
    const before = readFileSync(join(sweepDir, 'lstm-r1-s0', 'result.json'), 'utf8');
    rmSync(join(sweepDir, 'rnn-r0-s0', 'result.json'));
    const again = await rrnn([...args, '--json'], { cwd: work });
    expect(again.code, again.stderr).toBe(0);
    const events = again.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(events[0]).toMatchObject({ type: 'sweep', runs: 4, finished: 3, todo: 1 });
    expect(events.filter((e) => e.type === 'run-start')).toEqual([{ type: 'run-start', name: 'rnn-r0-s0', resume: true }]);
    expect(events[events.length - 1]).toMatchObject({ type: 'sweep-done', runs: 4, failed: 0 });
    expect(readFileSync(join(sweepDir, 'lstm-r1-s0', 'result.json'), 'utf8')).toBe(before);
    expect(existsSync(join(sweepDir, 'rnn-r0-s0', 'result.json'))).toBe(true);
  });

  it('refuses to mix different training settings into one sweep folder', async () => {
    const other = args.map((a) => (a === '8' ? '6' : a));
    const r = await rrnn(other, { cwd: work });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('holds a sweep with other training settings');
  });

  it('lets a resumed sweep change --max-steps (as train --resume does): finished runs stay, the rest train to the new budget', async () => {
    const longer = args.map((a, i) => (args[i - 1] === '--max-steps' ? '4' : a));
    rmSync(join(sweepDir, 'lstm-r0-s0', 'result.json'));
    const r = await rrnn([...longer, '--json'], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(events.filter((e) => e.type === 'run-start')).toEqual([{ type: 'run-start', name: 'lstm-r0-s0', resume: true }]);
    const result = JSON.parse(readFileSync(join(sweepDir, 'lstm-r0-s0', 'result.json'), 'utf8'));
    expect(result.train.steps).toBe(4);
  });

  it('--points trains given cell:rate pairs (a comparison across cells) with one thread per parallel run', async () => {
    const out = join(work, 'points');
    const pointArgs = args.map((a, i) => (args[i - 1] === '--out' ? out : a)).filter((a, i, all) => !['--cells', '--rates'].includes(a) && !['--cells', '--rates'].includes(all[i - 1]));
    const r = await rrnn([...pointArgs, '--points', 'lstm:0.5,rnn:0', '--json'], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    const csv = readFileSync(join(out, 'results.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').slice(0, 5).join(','));
    expect(csv).toEqual(['lstm-r0.5-s0,lstm,0.5,0,done', 'rnn-r0-s0,rnn,0,0,done']);
    // --jobs 2 on this machine's cores: each run got its share
    const threads = JSON.parse(readFileSync(join(out, 'rnn-r0-s0', 'result.json'), 'utf8')).train.threads;
    expect(threads).toBe(Math.max(1, Math.floor(availableParallelism() / 2)));
    expect(readFileSync(join(out, 'results.md'), 'utf8')).toContain('--points lstm:0.5,rnn:0');
  });

  it('--points with --cells or --rates, or a malformed pair, is a usage error', async () => {
    const both = await rrnn(['sweep', '--points', 'lstm:0.5', '--cells', 'rnn', '--out', join(work, 'x')], { cwd: work });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--points replaces --cells and --rates');
    const bad = await rrnn(['sweep', '--points', 'lstm:1.5', '--out', join(work, 'x')], { cwd: work });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--points: a sharing rate must be between 0 and 1');
  });
});

describe('rrnn sweep: learning curves, final checkpoints, --report', () => {
  it('records every epoch, the final checkpoint\'s test perplexity, and reports a run still training without training it', async () => {
    const out = join(work, 'curves');
    const base = ['sweep', '--corpus', join(work, 'tiny'), '--embedding', '8', '--hidden', '8', '--layers', '1', '--batch', '4', '--bptt', '8',
      '--epochs', '3', '--lr', '30', '--backend', 'wasm', '--jobs', '1', '--threads', '1', '--out', out];
    const r = await rrnn([...base, '--points', 'lstm:0', '--json'], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(readFileSync(join(out, 'lstm-r0-s0', 'result.json'), 'utf8'));
    expect(result.final.test.perplexity).toBeGreaterThan(1);
    if (result.final.isBest) expect(result.final.test.perplexity).toBe(result.test.perplexity);
    const row = JSON.parse(readFileSync(join(out, 'results.jsonl'), 'utf8').trim());
    expect(row.validCurve).toHaveLength(3);
    expect(row.bestValidPerplexity).toBeCloseTo(Math.min(...row.validCurve), 6);
    expect(row.finalTestPerplexity).toBe(result.final.test.perplexity);
    expect(row.tokensPerSecond).toBeGreaterThan(0);

    // a second point that has trained one epoch and is still going (no result.json yet)
    const running = join(out, 'lstm-r1-s0');
    mkdirSync(running);
    const firstEpoch = readFileSync(join(out, 'lstm-r0-s0', 'events.jsonl'), 'utf8').split('\n').filter((l) => l.includes('"type":"epoch"'))[0];
    writeFileSync(join(running, 'events.jsonl'), `${firstEpoch}\n`);
    const report = await rrnn([...base, '--points', 'lstm:0,lstm:1', '--report'], { cwd: work });
    expect(report.code, report.stderr).toBe(0);
    expect(existsSync(join(running, 'result.json')) || existsSync(join(running, 'last'))).toBe(false); // nothing trained
    expect(report.stdout).toContain('1 of 2 runs finished, 1 still training.');
    expect(report.stdout).toMatch(/\| lstm: test ppl \| \d+\.\d\d \| training \|/);
    const svg = readFileSync(join(out, 'learning-curves.svg'), 'utf8');
    expect([...svg.matchAll(/data-name="([^"]+)"/g)].map((m) => m[1])).toEqual(['LSTM r=0', 'LSTM r=1 (training)']);
  });
});
