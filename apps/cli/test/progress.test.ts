import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitFields } from '../src/format/fit';
import { progressLine } from '../src/training/progress';
import { bin, ensureBuilt, tempDir, writeTinyCorpus } from './helpers';

beforeAll(ensureBuilt);

const step = { type: 'step' as const, epoch: 1, step: 1234, loss: 5.12345, perplexity: 167.34, lr: 0.000123456, tokensPerSecond: 12345.6, etaSeconds: 7384 };
/** The whole fields a progress line may hold, most important first. */
const FIELD = [/^step [\d,]+\/[\d,]+ \d+%$/, /^ETA (\?|\d+[hms][\dms]*)$/, /^loss \d+\.\d{3} ppl \d+\.\d$/, /^[\d,]+ tok\/s$/, /^lr [\d.e-]+$/, /^epoch \d+$/, /^\[[#.]+\]$/];
const EVAL_FIELD = [/^evaluating (valid|test) \d+%$/, /^ETA (\?|\d+[hms][\dms]*)$/, /^\[[#.]+\]$/];
const wholeFields = (line: string, kinds: RegExp[]) => line.split(' | ').every((f, i) => kinds.slice(i).some((k) => k.test(f)));

describe('the progress line fits the terminal by dropping whole fields', () => {
  it.each([30, 40, 60, 79, 120])('width %i', (width) => {
    const line = progressLine(step, 10_000, width);
    expect(line.length).toBeLessThanOrEqual(Math.max(width, 'step 1,234/10,000 12%'.length));
    expect(line.startsWith('step 1,234/10,000 12%')).toBe(true);
    expect(wholeFields(line, FIELD)).toBe(true);
    if (width >= 40) expect(line).toContain('ETA 2h03m');
  });

  it('fitFields keeps the most important fields first and never cuts one', () => {
    expect(fitFields(['aaaa', 'bbbb', 'cccc'], 11)).toBe('aaaa | bbbb');
    expect(fitFields(['aaaa', 'bbbb', 'cccc'], 10)).toBe('aaaa');
  });
});

describe('rrnn train in an 80-column terminal', () => {
  it('draws progress lines of at most 79 columns made of whole fields, shows evaluation progress, and says "not measured" before any validation', async () => {
    const dir = tempDir();
    const corpus = writeTinyCorpus(dir);
    const args = ['train', '--corpus', corpus, '--hidden', '8', '--embedding', '8', '--layers', '1', '--batch', '4', '--bptt', '10',
      '--max-steps', '3', '--log-every', '1', '--threads', '1', '--eval-batch', '20', '--name', 'pty'];
    const command = `stty cols 80 rows 24; ${[process.execPath, bin, ...args].map((a) => `'${a}'`).join(' ')}`;
    // script(1) runs the command in a pseudo-terminal: stderr is a TTY of 80 columns
    // (spawned, not spawnSync: the test worker must keep answering vitest while training runs)
    const r = await new Promise<{ status: number | null; stdout: string }>((done, fail) => {
      const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: dir, env: { ...process.env, COLUMNS: '80' }, stdio: ['ignore', 'pipe', 'inherit'] });
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
      child.on('error', (err) => fail(new Error(`script(1) (util-linux/bsdutils) is needed for this test: ${err.message}`)));
      child.on('close', (status) => done({ status, stdout }));
    });
    expect(r.status, r.stdout).toBe(0);
    // what a terminal shows: each redraw starts with \r and ESC[K
    const drawn = r.stdout.replaceAll('\x1b[K', '').split(/\r\n|\r|\n/).filter((l) => l.trim() !== '');
    const steps = drawn.filter((l) => l.startsWith('step '));
    const evals = drawn.filter((l) => /^evaluating (valid|test) \d/.test(l));
    expect(steps.length).toBeGreaterThanOrEqual(3);
    for (const l of steps) {
      expect(l.length).toBeLessThanOrEqual(79);
      expect(wholeFields(l, FIELD), l).toBe(true);
      expect(l).toMatch(/^step \d\/3 \d+% \| ETA .* \| loss .* ppl .* \| [\d,]+ tok\/s \| lr /);
    }
    // no validation ran (3 steps), so both splits are evaluated after training, with progress
    expect(evals.some((l) => l.startsWith('evaluating valid'))).toBe(true);
    expect(evals.some((l) => l.startsWith('evaluating test 100%'))).toBe(true);
    for (const l of evals) expect(l.length <= 79 && wholeFields(l, EVAL_FIELD), l).toBe(true);
    expect(r.stdout).toContain('best valid ppl not measured');
    expect(r.stdout).toContain('best valid perplexity not measured');
    expect(r.stdout).not.toContain('NaN');
  });
});
