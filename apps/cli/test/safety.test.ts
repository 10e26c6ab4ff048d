/**
 * Issue 14, "nothing a user owns is ever lost", through the built `rrnn`:
 * every case reproduces a failure the issue reported.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bin, ensureBuilt, rrnn, tempDir, writeTinyCorpus } from './helpers';

const TINY = ['--embedding', '8', '--hidden', '8', '--layers', '1', '--batch', '4', '--bptt', '8', '--backend', 'wasm', '--threads', '1'];

let work: string;
let corpus: string;
let run: string;

beforeAll(async () => {
  ensureBuilt();
  work = tempDir('rrnn-cli-safety-');
  corpus = writeTinyCorpus(work);
  const r = await rrnn(['train', '--corpus', corpus, ...TINY, '--max-steps', '4', '--name', 'base', '--quiet'], { cwd: work });
  expect(r.code, r.stderr).toBe(0);
  run = join(work, 'runs', 'base');
});

describe('deleting only what is ours', () => {
  it('--name .. / --name . is refused; nothing is deleted', async () => {
    for (const name of ['..', '.']) {
      const r = await rrnn(['train', '--corpus', corpus, ...TINY, '--max-steps', '1', '--name', name, '--force'], { cwd: work });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('a run name cannot be made of dots only');
    }
    expect(existsSync(join(run, 'run.json'))).toBe(true);
    expect(existsSync(join(corpus, 'text.txt'))).toBe(true);
  });

  it('--out SOME_FOLDER --force keeps a folder rrnn did not make, and never the working directory', async () => {
    const mine = join(work, 'mine');
    mkdirSync(mine);
    writeFileSync(join(mine, 'thesis.tex'), 'years of work');
    const r = await rrnn(['train', '--corpus', corpus, ...TINY, '--max-steps', '1', '--out', mine, '--force'], { cwd: work });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/mine is not empty and is not an rrnn run folder \(no run\.json made by rrnn\), so --force will not delete it/);
    expect(readFileSync(join(mine, 'thesis.tex'), 'utf8')).toBe('years of work');
    const up = await rrnn(['train', '--corpus', corpus, ...TINY, '--max-steps', '1', '--out', '.', '--force'], { cwd: run });
    expect(up.code).toBe(1);
    expect(up.stderr).toContain('never deletes a folder equal to or above the working directory');
    expect(existsSync(join(run, 'run.json'))).toBe(true);
  });

  it('export RUN PARENT_OF_RUN --force deletes nothing', async () => {
    const r = await rrnn(['export', run, join(work, 'runs'), '--force'], { cwd: work });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/never deletes a folder equal to or above the working directory or its input/);
    expect(existsSync(join(run, 'last', 'model.json'))).toBe(true);
  });
});

describe('divergence', () => {
  it('--lr 1e6 --clip 0 exits non-zero with the advice; best/ is untouched', async () => {
    const dir = join(work, 'diverge');
    const ok = await rrnn(['train', '--corpus', corpus, ...TINY, '--epochs', '1', '--out', dir, '--quiet'], { cwd: work });
    expect(ok.code, ok.stderr).toBe(0);
    const best = readFileSync(join(dir, 'best', 'weights.bin'));
    const r = await rrnn(['train', '--resume', dir, '--epochs', '3', '--lr', '1e6', '--clip', '0'], { cwd: work });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/training diverged at step \d+: the loss is .*Continue from .*last with: rrnn train --resume .*diverge --lr/);
    expect(readFileSync(join(dir, 'best', 'weights.bin'))).toEqual(best);
  });
});

describe('resume', () => {
  it('--resume --lr takes effect and is recorded; --hidden is refused by the one policy', async () => {
    const r = await rrnn(['train', '--resume', run, '--max-steps', '6', '--lr', '0.5', '--schedule', 'none', '--log-every', '1', '--json'], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; lr?: number; changes?: { setting: string }[] });
    expect(events.filter((e) => e.type === 'step').map((e) => e.lr)).toEqual([0.5, 0.5]);
    expect(events.find((e) => e.type === 'resume')?.changes?.map((c) => c.setting)).toEqual(expect.arrayContaining(['lr', 'schedule']));
    const refused = await rrnn(['train', '--resume', run, '--bptt', '16'], { cwd: work });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--bptt cannot change (the run has 8)');
  });

  it('a second trainer on a locked run is refused', async () => {
    const dir = join(work, 'locked');
    const first = spawn(process.execPath, [bin, 'train', '--corpus', corpus, ...TINY, '--epochs', '50', '--log-every', '1', '--out', dir, '--json'], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((ready) => first.stdout.on('data', (c: Buffer) => /"type":"step"/.test(c.toString()) && ready()));
    const second = await rrnn(['train', '--resume', dir], { cwd: work });
    const forced = await rrnn(['train', '--corpus', corpus, ...TINY, '--out', dir, '--force'], { cwd: work });
    first.kill('SIGINT');
    await new Promise((r) => first.on('close', r));
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/locked is in use: process \d+ on .* has been training it since/);
    expect(forced.code).toBe(1);
    expect(forced.stderr).toContain('is in use');
    expect(existsSync(join(dir, 'run.json'))).toBe(true);
  });

  it('--checkpoint-every saves within the first epoch; --resume of a run without a checkpoint starts it afresh', async () => {
    const dir = join(work, 'early');
    const r = await rrnn(['train', '--corpus', corpus, ...TINY, '--max-steps', '3', '--checkpoint-every', '2', '--out', dir, '--json'], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.match(/"type":"checkpoint","dir":"[^"]*last"/g)?.length).toBeGreaterThanOrEqual(2);
    const bare = join(work, 'bare');
    mkdirSync(bare);
    writeFileSync(join(bare, 'run.json'), readFileSync(join(dir, 'run.json'), 'utf8').replace(/"name": "early"/, '"name": "bare"'));
    const restarted = await rrnn(['train', '--resume', bare, '--max-steps', '2', '--quiet'], { cwd: work });
    expect(restarted.code, restarted.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(bare, 'result.json'), 'utf8')).train.steps).toBe(2);
  });
});

describe('damaged files', () => {
  it('a flipped byte in weights.bin fails eval naming the file; a bad optimizer state does not block eval', async () => {
    const dir = join(work, 'flip');
    const ok = await rrnn(['train', '--corpus', corpus, ...TINY, '--max-steps', '2', '--out', dir, '--quiet'], { cwd: work });
    expect(ok.code, ok.stderr).toBe(0);
    writeFileSync(join(dir, 'last', 'training-state.bin'), 'x');
    const evalOk = await rrnn(['eval', dir, '--json'], { cwd: work });
    expect(evalOk.code, evalOk.stderr).toBe(0);
    const resumed = await rrnn(['train', '--resume', dir, '--max-steps', '3'], { cwd: work });
    expect(resumed.code).toBe(1);
    expect(resumed.stderr).toContain('training-state.bin is damaged');
    const w = readFileSync(join(dir, 'last', 'weights.bin'));
    w[40] ^= 0x10;
    writeFileSync(join(dir, 'last', 'weights.bin'), w);
    for (const cmd of [['eval', dir], ['generate', dir], ['predict', dir, 'the cat'], ['export', dir, join(work, 'flip-export')]]) {
      const r = await rrnn(cmd, { cwd: work });
      expect(r.code, cmd[0]).toBe(1);
      expect(r.stderr).toMatch(/flip\/last\/weights\.bin is damaged/);
    }
  });
});

describe('bad output places and values', () => {
  it('--out under /proc and sweep --out under /proc fail in under a second, naming the path', async () => {
    for (const args of [['train', '--corpus', corpus, ...TINY, '--out', '/proc/rrnn-x/run'], ['sweep', '--cells', 'rnn', '--rates', '1', '--corpus', corpus, '--out', '/proc/rrnn-x/sweep']]) {
      const started = Date.now();
      const r = await rrnn(args, { cwd: work });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('cannot create /proc/rrnn-x');
      expect(Date.now() - started).toBeLessThan(8000); // process start and corpus load included; the mkdir itself is instant
    }
  });

  it('--rate -0.1 names the range; huge sizes are capped with a clear error', async () => {
    const neg = await rrnn(['train', '--rate', '-0.1', '--dry-run'], { cwd: work });
    expect(neg.code).toBe(2);
    expect(neg.stderr).toContain('--rate: a sharing rate must be between 0 and 1');
    const huge = await rrnn(['train', '--hidden', '99999999999999999999', '--dry-run'], { cwd: work });
    expect(huge.code).toBe(2);
    expect(huge.stderr).toContain('--hidden: expected a positive integer of at most 1,000,000');
    const params = await rrnn(['params', '--hidden', '1e30'], { cwd: work });
    expect(params.code).toBe(2);
    expect(params.stderr).toContain('at most 1,000,000');
  });
});
