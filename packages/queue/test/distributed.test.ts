/**
 * The real thing: worker processes (tsx, the built workspace packages, wasm
 * backend) against Redis, one of them SIGKILLed mid-run after its first
 * checkpoint. Every run must finish exactly once, the killed run must resume
 * from its checkpoint on another worker, and the results must equal a local
 * (queue-less) sweep's for the same seeds.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectSweep, enqueueSweep, type RunOutcome } from '../src';
import { tinyGrid, type TinyRunConfig, type TinyRunResult } from './fixtures/tiny-run';
import { startRedis, uniqueQueueName, type TestRedis } from './redis';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = resolve(here, '..');

type Event = Record<string, unknown> & { type: string; pid: number };

/** A child process printing JSON lines; `next(pred)` resolves with the first (past or future) line matching. */
function start(script: string, args: string[], env: Record<string, string>) {
  // one process (node with tsx's loader, not the tsx wrapper that would fork a second one), so SIGKILL kills the worker itself
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'fixtures', script), ...args], { cwd: pkg, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const events: Event[] = [];
  const waiters: { pred: (e: Event) => boolean; done: (e: Event) => void }[] = [];
  let stderr = '';
  let buffered = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines.filter((l) => l.startsWith('{') || l.startsWith('['))) {
      const e = JSON.parse(line) as Event;
      events.push(e);
      for (const w of waiters.filter((w) => w.pred(e))) w.done(e);
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => void (stderr = (stderr + chunk).slice(-4000)));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const next = (what: string, pred: (e: Event) => boolean, ms = 60_000) => {
    const seen = events.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise<Event>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`${script} ${child.pid}: no ${what} in ${ms} ms; stderr:\n${stderr}`)), ms);
      waiters.push({ pred, done: (e) => (clearTimeout(timer), done(e)) });
      void exited.then((code) => fail(new Error(`${script} ${child.pid} exited (${code}) before ${what}; stderr:\n${stderr}`)));
    });
  };
  return { child, events, next, exited, stderr: () => stderr };
}

let redis: TestRedis;
let shared: string;
const children: ChildProcess[] = [];
beforeAll(async () => {
  const unbuilt = ['backend', 'core', 'data', 'train', 'eval'].filter((p) => !existsSync(resolve(pkg, '..', p, 'dist', 'index.js')));
  if (unbuilt.length) throw new Error(`the worker processes load the built packages; build ${unbuilt.join(', ')} first: pnpm exec turbo run build --filter @rrnn/queue...`);
  redis = await startRedis();
  shared = mkdtempSync(join(tmpdir(), 'rrnn-sweep-'));
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await redis?.stop();
  if (shared) rmSync(shared, { recursive: true, force: true });
});

describe('a sweep over worker processes', () => {
  it('survives a worker killed mid-run: every run finishes once, the killed one resumes from its checkpoint, results equal a local sweep', async () => {
    const queueName = uniqueQueueName('dist');
    const runs = tinyGrid(['lstm', 'gru'], [0.5, 0], 0, 3);
    const submitted = await enqueueSweep(redis.url, runs, { sweepId: 'tiny', queueName, backoffMs: 200 });
    expect(submitted.added).toHaveLength(4);

    const env = { RRNN_REDIS_URL: redis.url, QUEUE_NAME: queueName, SHARED_DIR: shared };
    const victim = start('worker.ts', [], { ...env, HOLD_AFTER_CHECKPOINT: '1' });
    const steady = start('worker.ts', [], env);
    const local = start('local-sweep.ts', [join(shared, 'local'), JSON.stringify(runs)], {});
    children.push(victim.child, steady.child, local.child);

    const held = await victim.next('checkpoint hold', (e) => e.type === 'holding');
    expect(held.pid).toBe(victim.child.pid);
    victim.child.kill('SIGKILL');
    await victim.exited;
    const rescuer = start('worker.ts', [], env);
    children.push(rescuer.child);

    const status = await collectSweep<TinyRunConfig, TinyRunResult>(redis.url, 'tiny', { queueName, wait: true, pollMs: 250, timeoutMs: 90_000 });
    expect(status.counts).toEqual({ done: 4, running: 0, waiting: 0, failed: 0 });
    for (const w of [steady, rescuer]) w.child.kill('SIGTERM');
    await Promise.all([steady.exited, rescuer.exited]);

    // every run finished exactly once, none by the killed worker
    const done = [victim, steady, rescuer].flatMap((w) => w.events.filter((e) => e.type === 'done').map((e) => e.name as string));
    expect(done.sort()).toEqual(runs.map((r) => r.name).sort());
    expect(victim.events.filter((e) => e.type === 'done')).toEqual([]);

    // the killed run continued from its checkpoint on another worker
    const killedRun = held.name as string;
    expect(held.step).toBeGreaterThan(0);
    const restarts = [steady, rescuer].flatMap((w) => w.events.filter((e) => e.type === 'start' && e.name === killedRun));
    expect(restarts).toHaveLength(1);
    expect(restarts[0]).toMatchObject({ resume: true, attempt: 1 });
    const rerun = status.runs.find((r) => r.name === killedRun)!;
    expect(rerun.outcome!.result.startStep).toBe(held.step);
    expect(rerun.attempts).toBe(1); // losing its worker did not cost the run a try
    expect(rerun.progress).toMatchObject({ startStep: held.step, worker: expect.not.stringMatching(new RegExp(`:${victim.child.pid}$`)) });
    for (const r of status.runs.filter((r) => r.name !== killedRun)) expect(r.outcome!.result.startStep).toBe(0);

    // re-submitting the finished sweep adds nothing
    const again = await enqueueSweep(redis.url, runs, { sweepId: 'tiny', queueName });
    expect(again).toEqual({ added: [], existing: submitted.added, retried: [] });

    // same per-run results as a local sweep of the same grid and seeds
    const localOutcomes = JSON.parse(JSON.stringify((await local.next('local results', (e) => Array.isArray(e), 120_000)))) as RunOutcome<TinyRunResult>[];
    const strip = (o: RunOutcome<TinyRunResult>) => ({ ...o, result: { ...o.result, startStep: undefined } });
    expect(status.runs.map((r) => strip(r.outcome!))).toEqual(localOutcomes.map(strip));
  });
});
