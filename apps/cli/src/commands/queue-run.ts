import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// Until apps/cli lists @rrnn/queue as a dependency, its types come from the source by path and the module loads
// by name at run time (the lead's wiring step adds the dependency; then import from '@rrnn/queue' directly).
import type * as RrnnQueue from '../../../../packages/queue/src/index.js';
import type { RunJobContext, RunOutcome, RunSpec } from '../../../../packages/queue/src/index.js';
import type { GridPoint } from '../sweep/grid.js';
import { runChild } from '../sweep/pool.js';
import type { RunResult } from '../training/evaluate.js';
import { readResult } from '../training/run-dir.js';

export type { RunStatus } from '../../../../packages/queue/src/index.js';

/** @rrnn/queue, loaded on first use: only queued sweeps and workers need Redis. */
export const loadQueue = (): Promise<typeof RrnnQueue> => import('@rrnn/queue' as string) as Promise<typeof RrnnQueue>;

/**
 * One sweep run as a queue job: the grid point and the `rrnn train` argv a
 * local sweep would run for it, minus the run folder (each worker puts that
 * in its own mount of the shared folder).
 */
export interface QueuedRun {
  point: GridPoint;
  /** `train <settings> --cell .. --rate .. --seed ..`; the worker adds `--out <runDir> --force --json`. */
  fresh: string[];
  /** `train --json <maxSteps/epochs/backend>`; the worker adds `--resume <runDir>`. */
  resume: string[];
}

/** The queue job of one grid point of `rrnn sweep`. */
export function queuedRun(p: GridPoint, trainArgs: string[], resumeArgs: string[]): RunSpec<QueuedRun> {
  return {
    name: p.name,
    config: {
      point: p,
      fresh: ['train', ...trainArgs, '--cell', p.cell, '--rate', String(p.sharingRate), '--seed', String(p.seed)],
      resume: ['train', '--json', ...resumeArgs],
    },
  };
}

const outcomeOf = (r: RunResult): RunOutcome<RunResult> => ({ testPerplexity: r.test.perplexity, validPerplexity: r.valid.perplexity, steps: r.train.steps, result: r });

/** Step saved in the run's `last/` checkpoint (@rrnn/train's training-state.json), 0 when unreadable. */
function checkpointStep(runDir: string): number {
  try {
    return (JSON.parse(readFileSync(join(runDir, 'last', 'training-state.json'), 'utf8')) as { step: number }).step;
  } catch {
    return 0;
  }
}

/**
 * Train one queued run as a local sweep does: an `rrnn train` child process
 * writing checkpoints and result.json into the run folder, resumed with
 * `--resume` when the folder holds a checkpoint. A folder that already has
 * result.json (the previous worker died after finishing) is returned as is.
 */
export async function trainQueuedRun(ctx: RunJobContext<QueuedRun>, cwd: string): Promise<RunOutcome<RunResult>> {
  const finished = readResult<RunResult>(ctx.runDir);
  if (finished) return outcomeOf(finished);
  const startStep = ctx.resume ? checkpointStep(ctx.runDir) : 0;
  const args = ctx.resume ? [...ctx.config.resume, '--resume', ctx.runDir] : [...ctx.config.fresh, '--out', ctx.runDir, '--force', '--json'];
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
