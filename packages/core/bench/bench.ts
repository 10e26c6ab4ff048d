// Layer-level training speed: our restricted layers vs tfjs-layers' own, and the raw matMul rate.
// Usage: pnpm --filter @rrnn/core bench [cpu|wasm] [batch] [steps] [hidden]   (env CELLS, RATES, REPS)
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers'; // registers gradients on tfjs-core
import * as tf from '@tensorflow/tfjs-core';
import { createRequire } from 'node:module';
import { flopsPerToken, stackSpec, type CellType } from '../src';
import { matMulRates, modelMatMulShapes, rrnnLayerSecondsPerStep, tfjsLayerSecondsPerStep } from '../src/bench';

const [backend = 'wasm', B = '80', T = '35', H = '200'] = process.argv.slice(2);

async function main() {
  if (backend === 'wasm') createRequire(new URL('../../backend/package.json', import.meta.url))('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend(backend);
  await tf.ready();
  const reps = +(process.env.REPS ?? 3);
  const sizes = { inputSize: +H, hidden: +H, batch: +B, steps: +T };
  const rates = await matMulRates(modelMatMulShapes({ ...sizes, gates: 4 }), { reps });
  const peak = Math.max(...rates.map((r) => r.gflops));
  console.log(`backend ${tf.getBackend()}  matMul GFLOP/s ${rates.map((r) => `[${r.m},${r.k}]x[${r.k},${r.n}] ${r.gflops.toFixed(1)}`).join('  ')}`);
  const tokens = sizes.batch * sizes.steps;
  for (const cell of (process.env.CELLS ?? 'rnn,gru,lstm').split(',') as CellType[]) {
    const train = (r: number, naive = false) => 3 * flopsPerToken(stackSpec({ cell, inputSize: +H, hiddenSize: +H, numLayers: 1, sharingRates: r }))[naive ? 'naive' : 'fast'];
    const peer = await tfjsLayerSecondsPerStep({ cell, ...sizes }, { reps });
    const line = (name: string, sec: number, fl: number) =>
      console.log(`${cell.padEnd(4)} ${name.padEnd(14)} ${Math.round(tokens / sec).toString().padStart(7)} tok/s  ${(100 * tokens / sec * fl / (peak * 1e9)).toFixed(1).padStart(5)}% of matMul  x${(peer / sec).toFixed(2)} vs tfjs-layers`);
    line('tfjs-layers', peer, train(0, true));
    for (const r of (process.env.RATES ?? '0,0.5,1').split(',').map(Number)) {
      line(`rrnn r=${r}`, await rrnnLayerSecondsPerStep({ cell, sharingRate: r, ...sizes }, { reps }), train(r));
    }
  }
}
main();
