// A gradient worker thread of data-parallel training (`rrnn train --threads n`):
// picks the run's backend, then computes shard gradients for the training thread.
import { parentPort, workerData } from 'node:worker_threads';

const { backend, blas } = workerData as { backend: string; blas?: string };
const { useBackend } = await import('@rrnn/backend');
await useBackend(backend, { blas });
const { serveGradients } = await import('@rrnn/train/parallel');
if (!parentPort) throw new Error('gradient-worker.js runs as a worker thread of `rrnn train`');
serveGradients(parentPort);
