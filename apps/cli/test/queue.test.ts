/**
 * `rrnn sweep --queue` end to end: the grid goes onto a real Redis (BullMQ),
 * two `rrnn worker` processes train it into a shared folder, and `--collect`
 * writes the same results a local sweep of the same grid writes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
// The queue package's test Redis: $RRNN_REDIS_URL (CI) or a private redis-server.
import { startRedis, type TestRedis } from '../../../packages/queue/test/redis';
import { bin, ensureBuilt, rrnn, tempDir, writeTinyCorpus } from './helpers';

let redis: TestRedis;
let work: string;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  ensureBuilt();
  redis = await startRedis();
  work = tempDir('rrnn-cli-queue-');
});

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null) w.kill('SIGINT');
  await Promise.all(workers.map((w) => (w.exitCode !== null ? undefined : new Promise((r) => w.once('exit', r)))));
  await redis?.stop();
});

/** results.csv without the wall-time column, which differs from run to run. */
function resultsWithoutSeconds(dir: string): string[] {
  const [header, ...rows] = readFileSync(join(dir, 'results.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
  const drop = header.indexOf('seconds');
  expect(drop).toBeGreaterThan(-1);
  return [header, ...rows].map((r) => r.filter((_, i) => i !== drop).join(','));
}

it('queued sweep trained by two workers equals the local sweep, and re-submitting adds nothing', async () => {
  // a worker trains only on corpora inside its own folders: the shared one here
  const shared = join(work, 'shared');
  const corpus = writeTinyCorpus(shared);
  const grid = ['--cells', 'rnn,lstm', '--rates', '1,0', '--seeds', '0', '--corpus', corpus, '--embedding', '8', '--hidden', '8', '--layers', '1',
    '--batch', '4', '--bptt', '8', '--max-steps', '3', '--backend', 'wasm', '--quiet',
    // dropout masks depend on how a batch is split between threads: the same count on both sides (the sweep fixes it for the workers)
    '--threads', '1'];
  const local = join(work, 'local');
  const ranLocal = await rrnn(['sweep', ...grid, '--jobs', '2', '--out', local], { cwd: work });
  expect(ranLocal.code, ranLocal.stderr).toBe(0);

  // the sweep id is the --out folder's name: unique, so a shared CI Redis holds no other sweep of that name
  const queued = join(work, `q-${process.pid}-${Date.now().toString(36)}`);
  const queue = ['--queue', redis.url, '--out', queued];
  const submit = await rrnn(['sweep', ...grid, ...queue], { cwd: work });
  expect(submit.code, submit.stderr).toBe(0);
  expect(submit.stdout).toContain('4 run(s) queued');
  const again = await rrnn(['sweep', ...grid, ...queue], { cwd: work });
  expect(again.code, again.stderr).toBe(0);
  expect(again.stdout).toContain('0 run(s) queued, 4 already queued or finished');

  for (let i = 0; i < 2; i++) {
    workers.push(spawn(process.execPath, [bin, 'worker', '--queue', redis.url, '--shared', shared], { cwd: work, stdio: 'ignore' }));
  }
  const collect = await rrnn(['sweep', ...grid, ...queue, '--collect', '--wait'], { cwd: work });
  expect(collect.code, collect.stderr).toBe(0);
  expect(collect.stdout).toContain('4 done, 0 failed');

  expect(resultsWithoutSeconds(queued)).toEqual(resultsWithoutSeconds(local));

  const status = await rrnn(['sweep', ...grid, ...queue, '--status'], { cwd: work });
  expect(status.code, status.stderr).toBe(0);
  expect(status.stdout).toMatch(/4 done, 0 running, 0 waiting, 0 failed/);
});

it('a job injected into Redis with a path outside the worker\'s folders is rejected with the reason, and nothing is read', async () => {
  // the first test's workers would take these jobs too: this test's worker must be the only one
  await Promise.all(workers.splice(0).map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : (w.once('exit', r), w.kill('SIGINT'))))));
  const { enqueueSweep, sweepStatus } = await import('@rrnn/queue');
  const secret = join(work, 'private');
  const corpus = writeTinyCorpus(secret);
  const shared = join(work, 'shared-inject');
  const sweepId = `inject-${process.pid}-${Date.now().toString(36)}`;
  const point = { cell: 'rnn', sharingRate: 1, seed: 0, name: 'rnn-r1-s0' };
  const jobs = [
    { name: 'outside', config: { point: { ...point, name: 'outside' }, fresh: ['train', '--corpus', corpus, '--max-steps', '1'], resume: ['train', '--json'] } },
    { name: 'config-file', config: { point: { ...point, name: 'config-file' }, fresh: ['train', '--config', join(secret, 'x.yaml')], resume: ['train', '--json'] } },
    { name: 'bad-value', config: { point: { ...point, name: 'bad-value' }, fresh: ['train', '--hidden', '-3'], resume: ['train', '--json'] } },
  ];
  await enqueueSweep(redis.url, jobs, { sweepId, attempts: 1 });
  const log: string[] = [];
  const worker = spawn(process.execPath, [bin, 'worker', '--queue', redis.url, '--shared', shared], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
  worker.stderr?.setEncoding('utf8').on('data', (c: string) => log.push(c));
  workers.push(worker);
  let status = await sweepStatus(redis.url, sweepId);
  for (let i = 0; i < 200 && status.counts.failed < jobs.length; i++) {
    await new Promise((r) => setTimeout(r, 250));
    status = await sweepStatus(redis.url, sweepId);
  }
  const errors = Object.fromEntries(status.runs.map((r) => [r.name, r.error ?? '']));
  expect(status.counts.failed).toBe(3);
  expect(errors.outside).toMatch(/job rejected: --corpus .*private\/tiny is outside this worker's folders/);
  expect(errors['config-file']).toContain('job rejected: --config is set by the worker, not by a job');
  expect(errors['bad-value']).toContain('job rejected: its rrnn train settings are invalid');
  for (let i = 0; i < 40 && !log.join('').includes('job rejected: --corpus'); i++) await new Promise((r) => setTimeout(r, 250));
  expect(log.join('')).toContain('job rejected: --corpus');
  expect(existsSync(join(shared, sweepId, 'outside', 'last'))).toBe(false);
  expect(existsSync(join(shared, sweepId, 'outside', 'run.json'))).toBe(false);
});
