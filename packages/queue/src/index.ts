/**
 * @packageDocumentation Distributed sweeps on a Redis-backed BullMQ job queue:
 * `enqueueSweep` puts each run on the queue under an id hashed from its
 * config (re-submitting adds nothing twice), `runWorker` trains runs into a
 * shared folder and resumes them from their last checkpoint when they move
 * between workers, `sweepStatus` and `collectSweep` read the outcomes back.
 * Node only.
 */
export { type RedisTarget, parseRedisUrl, connectionOptions } from './redis-url';
export { canonicalJson, configHash, jobIdFor, checkName } from './job-id';
export { type RunSpec, type RunJobData, type RunOutcome, type RunProgress, type QueueSelector, DEFAULT_QUEUE_NAME } from './types';
export { type EnqueueOptions, type EnqueueReport, enqueueSweep } from './enqueue';
export { type RunJobContext, type WorkerOptions, type WorkerEvent, type WorkerHandle, runWorker, defaultHasCheckpoint, workerName } from './worker';
export { type RunState, type RunStatus, type SweepStatus, type CollectOptions, sweepStatus, collectSweep } from './status';
