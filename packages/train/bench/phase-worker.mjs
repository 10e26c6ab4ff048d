// ab-worker.mjs with timing: after each request, posts {type: 'timing', ms} (portPeer ignores it).
/* global performance */
import { parentPort, workerData } from 'node:worker_threads';
import { useBackend } from '@rrnn/backend';
import { serveGradients } from '@rrnn/train/parallel';

await useBackend(workerData.backend);
const port = {
  postMessage: (m, t) => parentPort.postMessage(m, t),
  on: (ev, l) => parentPort.on(ev, ev === 'message' ? (m) => { const t = performance.now(); l(m); parentPort.postMessage({ type: 'timing', ms: performance.now() - t }); } : l),
};
serveGradients(port);
