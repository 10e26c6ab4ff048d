import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, rrnn, tempDir, writeTinyCorpus } from './helpers';
import type { RunResult } from '../src/training/evaluate';

// Tiny sizes on a tiny corpus, the wasm backend: every run takes a second or two.
const TINY = ['--embedding', '16', '--hidden', '16', '--layers', '1', '--batch', '4', '--bptt', '8', '--backend', 'wasm'];

let work: string;
let corpus: string;
let runDir: string;
let result: { test: { perplexity: number; tokens: number }; valid: { perplexity: number }; unigram: { test: number }; train: { steps: number }; compression: { rnnParameters: number; baselineRnnParameters: number; parameters: { rnnParameters: number } } };

const jsonLines = (s: string) => s.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(async () => {
  ensureBuilt();
  work = tempDir();
  corpus = writeTinyCorpus(work);
  const r = await rrnn(['train', '--corpus', corpus, ...TINY, '--max-steps', '40', '--log-every', '10', '--name', 'tiny', '--json'], { cwd: work });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const events = jsonLines(r.stdout);
  expect(events.filter((e) => e.type === 'step').map((e) => e.step)).toEqual([10, 20, 30, 40]);
  expect(events.some((e) => e.type === 'checkpoint')).toBe(true);
  const last = events[events.length - 1];
  expect(last.type).toBe('result');
  runDir = join(work, 'runs', 'tiny');
  result = JSON.parse(readFileSync(join(runDir, 'result.json'), 'utf8'));
  expect(last.test).toEqual(result.test);
});

describe('rrnn train', () => {
  it('writes the run folder and a result that beats the unigram baseline', () => {
    for (const f of ['run.json', 'events.jsonl', 'result.json', 'last/model.json', 'last/weights.bin', 'last/vocab.json']) expect(existsSync(join(runDir, f)), f).toBe(true);
    expect(result.train.steps).toBe(40);
    expect(result.test.perplexity).toBeGreaterThan(1);
    expect(result.test.perplexity).toBeLessThan(result.unigram.test);
    // lstm 16 -> 16 (tied), r = 0.5, vocabulary 23 (21 words + <unk> + <eos>): s = 8, p = 8, R = 8 + 2*4*8 = 72, K = 16;
    // classic: R = 2*4*16 = 128. RNN parameters = R*K + R + decoder bias.
    expect(result.compression.rnnParameters).toBe(72 * 16 + 72 + 23);
    expect(result.compression.baselineRnnParameters).toBe(128 * 16 + 128 + 23);
    // the parameter counts are stored once, in the compression report
    expect(result).not.toHaveProperty('parameters');
    expect(result.compression.parameters.rnnParameters).toBe(72 * 16 + 72 + 23);
  });

  it('prints test perplexity and the compression report', async () => {
    const r = await rrnn(['train', '--corpus', corpus, ...TINY, '--max-steps', '2', '--out', join(work, 'printed'), '--quiet'], { cwd: work });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^test perplexity \d+\.\d\d$/m);
    expect(r.stdout).toContain('compression report');
    expect(r.stdout).toMatch(/compression rate\s+0\.567 \(43\.3% of the RNN parameters saved\)/);
  });

  it('--threads 2 trains, validates and tests data-parallel on a worker thread: without dropout the same losses and perplexities as one thread', async () => {
    const losses = async (threads: string) => {
      const r = await rrnn(['train', '--corpus', corpus, ...TINY, '--dropout', '0', '--max-steps', '6', '--log-every', '1', '--threads', threads, '--out', join(work, `threads${threads}`), '--json'], { cwd: work });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const result = JSON.parse(readFileSync(join(work, `threads${threads}`, 'result.json'), 'utf8')) as RunResult;
      return { result, steps: jsonLines(r.stdout).filter((e) => e.type === 'step').map((e) => e.loss as number) };
    };
    const one = await losses('1');
    const two = await losses('2');
    expect([one.result.train.threads, two.result.train.threads]).toEqual([1, 2]);
    expect(two.steps).toHaveLength(6);
    two.steps.forEach((l, i) => expect(Math.abs(l - one.steps[i])).toBeLessThan(1e-4));
    expect(two.result.valid.perplexity).toBeCloseTo(one.result.valid.perplexity, 2);
    expect(two.result.test.perplexity).toBeCloseTo(one.result.test.perplexity, 2);
    expect(two.result.test.tokens).toBe(one.result.test.tokens);
  });

  it('never overwrites a run without --force', async () => {
    const r = await rrnn(['train', '--corpus', corpus, ...TINY, '--max-steps', '2', '--name', 'tiny'], { cwd: work });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/runs\/tiny already exists: pass --force/);
    expect(JSON.parse(readFileSync(join(runDir, 'result.json'), 'utf8')).train.steps).toBe(40);
  });

  it('--resume refuses to change the model', async () => {
    const r = await rrnn(['train', '--resume', runDir, '--hidden', '32']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--hidden cannot change');
  });
});

