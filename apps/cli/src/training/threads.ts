import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ModelConfig } from '@rrnn/train';
import type { GradientPeer, ShardBalance } from '@rrnn/train/parallel';

/** The worker thread program, built beside this bundle (dist/); run from source (tests), the built one. */
function workerFile(): URL {
  const beside = new URL('./gradient-worker.js', import.meta.url);
  return existsSync(fileURLToPath(beside)) ? beside : new URL('../../dist/gradient-worker.js', import.meta.url);
}

/** Backends that already use every core themselves (TensorFlow's own thread pool): no workers on top. */
const SELF_THREADED = new Set(['node', 'node-gpu']);

/** How many threads a run trains on: the flag, else every core (one for natively threaded backends). */
export function trainingThreads(flag: number | undefined, backend: string): number {
  if (flag !== undefined) return flag;
  return SELF_THREADED.has(backend) ? 1 : availableParallelism();
}

/** The gradient workers of a run and how its batches are split between them and this thread. */
export interface GradientWorkers {
  peers: GradientPeer[];
  /** Shares learnt from the threads' speeds (balance.ts in @rrnn/train); absent: even split (one thread, or `deterministic`). */
  balance?: ShardBalance;
  close: () => Promise<void>;
}

/**
 * Start `threads - 1` gradient workers on `backend` for data-parallel training
 * (none for one thread), with a balance that splits each batch by the threads'
 * measured speeds unless `deterministic` asks for the even split (bit-for-bit
 * repeatable runs). `close` ends them; call it when training stops.
 */
export async function startGradientWorkers(threads: number, backend: string, model: ModelConfig, o: { deterministic?: boolean } = {}): Promise<GradientWorkers> {
  const { createShardBalance, portPeer } = await import('@rrnn/train/parallel');
  const peers = Array.from({ length: Math.max(0, threads - 1) }, () => portPeer(new Worker(workerFile(), { workerData: { backend } }), model));
  const balance = peers.length > 0 && !o.deterministic ? createShardBalance(peers.length + 1) : undefined;
  return { peers, balance, close: async () => void (await Promise.all(peers.map((p) => p.close()))) };
}
