// Kernel-level profile of one forward + backward: count and time per kernel name.
// Usage: pnpm exec tsx bench/profile.ts [cpu|wasm] cell rate [batch] [steps] [hidden]
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import { createRequire } from 'node:module';
import { initStackWeights, stackForward, stackSpec, type CellType } from '../src';

const [backend = 'cpu', cell = 'gru', rate = '0.5', B = '20', T = '35', H = '200'] = process.argv.slice(2);

async function main() {
  if (backend === 'wasm') createRequire(new URL('../../backend/package.json', import.meta.url))('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend(backend);
  const spec = stackSpec({ cell: cell as CellType, inputSize: +H, hiddenSize: +H, numLayers: 1, sharingRates: +rate });
  const w = initStackWeights(spec, { seed: 1 });
  const x = tf.randomNormal([+B, +T, +H]) as tf.Tensor3D;
  const vars = w.layers.flatMap((l) => [l.pool, l.bias]);
  const run = () => tf.tidy(() => {
    const { grads } = tf.variableGrads(() => tf.mean(stackForward(w, x).outputs) as tf.Scalar, vars);
    grads[vars[0].name].dataSync();
  });
  run();
  const prof = await tf.profile(run);
  const by = new Map<string, { n: number; ms: number }>();
  for (const k of prof.kernels) {
    const e = by.get(k.name) ?? { n: 0, ms: 0 };
    e.n++;
    e.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    by.set(k.name, e);
  }
  const rows = [...by].sort((a, b) => b[1].ms - a[1].ms);
  const total = rows.reduce((s, [, e]) => s + e.ms, 0);
  console.log(`${backend} ${cell} r=${rate}: ${prof.kernels.length} kernels, ${total.toFixed(0)} ms kernel time`);
  for (const [name, e] of rows.slice(0, 14)) console.log(`  ${name.padEnd(22)} ${String(e.n).padStart(5)} ${e.ms.toFixed(1).padStart(8)} ms`);
}
main();