describe('using a trained run', () => {
  it('eval reproduces the run\'s perplexities, showing the progress of each pass', async () => {
    const r = await rrnn(['eval', runDir, '--json']);
    expect(r.code).toBe(0);
    // not a terminal: a line as each pass starts and at each quarter
    expect(r.stderr).toMatch(/^evaluating valid \d+%, ETA \S+\n/m);
    expect(r.stderr).toMatch(/^evaluating test 100%, ETA 0s$/m);
    const e = JSON.parse(r.stdout);
    expect(e.test.perplexity).toBeCloseTo(result.test.perplexity, 4);
    expect(e.valid.perplexity).toBeCloseTo(result.valid.perplexity, 4);
    const b1 = JSON.parse((await rrnn(['eval', runDir, '--json', '--batch', '1'])).stdout);
    expect(b1.test.tokens).toBeGreaterThan(e.test.tokens); // one stream scores more tokens than ten
    // the streams split between this thread and a worker: the same scores
    const [one, two] = await Promise.all(['1', '2'].map(async (t) => JSON.parse((await rrnn(['eval', runDir, '--json', '--threads', t])).stdout)));
    expect(two.test.perplexity).toBeCloseTo(one.test.perplexity, 4);
    expect(two.valid.perplexity).toBeCloseTo(one.valid.perplexity, 4);
    expect(one.test.perplexity).toBeCloseTo(e.test.perplexity, 4);
  });

  it('generate is reproducible for a seed and uses the vocabulary', async () => {
    const [a, b] = await Promise.all([0, 0].map(() => rrnn(['generate', runDir, '--length', '12', '--seed', '7', '--top-k', '5', '--json'])));
    expect(a.code).toBe(0);
    const words = JSON.parse(a.stdout).words as string[];
    expect(words).toHaveLength(12);
    expect(JSON.parse(b.stdout).words).toEqual(words);
    const vocab = new Set(readFileSync(join(corpus, 'text.txt'), 'utf8').split(/\s+/).filter(Boolean));
    for (const w of words) expect(vocab.has(w) || w === '<eos>' || w === '<unk>').toBe(true);
  });

  it('predict lists the top-k next words with probabilities; the exported folder predicts the same', async () => {
    const r = await rrnn(['predict', runDir, 'the cat', '--top-k', '4', '--json']);
    expect(r.code).toBe(0);
    const next = JSON.parse(r.stdout) as { word: string; probability: number }[];
    expect(next).toHaveLength(4);
    for (let i = 1; i < next.length; i++) expect(next[i].probability).toBeLessThanOrEqual(next[i - 1].probability);
    expect(next.reduce((s, p) => s + p.probability, 0)).toBeLessThanOrEqual(1 + 1e-6);

    const out = join(work, 'export');
    const ex = await rrnn(['export', runDir, out]);
    expect(ex.code).toBe(0);
    for (const f of ['model.json', 'weights.bin', 'vocab.json', 'config.json', 'meta.json']) expect(existsSync(join(out, f)), f).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')).format).toBe('rrnn-lm');
    const again = await rrnn(['predict', out, 'the cat', '--top-k', '4', '--json']);
    expect(JSON.parse(again.stdout)).toEqual(next);
    const refused = await rrnn(['export', runDir, out]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is not empty: pass --force');
  });

  it('export --format layers --quantize uint8 writes a LayersModel tf.loadLayersModel reads, and measures both perplexities', async () => {
    const out = join(work, 'export-layers');
    expect((await rrnn(['export', runDir, out])).code).toBe(0); // an rrnn-format export first, replaced below
    const ex = await rrnn(['export', runDir, out, '--format', 'layers', '--quantize', 'uint8', '--force']);
    expect(ex.code, ex.stderr).toBe(0);
    expect(ex.stdout).toContain('(model.json, weights.bin, vocab.json, meta.json; layers format');
    expect(existsSync(join(out, 'config.json'))).toBe(false); // the earlier export's, not left behind
    const m = ex.stdout.match(/test perplexity: float32 ([\d.]+), uint8 ([\d.]+)/);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeCloseTo(result.test.perplexity, 1);
    expect(Math.abs(Number(m![2]) / Number(m![1]) - 1)).toBeLessThan(0.05);
    const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8'));
    expect(meta).toMatchObject({ modelFormat: 'layers', quantization: 'uint8' });
    expect(meta.float32TestPerplexity).toBeCloseTo(Number(m![1]), 2);
    const json = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].weights.every((w: { quantization?: { dtype: string } }) => w.quantization?.dtype === 'uint8')).toBe(true);
    expect(existsSync(join(out, 'vocab.json'))).toBe(true);
    // a plain tfjs program loads it: tf.loadLayersModel with @rrnn/core/layers imported
    const script = [
      "import * as tf from '@tensorflow/tfjs-core'; import * as tfl from '@tensorflow/tfjs-layers'; import '@rrnn/core/layers'; import { useBackend } from '@rrnn/backend';",
      "await useBackend('cpu');",
      `const model = await tfl.loadLayersModel('file://${join(out, 'model.json')}');`,
      "const p = model.predict(tf.tensor2d([[2, 3, 4]], [1, 3], 'int32'));",
      'console.log(JSON.stringify({ shape: p.shape, sum: tf.sum(tf.slice(p, [0, 2, 0], [1, 1, -1])).dataSync()[0] }));',
    ].join('\n');
    const { execFileSync } = await import('node:child_process');
    const outText = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: join(__dirname, '..'), encoding: 'utf8' });
    const probe = JSON.parse(outText.trim().split('\n').pop()!);
    expect(probe.shape).toEqual([1, 3, JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')).config.model.vocabSize]);
    expect(probe.sum).toBeCloseTo(1, 5);
  });

  it('a missing run folder is a one-line failure', async () => {
    const r = await rrnn(['generate', join(work, 'nope')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^rrnn generate: .*nope does not exist/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('interrupt and resume', () => {
  it('Ctrl-C checkpoints and exits 130; --resume continues from the saved step', async () => {
    const dir = join(work, 'interrupted');
    let sent = false;
    const r = await rrnn(['train', '--corpus', corpus, ...TINY, '--epochs', '50', '--log-every', '1', '--out', dir, '--json'], {
      cwd: work,
      onStdout: (chunk, child) => {
        if (!sent && /"type":"step","epoch":0,"step":3,/.test(chunk)) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    });
    expect(r.code).toBe(130);
    const saved = Number(/interrupted at step (\d+)/.exec(r.stderr)?.[1]);
    expect(saved).toBeGreaterThanOrEqual(3);
    expect(r.stderr).toContain(`continue with: rrnn train --resume ${dir}`);
    expect(existsSync(join(dir, 'result.json'))).toBe(false);

    const resumed = await rrnn(['train', '--resume', dir, '--max-steps', String(saved + 3), '--log-every', '1', '--json'], { cwd: work });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    const steps = jsonLines(resumed.stdout).filter((e) => e.type === 'step').map((e) => e.step);
    expect(steps).toEqual([saved + 1, saved + 2, saved + 3]);
    expect(JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')).train.steps).toBe(saved + 3);
  });
});
