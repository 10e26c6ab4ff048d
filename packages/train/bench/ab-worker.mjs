// A gradient worker thread for the bench scripts' two-thread steps (what apps/cli's gradient-worker does for `rrnn train`).
import { parentPort, workerData } from 'node:worker_threads';
import { useBackend } from '@rrnn/backend';
import { serveGradients } from '@rrnn/train/parallel';

await useBackend(workerData.backend);
serveGradients(parentPort);
