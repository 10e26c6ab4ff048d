import { existsSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import { checkName } from './job-id';
import { connectionOptions } from './redis-url';
import { DEFAULT_QUEUE_NAME, type QueueSelector, type RunJobData, type RunOutcome, type RunProgress } from './types';

/** What {@link WorkerOptions.runJob} gets for one attempt of one run. */
export interface RunJobContext<C = unknown> {
  sweepId: string;
  name: string;
  config: C;
  /** `<sharedDir>/<sweepId>/<name>`: checkpoints (`last/`, `best/`) and results go here. */
  runDir: string;
  /** The folder holds a checkpoint from an earlier attempt (e.g. on a worker that was killed): continue from it. */
  resume: boolean;
  /** 1 for the first try, 2 and 3 for retries after errors. */
  attempt: number;
  /** Publish progress (never throws; errors reaching Redis are ignored). */
  progress: (p: Omit<RunProgress, 'worker'>) => void;
  /** Aborted when the worker shuts down: save a checkpoint and return; the run goes back on the queue. */
  signal: AbortSignal;
}

/** Options of {@link runWorker}. */
export interface WorkerOptions<C, R> extends QueueSelector {
  /** The folder shared by all workers (network file system); run folders are made inside it. */
  sharedDir: string;
  /** Runs trained at once by this worker (default 1). */
  concurrency?: number;
  /** Train one run into `ctx.runDir` (resuming when `ctx.resume`), return its outcome; throw to fail the attempt. */
  runJob: (ctx: RunJobContext<C>) => Promise<RunOutcome<R>>;
  /** How a finished checkpoint is recognised (default: `<runDir>/last/model.json`, as @rrnn/train writes it). */
  hasCheckpoint?: (runDir: string) => boolean;
  /** ms a job stays locked without renewal before another worker takes it over (default 30 000; renewed every half). */
  lockDurationMs?: number;
  /** ms between checks for jobs of dead workers (default 30 000). */
  stalledIntervalMs?: number;
  /** Times a run may lose its worker before it is failed (default 5). */
  maxStalledCount?: number;
  /** Worker lifecycle events, e.g. for a log line each. */
  onEvent?: (e: WorkerEvent) => void;
}

/** What a worker reports about the runs it handles. */
export type WorkerEvent =
  | { type: 'start'; jobId: string; name: string; runDir: string; resume: boolean; attempt: number }
  | { type: 'done'; jobId: string; name: string; outcome: RunOutcome }
  | { type: 'failed'; jobId: string; name: string; error: string; attempt: number; final: boolean }
  | { type: 'requeued'; jobId: string; name: string };

/** A started worker. */
export interface WorkerHandle {
  worker: Worker;
  /** Stop taking jobs, abort the running ones (they checkpoint and go back on the queue) and disconnect. */
  close: () => Promise<void>;
}

/** The default checkpoint test: @rrnn/train's `last/` folder with its model file. */
export const defaultHasCheckpoint = (runDir: string): boolean => existsSync(join(runDir, 'last', 'model.json'));

/** `<host>:<pid>`, naming a worker in progress reports. */
export const workerName = (): string => `${hostname()}:${process.pid}`;

/**
 * Pull runs off the queue and train them, `concurrency` at a time. Each run
 * trains in `<sharedDir>/<sweepId>/<name>`; when that folder already holds a
 * checkpoint (its job was retried after a crash, or moved here from a killed
 * worker by BullMQ's stalled-job check), the run resumes from it, so a kill
 * loses at most the work since the last checkpoint. Errors fail the attempt:
 * BullMQ retries it with backoff and marks the run failed after the last try.
 * A job whose sweep id or run name is not a plain folder name fails at once,
 * without a retry and without touching the disk.
 */
export function runWorker<C, R>(queueUrl: string, o: WorkerOptions<C, R>): WorkerHandle {
  const sharedDir = resolve(o.sharedDir);
  const hasCheckpoint = o.hasCheckpoint ?? defaultHasCheckpoint;
  const emit = (e: WorkerEvent) => o.onEvent?.(e);
  const stopping = new AbortController();
  const me = workerName();

  const processor = async (job: Job<RunJobData<C>, RunOutcome<R>>, token?: string): Promise<RunOutcome<R>> => {
    const { sweepId, name, config } = job.data;
    try {
      checkName('sweep id', sweepId);
      checkName('run name', name);
    } catch (err) {
      // a job naming a folder outside the shared one (not submitted by enqueueSweep): nothing is
      // created, and no retry can make it valid
      const error = (err as Error).message;
      emit({ type: 'failed', jobId: job.id ?? String(name), name: String(name), error, attempt: job.attemptsMade + 1, final: true });
      throw new UnrecoverableError(error);
    }
    const runDir = join(sharedDir, sweepId, name);
    mkdirSync(runDir, { recursive: true });
    const resume = hasCheckpoint(runDir);
    const attempt = job.attemptsMade + 1;
    const jobId = job.id ?? name;
    emit({ type: 'start', jobId, name, runDir, resume, attempt });
    const progress = (p: Omit<RunProgress, 'worker'>) => {
      job.updateProgress({ ...p, worker: me }).catch(() => undefined);
    };
    const requeue = async (): Promise<never> => {
      // shut down mid-run: the run checkpointed; hand it back without spending an attempt
      await job.moveToDelayed(Date.now(), token);
      emit({ type: 'requeued', jobId, name });
      throw new DelayedError();
    };
    let outcome: RunOutcome<R>;
    try {
      outcome = await o.runJob({ sweepId, name, config, runDir, resume, attempt, progress, signal: stopping.signal });
    } catch (err) {
      if (stopping.signal.aborted) return requeue();
      const error = err instanceof Error ? err.message : String(err);
      emit({ type: 'failed', jobId, name, error, attempt, final: attempt >= (job.opts.attempts ?? 1) });
      throw err;
    }
    if (stopping.signal.aborted) return requeue();
    emit({ type: 'done', jobId, name, outcome: outcome as RunOutcome });
    return outcome;
  };

  const worker = new Worker<RunJobData<C>, RunOutcome<R>>(o.queueName ?? DEFAULT_QUEUE_NAME, processor, {
    connection: connectionOptions(queueUrl),
    ...(o.prefix ? { prefix: o.prefix } : {}),
    concurrency: o.concurrency ?? 1,
    lockDuration: o.lockDurationMs ?? 30_000,
    stalledInterval: o.stalledIntervalMs ?? 30_000,
    maxStalledCount: o.maxStalledCount ?? 5,
  });
  worker.on('error', () => undefined); // connection hiccups are retried by ioredis; don't crash the process
  return {
    worker,
    close: async () => {
      stopping.abort();
      await worker.close();
    },
  };
}
