import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ModelConfig } from '@rrnn/train';
import type { GradientPeer } from '@rrnn/train/parallel';

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

/**
 * Start `threads - 1` gradient workers on `backend` for data-parallel training
 * (none for one thread). `close` ends them; call it when training stops.
 */
export async function startGradientWorkers(threads: number, backend: string, model: ModelConfig): Promise<{ peers: GradientPeer[]; close: () => Promise<void> }> {
  const [{ portPeer }, { blasChoiceInUse }] = await Promise.all([import('@rrnn/train/parallel'), import('@rrnn/backend')]);
  // the workers multiply as this thread does (the same native BLAS, or wasm's own products)
  const workerData = { backend, blas: blasChoiceInUse() };
  const peers = Array.from({ length: Math.max(0, threads - 1) }, () => portPeer(new Worker(workerFile(), { workerData }), model));
  return { peers, close: async () => void (await Promise.all(peers.map((p) => p.close()))) };
}
