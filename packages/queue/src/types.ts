/** One run of a sweep as submitted: a folder name and the JSON config that fully determines it. */
export interface RunSpec<C = unknown> {
  /** Folder name of the run inside the sweep folder, e.g. `lstm-r0.5-s0`. */
  name: string;
  /** Everything the worker needs to train it (plain JSON; hashed into the job id). */
  config: C;
}

/** What a job carries on the queue. */
export interface RunJobData<C = unknown> extends RunSpec<C> {
  sweepId: string;
  /** Position in the submitted grid: results are collected in this order. */
  index: number;
}

/** What a finished run reports back; stored as the job's return value. */
export interface RunOutcome<R = unknown> {
  testPerplexity: number;
  validPerplexity: number;
  steps: number;
  /** The full result (e.g. the CLI's result.json), handed to the result writers on collection. */
  result: R;
}

/** Progress a worker publishes through `job.updateProgress` (shown by `sweepStatus`). */
export interface RunProgress {
  /** Step the run started from in this attempt (0 = fresh; > 0 = resumed from `last/`). */
  startStep: number;
  step: number;
  epoch: number;
  /** Training perplexity of the latest logged step. */
  perplexity?: number;
  /** Host name and process id of the worker training it. */
  worker: string;
}

/** Queue name and key prefix shared by every function here (defaults: `rrnn-sweep`, `bull`). */
export interface QueueSelector {
  queueName?: string;
  prefix?: string;
}

export const DEFAULT_QUEUE_NAME = 'rrnn-sweep';
