// The worker of phases.mjs: a model replica that answers each request with its gradients and its own timings.
import { parentPort } from 'node:worker_threads';
const { useBackend } = await import('@rrnn/backend');
await useBackend('wasm');
const par = await import('@rrnn/train/parallel');
let c;
parentPort.on('message', (m) => {
  const now = () => performance.timeOrigin + performance.now();
  const tRecv = now();
  if (m.type === 'init') { c = par.createShardComputer(m.config); parentPort.postMessage({ type: 'ready' }); return; }
  const r = c.compute(m.request);
  const tDone = now();
  parentPort.postMessage({ reply: r, tSent: m.tSent, tRecv, tDone, tPost: now() }, [...r.grads, ...r.state].map((a) => a.buffer));
});
