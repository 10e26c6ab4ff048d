import { mkdtempSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { collectSweep, connectionOptions, enqueueSweep, jobIdFor, runWorker, sweepStatus, type RunJobContext, type RunOutcome, type RunSpec } from '../src';
import { startRedis, uniqueQueueName, type TestRedis } from './redis';

interface StubConfig { x: number; fail?: boolean }

let redis: TestRedis;
let shared: string;
beforeAll(async () => {
  redis = await startRedis();
  shared = mkdtempSync(join(tmpdir(), 'rrnn-queue-'));
});
afterAll(async () => {
  await redis?.stop();
  if (shared) rmSync(shared, { recursive: true, force: true });
});

const grid = (n: number): RunSpec<StubConfig>[] => Array.from({ length: n }, (_, i) => ({ name: `run-${i}`, config: { x: i } }));

/** A stand-in for training: x^2 as "perplexity", fails on `fail`. */
async function stubJob(ctx: RunJobContext<StubConfig>): Promise<RunOutcome<{ x: number }>> {
  if (ctx.config.fail) throw new Error(`corrupt corpus for ${ctx.name} (attempt ${ctx.attempt})`);
  ctx.progress({ startStep: 0, step: 1, epoch: 0 });
  return { testPerplexity: ctx.config.x ** 2, validPerplexity: ctx.config.x, steps: 1, result: { x: ctx.config.x } };
}

/** Resolve once `check` holds, polling the queue. */
async function until<T>(what: string, read: () => Promise<T>, check: (t: T) => boolean, ms = 20_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const t = await read();
    if (check(t)) return t;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(t)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('enqueueSweep', () => {
  it('adds each run once: re-submitting a queued sweep adds nothing, a grown grid adds the new runs, a changed run under an old name is refused', async () => {
    const queueName = uniqueQueueName('idem');
    const first = await enqueueSweep(redis.url, grid(3), { sweepId: 'idem', queueName });
    expect(first.added).toEqual(grid(3).map((r) => jobIdFor('idem', r.name, r.config)));
    const again = await enqueueSweep(redis.url, grid(3), { sweepId: 'idem', queueName });
    expect(again).toEqual({ added: [], existing: first.added, retried: [] });
    const more = await enqueueSweep(redis.url, grid(4), { sweepId: 'idem', queueName });
    expect(more.added).toEqual([jobIdFor('idem', 'run-3', { x: 3 })]);
    await expect(enqueueSweep(redis.url, [{ name: 'run-4', config: { x: 4 } }, { name: 'run-0', config: { x: 10 } }], { sweepId: 'idem', queueName }))
      .rejects.toThrow(/sweep idem already has a run run-0 with other settings \(job idem\.run-0\.[0-9a-f]{16}\); submit under another sweep id/);
    const status = await sweepStatus(redis.url, 'idem', { queueName });
    expect(status.counts).toEqual({ done: 0, running: 0, waiting: 4, failed: 0 });
    expect(status.runs.map((r) => r.name)).toEqual(['run-0', 'run-1', 'run-2', 'run-3']);
    // the same config under another sweep id is another run
    expect((await enqueueSweep(redis.url, grid(1), { sweepId: 'idem2', queueName })).added).toHaveLength(1);
  });

  it('rejects bad sweeps before touching the queue', async () => {
    const queueName = uniqueQueueName('bad');
    await expect(enqueueSweep(redis.url, [...grid(2), ...grid(1)], { sweepId: 's', queueName })).rejects.toThrow(/run name run-0 appears twice in sweep s/);
    await expect(enqueueSweep(redis.url, grid(1), { sweepId: 'a/b', queueName })).rejects.toThrow(/sweep id "a\/b" must be/);
    await expect(enqueueSweep(redis.url, grid(1), { sweepId: 's', queueName, attempts: 0 })).rejects.toThrow(/attempts must be a positive integer, got 0/);
    await expect(sweepStatus(redis.url, 'never', { queueName })).rejects.toThrow(/no runs of sweep never on queue test-bad-.* submit it first/);
  });

  it('collect --wait without workers gives up after its timeout, naming what is left', async () => {
    const queueName = uniqueQueueName('idle');
    await enqueueSweep(redis.url, grid(2), { sweepId: 'idle', queueName });
    let wrote = false;
    await expect(collectSweep(redis.url, 'idle', { queueName, wait: true, pollMs: 50, timeoutMs: 300, write: () => void (wrote = true) }))
      .rejects.toThrow(/sweep idle still has 0 running and 2 waiting runs after 300 ms; are workers running/);
    expect(wrote).toBe(false);
  });
});

describe('runWorker', () => {
  it('runs every job once, tries a throwing job three times and marks it failed with its error; collect hands over both in grid order', async () => {
    const queueName = uniqueQueueName('work');
    const runs: RunSpec<StubConfig>[] = [...grid(3), { name: 'broken', config: { x: 9, fail: true } }];
    await enqueueSweep(redis.url, runs, { sweepId: 'w', queueName, backoffMs: 20 });
    const calls = new Map<string, number>();
    const finals: string[] = [];
    const handle = runWorker<StubConfig, { x: number }>(redis.url, {
      queueName, sharedDir: shared, concurrency: 2,
      runJob: (ctx) => {
        calls.set(ctx.name, (calls.get(ctx.name) ?? 0) + 1);
        expect(ctx.runDir).toBe(join(shared, 'w', ctx.name));
        expect(existsSync(ctx.runDir)).toBe(true);
        return stubJob(ctx);
      },
      onEvent: (e) => {
        if (e.type === 'failed' && e.final) finals.push(e.error);
      },
    });
    try {
      const status = await until('the sweep to finish', () => sweepStatus(redis.url, 'w', { queueName }), (s) => s.counts.done + s.counts.failed === 4);
      expect(status.counts).toEqual({ done: 3, running: 0, waiting: 0, failed: 1 });
      expect(Object.fromEntries(calls)).toEqual({ 'run-0': 1, 'run-1': 1, 'run-2': 1, broken: 3 });
      const broken = status.runs[3];
      expect(broken).toMatchObject({ name: 'broken', state: 'failed', attempts: 3, error: 'corrupt corpus for broken (attempt 3)' });
      expect(finals).toEqual(['corrupt corpus for broken (attempt 3)']);
      expect(status.runs[2]).toMatchObject({ name: 'run-2', state: 'done', outcome: { testPerplexity: 4, result: { x: 2 } } });
      expect(status.runs[2].progress).toMatchObject({ step: 1, worker: expect.stringMatching(/:\d+$/) });

      const written: string[] = [];
      const collected = await collectSweep<StubConfig, { x: number }>(redis.url, 'w', { queueName, write: (rs) => void written.push(...rs.map((r) => `${r.name}:${r.state}:${r.outcome?.testPerplexity ?? r.error}`)) });
      expect(collected.counts.done).toBe(3);
      expect(written).toEqual(['run-0:done:0', 'run-1:done:1', 'run-2:done:4', 'broken:failed:corrupt corpus for broken (attempt 3)']);

      // re-submitting: finished runs stay, the failed one goes back on the queue with fresh attempts
      const again = await enqueueSweep(redis.url, runs, { sweepId: 'w', queueName, backoffMs: 20 });
      expect(again.added).toEqual([]);
      expect(again.existing).toHaveLength(3);
      expect(again.retried).toEqual([jobIdFor('w', 'broken', runs[3].config)]);
      await until('the retried run to fail again', () => sweepStatus(redis.url, 'w', { queueName }), (s) => s.counts.failed === 1 && calls.get('broken') === 6);
      expect(Object.fromEntries(calls)).toEqual({ 'run-0': 1, 'run-1': 1, 'run-2': 1, broken: 6 });
    } finally {
      await handle.close();
    }
  });

  it('fails a job whose run name or sweep id would leave the shared folder at once: no retry, no folder, runJob never called', async () => {
    const queueName = uniqueQueueName('hostile');
    // written straight into Redis, as anyone with access to it could: enqueueSweep refuses such names
    const queue = new Queue(queueName, { connection: connectionOptions(redis.url) });
    const outside = join(shared, '..', `rrnn-escape-${process.pid}`);
    await queue.add('x', { sweepId: 'h', index: 0, name: `../../${outside.split('/').pop()}`, config: { x: 1 } }, { jobId: 'h.bad-name', attempts: 3, backoff: { type: 'fixed', delay: 10 } });
    await queue.add('y', { sweepId: '..', index: 1, name: 'run-0', config: { x: 1 } }, { jobId: 'h.bad-sweep', attempts: 3, backoff: { type: 'fixed', delay: 10 } });
    let called = 0;
    const finals: string[] = [];
    const handle = runWorker<StubConfig, { x: number }>(redis.url, {
      queueName, sharedDir: shared,
      runJob: async (ctx) => (called++, stubJob(ctx)),
      onEvent: (e) => void (e.type === 'failed' && e.final && finals.push(e.error)),
    });
    try {
      const jobs = await until('both jobs to fail', async () => Promise.all(['h.bad-name', 'h.bad-sweep'].map(async (id) => {
        const j = await queue.getJob(id);
        return { state: await j!.getState(), attempts: j!.attemptsMade, reason: j!.failedReason };
      })), (js) => js.every((j) => j.state === 'failed'));
      // give a retry the time it would take to come back
      await new Promise((r) => setTimeout(r, 300));
      for (const id of ['h.bad-name', 'h.bad-sweep']) expect(await (await queue.getJob(id))!.getState()).toBe('failed');
      expect(jobs.map((j) => j.attempts)).toEqual([1, 1]);
      expect(jobs[0].reason).toMatch(/^queue: run name "\.\.\/\.\.\/rrnn-escape-\d+" must be letters, digits/);
      expect(jobs[1].reason).toMatch(/^queue: sweep id "\.\." must be letters, digits/);
      expect(finals).toHaveLength(2);
      expect(called).toBe(0);
      expect(existsSync(outside)).toBe(false);
    } finally {
      await handle.close();
      await queue.close();
    }
  });

  it('tells runJob to resume when the run folder holds a checkpoint; a worker shut down mid-run hands the run back without spending a try', async () => {
    const queueName = uniqueQueueName('resume');
    mkdirSync(join(shared, 'r', 'run-0', 'last'), { recursive: true });
    writeFileSync(join(shared, 'r', 'run-0', 'last', 'model.json'), '{}');
    await enqueueSweep(redis.url, grid(2), { sweepId: 'r', queueName });
    const seen: { name: string; resume: boolean; attempt: number }[] = [];
    let release: () => void = () => undefined;
    const first = runWorker<StubConfig, { x: number }>(redis.url, {
      queueName, sharedDir: shared,
      runJob: async (ctx) => {
        seen.push({ name: ctx.name, resume: ctx.resume, attempt: ctx.attempt });
        // "train" until the worker shuts down
        await new Promise<void>((r) => {
          release = r;
          ctx.signal.addEventListener('abort', () => r());
        });
        return stubJob(ctx);
      },
    });
    await until('a run to start', async () => seen.length, (n) => n === 1);
    await first.close();
    expect(seen).toEqual([{ name: 'run-0', resume: true, attempt: 1 }]);
    let status = await sweepStatus(redis.url, 'r', { queueName });
    expect(status.runs.map((r) => [r.name, r.state, r.attempts])).toEqual([['run-0', 'waiting', 0], ['run-1', 'waiting', 0]]);
    release();

    const second = runWorker<StubConfig, { x: number }>(redis.url, { queueName, sharedDir: shared, runJob: async (ctx) => (seen.push({ name: ctx.name, resume: ctx.resume, attempt: ctx.attempt }), stubJob(ctx)) });
    try {
      status = await until('both runs', () => sweepStatus(redis.url, 'r', { queueName }), (s) => s.counts.done === 2);
      expect(seen.slice(1).sort((a, b) => a.name.localeCompare(b.name))).toEqual([{ name: 'run-0', resume: true, attempt: 1 }, { name: 'run-1', resume: false, attempt: 1 }]);
    } finally {
      await second.close();
    }
  });
});
