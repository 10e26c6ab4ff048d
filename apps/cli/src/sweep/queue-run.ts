import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as RrnnQueue from '@rrnn/queue';
import type { RunJobContext, RunOutcome, RunSpec } from '@rrnn/queue';
import type { GridPoint } from './grid.js';
import { pointArgs, runArgs, runChild, type PointArgs } from './pool.js';
import type { RunResult } from '../training/evaluate.js';
import { readResult } from '../training/run-dir.js';
import { CHECKPOINT_FILES, RUN_CHECKPOINTS } from '@rrnn/train/layout';
import { validateQueuedRun } from '../safety/queue-job.js';
import trainCommand from '../commands/train.js'; // the worker checks a job's argv against rrnn train's own schema

export type { RunStatus } from '@rrnn/queue';

/** @rrnn/queue, loaded on first use: only queued sweeps and workers need Redis. */
export const loadQueue = (): Promise<typeof RrnnQueue> => import('@rrnn/queue');

/**
 * One sweep run as a queue job: the grid point and the `rrnn train` argv a
 * local sweep would run for it, minus the run folder (each worker puts that
 * in its own mount of the shared folder).
 */
export interface QueuedRun extends PointArgs {
  point: GridPoint;
}

/** The queue job of one grid point of `rrnn sweep`. */
export function queuedRun(p: GridPoint, trainArgs: string[], resumeArgs: string[]): RunSpec<QueuedRun> {
  return {
    name: p.name,
    config: { point: p, ...pointArgs(p, trainArgs, resumeArgs) },
  };
}

const outcomeOf = (r: RunResult): RunOutcome<RunResult> => ({ testPerplexity: r.test.perplexity, validPerplexity: r.valid.perplexity, steps: r.train.steps, result: r });

/** Step saved in the run's `last/` checkpoint (@rrnn/train's training-state.json), 0 when unreadable. */
function checkpointStep(runDir: string): number {
  try {
    return (JSON.parse(readFileSync(join(runDir, RUN_CHECKPOINTS.last, CHECKPOINT_FILES.training), 'utf8')) as { step: number }).step;
  } catch {
    return 0;
  }
}

/**
 * Train one queued run as a local sweep does: an `rrnn train` child process
 * writing checkpoints and result.json into the run folder, resumed with
 * `--resume` when the folder holds a checkpoint, on `threads` threads unless
 * the sweep fixed them. The job is validated first ({@link validateQueuedRun}):
 * a job with other shapes, invalid settings or paths outside `roots` is
 * rejected with the reason. A folder that already has
 * result.json (the previous worker died after finishing) is returned as is.
 */
export async function trainQueuedRun(ctx: RunJobContext<QueuedRun>, cwd: string, threads?: number, roots: string[] = [cwd]): Promise<RunOutcome<RunResult>> {
  // never trust the queue: the same schema as `rrnn train`, paths inside this worker's folders
  const checked = validateQueuedRun(ctx.config, { train: trainCommand, roots });
  const finished = readResult<RunResult>(ctx.runDir);
  if (finished) return outcomeOf(finished);
  const startStep = ctx.resume ? checkpointStep(ctx.runDir) : 0;
  const args = runArgs(checked, ctx.runDir, ctx.resume);
  // the worker's share of its machine's cores, unless the sweep fixed --threads
  if (threads !== undefined && !args.includes('--threads')) args.push('--threads', String(threads));
  const ended = await runChild(args, {
    cwd, signal: ctx.signal,
    onLine: (line) => {
      try {
        const e = JSON.parse(line) as { type: string; step: number; epoch: number; perplexity: number };
        if (e.type === 'step') ctx.progress({ startStep, step: e.step, epoch: e.epoch, perplexity: e.perplexity });
      } catch {
        /* not an event line */
      }
    },
  });
  if (ctx.signal.aborted) throw new Error(`${ctx.name}: stopped with the worker (checkpointed)`);
  const result = readResult<RunResult>(ctx.runDir);
  if (ended.code !== 0 || !result) throw new Error(ended.lastError || `rrnn train exited with code ${ended.code} and no result.json in ${ctx.runDir}`);
  return outcomeOf(result);
}
