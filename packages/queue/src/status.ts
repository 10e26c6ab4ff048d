import { Queue, type Job, type JobType } from 'bullmq';
import { checkName } from './job-id';
import { connectionOptions } from './redis-url';
import { DEFAULT_QUEUE_NAME, type QueueSelector, type RunJobData, type RunOutcome, type RunProgress } from './types';

/** Where one run stands. */
export type RunState = 'done' | 'running' | 'waiting' | 'failed';

/** One run as the queue knows it. */
export interface RunStatus<C = unknown, R = unknown> {
  jobId: string;
  name: string;
  index: number;
  config: C;
  state: RunState;
  /** Tries made so far (a run that finished on its first try has 1; a stalled worker's try is not counted). */
  attempts: number;
  /** Latest progress of a running (or last-running) attempt. */
  progress?: RunProgress;
  /** Of a done run. */
  outcome?: RunOutcome<R>;
  /** Why the last try failed (kept while a retry waits, and for a failed run). */
  error?: string;
}

/** A sweep's runs in grid order and how many are in each state. */
export interface SweepStatus<C = unknown, R = unknown> {
  sweepId: string;
  counts: Record<RunState, number>;
  runs: RunStatus<C, R>[];
}

const STATE_OF: Partial<Record<string, RunState>> = {
  completed: 'done', active: 'running', failed: 'failed',
  waiting: 'waiting', delayed: 'waiting', prioritized: 'waiting', paused: 'waiting', 'waiting-children': 'waiting',
};
const ALL_TYPES: JobType[] = ['completed', 'active', 'failed', 'waiting', 'delayed', 'prioritized', 'paused', 'waiting-children'];

/**
 * Every job of a sweep with its current state. The jobs are listed in one
 * call (one Lua script, so a job moving between states meanwhile is neither
 * missed nor listed twice); then each job's state is read, and its data after
 * it, so a finished or failed job always shows its final tries, error and result.
 */
export async function sweepJobs<C, R>(queue: Queue<RunJobData<C>, RunOutcome<R>>, sweepId: string): Promise<{ job: Job<RunJobData<C>, RunOutcome<R>>; state: string }[]> {
  const listed = await queue.getJobs(ALL_TYPES, 0, -1);
  const ids = [...new Set(listed.filter((j) => j?.id && j.data?.sweepId === sweepId).map((j) => j.id!))];
  const found = await Promise.all(ids.map(async (id) => {
    const state = await queue.getJobState(id);
    const job = await queue.getJob(id);
    return job ? { job, state } : undefined;
  }));
  return found.filter((f) => f !== undefined);
}

function runStatus<C, R>(job: Job<RunJobData<C>, RunOutcome<R>>, state: string): RunStatus<C, R> {
  const progress = job.progress && typeof job.progress === 'object' ? (job.progress as RunProgress) : undefined;
  return {
    jobId: job.id ?? job.data.name, name: job.data.name, index: job.data.index, config: job.data.config,
    state: STATE_OF[state] ?? 'waiting', attempts: job.attemptsMade,
    ...(progress ? { progress } : {}),
    ...(state === 'completed' && job.returnvalue ? { outcome: job.returnvalue } : {}),
    ...(job.failedReason ? { error: job.failedReason } : {}),
  };
}

/**
 * Done / running / waiting / failed of every run of a sweep, in grid order,
 * with each done run's outcome (perplexities, full result) and each failed
 * run's error. A sweep nobody submitted is an error naming the queue.
 */
export async function sweepStatus<C = unknown, R = unknown>(queueUrl: string, sweepId: string, o: QueueSelector = {}): Promise<SweepStatus<C, R>> {
  checkName('sweep id', sweepId);
  const queueName = o.queueName ?? DEFAULT_QUEUE_NAME;
  const queue = new Queue<RunJobData<C>, RunOutcome<R>>(queueName, { connection: connectionOptions(queueUrl), ...(o.prefix ? { prefix: o.prefix } : {}) });
  try {
    const runs = (await sweepJobs(queue, sweepId)).map(({ job, state }) => runStatus(job, state)).sort((a, b) => a.index - b.index);
    if (runs.length === 0) throw new Error(`queue: no runs of sweep ${sweepId} on queue ${queueName} at ${queueUrl}; submit it first (rrnn sweep --queue ${queueUrl} ...)`);
    const counts: Record<RunState, number> = { done: 0, running: 0, waiting: 0, failed: 0 };
    for (const r of runs) counts[r.state] += 1;
    return { sweepId, counts, runs };
  } finally {
    await queue.close();
  }
}

/** Options of {@link collectSweep}. */
export interface CollectOptions<C, R> extends QueueSelector {
  /** Wait until no run is waiting or running (polling every `pollMs`, default 2000). */
  wait?: boolean;
  pollMs?: number;
  /** Give up waiting after this many ms (default: no limit). */
  timeoutMs?: number;
  /** Write the results (results.csv, markdown, charts) from the finished and failed runs, in grid order. */
  write?: (runs: RunStatus<C, R>[]) => void | Promise<void>;
}

/**
 * A sweep's results from the queue: optionally waits for it to finish, then
 * hands the done and failed runs, in grid order, to `write` (the same writers
 * a local sweep uses) and returns the final status.
 */
export async function collectSweep<C = unknown, R = unknown>(queueUrl: string, sweepId: string, o: CollectOptions<C, R> = {}): Promise<SweepStatus<C, R>> {
  const started = Date.now();
  let status = await sweepStatus<C, R>(queueUrl, sweepId, o);
  while (o.wait && status.counts.running + status.counts.waiting > 0) {
    if (o.timeoutMs !== undefined && Date.now() - started > o.timeoutMs) {
      throw new Error(`queue: sweep ${sweepId} still has ${status.counts.running} running and ${status.counts.waiting} waiting runs after ${o.timeoutMs} ms; are workers running (rrnn worker --queue ${queueUrl})?`);
    }
    await new Promise((r) => setTimeout(r, o.pollMs ?? 2000));
    status = await sweepStatus<C, R>(queueUrl, sweepId, o);
  }
  await o.write?.(status.runs.filter((r) => r.state === 'done' || r.state === 'failed'));
  return status;
}
