import { Queue } from 'bullmq';
import { checkName, jobIdFor } from './job-id';
import { connectionOptions } from './redis-url';
import { sweepJobs } from './status';
import { DEFAULT_QUEUE_NAME, type QueueSelector, type RunJobData, type RunSpec } from './types';

/** Options of {@link enqueueSweep}. */
export interface EnqueueOptions extends QueueSelector {
  /** Names the sweep: its folder inside the workers' shared folder and the prefix of its job ids. */
  sweepId: string;
  /** Tries per run before it is marked failed (default 3). */
  attempts?: number;
  /** First retry delay in ms, doubled on each further retry (default 10 000). */
  backoffMs?: number;
  /** Put runs that failed for good back on the queue (default true). */
  retryFailed?: boolean;
}

/** Job ids by what happened to them on submission. */
export interface EnqueueReport {
  added: string[];
  /** Already queued, running or finished: left alone. */
  existing: string[];
  /** Had failed for good and were put back on the queue. */
  retried: string[];
}

/**
 * Put every run of a sweep on the queue as one BullMQ job. Job ids come from
 * a hash of (sweep, run name, config), so submitting the same sweep again
 * adds nothing for runs already queued, running or finished; failed runs are
 * retried (unless `retryFailed: false`). Each job gets `attempts` tries with
 * exponential backoff; finished jobs stay in Redis so their results can be
 * collected.
 */
export async function enqueueSweep<C>(queueUrl: string, runs: RunSpec<C>[], opts: EnqueueOptions): Promise<EnqueueReport> {
  checkName('sweep id', opts.sweepId);
  const seen = new Set<string>();
  for (const r of runs) {
    checkName('run name', r.name);
    if (seen.has(r.name)) throw new Error(`queue: run name ${r.name} appears twice in sweep ${opts.sweepId}; every run needs its own folder name`);
    seen.add(r.name);
  }
  const attempts = opts.attempts ?? 3;
  if (!Number.isInteger(attempts) || attempts < 1) throw new Error(`queue: attempts must be a positive integer, got ${attempts}`);
  const queue = new Queue<RunJobData<C>>(opts.queueName ?? DEFAULT_QUEUE_NAME, { connection: connectionOptions(queueUrl), ...(opts.prefix ? { prefix: opts.prefix } : {}) });
  const report: EnqueueReport = { added: [], existing: [], retried: [] };
  try {
    // a run folder belongs to one config: refuse a changed run under an old name (its checkpoints would mix)
    const known = new Map((await sweepJobs(queue, opts.sweepId)).map(({ job }) => [job.data.name, job.id]));
    for (const r of runs) {
      const old = known.get(r.name);
      if (old && old !== jobIdFor(opts.sweepId, r.name, r.config)) {
        throw new Error(`queue: sweep ${opts.sweepId} already has a run ${r.name} with other settings (job ${old}); submit under another sweep id (another --out), or remove the old sweep first`);
      }
    }
    for (const [index, r] of runs.entries()) {
      const jobId = jobIdFor(opts.sweepId, r.name, r.config);
      const old = await queue.getJob(jobId);
      if (old) {
        if ((opts.retryFailed ?? true) && (await old.getState()) === 'failed') {
          await old.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
          report.retried.push(jobId);
        } else report.existing.push(jobId);
        continue;
      }
      await queue.add(r.name, { sweepId: opts.sweepId, index, name: r.name, config: r.config }, {
        jobId, attempts, backoff: { type: 'exponential', delay: opts.backoffMs ?? 10_000 },
        removeOnComplete: false, removeOnFail: false,
      });
      report.added.push(jobId);
    }
  } finally {
    await queue.close();
  }
  return report;
}
